"""Every write of the accounts app. Services never read the request: callers pass what they need."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.utils import reset as axes_reset  # type: ignore[import-untyped]
from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name
from rest_framework.authtoken.models import Token

from accounts.models import Invitation, SecurityEvent, User
from tenants.db import current_schema
from tenants.models import Agency

# A reset link is short-lived: whoever reads the mailbox later should not find a working one.
PASSWORD_RESET_HOURS = 1
# At most one reset e-mail per account in this window, so a stranger who knows a MyKad (it is
# not secret) cannot flood the officer's mailbox; the page answers the same either way.
PASSWORD_RESET_RESEND_AFTER = timedelta(minutes=2)


# Sent with ``user_ids`` after users were written in bulk (bulk_create, QuerySet.update), which
# sends no post_save: whatever mirrors users elsewhere (the login finder) catches up.
users_bulk_written = Signal()


def users_bulk_written_notify(*, user_ids: list[int]) -> None:
    """Call after creating or changing users in bulk in the current schema."""
    if user_ids:
        users_bulk_written.send(sender=User, user_ids=user_ids)


@dataclass(frozen=True)
class ClientInfo:
    ip_address: str | None
    user_agent: str


def login_id_mask(login_id: str) -> str:
    """A login ID as records and logs may keep it: the first six and last two characters."""
    if len(login_id) <= 4:
        return "*" * len(login_id)
    return f"{login_id[:6]}{'*' * (len(login_id) - 8)}{login_id[-2:]}"


def security_event_record(
    *,
    kind: str,
    user: User | None,
    login_id: str = "",
    client: ClientInfo,
    actor: User | None = None,
) -> SecurityEvent:
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        actor=actor,
        login_id_masked=login_id_mask(login_id or (user.login_id if user else "")),
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
def invitation_issue(
    *, user: User, hours: int, purpose: str = Invitation.Purpose.INVITATION
) -> str:
    """A new single-use link for the user to set a password. Returns the token, which is never
    stored. A new invitation cancels every unused link; a new reset link cancels earlier reset
    links only, so asking for a reset (anyone can, for any MyKad) never cancels an invitation."""
    now = timezone.now()
    _links_revoke(
        user=user, now=now, purpose=None if purpose == Invitation.Purpose.INVITATION else purpose
    )
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        user=user,
        purpose=purpose,
        token_hash=_token_hash(token),
        created_at=now,
        expires_at=now + timedelta(hours=hours),
    )
    return token


def _links_revoke(*, user: User, now: datetime, purpose: str | None = None) -> None:
    links = Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True)
    if purpose is not None:
        links = links.filter(purpose=purpose)
    links.update(revoked_at=now)


class InvitationError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def invitation_for_token(token: str, *, purpose: str = Invitation.Purpose.INVITATION) -> Invitation:
    """The link behind a token, or InvitationError with code unknown / used / expired. A reset
    token is unknown on the invitation page and the other way round."""
    invitation = (
        Invitation.objects.select_related("user")
        .filter(token_hash=_token_hash(token), purpose=purpose)
        .first()
    )
    if invitation is None or invitation.revoked_at is not None:
        raise InvitationError("invitation_unknown")
    if invitation.used_at is not None:
        raise InvitationError("invitation_used")
    if invitation.expires_at <= timezone.now():
        raise InvitationError("invitation_expired")
    return invitation


def _password_set_through_link(*, token: str, purpose: str, password: str) -> User:
    invitation = invitation_for_token(token, purpose=purpose)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:  # a second tab submitted first
        raise InvitationError("invitation_used")
    user = invitation.user
    if not user.is_active:
        raise InvitationError("invitation_unknown")
    now = timezone.now()
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    invitation.used_at = now
    invitation.save(update_fields=["used_at"])
    _links_revoke(user=user, now=now)
    axes_reset(username=user.login_id)
    return user


@transaction.atomic
def invitation_accept(*, token: str, password: str, client: ClientInfo) -> User:
    """Set the first password through an invitation link; the link then stops working."""
    user = _password_set_through_link(
        token=token, purpose=Invitation.Purpose.INVITATION, password=password
    )
    security_event_record(kind=SecurityEvent.Kind.INVITATION_ACCEPTED, user=user, client=client)
    return user


# --- Passwords the user did not choose, resets, deactivation -----------------------------------


@dataclass(frozen=True)
class MailSite:
    """Who an e-mail comes from and where its links lead: the current agency, or the platform."""

    name: str
    origin: str


def mail_site() -> MailSite:
    """The site of the current schema, for links in e-mails (built as provisioning.urls_out
    builds them: the platform's scheme and port, never the request's Host header)."""
    port = f":{settings.SPOTME_URL_PORT}" if settings.SPOTME_URL_PORT else ""
    schema = current_schema()
    agency = None
    if schema != get_public_schema_name():
        agency = Agency.objects.filter(schema_name=schema).first()
    if agency is None:
        host, name = settings.SPOTME_DOMAIN, "SPOT-Me"
    else:
        host, name = f"{agency.slug}.{settings.SPOTME_DOMAIN}", agency.name
    return MailSite(name=name, origin=f"{settings.SPOTME_URL_SCHEME}://{host}{port}")


def mail_send_on_commit(*, subject: str, body: str, to: str) -> None:
    """Queue the e-mail once the transaction commits (a rolled-back action sends nothing); a
    Celery worker sends it (accounts.tasks)."""
    from accounts.tasks import account_mail_send

    transaction.on_commit(lambda: account_mail_send.delay(subject, body, to))


@transaction.atomic
def user_password_temporary_set(
    *, user: User, password: str, actor: User, client: ClientInfo
) -> User:
    """The org admin gives the user a password that must be changed at the next sign-in. Open
    links to set a password, the phone app's token and any lockout end; sessions end by themselves
    (Django ties a session to the password it was opened with)."""
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    _links_revoke(user=user, now=timezone.now())
    Token.objects.filter(user=user).delete()
    axes_reset(username=user.login_id)
    security_event_record(
        kind=SecurityEvent.Kind.TEMPORARY_PASSWORD_SET, user=user, actor=actor, client=client
    )
    return user


@transaction.atomic
def password_change_complete(*, user: User, client: ClientInfo) -> User:
    """The user changed their own password (the form saved it): a temporary password is gone."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    security_event_record(kind=SecurityEvent.Kind.PASSWORD_CHANGED, user=user, client=client)
    return user


