"""Login lockout (django-axes): after repeated failures for one MyKad from one address, sign-ins
for that pair wait. Locking by MyKad alone would let anyone who knows an officer's MyKad (it is not
secret) lock them out at 07:30; by address alone would lock a whole office behind one NAT."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.backends import normalize_login_id


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The login ID that failures are counted against, normalized as the login itself does."""
    credentials = credentials or {}
    raw = credentials.get("login_id") or credentials.get("username") or ""
    if not raw and request.method == "POST":
        raw = request.POST.get("mykad", "")
    return normalize_login_id(str(raw)) if raw else ""


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed sign-ins for this MyKad number. Try again in %(minutes)d minutes "
        "or ask your organisation administrator to reset your password."
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    message = lockout_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "locked_out", "detail": message}, status=429)
    return render(request, "accounts/locked_out.html", {"message": message}, status=429)
