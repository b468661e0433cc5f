"""Sending webhooks. ``webhook_deliver`` POSTs one delivery, signed, and on failure queues itself
again with exponential backoff (``SPOTME_WEBHOOK_RETRY_BASE_SECONDS`` × 2^(attempt−1), capped at
6 hours, plus up to 20 % jitter) until it has tried ``MAX_ATTEMPTS`` times; then the delivery is
FAILED. After ``SPOTME_WEBHOOK_PAUSE_AFTER`` failed deliveries in a row the subscription is paused
and the org admins are told. Every attempt is logged with its response code or error.

Idempotent: the delivery row is locked while it is sent, and a delivery that is delivered, failed,
not yet due, or whose subscription is paused is not sent. ``agency_webhooks_retry`` (every few
minutes, per agency) queues the pending deliveries whose time has come, should a worker have lost
a countdown."""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from celery import Task, shared_task
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from tenant_apps.integrations.errors import IntegrationError
from tenant_apps.integrations.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from tenant_apps.people.selectors import org_admins

MAX_ATTEMPTS = 8
TIMEOUT_SECONDS = 10.0
BACKOFF_CAP_SECONDS = 6 * 3600
DUE_SLACK = timedelta(seconds=2)
USER_AGENT = "SPOT-Me-Webhooks/1"

Delivery = WebhookDelivery.Status
Subscription = WebhookSubscription.Status


# --- Signing and sending ------------------------------------------------------------------------


def body_of(payload: dict[str, Any]) -> bytes:
    """The exact bytes sent (and signed): compact JSON, keys sorted, UTF-8."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """``v1=`` and the hex HMAC-SHA256, keyed by the secret, of ``"<timestamp>.<body>"``."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "v1=" + digest.hexdigest()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is the receiver's answer, not a place to go (it could point anywhere)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


@dataclass(frozen=True)
class Outcome:
    at: datetime
    status_code: int | None
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def attempt_send(
    delivery: WebhookDelivery, *, subscription: WebhookSubscription, timeout: float
) -> Outcome:
    """One POST of the delivery to the subscription's URL (never raises)."""
    from tenant_apps.integrations.webhook_services import url_addresses_check

    at = timezone.now()
    started = time.monotonic()

    def outcome(code: int | None, error: str = "") -> Outcome:
        elapsed = int((time.monotonic() - started) * 1000)
        return Outcome(at=at, status_code=code, error=error[:300], duration_ms=elapsed)

    try:
        url_addresses_check(subscription.url)  # again: the name may point elsewhere by now
    except IntegrationError as exc:
        with translation.override("en"):
            return outcome(None, "Not sent: " + exc.message)
    if urlsplit(subscription.url).scheme.lower() not in ("http", "https"):
        return outcome(None, "Not sent: only http and https addresses are allowed.")
    timestamp = int(time.time())
    body = body_of(delivery.payload)
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked just above
        subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-SpotMe-Event": str(delivery.payload.get("event", delivery.event)),
            "X-SpotMe-Delivery": str(delivery.event_id),
            "X-SpotMe-Timestamp": str(timestamp),
            "X-SpotMe-Signature": signature(subscription.secret, timestamp, body),
        },
    )
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return outcome(int(response.status))
    except urllib.error.HTTPError as exc:
        code = int(exc.code)
        exc.close()
        if 300 <= code < 400:
            return outcome(code, "Redirect not followed.")
        return outcome(code)
    except TimeoutError:
        return outcome(None, f"No answer within {timeout:g} seconds.")
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            return outcome(None, f"No answer within {timeout:g} seconds.")
        return outcome(None, f"Could not connect: {exc.reason}")
    except (OSError, ValueError) as exc:
        return outcome(None, f"Could not send: {exc}")


# --- Retries and pausing ------------------------------------------------------------------------


def backoff_seconds(attempt: int) -> float:
    """The wait after failed attempt number ``attempt`` (1-based), with jitter."""
    base = float(settings.SPOTME_WEBHOOK_RETRY_BASE_SECONDS)
    wait = min(base * 2 ** (attempt - 1), BACKOFF_CAP_SECONDS)
    return float(wait * random.uniform(1.0, 1.2))  # noqa: S311 - spreads retries, not a secret


def _paused_notify(subscription: WebhookSubscription, failures: int) -> None:
    from tenant_apps.notifications.models import Kind
    from tenant_apps.notifications.services import notification_send

    url = subscription.url
    notification_send(
        recipients=org_admins(),
        kind=Kind.WEBHOOK_PAUSED,
        text_ms=(
            f"Webhook ke {url} telah dijeda selepas {failures} penghantaran gagal berturut-turut. "
            "Semak penerima, kemudian sambung semula langganan."
        ),
        text_en=(
            f"The webhook to {url} was paused after {failures} failed deliveries in a row. "
            "Check the receiver, then resume the subscription."
        ),
        link=reverse("integrations:webhook-detail", args=[subscription.pk]),
    )


