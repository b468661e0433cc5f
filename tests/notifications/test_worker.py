"""A real Celery worker, through real Redis, delivers a notification's e-mail.

The worker is another process, so the data is committed (it cannot see a test's transaction):
a module fixture commits through ``django_db_blocker.unblock()`` with a login ID no other test
uses, and removes its notification afterwards. The worker listens on a queue of its own, so
another worker on the same Redis never takes these tasks."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from email import message_from_string
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import Role
from provisioning.services import agency_user_ensure
from tenant_apps.notifications.models import Kind, Notification
from tenant_apps.notifications.tasks import notification_email_send
from tenants.models import Agency
from tests.conftest import AGENCY_A, PASSWORD, host_of
from tests.notifications.conftest import OUTSIDE_EN, OUTSIDE_MS
from tests.support.servers import celery_worker, child_env, terminate_database_sessions

LOGIN = "791122106301"
EMAIL = "penyelia.celery@agensi-a.gov.my"


@pytest.fixture(scope="module")
def mail_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="spotme-notif-mail-") as folder:
        yield Path(folder)


@pytest.fixture(scope="module")
def worker(django_db_setup: None, django_db_blocker: Any, mail_dir: Path) -> Iterator[None]:
    with django_db_blocker.unblock():
        env_base = child_env(SPOTME_EMAIL_FILE_PATH=str(mail_dir))
    with celery_worker(prefix="notifications-test", env=env_base):
        yield
    with django_db_blocker.unblock():
        terminate_database_sessions()


def _mails_to(folder: Path, address: str) -> list[Message]:
    found = []
    for path in sorted(folder.glob("*.log")):
        for raw in path.read_text().split("-" * 79):
            message = message_from_string(raw.strip())
            if raw.strip() and address in (message.get("To") or ""):
                found.append(message)
    return found


@pytest.fixture(scope="module")
def committed_notification(worker: None, django_db_blocker: Any) -> Iterator[int]:
    """A notification committed in agency A for a person with an e-mail address."""
    with django_db_blocker.unblock():
        agency = Agency.objects.get(slug=AGENCY_A.slug)
        user = agency_user_ensure(
            agency=agency,
            login_id=LOGIN,
            full_name="PENYELIA CELERY",
            password=PASSWORD,
            roles=[Role.OFFICER, Role.SUPERVISOR],
        )
        with schema_context(agency.schema_name):
            User.objects.filter(pk=user.pk).update(email=EMAIL)
            notification = Notification.objects.create(
                recipient=user,
                kind=Kind.PUNCH_OUTSIDE,
                text_ms=OUTSIDE_MS,
                text_en=OUTSIDE_EN,
                link="/attendance/",
            )
    yield notification.pk
    with django_db_blocker.unblock(), schema_context(agency.schema_name):
        Notification.objects.filter(recipient__login_id=LOGIN).delete()


@pytest.mark.django_db
def test_a_real_worker_sends_the_email_in_the_agency_it_was_sent_from(
    committed_notification: int, mail_dir: Path
) -> None:
    agency = Agency.objects.get(slug=AGENCY_A.slug)
    with schema_context(agency.schema_name):
        result = notification_email_send.delay(committed_notification)

        sent_now = result.get(timeout=30)
        emailed_at = (
            Notification.objects.filter(pk=committed_notification)
            .values_list("emailed_at", flat=True)
            .get()
        )

    assert sent_now is True
    assert emailed_at is not None  # written by the worker, in agency A's schema
    [message] = _mails_to(mail_dir, EMAIL)
    assert message["Content-Transfer-Encoding"] == "8bit"
    body = message.get_payload()
    assert isinstance(body, str)
    assert OUTSIDE_MS in body
    assert f"://{host_of(agency)}/attendance/" in body
    assert OUTSIDE_MS in str(message["Subject"]).replace("\n", "")  # unfolded
