"""The invitation link: a new user (the first Pentadbir Organisasi of an agency) sets a password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from accounts.request_info import client_info
from accounts.services import InvitationError, invitation_accept, invitation_for_token


def _invitation_problem(code: str) -> str:
    return {
        "invitation_used": _("This invitation link has already been used. Log in with your MyKad."),
        "invitation_expired": _(
            "This invitation link has expired. Ask your agency's Pentadbir Organisasi or JDN "
            "for a new one."
        ),
    }.get(code, _("This invitation link is not valid. Check that you copied all of it."))


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
def invitation_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitation_for_token(token)
    except InvitationError as exc:
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"message": _invitation_problem(exc.code), "code": exc.code},
            status=410,
        )
    form = SetPasswordForm(invitation.user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation_accept(
                token=token,
                password=form.cleaned_data["new_password1"],
                client=client_info(request),
            )
        except InvitationError as exc:
            return render(
                request,
                "accounts/invitation_invalid.html",
                {"message": _invitation_problem(exc.code), "code": exc.code},
                status=410,
            )
        messages.success(request, _("Your password is set. Log in with your MyKad number."))
        return redirect("accounts:login")
    return render(
        request,
        "accounts/invitation.html",
        {"form": form, "invited": invitation.user, "expires_at": invitation.expires_at},
    )
