"""What the interfaces (pages, API) pass to services about the client."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.services import ClientInfo


def client_info(request: HttpRequest) -> ClientInfo:
    return ClientInfo(
        ip_address=request.META.get("REMOTE_ADDR"),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
