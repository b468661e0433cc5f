"""The same event id sent twice at the same moment from two threads (a phone retrying while the
first request is still open): one punch is stored, both answers carry it. The officer must be
committed, since each thread has its own database connection; the fixture makes it once."""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context
from rest_framework.authtoken.models import Token

from tenant_apps.attendance.models import AttendanceEvent
from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.people.officer_services import OfficerData, officer_create
from tenants.models import Agency
from tests.attendance.support import OFFICE, post_punch, punch_body
from tests.conftest import AGENCY_A, host_of

LOGIN = "860606165019"  # committed: used by no other test

# The officer is committed (other tests counting agency A's officers would see it): run late.
pytestmark = pytest.mark.commits_data


@pytest.fixture(scope="module")
def committed_officer(django_db_setup: None, django_db_blocker: Any) -> tuple[str, str]:
    """(agency host, API token) of a committed officer of agency A."""
    with django_db_blocker.unblock():
        agency = Agency.objects.get(slug=AGENCY_A.slug)
        with schema_context(agency.schema_name):
            officer = Officer.objects.filter(user__login_id=LOGIN).first()
            if officer is None:
                officer = officer_create(
                    data=OfficerData(LOGIN, "PEGAWAI SERENTAK", OrgUnit.objects.get(parent=None)),
                    actor=None,
                )
            token, _ = Token.objects.get_or_create(user=officer.user)
            return host_of(agency), token.key


def test_two_threads_with_one_event_id_store_one_punch(
    committed_officer: tuple[str, str], db: None
) -> None:
    host, token = committed_officer
    body = punch_body("in", OFFICE)
    event_id = uuid.UUID(json.loads(body)["event_id"])
    barrier = threading.Barrier(2)
    answers: list[tuple[int, dict[str, Any]]] = []

    def send() -> None:
        client = Client(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Token {token}")
        barrier.wait()
        try:
            answer = post_punch(client, body)
            answers.append((answer.status_code, answer.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(status for status, _ in answers) == [200, 201]
    assert answers[0][1]["punch"] == answers[1][1]["punch"]
    assert answers[0][1]["punch"]["source"] == "api"
    agency = Agency.objects.get(slug=AGENCY_A.slug)
    with schema_context(agency.schema_name):
        assert AttendanceEvent.objects.filter(event_id=event_id).count() == 1


def test_a_token_of_agency_a_is_refused_on_agency_b(
    committed_officer: tuple[str, str], agency_b: Agency
) -> None:
    _, token = committed_officer
    client = Client(HTTP_HOST=host_of(agency_b), HTTP_AUTHORIZATION=f"Token {token}")
    answer = post_punch(client, punch_body("in", OFFICE))
    assert answer.status_code == 401
    assert client.get("/api/v1/attendance/punches").status_code == 401
    with schema_context(agency_b.schema_name):
        assert not AttendanceEvent.objects.exists()
