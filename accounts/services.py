"""Every write of the accounts app. Services never read the request: callers pass what they need."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import Invitation, SecurityEvent, User


@dataclass(frozen=True)
class ClientInfo:
    ip_address: str | None
    user_agent: str


def _mask(login_id: str) -> str:
    if len(login_id) <= 4:
        return "*" * len(login_id)
    return f"{login_id[:6]}{'*' * (len(login_id) - 8)}{login_id[-2:]}"


def security_event_record(
    *, kind: str, user: User | None, login_id: str = "", client: ClientInfo
) -> SecurityEvent:
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        login_id_masked=_mask(login_id or (user.login_id if user else "")),
        ip_address=client.ip_address,
        user_agent=client.user_agent[:300],
    )


@transaction.atomic
def api_token_issue(*, user: User, client: ClientInfo) -> Token:
    """The phone app's token. One per user; asking again returns the same token."""
    token, _ = Token.objects.get_or_create(user=user)
    security_event_record(kind=SecurityEvent.Kind.TOKEN_ISSUED, user=user, client=client)
    return token


@transaction.atomic
def api_token_revoke(*, user: User, client: ClientInfo) -> None:
    """Sign the phone app out: its token stops working at once."""
    Token.objects.filter(user=user).delete()
    security_event_record(kind=SecurityEvent.Kind.LOGOUT, user=user, client=client)


@transaction.atomic
def user_create(
    *,
    login_id: str,
    full_name: str,
    password: str | None,
    email: str = "",
    login_kind: str = User.LoginKind.MYKAD,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    return User.objects.create_user(
        login_id,
        password,
        full_name=full_name,
        email=email,
        login_kind=login_kind,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_issue(*, user: User, hours: int) -> str:
    """A new single-use link for the user to set a password; earlier unused links stop working.
    Returns the token, which is never stored."""
    now = timezone.now()
    Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        user=user, token_hash=_token_hash(token), expires_at=now + timedelta(hours=hours)
    )
    return token


class InvitationError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def invitation_for_token(token: str) -> Invitation:
    """The invitation behind a link, or InvitationError with code unknown / used / expired."""
    invitation = (
        Invitation.objects.select_related("user").filter(token_hash=_token_hash(token)).first()
    )
    if invitation is None or invitation.revoked_at is not None:
        raise InvitationError("invitation_unknown")
    if invitation.used_at is not None:
        raise InvitationError("invitation_used")
    if invitation.expires_at <= timezone.now():
        raise InvitationError("invitation_expired")
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str, client: ClientInfo) -> User:
    """Set the first password through an invitation link; the link then stops working."""
    invitation = invitation_for_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:  # a second tab submitted first
        raise InvitationError("invitation_used")
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    security_event_record(kind=SecurityEvent.Kind.INVITATION_ACCEPTED, user=user, client=client)
    return user
