"""Every write of the accounts app. Services never read the request: callers pass what they need."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from rest_framework.authtoken.models import Token

from accounts.models import SecurityEvent, User


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
