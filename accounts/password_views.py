"""Forgotten passwords: the officer asks for a reset link on their agency's host and sets a new
password with it. The request page answers the same whether or not the account exists."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from accounts.forms import PasswordResetRequestForm
from accounts.models import Invitation
from accounts.request_info import client_info
from accounts.services import (
    PASSWORD_RESET_HOURS,
    InvitationError,
    invitation_for_token,
    password_reset_complete,
    password_reset_request,
)


def _link_problem(code: str) -> str:
    return {
        "invitation_used": _("This reset link has already been used."),
        "invitation_expired": _("This reset link has expired. Ask for a new one."),
    }.get(code, _("This reset link is not valid. Ask for a new one."))


@require_http_methods(["GET", "POST"])
@never_cache
def password_reset_view(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        password_reset_request(login_id=form.cleaned_data["login_id"], client=client_info(request))
        # The same redirect whether or not the account exists (and whether a mail went out).
        return redirect("accounts:password_reset_sent")
    return render(request, "accounts/password_reset.html", {"form": form})


@require_GET
def password_reset_sent_view(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_sent.html", {"hours": PASSWORD_RESET_HOURS})


def _invalid(request: HttpRequest, code: str) -> HttpResponse:
    return render(
        request,
        "accounts/password_reset_invalid.html",
        {"message": _link_problem(code), "code": code},
        status=410,
    )


@sensitive_post_parameters("new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
@never_cache
def password_reset_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = invitation_for_token(token, purpose=Invitation.Purpose.PASSWORD_RESET)
    except InvitationError as exc:
        return _invalid(request, exc.code)
    if not link.user.is_active:
        return _invalid(request, "invitation_unknown")
    form = SetPasswordForm(link.user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_reset_complete(
                token=token,
                password=form.cleaned_data["new_password1"],
                client=client_info(request),
            )
        except InvitationError as exc:
            return _invalid(request, exc.code)
        messages.success(request, _("Your new password is set. Log in with it."))
        return redirect("accounts:login")
    return render(
        request,
        "accounts/password_reset_confirm.html",
        {"form": form, "person": link.user, "expires_at": link.expires_at},
    )
