"""The installable app: the manifest and the service worker answer on an agency's host, to anyone
(the login page links them too), with the types and headers browsers require; the icons are real
PNGs of the sizes the manifest claims."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import cast

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from PIL import Image

pytestmark = pytest.mark.django_db
STATIC = Path(__file__).resolve().parents[2] / "spotme_platform" / "static"


def test_the_manifest_describes_the_installable_app(client_a: Client) -> None:
    response = client_a.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    assert response["Cache-Control"] == "no-cache"
    manifest = json.loads(response.content)
    assert manifest["name"] == manifest["short_name"] == "SPOT-Me"
    assert manifest["start_url"] == manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0b3d91"
    assert manifest["background_color"] == "#ffffff"
    assert [(i["src"], i["sizes"], i["purpose"]) for i in manifest["icons"]] == [
        ("/static/img/icons/icon-192.png", "192x192", "any"),
        ("/static/img/icons/icon-512.png", "512x512", "any"),
        ("/static/img/icons/icon-maskable-512.png", "512x512", "maskable"),
    ]


def test_the_manifest_speaks_the_visitors_language(client_a: Client) -> None:
    malay = json.loads(client_a.get("/manifest.webmanifest").content)
    client_a.cookies["django_language"] = "en"
    english = json.loads(client_a.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="en").content)

    assert malay["lang"] == "ms"
    assert english["lang"] == "en"
    assert english["description"] == "Check in and check out, even without a connection."


def test_the_service_worker_is_served_at_the_root_scope(client_a: Client) -> None:
    response = client_a.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert body.endswith((STATIC / "js" / "sw.js").read_text())


def test_the_service_worker_keeps_what_the_check_in_page_needs(client_a: Client) -> None:
    body = client_a.get("/sw.js").content.decode()

    config = json.loads(re.search(r"^self\.SPOTME_SW = (.*);$", body, re.MULTILINE)[1])  # type: ignore[index]
    assert set(config["precache"]) >= {
        "/static/css/app.css",
        "/static/js/punch.js",
        "/static/js/sw-register.js",
        "/static/django_htmx/htmx-2.min.js",
        "/static/img/logo.svg",
        "/static/img/icons/icon-192.png",
        "/static/img/icons/icon-512.png",
        "/static/img/icons/icon-maskable-512.png",
    }
    assert all(finders.find(url.removeprefix("/static/")) for url in config["precache"])
    assert re.fullmatch(r"[0-9a-f]{16}", config["version"])
    assert config["home"] == "/"
    assert config["logout"] == "/logout/"


def test_the_service_worker_version_follows_the_assets(
    client_a: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def version() -> str:
        body = client_a.get("/sw.js").content.decode()
        return re.search(r'"version": "([0-9a-f]+)"', body)[1]  # type: ignore[index]

    first = version()
    edited = tmp_path / "app.css"
    edited.write_text("body { color: red; }")
    find = finders.find
    monkeypatch.setattr(
        finders,
        "find",
        lambda path, **options: str(edited) if path == "css/app.css" else find(path, **options),
    )

    assert version() != first


def test_the_app_files_need_no_login(client_a: Client) -> None:
    for path in ("/manifest.webmanifest", "/sw.js"):
        assert client_a.get(path).status_code == 200
        assert client_a.post(path).status_code == 405


@pytest.mark.parametrize(
    ("name", "size"),
    [
        ("icon-192.png", 192),
        ("icon-512.png", 512),
        ("icon-maskable-512.png", 512),
        ("apple-touch-icon-180.png", 180),
    ],
)
def test_the_icons_are_pngs_of_their_size(name: str, size: int) -> None:
    with Image.open(STATIC / "img" / "icons" / name) as image:
        assert image.format == "PNG"
        assert image.size == (size, size)


def test_the_maskable_icon_fills_its_square() -> None:
    # A launcher may crop it to a circle: no transparent corner may show.
    with Image.open(STATIC / "img" / "icons" / "icon-maskable-512.png") as image:
        rgba = image.convert("RGBA")
        corners = [rgba.getpixel(corner) for corner in ((0, 0), (511, 0), (0, 511))]
        assert [cast(tuple[int, ...], pixel)[3] for pixel in corners] == [255] * 3
