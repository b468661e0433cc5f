"""The installable app: its manifest and service worker, served from the agency's root so the
worker's scope covers every page.

The worker's source is ``spotme_platform/static/js/sw.js``; this view puts in front of it the
list of assets to keep for offline use, by the URLs the pages really use (hashed names in
production), and a version made from their contents. A changed asset therefore changes the
worker's bytes, the browser installs the new worker and the old caches are dropped."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

THEME_COLOUR = "#0b3d91"
BACKGROUND_COLOUR = "#ffffff"
WORKER_SOURCE = "js/sw.js"
ICONS = (
    # (static path, size, purpose)
    ("img/icons/icon-192.png", 192, "any"),
    ("img/icons/icon-512.png", 512, "any"),
    ("img/icons/icon-maskable-512.png", 512, "maskable"),
)
# What the check-in page needs to open with no connection (besides the page itself).
OFFLINE_ASSETS = (
    "css/app.css",
    "css/attendance.css",
    "js/punch.js",
    "js/sw-register.js",
    "django_htmx/htmx-2.min.js",
    "img/logo.svg",
    *(path for path, _size, _purpose in ICONS),
    "img/icons/apple-touch-icon-180.png",
)

_digests: dict[str, tuple[float, str]] = {}


def _source(path: str) -> Path | None:
    found = finders.find(path)
    return Path(found) if isinstance(found, str) else None


def _digest(file: Path) -> str:
    """sha256 of a file, remembered until its modification time changes."""
    mtime = file.stat().st_mtime
    known = _digests.get(str(file))
    if known is None or known[0] != mtime:
        known = (mtime, hashlib.sha256(file.read_bytes()).hexdigest())
        _digests[str(file)] = known
    return known[1]


def _offline_assets() -> list[str]:
    assets = list(OFFLINE_ASSETS)
    if settings.DEBUG:
        # {% htmx_script %} adds django-htmx's debug helper in DEBUG.
        assets.append("django_htmx/django-htmx.js")
    return [path for path in assets if _source(path) is not None]


@require_safe
def manifest_view(request: HttpRequest) -> HttpResponse:
    """The web app manifest, in the visitor's language. Public: the login page links it too."""
    manifest = {
        "id": "/",
        "name": "SPOT-Me",
        "short_name": "SPOT-Me",
        "description": _("Check in and check out, even without a connection."),
        "lang": get_language(),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {
                "src": static(path),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": purpose,
            }
            for path, size, purpose in ICONS
        ],
    }
    response = HttpResponse(
        json.dumps(manifest, ensure_ascii=False, indent=2),
        content_type="application/manifest+json; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def service_worker_view(request: HttpRequest) -> HttpResponse:
    """The service worker at the root of the agency's host, so its scope is the whole app."""
    source = _source(WORKER_SOURCE)
    if source is None:
        raise Http404("service worker source missing")
    assets = _offline_assets()
    version = hashlib.sha256()
    for path in [WORKER_SOURCE, *assets]:
        file = _source(path)
        assert file is not None
        version.update(f"{static(path)}\0{_digest(file)}\0".encode())
    config = {
        "version": version.hexdigest()[:16],
        "precache": [static(path) for path in assets],
        "static": settings.STATIC_URL,
        "home": reverse("home"),
        "logout": reverse("accounts:logout"),
        "icon": static("img/icons/icon-192.png"),
    }
    body = (
        "// Written by tenant_apps/attendance/pwa.py: what to keep for offline use.\n"
        f"self.SPOTME_SW = {json.dumps(config)};\n\n" + source.read_text(encoding="utf-8")
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response
