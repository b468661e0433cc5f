"""Session guards. SessionAgencyBindingMiddleware binds a session to the schema it was made in:
sessions already live in each schema's own table, so a cookie of agency A names no session on
agency B; this is the second lock on that door. PasswordChangeRequiredMiddleware holds a user with
a temporary password at the password change page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect
from rest_framework.authtoken.models import Token

from accounts.models import User
from tenants.db import current_schema

SESSION_SCHEMA_KEY = "spotme_schema"


class SessionAgencyBindingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            bound = request.session.get(SESSION_SCHEMA_KEY)
            if bound != current_schema():
                logout(request)
        return self.get_response(request)


# What a user who must change their password may still reach: the change itself, signing out,
# the language switch, and the API's sign-in/sign-out (its other calls answer 403).
PASSWORD_CHANGE_EXEMPT = frozenset(
    {
        "accounts:password_change",
        "accounts:logout",
        "set_language",
        "api-auth-token",
        # The installable app's files: a worker that cannot update keeps stale pages.
        "pwa-manifest",
        "pwa-service-worker",
    }
)


def _token_requires_password_change(request: HttpRequest) -> bool:
    """DRF authenticates tokens inside the view, after the middleware: look the token up here."""
    scheme, _space, key = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() != "token" or not key.strip():
        return False
    return Token.objects.filter(
        key=key.strip(), user__is_active=True, user__must_change_password=True
    ).exists()


class PasswordChangeRequiredMiddleware:
    """After signing in with a temporary password (set by the org admin), every page sends the
    user to the password change page and the API answers 403 ``password_change_required`` until
    they choose their own. Goes after AuthenticationMiddleware and the session binding."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and match.view_name in PASSWORD_CHANGE_EXEMPT:
            return None
        is_api = request.path.startswith("/api/")
        user = getattr(request, "user", None)
        if isinstance(user, User):
            required = user.must_change_password
        else:
            required = is_api and _token_requires_password_change(request)
        if not required:
            return None
        if is_api:
            return JsonResponse(
                {
                    "code": "password_change_required",
                    "detail": _(
                        "Your password is temporary. Log in on the web and choose your own "
                        "password first."
                    ),
                },
                status=403,
            )
        target = reverse("accounts:password_change")
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(target)
        messages.info(request, _("Choose your own password to continue."))
        return HttpResponseRedirect(target)
