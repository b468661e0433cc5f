"""Webhook subscriptions, kept by the org admin: subscribe a URL to events (a signing secret is
made and shown once), change it, pause and resume it, rotate its secret, remove it, and send a
test delivery. Every change is audited (never the secret).

A URL must be http(s) without credentials in it. Unless ``SPOTME_WEBHOOK_ALLOW_PRIVATE`` (dev and
tests), it must be https and its host must not resolve to a private, loopback, link-local or
otherwise reserved address (the same check runs again at each send: a name may change address).

The receivers ask ``wanted_events()`` on every punch: the events some active subscription wants,
kept in the (per-agency) cache and forgotten whenever a subscription changes."""

from __future__ import annotations

import ipaddress
import secrets
import socket
import uuid
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from tenant_apps.audit.services import audit_record
from tenant_apps.integrations.errors import IntegrationError, messages_register
from tenant_apps.integrations.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from tenant_apps.integrations.models.webhooks import Event

Status = WebhookSubscription.Status

MAX_SUBSCRIPTIONS = 20
URL_MAX = 500
WANTED_KEY = "integrations:webhooks:wanted"
WANTED_SECONDS = 60  # a bound on any staleness the invalidation below might miss

messages_register(
    {
        "webhook_url_invalid": _("Enter a full web address, such as https://example.gov.my/hook."),
        "webhook_url_scheme": _("The address must start with https:// (or http://)."),
        "webhook_url_https": _("The address must use https://."),
        "webhook_url_credentials": _(
            "Do not put a user name or password in the address: verify our signature instead."
        ),
        "webhook_url_too_long": _("The address is longer than 500 characters."),
        "webhook_url_unresolvable": _("The host %(host)s could not be found."),
        "webhook_url_private": _(
            "The host %(host)s is on a private or local network (%(address)s): webhooks are "
            "only sent to public addresses."
        ),
        "webhook_events_empty": _("Choose at least one event."),
        "webhook_event_unknown": _("%(event)s is not an event that can be subscribed to."),
        "webhook_too_many": _(
            "Your agency has 20 webhook subscriptions already: remove one first."
        ),
        "webhook_already_active": _("This subscription is already active."),
        "webhook_already_paused": _("This subscription is already paused."),
    }
)


# --- Which events are wanted (cached per agency) ------------------------------------------------


def wanted_events() -> frozenset[str]:
    """The events at least one active subscription of the agency wants (one query, then cached:
    the cache key carries the schema)."""
    cached = cache.get(WANTED_KEY)
    if cached is None:
        rows = WebhookSubscription.objects.filter(status=Status.ACTIVE).values_list(
            "events", flat=True
        )
        cached = sorted({event for events in rows for event in events})
        cache.set(WANTED_KEY, cached, WANTED_SECONDS)
    return frozenset(cached)


def wanted_events_forget() -> None:
    """Now, and again when the transaction commits (a reader in between may have cached the
    state before the change)."""
    cache.delete(WANTED_KEY)
    transaction.on_commit(lambda: cache.delete(WANTED_KEY))


# --- URL checks ---------------------------------------------------------------------------------


