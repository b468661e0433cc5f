"""A task sent from an agency runs in that agency's schema on a real worker, through real Redis."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.roles import Role
from provisioning.services import agency_user_ensure
from spotme_platform.celery import app
from tenants.models import Agency
from tests.conftest import AGENCY_A, AGENCY_B, PASSWORD
from tests.isolation.celery_probe import schema_probe_task
from tests.support.servers import (
    ROOT,
    child_env,
    redis_server,
    terminate_database_sessions,
)

LOGIN_A = "950505165551"


@pytest.fixture(scope="module")
def worker(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        agency_user_ensure(
            agency=Agency.objects.get(slug=AGENCY_A.slug),
            login_id=LOGIN_A,
            full_name="PEGAWAI CELERY A",
            password=PASSWORD,
            roles=[Role.OFFICER],
        )
        env_base = child_env()
    with redis_server() as redis_url:
        saved = dict(app.conf)
        app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
        process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "celery"),
                "-A",
                "spotme_platform",
                "worker",
                "--include",
                "tests.isolation.celery_probe",
                "--pool",
                "solo",
                "-l",
                "warning",
            ],
            cwd=ROOT,
            env={**env_base, "REDIS_URL": redis_url, "SPOTME_CELERY_EAGER": "0"},
        )
        try:
            ping = app.control.ping(timeout=1)
            for _ in range(60):
                if ping:
                    break
                ping = app.control.ping(timeout=1)
            assert ping, "the Celery worker did not answer"
            yield
        finally:
            process.terminate()
            process.wait(timeout=20)
            app.conf.update(
                broker_url=saved["broker_url"],
                result_backend=saved["result_backend"],
                task_always_eager=saved["task_always_eager"],
            )
            with django_db_blocker.unblock():
                terminate_database_sessions()


@pytest.mark.django_db
def test_task_sent_from_an_agency_runs_in_that_agency(worker: None) -> None:
    with schema_context(Agency.objects.get(slug=AGENCY_A.slug).schema_name):
        result = schema_probe_task.delay(LOGIN_A).get(timeout=30)

    assert result == {"schema": "ag_ujian_a", "sees_login": True}


@pytest.mark.django_db
def test_task_sent_from_another_agency_sees_nothing_of_the_first(worker: None) -> None:
    with schema_context(Agency.objects.get(slug=AGENCY_B.slug).schema_name):
        result = schema_probe_task.delay(LOGIN_A).get(timeout=30)

    assert result == {"schema": "ag_ujian_b", "sees_login": False}


@pytest.mark.django_db
def test_task_sent_from_the_platform_runs_in_public(worker: None) -> None:
    with schema_context(get_public_schema_name()):
        result = schema_probe_task.delay(LOGIN_A).get(timeout=30)

    assert result == {"schema": "public", "sees_login": False}
