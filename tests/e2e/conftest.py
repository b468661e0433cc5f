"""Browser tests: the app runs in its own process on the test database, Playwright drives Debian's
chromium. Data for these tests is committed (the server cannot see a test's transaction), so each
fixture makes its data idempotently with logins no other test uses."""

from __future__ import annotations

import os
import shutil
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
    redis_server,
    terminate_database_sessions,
)

ROOT = Path(__file__).resolve().parents[2]
# Playwright's sync API keeps an event loop in the test thread; the tests' own database work (the
# rolled-back transaction around each test) is still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = "/usr/bin/chromium"


MAIL_DIR = ROOT / ".data" / "e2e-mail"


def _lifecycle_spec() -> Any:
    from provisioning.services import AgencySpec

    return AgencySpec(
        slug="e2e-kitar", name="Agensi Kitaran Hayat", short_name="AKH", state_code="05"
    )


@pytest.fixture(scope="session")
def live_url(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """Base URL pattern ``http://{host}:PORT`` of a real server process on the test database, with
    a real Celery worker beside it (on the configured Redis or a private one). Both write e-mails
    as files in MAIL_DIR, where the tests read invitation links."""
    port = free_port()
    shutil.rmtree(MAIL_DIR, ignore_errors=True)
    MAIL_DIR.mkdir(parents=True)
    with redis_server() as redis_url, django_db_blocker.unblock():
        env = child_env(
            REDIS_URL=redis_url,
            SPOTME_EMAIL_FILE_PATH=str(MAIL_DIR),
            SPOTME_URL_PORT=str(port),
            # The first attempt of a provisioning's calendar step fails, so the browser test can
            # prove that the console retries it and provisioning resumes.
            SPOTME_PROVISIONING_FAULTS="calendar:1",
        )
        log = open(ROOT / ".data" / "e2e-server.log", "w")  # noqa: SIM115 - closed below
        server = subprocess.Popen(
            [python(), "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        worker = subprocess.Popen(
            [
                *(str(ROOT / ".venv" / "bin" / "celery"), "-A", "spotme_platform", "worker"),
                *("--pool", "solo", "-l", "info", "-n", f"e2e-{port}@%h"),
            ],
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
                    worker.kill()
                    raise RuntimeError(
                        "test server did not start: " + (ROOT / ".data/e2e-server.log").read_text()
                    ) from None
                time.sleep(0.2)
        yield f"http://{{host}}:{port}"
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            process.wait(timeout=20)
        log.close()
        terminate_database_sessions()


def mails_to(address: str) -> list[str]:
    """The e-mails written so far to one address (raw text, decoded)."""
    from email import message_from_string
    from email.message import Message

    found = []
    for path in sorted(MAIL_DIR.glob("*.log")):
        for raw in path.read_text().split("-" * 79):
            if not raw.strip():
                continue
            message: Message = message_from_string(raw.strip())
            if address in (message.get("To") or "") + (message.get("Cc") or ""):
                payload = message.get_payload(decode=True)
                text = payload.decode() if isinstance(payload, bytes) else str(payload)
                found.append(f"{message.get('Subject')}\n{text}")
    return found


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
    from provisioning.services import agency_create, agency_user_ensure, operator_ensure
    from tenants.models import Agency
    from tests.conftest import AGENCY_A, AGENCY_B, PASSWORD

    people = [
        ("a", AGENCY_A.slug, "930303-16-5557", "PENYELIA PELAYAR A", [Role.SUPERVISOR]),
        ("b", AGENCY_B.slug, "940404-03-5559", "PEGAWAI PELAYAR B", []),
        ("password_changer", AGENCY_A.slug, "960606-16-5552", "PEGAWAI TUKAR KATA", []),
        ("admin_a", AGENCY_A.slug, "700707-16-5553", "PENTADBIR PELAYAR A", [Role.ORG_ADMIN]),
        ("admin_b", AGENCY_B.slug, "710707-03-5555", "PENTADBIR PELAYAR B", [Role.ORG_ADMIN]),
        ("exec_a", AGENCY_A.slug, "720707-16-5557", "EKSEKUTIF PELAYAR A", [Role.EXECUTIVE]),
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
        # An agency of its own for the lifecycle test (suspend, resume, export, archive, purge).
        lifecycle = agency_create(spec=_lifecycle_spec())
        agency_user_ensure(
            agency=lifecycle,
            login_id="910101055013",
            full_name="PEGAWAI KITARAN",
            password=PASSWORD,
            roles=[Role.OFFICER],
        )
    return {key: mykad for key, _, mykad, _, _ in people} | {"operator": "720202-14-5553"}


@pytest.fixture(scope="session")
def platform_host() -> str:
    return settings.SPOTME_DOMAIN