def _address_refused(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def url_addresses_check(url: str) -> None:
    """Refuse a host that resolves to a non-public address (unless private ones are allowed)."""
    if settings.SPOTME_WEBHOOK_ALLOW_PRIVATE:
        return
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise IntegrationError("webhook_url_unresolvable", host=host) from None
    for info in infos:
        address = str(info[4][0])
        if _address_refused(address):
            raise IntegrationError("webhook_url_private", host=host, address=address)


def url_clean(url: str) -> str:
    """The URL as stored, or an IntegrationError saying what is wrong with it."""
    url = (url or "").strip()
    if len(url) > URL_MAX:
        raise IntegrationError("webhook_url_too_long")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise IntegrationError("webhook_url_scheme" if parts.scheme else "webhook_url_invalid")
    if parts.username is not None or parts.password is not None:
        raise IntegrationError("webhook_url_credentials")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise IntegrationError("webhook_url_invalid") from None
    if not parts.hostname:
        raise IntegrationError("webhook_url_invalid")
    if not settings.SPOTME_WEBHOOK_ALLOW_PRIVATE and parts.scheme.lower() != "https":
        raise IntegrationError("webhook_url_https")
    url_addresses_check(url)
    return url


def events_clean(events: Iterable[str]) -> list[str]:
    chosen = set(events)
    if not chosen:
        raise IntegrationError("webhook_events_empty")
    unknown = sorted(chosen - set(Event.values))
    if unknown:
        raise IntegrationError("webhook_event_unknown", event=unknown[0])
    return [event for event in Event.values if event in chosen]  # in the documented order


def secret_new() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


# --- Changes ------------------------------------------------------------------------------------


def _audit(
    actor: User | None, action: str, subscription: WebhookSubscription, summary: str
) -> None:
    audit_record(
        actor=actor,
        action=f"integrations.webhook_{action}",
        target=subscription,
        summary=summary,
        detail={
            "url": subscription.url,
            "events": list(subscription.events),
            "status": subscription.status,
        },
    )


def subscription_create(
    *, actor: User, url: str, events: Iterable[str]
) -> tuple[WebhookSubscription, str]:
    """Subscribe ``url`` to ``events``. Returns the subscription and its secret (shown once)."""
    url = url_clean(url)
    chosen = events_clean(events)
    secret = secret_new()
    with transaction.atomic():
        if WebhookSubscription.objects.count() >= MAX_SUBSCRIPTIONS:
            raise IntegrationError("webhook_too_many")
        subscription = WebhookSubscription.objects.create(
            url=url, events=chosen, secret=secret, created_by=actor
        )
        _audit(actor, "create", subscription, f"Webhook subscribed: {url}")
        wanted_events_forget()
    return subscription, secret


def subscription_update(
    *, actor: User, subscription: WebhookSubscription, url: str, events: Iterable[str]
) -> WebhookSubscription:
    url = url_clean(url)
    chosen = events_clean(events)
    with transaction.atomic():
        subscription.url = url
        subscription.events = chosen
        subscription.save(update_fields=["url", "events", "updated_at"])
        _audit(actor, "update", subscription, f"Webhook changed: {url}")
        wanted_events_forget()
    return subscription


def subscription_pause(
    *, actor: User | None, subscription: WebhookSubscription, reason: str = ""
) -> WebhookSubscription:
    """Stop sending (deliveries wait, pending, until it is resumed)."""
    with transaction.atomic():
        locked = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        if locked.status == Status.PAUSED:
            raise IntegrationError("webhook_already_paused")
        locked.status = Status.PAUSED
        locked.paused_at = timezone.now()
        locked.pause_reason = (reason or "Paused by the org admin.")[:300]
        locked.save(update_fields=["status", "paused_at", "pause_reason", "updated_at"])
        _audit(actor, "pause", locked, f"Webhook paused: {locked.url}")
        wanted_events_forget()
    return locked


def subscription_resume(*, actor: User, subscription: WebhookSubscription) -> int:
    """Send again: the failure count starts over and the waiting deliveries are queued now.
    Returns how many were queued."""
    from tenant_apps.integrations.webhook_tasks import webhook_deliver

    now = timezone.now()
    with transaction.atomic():
        locked = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        if locked.status == Status.ACTIVE:
            raise IntegrationError("webhook_already_active")
        locked.status = Status.ACTIVE
        locked.consecutive_failures = 0
        locked.paused_at = None
        locked.pause_reason = ""
        locked.save(
            update_fields=[
                "status",
                "consecutive_failures",
                "paused_at",
                "pause_reason",
                "updated_at",
            ]
        )
        waiting = locked.deliveries.filter(status=WebhookDelivery.Status.PENDING)
        ids = list(waiting.order_by("created_at", "pk").values_list("pk", flat=True))
        waiting.update(next_attempt_at=now)
        _audit(actor, "resume", locked, f"Webhook resumed: {locked.url} ({len(ids)} waiting)")
        wanted_events_forget()
        for delivery_id in ids:
            transaction.on_commit(lambda pk=delivery_id: webhook_deliver.delay(pk))  # type: ignore[misc]
    subscription.refresh_from_db()
    return len(ids)


def subscription_delete(*, actor: User, subscription: WebhookSubscription) -> None:
    """Remove the subscription with its delivery log (the audit trail keeps that it existed)."""
    with transaction.atomic():
        _audit(actor, "delete", subscription, f"Webhook removed: {subscription.url}")
        subscription.delete()
        wanted_events_forget()


def secret_rotate(*, actor: User, subscription: WebhookSubscription) -> str:
    """A new secret (shown once); deliveries from now on are signed with it."""
    secret = secret_new()
    with transaction.atomic():
        subscription.secret = secret
        subscription.save(update_fields=["secret", "updated_at"])
        _audit(actor, "secret_rotate", subscription, f"Webhook secret rotated: {subscription.url}")
    return secret


PING_TIMEOUT_SECONDS = 5.0


def subscription_ping(
    *, actor: User, subscription: WebhookSubscription
) -> tuple[WebhookDelivery, WebhookAttempt]:
    """Send a ``ping`` now (within the request, short timeout) and log it as a delivery with one
    attempt. A test send is not retried and does not count towards pausing."""
    from tenant_apps.integrations.webhook_payloads import PING, envelope, ping_data
    from tenant_apps.integrations.webhook_tasks import attempt_send

    now = timezone.now()
    event_id = uuid.uuid4()
    delivery = WebhookDelivery.objects.create(
        subscription=subscription,
        event=subscription.events[0] if subscription.events else Event.PUNCH_CREATED,
        event_id=event_id,
        payload=envelope(
            event=PING, event_id=event_id, data=ping_data(subscription_id=subscription.pk)
        ),
        created_at=now,
    )
    outcome = attempt_send(delivery, subscription=subscription, timeout=PING_TIMEOUT_SECONDS)
    with transaction.atomic():
        attempt = WebhookAttempt.objects.create(
            delivery=delivery,
            at=outcome.at,
            status_code=outcome.status_code,
            error=outcome.error[:300],
            duration_ms=outcome.duration_ms,
        )
        delivery.attempts = 1
        delivery.last_status_code = outcome.status_code
        delivery.last_error = outcome.error[:300]
        if outcome.ok:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = outcome.at
        else:
            delivery.status = WebhookDelivery.Status.FAILED
        delivery.save()
        result = str(outcome.status_code) if outcome.status_code else outcome.error
        _audit(actor, "ping", subscription, f"Webhook test sent to {subscription.url}: {result}")
    return delivery, attempt
