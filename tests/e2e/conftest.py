"""Browser tests: the app runs in its own process on the test database, Playwright drives Debian's
chromium. Data for these tests is committed (the server cannot see a test's transaction), so each
fixture makes its data idempotently with logins no other test uses."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.support.servers import (
    child_env,
    free_port,
    python,
    terminate_database_sessions,
)

ROOT = Path(__file__).resolve().parents[2]
# Playwright's sync API keeps an event loop in the test thread; the tests' own database work (the
# rolled-back transaction around each test) is still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def live_url(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """Base URL pattern ``http://{host}:PORT`` of a real server process on the test database."""
    with django_db_blocker.unblock():
        env = child_env()
    port = free_port()
    (ROOT / ".data").mkdir(exist_ok=True)
    log = open(ROOT / ".data" / "e2e-server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [python(), "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(
                    "test server did not start: " + (ROOT / ".data/e2e-server.log").read_text()
                ) from None
            time.sleep(0.2)
    yield f"http://{{host}}:{port}"
    server.terminate()
    server.wait(timeout=10)
    log.close()
    with django_db_blocker.unblock():
        terminate_database_sessions()


@pytest.fixture(scope="session")
def browser(live_url: str, e2e_people: dict[str, str]) -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread, after which Django refuses database
    # calls here: so the server and the committed data come first.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A phone-sized page in a fresh context (no cookies)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def url(live_url: str, host: str, path: str = "/") -> str:
    return live_url.format(host=host) + path


@pytest.fixture(scope="session")
def e2e_people(django_db_setup: None, django_db_blocker: Any) -> dict[str, str]:
    """Committed users for the browser tests. Returns login IDs (as typed) by name."""
    from accounts.roles import Role
    from provisioning.services import agency_user_ensure, operator_ensure
    from tenants.models import Agency
    from tests.conftest import AGENCY_A, AGENCY_B, PASSWORD

    people = [
        ("a", AGENCY_A.slug, "930303-16-5557", "PENYELIA PELAYAR A", [Role.SUPERVISOR]),
        ("b", AGENCY_B.slug, "940404-03-5559", "PEGAWAI PELAYAR B", []),
        ("password_changer", AGENCY_A.slug, "960606-16-5552", "PEGAWAI TUKAR KATA", []),
    ]
    with django_db_blocker.unblock():
        for _, slug, mykad, name, extra_roles in people:
            agency_user_ensure(
                agency=Agency.objects.get(slug=slug),
                login_id=mykad.replace("-", ""),
                full_name=name,
                password=PASSWORD,
                roles=[Role.OFFICER, *extra_roles],
            )
        operator_ensure(login_id="720202145553", full_name="OPERATOR PELAYAR", password=PASSWORD)
    return {key: mykad for key, _, mykad, _, _ in people} | {"operator": "720202-14-5553"}


@pytest.fixture(scope="session")
def platform_host() -> str:
    return settings.SPOTME_DOMAIN
