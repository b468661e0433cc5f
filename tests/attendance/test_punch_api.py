"""The punch API: inside and outside the geofence, once per event id, bad input refused with a
clear error and nothing kept, offline punches inside and past the agency's window, and the
evidence flags that never refuse a punch."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.attendance.selectors import attendance_settings
from tenant_apps.attendance.services import PunchInput, punch_record
from tenant_apps.movements.models import Movement
from tenant_apps.notifications.models import Notification
from tenant_apps.worktime.engine import MALAYSIA
from tenants.models import Agency
from tests.attendance.support import (
    FAR,
    OFFICE,
    World,
    build_world,
    client_for,
    post_punch,
    punch_body,
)


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


def events(agency: Agency, **filters: Any) -> list[AttendanceEvent]:
    with schema_context(agency.schema_name):
        return list(AttendanceEvent.objects.filter(**filters))


def test_a_check_in_inside_the_office_is_recorded_and_judged(
    world: World, agency_a: Agency
) -> None:
    client = client_for(agency_a, "officer")
    answer = post_punch(client, punch_body("in", OFFICE))
    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert data["punch"]["place"] == "office"
    assert data["punch"]["distance_m"] == 0.0
    assert data["punch"]["flags"] == []
    assert data["day"]["check_in"] is not None
    assert data["day"]["reasons"], "the day carries the engine's reasons"
    assert "Daftar masuk" in data["message"] or "Checked in" in data["message"]
    [event] = events(agency_a, officer=world.officer)
    assert event.source == "web"
    assert event.ip == "127.0.0.1"
    with schema_context(agency_a.schema_name):
        day = AttendanceDay.objects.get(officer=world.officer)
    assert day.check_in == event.claimed_at


def test_the_same_event_id_twice_returns_the_first_result_and_stores_nothing_new(
    world: World, agency_a: Agency
) -> None:
    client = client_for(agency_a, "officer")
    body = punch_body("in", OFFICE)
    first = post_punch(client, body)
    again = post_punch(client, body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["punch"] == first.json()["punch"]
    assert len(events(agency_a, officer=world.officer)) == 1


def test_a_punch_outside_every_geofence_is_kept_marked_external_and_told_to_the_supervisor(
    world: World,
    agency_a: Agency,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    client = client_for(agency_a, "officer")
    with django_capture_on_commit_callbacks(execute=True):
        answer = post_punch(client, punch_body("in", FAR))
    assert answer.status_code == 201
    data = answer.json()
    assert data["punch"]["place"] == "outside"
    assert data["punch"]["distance_m"] > 4000
    with schema_context(agency_a.schema_name):
        [note] = Notification.objects.filter(recipient=world.supervisor.user)
    assert note.text_ms == "MARLIANA BINTI RAMLI telah mendaftar masuk dari luar kawasan pejabat."
    assert note.text_en == "MARLIANA BINTI RAMLI checked in from outside the office area."


WEDNESDAY_10AM = datetime(2026, 11, 25, 10, 0, tzinfo=MALAYSIA)


def _far_punch() -> PunchInput:
    return PunchInput(kind="in", event_id=uuid.uuid4(), latitude=FAR[0], longitude=FAR[1])


def test_outside_the_office_on_a_working_day_is_external_unless_a_movement_covers_it(
    world: World,
    agency_a: Agency,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with schema_context(agency_a.schema_name), django_capture_on_commit_callbacks(execute=True):
        uncovered = punch_record(officer=world.officer, data=_far_punch(), now=WEDNESDAY_10AM)
        Movement.objects.create(
            officer=world.officer,
            purpose="Mesyuarat di kementerian",
            place="Putrajaya",
            starts_at=WEDNESDAY_10AM,
            ends_at=WEDNESDAY_10AM + timedelta(hours=2),
        )
        covered = punch_record(
            officer=world.officer,
            data=_far_punch(),
            now=WEDNESDAY_10AM + timedelta(minutes=30),
        )
    with schema_context(agency_a.schema_name):
        notified = Notification.objects.filter(recipient=world.supervisor.user).count()
    assert "EXTERNAL" in uncovered.day.categories
    assert uncovered.day.status == "PRESENT"
    assert "EXTERNAL" not in covered.day.categories
    # Only the uncovered punch was told to the supervisor.
    assert notified == 1


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('{"latitude": 91, "longitude": 101.7}', "latitude"),
        ('{"latitude": 2.9, "longitude": -181}', "longitude"),
        ('{"latitude": "NaN", "longitude": 101.7}', "latitude"),
        ('{"latitude": "dua", "longitude": 101.7}', "latitude"),
        ('{"latitude": 2.9, "longitude": "Infinity"}', "longitude"),
        ('{"accuracy": -5}', "accuracy"),
        ('{"kind": "sideways"}', "kind"),
        ('{"event_id": "not-a-uuid"}', "event_id"),
    ],
)
def test_malformed_input_is_refused_with_a_clear_error_and_nothing_is_kept(
    world: World, agency_a: Agency, raw: str, field: str
) -> None:
    base = {"event_id": str(uuid.uuid4()), "kind": "in"}
    body = json.dumps(base)[:-1] + ", " + raw[1:]
    answer = post_punch(client_for(agency_a, "officer"), body)
    assert answer.status_code == 400, answer.content
    error = answer.json()
    assert field in error["fields"]
    assert error["detail"]
    assert events(agency_a, officer=world.officer) == []


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_non_json_numbers_are_refused_as_a_parse_error(
    world: World, agency_a: Agency, literal: str
) -> None:
    body = f'{{"event_id": "{uuid.uuid4()}", "kind": "in", "latitude": {literal}}}'
    answer = post_punch(client_for(agency_a, "officer"), body)
    assert answer.status_code == 400
    assert answer.json()["code"] == "parse_error"
    assert literal.lstrip("-") in answer.json()["detail"]
    assert events(agency_a, officer=world.officer) == []


def test_half_a_position_is_refused(world: World, agency_a: Agency) -> None:
    body = json.dumps({"event_id": str(uuid.uuid4()), "kind": "in", "latitude": 2.9})
    answer = post_punch(client_for(agency_a, "officer"), body)
    assert answer.status_code == 400
    assert answer.json()["code"] == "position_partial"


def test_a_punch_without_a_position_is_accepted_and_flagged_by_default(
    world: World, agency_a: Agency
) -> None:
    answer = post_punch(
        client_for(agency_a, "officer"), punch_body("in", None, position_error="denied")
    )
    assert answer.status_code == 201
    assert answer.json()["punch"]["flags"] == ["no_position"]
    assert answer.json()["punch"]["place"] == "outside"


def test_an_agency_may_require_a_position(world: World, agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        settings = attendance_settings()
        settings.accept_without_position = False
        settings.save()
    answer = post_punch(client_for(agency_a, "officer"), punch_body("in", None))
    assert answer.status_code == 400
    assert answer.json()["code"] == "position_required"
    assert "lokasi" in answer.json()["detail"] or "location" in answer.json()["detail"]
    assert events(agency_a, officer=world.officer) == []


def test_an_offline_punch_keeps_its_device_time_and_is_marked_offline(
    world: World, agency_a: Agency
) -> None:
    made = timezone.now() - timedelta(hours=2)
    answer = post_punch(
        client_for(agency_a, "officer"),
        punch_body(
            "in",
            OFFICE,
            offline=True,
            device_time=made.isoformat(),
            sent_at=timezone.now().isoformat(),
        ),
    )
    assert answer.status_code == 201, answer.content
    [event] = events(agency_a, officer=world.officer)
    assert event.source == "offline"
    assert abs((event.claimed_at - made).total_seconds()) < 1
    assert event.recorded_at > event.claimed_at
    assert "offline" in event.flags
    assert "clock_skew" not in event.flags


def test_an_offline_punch_from_a_skewed_clock_is_flagged(world: World, agency_a: Agency) -> None:
    skew = timedelta(minutes=40)
    answer = post_punch(
        client_for(agency_a, "officer"),
        punch_body(
            "in",
            OFFICE,
            offline=True,
            device_time=(timezone.now() - timedelta(hours=1) + skew).isoformat(),
            sent_at=(timezone.now() + skew).isoformat(),
        ),
    )
    assert answer.status_code == 201
    assert "clock_skew" in answer.json()["punch"]["flags"]


def test_an_offline_punch_older_than_the_window_is_refused_and_kept_nowhere(
    world: World, agency_a: Agency
) -> None:
    answer = post_punch(
        client_for(agency_a, "officer"),
        punch_body(
            "in",
            OFFICE,
            offline=True,
            device_time=(timezone.now() - timedelta(hours=13)).isoformat(),
            sent_at=timezone.now().isoformat(),
        ),
    )
    assert answer.status_code == 400
    assert answer.json()["code"] == "offline_too_old"
    assert "12" in answer.json()["detail"]
    assert events(agency_a, officer=world.officer) == []
    with schema_context(agency_a.schema_name):
        assert not AttendanceDay.objects.filter(officer=world.officer).exists()


def test_evidence_flags_never_refuse_a_punch(world: World, agency_a: Agency) -> None:
    client = client_for(agency_a, "officer")
    first = post_punch(client, punch_body("in", FAR, accuracy=900))
    assert first.status_code == 201
    assert "poor_accuracy" in first.json()["punch"]["flags"]
    # 5 km a second later: nobody travels that fast.
    second = post_punch(client, punch_body("out", OFFICE))
    assert second.status_code == 201
    assert "impossible_travel" in second.json()["punch"]["flags"]


def test_identical_coordinates_again_and_again_are_flagged(world: World, agency_a: Agency) -> None:
    client = client_for(agency_a, "officer")
    spot = (2.926401, 101.696402)
    answers = [post_punch(client, punch_body("in", spot)) for _ in range(6)]
    assert all(answer.status_code == 201 for answer in answers)
    assert "repeated_coordinates" not in answers[4].json()["punch"]["flags"]
    assert "repeated_coordinates" in answers[5].json()["punch"]["flags"]


def test_a_punch_cannot_be_edited_or_deleted_through_the_api(
    world: World, agency_a: Agency
) -> None:
    client = client_for(agency_a, "officer")
    assert post_punch(client, punch_body()).status_code == 201
    for method in (client.put, client.patch, client.delete):
        assert method("/api/v1/attendance/punches").status_code == 405
    assert len(events(agency_a, officer=world.officer)) == 1


def test_the_month_list_and_today(world: World, agency_a: Agency) -> None:
    client = client_for(agency_a, "officer")
    post_punch(client, punch_body())
    month = timezone.localdate().strftime("%Y-%m")
    listed = client.get(f"/api/v1/attendance/punches?month={month}")
    assert listed.status_code == 200
    assert len(listed.json()["results"]) == 1
    assert client.get("/api/v1/attendance/punches?month=2026-13").status_code == 400
    today = client.get("/api/v1/attendance/today")
    assert today.json()["day"]["check_in"] is not None


def test_a_user_without_an_officer_record_gets_a_clear_404(world: World, agency_a: Agency) -> None:
    from django.test import Client

    from tests.attendance.support import LOGINS
    from tests.conftest import PASSWORD, host_of

    client = Client(HTTP_HOST=host_of(agency_a))
    client.post("/login/", {"mykad": LOGINS["admin"], "password": PASSWORD})
    answer = post_punch(client, punch_body())
    assert answer.status_code == 404
    assert answer.json()["detail"]
