"""The org admin's page for one login account (an officer's or any other user's of the agency):
invite by e-mail, set a temporary password, deactivate and reactivate. Org admin only; the user is
looked up in the agency's own schema, so another agency's ids answer 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts.models import Invitation, SecurityEvent, User
from accounts.request_info import client_info
from tenant_apps.people.access import org_admin_required, request_user, visible_or_404
from tenant_apps.people.account_services import (
    account_deactivate,
    account_invite,
    account_reactivate,
    account_temporary_password_set,
)
from tenant_apps.people.models import Officer
from tenant_apps.people.services import PeopleError

EVENTS_SHOWN = 20


def _problem(error: PeopleError) -> str:
    return {
        "account_inactive": _("This account is deactivated. Reactivate it first."),
        "no_email": _("This account has no e-mail address. Add one to the officer's details."),
        "own_account": _("You cannot deactivate your own account."),
    }.get(error.code, str(error))


def _person(user_id: int) -> User:
    return visible_or_404(User.objects.all(), user_id)


def _back(user_id: int) -> HttpResponse:
    return redirect("people:account-detail", user_id=user_id)


@org_admin_required
def account_detail_view(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _person(user_id)
    events = (
        SecurityEvent.objects.filter(user=person)
        .select_related("actor")
        .order_by("-created_at", "-id")[:EVENTS_SHOWN]
    )
    pending = (
        Invitation.objects.filter(
            user=person,
            purpose=Invitation.Purpose.INVITATION,
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at")
        .first()
    )
    context: dict[str, Any] = {
        "person": person,
        "officer": Officer.objects.filter(user=person).first(),
        "events": events,
        "pending_invitation": pending,
        "has_password": person.has_usable_password(),
        "is_self": person.pk == request_user(request).pk,
    }
    return render(request, "people/account_detail.html", context)


@org_admin_required
@require_POST
def account_invite_view(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _person(user_id)
    try:
        account_invite(user=person, actor=request_user(request), client=client_info(request))
    except PeopleError as exc:
        messages.error(request, _problem(exc))
    else:
        messages.success(
            request, _("An invitation link was sent to %(email)s.") % {"email": person.email}
        )
    return _back(person.pk)


@sensitive_post_parameters("new_password1", "new_password2")
@org_admin_required
def account_temp_password_view(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _person(user_id)
    form = SetPasswordForm(person, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_temporary_password_set(
                user=person,
                password=form.cleaned_data["new_password1"],
                actor=request_user(request),
                client=client_info(request),
            )
        except PeopleError as exc:
            messages.error(request, _problem(exc))
        else:
            messages.success(
                request,
                _(
                    "Temporary password set. Give it to %(name)s in person: they must choose "
                    "their own at the next login."
                )
                % {"name": person.full_name},
            )
        return _back(person.pk)
    return render(
        request,
        "people/account_temp_password.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )


@org_admin_required
def account_deactivate_view(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _person(user_id)
    if request.method != "POST":
        return render(request, "people/account_deactivate.html", {"person": person})
    try:
        account_deactivate(user=person, actor=request_user(request), client=client_info(request))
    except PeopleError as exc:
        messages.error(request, _problem(exc))
    else:
        messages.success(
            request,
            _("%(name)s can no longer log in. Their history stays.") % {"name": person.full_name},
        )
    return _back(person.pk)


@org_admin_required
@require_POST
def account_activate_view(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _person(user_id)
    account_reactivate(user=person, actor=request_user(request), client=client_info(request))
    messages.success(request, _("%(name)s can log in again.") % {"name": person.full_name})
    return _back(person.pk)
