"""Absolute links for e-mails: the platform's scheme and (in development) port."""

from __future__ import annotations

from django.conf import settings


def _origin(host: str) -> str:
    port = settings.SPOTME_URL_PORT
    return f"{settings.SPOTME_URL_SCHEME}://{host}{':' + port if port else ''}"


def agency_url(slug: str, path: str = "/") -> str:
    return _origin(f"{slug}.{settings.SPOTME_DOMAIN}") + path


def platform_url(path: str = "/") -> str:
    return _origin(settings.SPOTME_DOMAIN) + path
