"""Web push (RFC 8030, encrypted per RFC 8291, VAPID per RFC 8292).

Each agency has its own P-256 VAPID key pair, made on first use and kept in the agency's schema
(VapidKeys, pk 1): browsers bind a subscription to the public key, so the pair must stay stable.
The payload is JSON ``{"title", "body", "url"}``; the service worker (/sw.js) shows title and
body and opens ``url`` on a click. A push service answering 404 or 410 has dropped the
subscription, which is then deleted; any other failure is kept in ``last_error``."""

from __future__ import annotations

import base64
import json
from email.utils import parseaddr
from typing import Any

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from accounts.services import mail_site
from tenant_apps.notifications.mail import notification_path
from tenant_apps.notifications.models import Notification, PushSubscription, VapidKeys

PUSH_TIMEOUT_SECONDS = 10
# A push service keeps the message this long for a device that is offline.
PUSH_TTL_SECONDS = 24 * 60 * 60
GONE = (404, 410)
_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode base64url with or without padding; raises ValueError on anything else."""
    if not text or any(c not in _B64URL for c in text.rstrip("=")):
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4))
    except (ValueError, TypeError) as exc:
        raise ValueError("not base64url") from exc


def vapid_keys_get() -> VapidKeys:
    """The agency's key pair, made on first use (safe when two processes race)."""
    found = VapidKeys.objects.filter(pk=1).first()
    if found is not None:
        return found
    private = ec.generate_private_key(ec.SECP256R1())
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    public = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    keys, _created = VapidKeys.objects.get_or_create(
        pk=1, defaults={"public_key": b64url(public), "private_key_pem": pem}
    )
    return keys


def vapid_public_key() -> str:
    """The agency's public key, base64url: the browser's ``applicationServerKey``."""
    return vapid_keys_get().public_key


def _vapid_signer(keys: VapidKeys) -> Any:
    private = serialization.load_pem_private_key(keys.private_key_pem.encode(), password=None)
    return Vapid(private_key=private)


def vapid_subject() -> str:
    """Who push services can contact about our pushes (RFC 8292 ``sub``)."""
    configured = getattr(settings, "SPOTME_VAPID_SUBJECT", "")
    if configured:
        return str(configured)
    return "mailto:" + (parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "no-reply@spotme.gov.my")


def push_payload(notification: Notification) -> str:
    return json.dumps(
        {
            "title": mail_site().name,
            "body": notification.text_ms,
            "url": notification_path(notification),
        }
    )


def push_to_subscription(*, subscription: PushSubscription, data: str, signer: Any) -> bool:
    """Send one message to one subscription. True when the push service accepted it."""
    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=data,
            vapid_private_key=signer,
            vapid_claims={"sub": vapid_subject()},
            timeout=PUSH_TIMEOUT_SECONDS,
            ttl=PUSH_TTL_SECONDS,
        )
    except WebPushException as exc:
        if exc.status_code in GONE:
            subscription.delete()
            return False
        error = f"{exc.status_code or ''} {exc.message}".strip()
    except (requests.RequestException, ValueError) as exc:
        error = f"{type(exc).__name__}: {exc}"
    else:
        if subscription.last_error:
            subscription.last_error = ""
            subscription.save(update_fields=["last_error"])
        return True
    subscription.last_error = error[:300]
    subscription.save(update_fields=["last_error"])
    return False


def notification_push_deliver(*, notification_id: int) -> int:
    """Push the notification to each of the recipient's subscribed browsers, once. Returns how
    many accepted it; ``pushed_at`` is set when at least one did."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.pushed_at is not None:
            return 0
        subscriptions = list(
            PushSubscription.objects.filter(user=notification.recipient).order_by("pk")
        )
        if not subscriptions or not notification.recipient.is_active:
            return 0
        signer = _vapid_signer(vapid_keys_get())
        data = push_payload(notification)
        delivered = sum(
            push_to_subscription(subscription=subscription, data=data, signer=signer)
            for subscription in subscriptions
        )
        if delivered:
            notification.pushed_at = timezone.now()
            notification.save(update_fields=["pushed_at"])
    return delivered