@transaction.atomic
def password_reset_request(*, login_id: str, client: ClientInfo) -> None:
    """E-mail a single-use reset link to the active account with this login ID, if it has an
    e-mail address. Returns nothing on purpose: the caller answers the same whether or not the
    account exists, so the page cannot be used to learn who has an account."""
    user = User.objects.filter(login_id=login_id, is_active=True).exclude(email="").first()
    if user is None:
        return
    now = timezone.now()
    recent = Invitation.objects.filter(
        user=user,
        purpose=Invitation.Purpose.PASSWORD_RESET,
        created_at__gt=now - PASSWORD_RESET_RESEND_AFTER,
        used_at__isnull=True,
        revoked_at__isnull=True,
    )
    if recent.exists():
        return
    token = invitation_issue(
        user=user, hours=PASSWORD_RESET_HOURS, purpose=Invitation.Purpose.PASSWORD_RESET
    )
    security_event_record(
        kind=SecurityEvent.Kind.PASSWORD_RESET_REQUESTED, user=user, client=client
    )
    site = mail_site()
    link = site.origin + reverse("accounts:password_reset_confirm", kwargs={"token": token})
    subject = _("SPOT-Me: reset your password")
    body = _(
        "Dear %(name)s,\n\n"
        "Someone asked to reset the password of your SPOT-Me account at %(site)s.\n"
        "Choose a new password with this link (it works once and expires in %(hours)s hour):"
        "\n\n%(link)s\n\n"
        "If you did not ask for this, ignore this e-mail: your password stays as it is.\n\n"
        "SPOT-Me"
    ) % {"name": user.full_name, "site": site.name, "hours": PASSWORD_RESET_HOURS, "link": link}
    mail_send_on_commit(subject=subject, body=body, to=user.email)


@transaction.atomic
def password_reset_complete(*, token: str, password: str, client: ClientInfo) -> User:
    """Set a new password through a reset link; the link, any other open link and the phone
    app's token stop working."""
    user = _password_set_through_link(
        token=token, purpose=Invitation.Purpose.PASSWORD_RESET, password=password
    )
    Token.objects.filter(user=user).delete()
    security_event_record(kind=SecurityEvent.Kind.PASSWORD_RESET, user=user, client=client)
    return user


@transaction.atomic
def user_active_set(*, user: User, active: bool, actor: User | None, client: ClientInfo) -> User:
    """Deactivate: the account can no longer sign in (its sessions and API token stop working,
    its open links are cancelled); its history stays. Reactivate: it signs in again with its
    password. Officers go through tenant_apps.people, which keeps the officer's status in step."""
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
    if not active:
        _links_revoke(user=user, now=timezone.now())
        Token.objects.filter(user=user).delete()
    security_event_record(
        kind=SecurityEvent.Kind.REACTIVATED if active else SecurityEvent.Kind.DEACTIVATED,
        user=user,
        actor=actor,
        client=client,
    )
    return user


class AccountError(Exception):
    """A refused change to an account, with a stable code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@transaction.atomic
def user_login_id_change(*, user: User, login_id: str, login_kind: str) -> User:
    """A corrected MyKad or a new passport number. The login finder follows (its receiver
    watches ``login_id``)."""
    if User.objects.filter(login_id=login_id).exclude(pk=user.pk).exists():
        raise AccountError("login_taken", "Another account already has this login ID.")
    user.login_id, user.login_kind = login_id, login_kind
    user.save(update_fields=["login_id", "login_kind"])
    return user
