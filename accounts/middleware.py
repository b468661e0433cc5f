"""Binds a session to the schema it was made in. Sessions already live in each schema's own table,
so a cookie of agency A names no session on agency B; this is the second lock on that door."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

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
