"""API keys of the agency: made by the org admin (the key is shown once and stored as its SHA-256),
revoked by the org admin, found by the API's authenticator. Every change is audited.

A key reads ``spk_<prefix>_<secret>``: ``spk_<prefix>`` (12 characters) is kept in clear to tell
keys apart in lists and in the call log; the whole key is hashed. A key is a long random string,
so a plain SHA-256 is as safe as a slow hash and costs nothing per call (ADR 0009)."""

from __future__ import annotations

import hashlib
import secrets
import string
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from tenant_apps.audit.services import audit_record
from tenant_apps.integrations.errors import IntegrationError, messages_register
from tenant_apps.integrations.models import ApiKey
from tenant_apps.integrations.models.api import Scope

KEY_START = "spk_"
PREFIX_ALPHABET = string.ascii_lowercase + string.digits
PREFIX_LENGTH = 8
DEFAULT_LIFETIME = timedelta(days=365)
MAX_LIFETIME = timedelta(days=731)  # two years, leap day included
RATE_LIMIT_MAX = 10_000
# How often a key's "last used" is written at most: one write a minute spares the database.
TOUCH_EVERY = timedelta(minutes=1)

messages_register(
    {
        "api_key_name_required": _("Give the key a name that says which system uses it."),
        "api_key_name_too_long": _("A key's name has at most 100 characters."),
        "api_key_scopes_required": _("Choose at least one scope."),
        "api_key_scope_unknown": _("Unknown scope: %(scope)s."),
        "api_key_expiry_past": _("The expiry must be in the future."),
        "api_key_expiry_too_far": _("A key may last two years at most; choose an earlier expiry."),
        "api_key_rate_invalid": _("The rate limit is between 1 and %(max)s calls a minute."),
        "api_key_already_revoked": _("This key was already revoked."),
    }
)


def key_hash(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def default_expiry(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + DEFAULT_LIFETIME


def _new_key() -> tuple[str, str]:
    """(prefix, whole key)."""
    prefix = KEY_START + "".join(secrets.choice(PREFIX_ALPHABET) for _ in range(PREFIX_LENGTH))
    return prefix, f"{prefix}_{secrets.token_urlsafe(32)}"


def _scopes_clean(scopes: Iterable[str]) -> list[str]:
    chosen: list[str] = []
    for scope in scopes:
        if scope not in Scope.values:
            raise IntegrationError("api_key_scope_unknown", scope=str(scope)[:40])
        if scope not in chosen:
            chosen.append(scope)
    if not chosen:
        raise IntegrationError("api_key_scopes_required")
    # Always in the order of the Scope choices, whatever order they came in.
    return [value for value in Scope.values if value in chosen]


def api_key_create(
    *,
    actor: User,
    name: str,
    scopes: Iterable[str],
    expires_at: datetime,
    rate_limit_per_minute: int = 120,
    now: datetime | None = None,
) -> tuple[ApiKey, str]:
    """Make a key. Returns the key's row and the key itself, which is never stored or shown
    again."""
    now = now or timezone.now()
    name = (name or "").strip()
    if not name:
        raise IntegrationError("api_key_name_required")
    if len(name) > 100:
        raise IntegrationError("api_key_name_too_long")
    chosen = _scopes_clean(scopes)
    if timezone.is_naive(expires_at):
        expires_at = timezone.make_aware(expires_at)
    if expires_at <= now:
        raise IntegrationError("api_key_expiry_past")
    if expires_at > now + MAX_LIFETIME:
        raise IntegrationError("api_key_expiry_too_far")
    if not 1 <= rate_limit_per_minute <= RATE_LIMIT_MAX:
        raise IntegrationError("api_key_rate_invalid", max=RATE_LIMIT_MAX)
    prefix, raw_key = _new_key()
    with transaction.atomic():
        key = ApiKey.objects.create(
            name=name,
            prefix=prefix,
            key_hash=key_hash(raw_key),
            scopes=chosen,
            rate_limit_per_minute=rate_limit_per_minute,
            expires_at=expires_at,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="integrations.api_key_create",
            target=key,
            summary=f"API key {key.name} ({prefix}) made",
            detail={
                "prefix": prefix,
                "scopes": chosen,
                "expires_at": expires_at.isoformat(),
                "rate_limit_per_minute": rate_limit_per_minute,
            },
        )
    return key, raw_key


def api_key_revoke(*, actor: User, key: ApiKey, now: datetime | None = None) -> ApiKey:
    """Stop a key at once: every later call with it is refused (401 ``key_revoked``)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = ApiKey.objects.select_for_update().get(pk=key.pk)
        if locked.revoked_at is not None:
            raise IntegrationError("api_key_already_revoked")
        locked.revoked_at = now
        locked.revoked_by = actor
        locked.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            actor=actor,
            action="integrations.api_key_revoke",
            target=locked,
            summary=f"API key {locked.name} ({locked.prefix}) revoked",
            detail={"prefix": locked.prefix},
        )
    return locked


def api_key_find(raw_key: str) -> ApiKey | None:
    """The key with this value (revoked and expired ones included), or None."""
    raw_key = raw_key.strip()
    if not raw_key.startswith(KEY_START) or len(raw_key) > 200:
        return None
    return ApiKey.objects.filter(key_hash=key_hash(raw_key)).first()


def api_key_touch(*, key: ApiKey, ip: str | None, now: datetime | None = None) -> None:
    """Note that the key was used, at most once a minute (the condition is also in the UPDATE,
    so parallel calls write once)."""
    now = now or timezone.now()
    if key.last_used_at is not None and now - key.last_used_at < TOUCH_EVERY:
        return
    ApiKey.objects.filter(pk=key.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - TOUCH_EVERY)
    ).update(last_used_at=now, last_used_ip=ip)
    key.last_used_at, key.last_used_ip = now, ip
