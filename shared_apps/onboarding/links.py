"""Absolute addresses for e-mails and pages: the platform's own and an agency's."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def _origin(host: str) -> str:
    port = f":{settings.SPOTME_URL_PORT}" if settings.SPOTME_URL_PORT else ""
    return f"{settings.SPOTME_URL_SCHEME}://{host}{port}"


def agency_address(slug: str) -> str:
    """``https://<slug>.<platform domain>`` (with the port in development)."""
    return _origin(f"{slug}.{settings.SPOTME_DOMAIN}")


def agency_host(slug: str) -> str:
    return f"{slug}.{settings.SPOTME_DOMAIN}"


def platform_url(name: str, *, query: str = "") -> str:
    """An absolute URL on the platform domain. Reversed against the public urlconf explicitly: a
    Celery task has no request, and the default urlconf is the agencies' one."""
    path = reverse(name, urlconf=settings.PUBLIC_SCHEMA_URLCONF)
    return _origin(settings.SPOTME_DOMAIN) + path + (f"?{query}" if query else "")
