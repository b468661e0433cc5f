"""The kiosk punch API (POST /api/v1/kiosk/punches, scope punches:write): a kiosk records an
officer's punch by id or MyKad with source ``api``, once per event id; the agency's own refusals
(no position, inactive officer) come back as 400 with their code; an unknown officer is 404; a
key without the scope, or of another agency, records nothing."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.attendance.selectors import attendance_settings
from tenant_apps.people.models import Officer
from tenant_apps.people.officer_services import OfficerData, officer_create
from tenants.models import Agency
from tests.attendance.support import World, build_world
from tests.integrations.api_support import api_post, calls_of, make_key

PATH = "/api/v1/kiosk/punches"


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


@pytest.fixture
def kiosk(world: World, agency_a: Agency) -> str:
    return make_key(agency_a, world.admin, ["punches:write"], name="Kiosk Lobi")[1]


def _events(agency: Agency) -> list[AttendanceEvent]:
    with schema_context(agency.schema_name):
        return list(AttendanceEvent.objects.order_by("id"))


def _body(**values: Any) -> dict[str, Any]:
    return {"kind": "in", "event_id": str(uuid.uuid4()), **values}


def test_a_kiosk_records_a_punch_once_per_event_id(
    world: World, agency_a: Agency, kiosk: str
) -> None:
    body = _body(officer=world.officer.pk, device_time=timezone.now().isoformat())
    answer = api_post(agency_a, PATH, kiosk, body)
    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert data["created"] is True
    assert data["punch"]["event_id"] == body["event_id"]
    assert (data["punch"]["officer"], data["punch"]["kind"]) == (world.officer.pk, "in")
    assert data["punch"]["source"] == "api"
    assert "no_position" in data["punch"]["flags"]
    assert data["day"]["check_in"] is not None, "the day is judged again"

    again = api_post(agency_a, PATH, kiosk, body)
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert again.json()["punch"]["event_id"] == body["event_id"]
    [event] = _events(agency_a)
    assert event.source == "api"
    assert event.officer_id == world.officer.pk
    with schema_context(agency_a.schema_name):
        assert AttendanceDay.objects.get(officer=world.officer).check_in is not None


def test_a_kiosk_may_name_the_officer_by_mykad(world: World, agency_a: Agency, kiosk: str) -> None:
    answer = api_post(agency_a, PATH, kiosk, _body(mykad="880303-16-5013", kind="out"))
    assert answer.status_code == 201, answer.content
    assert answer.json()["punch"]["officer"] == world.officer.pk
    assert answer.json()["punch"]["kind"] == "out"


@pytest.mark.parametrize(
    ("values", "status", "code"),
    [
        ({"officer": 999_999_999}, 404, "officer_unknown"),
        ({"mykad": "010101-01-0101"}, 404, "officer_unknown"),
        ({}, 400, "officer_required"),
        ({"officer": "self", "mykad": None}, 400, "invalid"),
        ({"mykad": "8803031650!3"}, 400, "mykad_invalid"),
        ({"officer": 0}, 400, "min_value"),
        ({"kind": "lunch", "officer": 1}, 400, "invalid_choice"),
        ({"event_id": "not-a-uuid", "officer": 1}, 400, "invalid"),
        ({"device_time": "noon", "officer": 1}, 400, "invalid"),
        (
            {"device_time": "9999-12-31T23:00:00+08:00", "officer": 1},
            400,
            "device_time_out_of_range",
        ),
        ({"device_time": "0001-01-01T00:00:00+08:00", "officer": 1}, 400, "overflow"),
    ],
)
def test_bad_kiosk_input_is_refused_and_nothing_is_kept(
    world: World, agency_a: Agency, kiosk: str, values: dict[str, Any], status: int, code: str
) -> None:
    answer = api_post(agency_a, PATH, kiosk, _body(**values))
    assert answer.status_code == status, answer.content
    assert answer.json()["code"] == code
    assert answer.json()["detail"]
    assert _events(agency_a) == []


def test_naming_the_officer_twice_is_refused(world: World, agency_a: Agency, kiosk: str) -> None:
    answer = api_post(agency_a, PATH, kiosk, _body(officer=world.officer.pk, mykad="880303165013"))
    assert answer.status_code == 400
    assert answer.json()["code"] == "officer_ambiguous"


def test_the_agency_rules_refuse_with_their_code(
    world: World, agency_a: Agency, kiosk: str
) -> None:
    with schema_context(agency_a.schema_name):
        rules = attendance_settings()
        rules.accept_without_position = False
        rules.save()
    answer = api_post(agency_a, PATH, kiosk, _body(officer=world.officer.pk))
    assert answer.status_code == 400
    assert answer.json()["code"] == "position_required"
    assert "location" in answer.json()["detail"]

    with schema_context(agency_a.schema_name):
        rules.accept_without_position = True
        rules.save()
        Officer.objects.filter(pk=world.outsider.pk).update(status=Officer.Status.INACTIVE)
    inactive = api_post(agency_a, PATH, kiosk, _body(officer=world.outsider.pk))
    assert inactive.status_code == 400
    assert inactive.json()["code"] == "officer_inactive"
    assert _events(agency_a) == []

    # An event id already used for another officer's punch.
    body = _body(officer=world.officer.pk)
    assert api_post(agency_a, PATH, kiosk, body).status_code == 201
    taken = api_post(agency_a, PATH, kiosk, {**body, "officer": world.supervisor.pk})
    assert taken.status_code == 400
    assert taken.json()["code"] == "event_id_taken"
    assert len(_events(agency_a)) == 1


def test_a_key_without_the_write_scope_records_nothing(world: World, agency_a: Agency) -> None:
    key, reader = make_key(agency_a, world.admin, ["people:read", "attendance:read"])
    answer = api_post(agency_a, PATH, reader, _body(officer=world.officer.pk))
    assert answer.status_code == 403
    assert answer.json()["code"] == "scope_missing"
    assert "punches:write" in answer.json()["detail"]
    assert _events(agency_a) == []
    assert calls_of(agency_a, key) == [("POST", PATH, 403)]


def test_a_kiosk_of_agency_a_records_nothing_on_agency_b(
    world: World, agency_a: Agency, agency_b: Agency, kiosk: str
) -> None:
    with schema_context(agency_b.schema_name):
        world_b = build_world(agency_b)
    _key_b, kiosk_b = make_key(agency_b, world_b.admin, ["punches:write"])
    refused = api_post(agency_b, PATH, kiosk, _body(officer=world_b.officer.pk))
    assert refused.status_code == 401
    assert refused.json()["code"] == "key_invalid"
    # B's kiosk cannot reach an officer of A: A's people are not in B's schema.
    with schema_context(agency_a.schema_name):
        only_in_a = officer_create(
            data=OfficerData(
                login_id="850505145017",
                full_name="PEGAWAI A SAHAJA",
                org_unit=world.officer.org_unit,
            ),
            actor=None,
        )
    with schema_context(agency_b.schema_name):
        assert not Officer.objects.filter(user__login_id="850505145017").exists()
    by_mykad = api_post(agency_b, PATH, kiosk_b, _body(mykad="850505-14-5017"))
    assert by_mykad.status_code == 404
    assert by_mykad.json()["code"] == "officer_unknown"
    with schema_context(agency_b.schema_name):
        assert not AttendanceEvent.objects.exists()
    assert _events(agency_a) == []
    assert only_in_a.pk


def test_kiosk_calls_are_logged(world: World, agency_a: Agency) -> None:
    key, raw = make_key(agency_a, world.admin, ["punches:write"])
    api_post(agency_a, PATH, raw, _body(officer=world.officer.pk))
    api_post(agency_a, PATH, raw, _body())
    assert calls_of(agency_a, key) == [("POST", PATH, 201), ("POST", PATH, 400)]
