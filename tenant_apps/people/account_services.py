"""The org admin's actions on one person's login: an invitation by e-mail, a temporary password,
deactivation and reactivation. Each is recorded as an accounts.SecurityEvent with the admin as
actor. An officer's login follows the officer's status (officer_status_set), so deactivating an
officer's account makes the officer inactive too, and the other way round."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import SecurityEvent, User
from accounts.services import (
    ClientInfo,
    invitation_issue,
    mail_send_on_commit,
    mail_site,
    security_event_record,
    user_active_set,
    user_password_temporary_set,
)
from tenant_apps.people.models import Officer
from tenant_apps.people.officer_services import officer_status_set
from tenant_apps.people.services import PeopleError


def _officer_of(user: User) -> Officer | None:
    return Officer.objects.filter(user=user).first()


@transaction.atomic
def account_invite(*, user: User, actor: User, client: ClientInfo) -> None:
    """E-mail the user a single-use link to set their password (valid SPOTME_INVITATION_HOURS);
    any earlier link stops working."""
    if not user.is_active:
        raise PeopleError("account_inactive", "Reactivate the account before inviting.")
    if not user.email:
        raise PeopleError("no_email", "The account has no e-mail address.")
    hours = settings.SPOTME_INVITATION_HOURS
    token = invitation_issue(user=user, hours=hours)
    site = mail_site()
    link = site.origin + reverse("accounts:invitation", kwargs={"token": token})
    subject = _("SPOT-Me: your account at %(agency)s") % {"agency": site.name}
    body = _(
        "Dear %(name)s,\n\n"
        "%(agency)s uses SPOT-Me for attendance, and you have an account.\n"
        "Set your password with this link (it works once and expires in %(hours)s hours):\n\n"
        "%(link)s\n\n"
        "Then log in at %(home)s with your MyKad number (or passport login ID).\n\n"
        "%(agency)s"
    ) % {
        "name": user.full_name,
        "agency": site.name,
        "hours": hours,
        "link": link,
        "home": site.origin + "/",
    }
    mail_send_on_commit(subject=subject, body=body, to=user.email)
    security_event_record(
        kind=SecurityEvent.Kind.INVITATION_SENT, user=user, actor=actor, client=client
    )


def account_temporary_password_set(
    *, user: User, password: str, actor: User, client: ClientInfo
) -> User:
    """A password the admin hands over; the user must change it at the next sign-in."""
    if not user.is_active:
        raise PeopleError("account_inactive", "Reactivate the account first.")
    return user_password_temporary_set(user=user, password=password, actor=actor, client=client)


@transaction.atomic
def account_deactivate(*, user: User, actor: User, client: ClientInfo) -> User:
    """The account can no longer sign in; its history stays. An officer becomes inactive."""
    if user.pk == actor.pk:
        raise PeopleError("own_account", "You cannot deactivate your own account.")
    officer = _officer_of(user)
    if officer is not None and officer.status == Officer.Status.ACTIVE:
        officer_status_set(
            officer=officer,
            status=Officer.Status.INACTIVE,
            since=timezone.localdate(),
            actor=actor,
        )
        user.refresh_from_db(fields=["is_active"])
    return user_active_set(user=user, active=False, actor=actor, client=client)


@transaction.atomic
def account_reactivate(*, user: User, actor: User, client: ClientInfo) -> User:
    """The account signs in again with its password. An officer becomes active again."""
    officer = _officer_of(user)
    if officer is not None and officer.status != Officer.Status.ACTIVE:
        officer_status_set(
            officer=officer,
            status=Officer.Status.ACTIVE,
            since=timezone.localdate(),
            actor=actor,
        )
        user.refresh_from_db(fields=["is_active"])
    return user_active_set(user=user, active=True, actor=actor, client=client)