def _subscription_failed(subscription_id: int, now: datetime) -> None:
    """A delivery was given up: count it, and pause the subscription at the limit."""
    from tenant_apps.audit.services import audit_record
    from tenant_apps.integrations.webhook_services import wanted_events_forget

    locked = WebhookSubscription.objects.select_for_update().get(pk=subscription_id)
    locked.consecutive_failures += 1
    fields = ["consecutive_failures", "updated_at"]
    limit = int(settings.SPOTME_WEBHOOK_PAUSE_AFTER)
    pausing = locked.status == Subscription.ACTIVE and locked.consecutive_failures >= limit
    if pausing:
        locked.status = Subscription.PAUSED
        locked.paused_at = now
        locked.pause_reason = (
            f"Paused after {locked.consecutive_failures} failed deliveries in a row."
        )
        fields += ["status", "paused_at", "pause_reason"]
    locked.save(update_fields=fields)
    if pausing:
        audit_record(
            actor=None,
            action="integrations.webhook_pause",
            target=locked,
            summary=f"Webhook paused (failing): {locked.url}",
            detail={"failures": locked.consecutive_failures, "url": locked.url},
        )
        wanted_events_forget()
        _paused_notify(locked, locked.consecutive_failures)


def _record(delivery: WebhookDelivery, outcome: Outcome, queue: str | None) -> str:
    """Log the attempt and move the delivery on. Inside the transaction holding its lock."""
    WebhookAttempt.objects.create(
        delivery=delivery,
        at=outcome.at,
        status_code=outcome.status_code,
        error=outcome.error,
        duration_ms=outcome.duration_ms,
    )
    delivery.attempts += 1
    delivery.last_status_code = outcome.status_code
    delivery.last_error = outcome.error
    now = timezone.now()
    subscriptions = WebhookSubscription.objects.filter(pk=delivery.subscription_id)
    if outcome.ok:
        delivery.status = Delivery.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        delivery.save()
        subscriptions.update(consecutive_failures=0, last_delivery_at=now)
        return "delivered"
    subscriptions.update(last_delivery_at=now)
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = Delivery.FAILED
        delivery.next_attempt_at = None
        delivery.save()
        _subscription_failed(delivery.subscription_id, now)
        return "failed"
    wait = backoff_seconds(delivery.attempts)
    delivery.next_attempt_at = now + timedelta(seconds=wait)
    delivery.save()
    pk = delivery.pk
    route: dict[str, Any] = {"queue": queue} if queue else {}
    transaction.on_commit(lambda: webhook_deliver.apply_async((pk,), countdown=wait, **route))
    return "retrying"


def delivery_attempt(
    delivery_id: int, *, now: datetime | None = None, queue: str | None = None
) -> str:
    """Send one delivery if it is due, and record what happened. Returns what became of it:
    delivered, retrying, failed, or why nothing was sent (missing, done, paused, not_due).
    A retry is queued on ``queue`` (the one this attempt came from; None: the default)."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("subscription")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return "missing"
        if delivery.status != Delivery.PENDING:
            return "done"
        subscription = delivery.subscription
        if subscription.status != Subscription.ACTIVE:
            return "paused"  # left pending: resuming queues it again
        if delivery.next_attempt_at is not None and delivery.next_attempt_at > now + DUE_SLACK:
            return "not_due"  # a duplicate task; the right one is queued for later
        outcome = attempt_send(delivery, subscription=subscription, timeout=TIMEOUT_SECONDS)
        return _record(delivery, outcome, queue)


@shared_task(bind=True, acks_late=True)
def webhook_deliver(self: Task[Any, Any], delivery_id: int) -> str:
    """Send one webhook delivery (see the module's notes); safe to run more than once. A retry
    goes back to the queue this task came from."""
    info = self.request.delivery_info or {}
    queue = info.get("routing_key") if not self.request.is_eager else None
    return delivery_attempt(delivery_id, queue=queue or None)


@shared_task(acks_late=True)
def agency_webhooks_retry() -> int:
    """Queue the pending deliveries of active subscriptions whose next attempt is due (a lost
    countdown, a worker restarted). Returns how many were queued."""
    due = WebhookDelivery.objects.filter(
        status=Delivery.PENDING,
        next_attempt_at__lte=timezone.now(),
        subscription__status=Subscription.ACTIVE,
    ).order_by("next_attempt_at", "pk")
    ids = list(due.values_list("pk", flat=True)[:1000])
    for delivery_id in ids:
        webhook_deliver.delay(delivery_id)
    return len(ids)


def deliveries_queue(ids: list[int]) -> None:
    """Queue new deliveries when the transaction that made them commits."""
    for delivery_id in ids:
        transaction.on_commit(lambda pk=delivery_id: webhook_deliver.delay(pk))  # type: ignore[misc]
