"""The read API (/api/v1/data/...): each endpoint gives its rows (never a full MyKad), a cursor walk
sees every row once even when rows share a change time, ``updated_since`` and the filters narrow
the rows and refuse bad values by name, a key without the scope is refused, agency A's key means
nothing on agency B's host, every call with a key is logged (refused ones too) and a key over its
rate limit is told when to come back."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.attendance.services import PunchInput, punch_record
from tenant_apps.attendance_issues.models import AttendanceIssue
from tenant_apps.movements.models import Movement
from tenant_apps.people.models import Officer, OrgUnit
from tenants.models import Agency
from tests.attendance.support import LOGINS, OFFICE, World, build_world, client_for
from tests.conftest import host_of
from tests.integrations.api_support import api_get, calls_of, make_key, walk

ENDPOINTS = ["officers", "org-units", "punches", "days", "issues", "movements"]


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    with schema_context(agency_a.schema_name):
        world = build_world(agency_a)
        for kind in ("in", "out"):
            punch_record(
                officer=world.officer,
                data=PunchInput(
                    kind=kind,
                    event_id=uuid.uuid4(),
                    latitude=OFFICE[0],
                    longitude=OFFICE[1],
                    accuracy_m=10.0,
                ),
            )
        today = timezone.localdate()
        AttendanceIssue.objects.create(
            officer=world.officer,
            day=today,
            category=AttendanceIssue.Category.LATE_IN,
            deadline=today + timedelta(days=7),
            explanation="Jalan sesak",
        )
        now = timezone.now()
        Movement.objects.create(
            officer=world.outsider,
            purpose="Mesyuarat",
            place="Kementerian",
            starts_at=now + timedelta(hours=1),
            ends_at=now + timedelta(hours=3),
        )
        yield world


@pytest.fixture
def reader(world: World, agency_a: Agency) -> str:
    return make_key(agency_a, world.admin)[1]


def test_each_endpoint_gives_its_rows(world: World, agency_a: Agency, reader: str) -> None:
    officers = walk(agency_a, "/api/v1/data/officers", reader)
    mine = next(row for row in officers if row["id"] == world.officer.pk)
    assert mine["full_name"] == "MARLIANA BINTI RAMLI"
    assert mine["mykad_masked"] == "880303-**-**13"
    assert mine["supervisor"] == world.supervisor.pk
    assert mine["unit"] == world.officer.org_unit_id
    assert mine["status"] == "active"
    assert set(mine) == {
        *("id", "full_name", "mykad_masked", "unit", "position", "grade", "status"),
        *("supervisor", "updated_at"),
    }
    body = api_get(agency_a, "/api/v1/data/officers", reader).content.decode()
    for login in LOGINS.values():
        assert login not in body, "never a full MyKad"

    [root] = [u for u in walk(agency_a, "/api/v1/data/org-units", reader) if u["parent"] is None]
    assert root["id"] == world.officer.org_unit_id
    assert root["is_active"] is True

    punches = walk(agency_a, "/api/v1/data/punches", reader)
    assert [(p["officer"], p["kind"], p["source"], p["place"]) for p in punches] == [
        (world.officer.pk, "in", "web", "office"),
        (world.officer.pk, "out", "web", "office"),
    ]
    assert punches[0]["office"] == world.office.pk
    assert punches[0]["flags"] == []

    [day] = walk(agency_a, "/api/v1/data/days", reader, officer=world.officer.pk)
    assert day["day"] == timezone.localdate().isoformat()
    assert day["check_in"] is not None
    assert day["check_out"] is not None
    assert day["reasons"]
    assert {"code", "ms", "en"} <= set(day["reasons"][0])

    [issue] = walk(agency_a, "/api/v1/data/issues", reader)
    assert (issue["officer"], issue["category"], issue["status"]) == (
        world.officer.pk,
        "LATE_IN",
        "open",
    )
    assert issue["explanation"] == "Jalan sesak"
    assert issue["reason"] is None
    assert "attachment" not in issue

    [movement] = walk(agency_a, "/api/v1/data/movements", reader)
    assert (movement["officer"], movement["purpose"], movement["status"]) == (
        world.outsider.pk,
        "Mesyuarat",
        "active",
    )


def test_a_cursor_walk_sees_every_row_once_even_with_equal_times(
    world: World, agency_a: Agency, reader: str
) -> None:
    with schema_context(agency_a.schema_name):
        root = OrgUnit.objects.get(parent=None)
        OrgUnit.objects.bulk_create(OrgUnit(name=f"Unit {n:02d}", parent=root) for n in range(23))
        same = timezone.now() - timedelta(days=1)
        # Eleven units changed at the very same moment: the walk must not lose or repeat them.
        tied = list(OrgUnit.objects.exclude(pk=root.pk).order_by("pk").values_list("pk", flat=True))
        OrgUnit.objects.filter(pk__in=tied[:11]).update(updated_at=same)
        expected = list(OrgUnit.objects.order_by("updated_at", "pk").values_list("pk", flat=True))
    for size in (1, 4, 5, 24, 500):
        rows = walk(agency_a, "/api/v1/data/org-units", reader, page_size=size)
        assert [row["id"] for row in rows] == expected, size
    first = api_get(agency_a, "/api/v1/data/org-units", reader, page_size=5).json()
    assert len(first["results"]) == 5
    assert first["next_cursor"]


def test_updated_since_gives_the_rows_changed_from_then(
    world: World, agency_a: Agency, reader: str
) -> None:
    with schema_context(agency_a.schema_name):
        Officer.objects.filter(pk=world.outsider.pk).update(
            updated_at=datetime(2026, 1, 1, tzinfo=UTC)
        )
        Officer.objects.exclude(pk=world.outsider.pk).update(
            updated_at=datetime(2026, 3, 1, tzinfo=UTC)
        )
    since = {
        "2026-02-01T00:00:00Z": False,
        "2026-02-01T08:00:00+08:00": False,
        "2026-02-01T08:00:00 08:00": False,  # a "+" that was not escaped in the query string
        "2026-02-01T00:00:00": False,  # no offset: UTC
        "2026-01-01T00:00:00Z": True,  # at the moment itself: included
        "2026-01-01T00:00:00.000001Z": False,
    }
    for value, with_outsider in since.items():
        ids = {
            row["id"]
            for row in walk(agency_a, "/api/v1/data/officers", reader, updated_since=value)
        }
        assert (world.outsider.pk in ids) is with_outsider, value
        assert world.officer.pk in ids
    # Punches: the time recorded; days: the time judged.
    later = (timezone.now() + timedelta(minutes=5)).isoformat()
    assert walk(agency_a, "/api/v1/data/punches", reader, updated_since=later) == []
    assert walk(agency_a, "/api/v1/data/days", reader, updated_since=later) == []
    for bad in ("yesterday", "2026-13-01T00:00:00Z", "0001-01-01T00:00:00+05:00", "2026-02-30"):
        answer = api_get(agency_a, "/api/v1/data/officers", reader, updated_since=bad)
        assert answer.status_code == 400, bad
        assert answer.json()["code"] == "updated_since_invalid"
        assert "ISO 8601" in answer.json()["detail"]
        assert "updated_since" in answer.json()["fields"]


def test_filters_narrow_the_rows_and_bad_values_are_named(
    world: World, agency_a: Agency, reader: str
) -> None:
    def ids(path: str, **params: Any) -> list[Any]:
        key = "event_id" if path.endswith("punches") else "id"
        return [row[key] for row in walk(agency_a, f"/api/v1/data/{path}", reader, **params)]

    today = timezone.localdate()
    assert len(ids("punches", officer=world.officer.pk)) == 2
    assert ids("punches", officer=world.outsider.pk) == []
    assert len(ids("punches", **{"from": today.isoformat(), "to": today.isoformat()})) == 2
    assert ids("punches", **{"from": (today + timedelta(days=1)).isoformat()}) == []
    assert len(ids("days", unit=world.officer.org_unit_id)) >= 1
    assert ids("days", unit=999_999) == []
    assert len(ids("issues", status="open")) == 1
    assert ids("issues", status="accepted") == []
    assert len(ids("movements", officer=world.outsider.pk)) == 1
    assert ids("movements", to=(today - timedelta(days=1)).isoformat()) == []
    assert set(ids("officers", unit=world.officer.org_unit_id)) >= {world.officer.pk}
    assert ids("officers", status="inactive") == []

    bad: list[tuple[str, dict[str, Any], str]] = [
        ("punches", {"officer": "abc"}, "officer_invalid"),
        ("days", {"unit": "-1"}, "unit_invalid"),
        ("days", {"unit": "99999999999999999999"}, "unit_invalid"),
        ("days", {"from": "31/01/2026"}, "from_invalid"),
        ("days", {"from": "2026-02-01", "to": "2026-01-01"}, "range_invalid"),
        ("issues", {"status": "lost"}, "status_invalid"),
        ("officers", {"page_size": "501"}, "page_size_invalid"),
        ("officers", {"page_size": "0"}, "page_size_invalid"),
        ("officers", {"cursor": "not-a-cursor"}, "cursor_invalid"),
        ("officers", {"cursor": "eyJ0IjoxLCJpIjoxfQ"}, "cursor_invalid"),  # {"t":1,"i":1}
    ]
    for path, params, code in bad:
        answer = api_get(agency_a, f"/api/v1/data/{path}", reader, **params)
        assert answer.status_code == 400, (path, params)
        assert answer.json()["code"] == code, (path, params, answer.json())
        assert answer.json()["detail"]


@pytest.mark.parametrize(
    ("path", "scope"),
    [
        ("officers", "people:read"),
        ("org-units", "people:read"),
        ("punches", "attendance:read"),
        ("days", "attendance:read"),
        ("issues", "attendance:read"),
        ("movements", "attendance:read"),
    ],
)
def test_a_key_without_the_scope_is_refused(
    world: World, agency_a: Agency, path: str, scope: str
) -> None:
    other = "attendance:read" if scope == "people:read" else "people:read"
    key, raw_key = make_key(agency_a, world.admin, [other, "punches:write"])
    answer = api_get(agency_a, f"/api/v1/data/{path}", raw_key)
    assert answer.status_code == 403
    assert answer.json()["code"] == "scope_missing"
    assert scope in answer.json()["detail"]
    assert "results" not in answer.json()
    assert calls_of(agency_a, key) == [("GET", f"/api/v1/data/{path}", 403)]


def test_agency_a_key_gets_nothing_on_agency_b_host(
    world: World, agency_a: Agency, agency_b: Agency, reader: str
) -> None:
    with schema_context(agency_b.schema_name):
        world_b = build_world(agency_b)
        b_names = list(Officer.objects.values_list("user__full_name", flat=True))
    _key_b, reader_b = make_key(agency_b, world_b.admin)
    assert api_get(agency_b, "/api/v1/data/officers", reader_b).status_code == 200
    for path in ENDPOINTS:
        answer = api_get(agency_b, f"/api/v1/data/{path}", reader)
        assert answer.status_code == 401, path
        assert answer.json()["code"] == "key_invalid"
        assert "results" not in answer.json()
        assert not any(name in answer.content.decode() for name in b_names)
        # ... and B's key is nothing on A's host.
        assert api_get(agency_a, f"/api/v1/data/{path}", reader_b).status_code == 401


def test_every_call_with_a_key_is_logged(world: World, agency_a: Agency) -> None:
    key, raw_key = make_key(agency_a, world.admin, ["people:read"])
    api_get(agency_a, "/api/v1/data/officers", raw_key, page_size=2)
    api_get(agency_a, "/api/v1/data/officers", raw_key, page_size="many")
    api_get(agency_a, "/api/v1/data/days", raw_key)
    api_get(agency_a, "/api/v1/data/officers", raw_key, unit="1\x00")
    assert calls_of(agency_a, key) == [
        ("GET", "/api/v1/data/officers", 200),
        ("GET", "/api/v1/data/officers", 400),
        ("GET", "/api/v1/data/days", 403),
        ("GET", "/api/v1/data/officers", 400),
    ]
    with schema_context(agency_a.schema_name):
        first = key.calls.order_by("id").first()
        assert first is not None
        assert first.query == "page_size=2"
        assert first.ip == "127.0.0.1"


def test_a_key_over_its_rate_limit_is_told_when_to_come_back(
    world: World, agency_a: Agency
) -> None:
    key, raw_key = make_key(agency_a, world.admin, rate=3)
    # The limit counts clock minutes: start at the beginning of one, so all calls fall in it.
    seconds = time.time() % 60
    if seconds > 55:
        time.sleep(61 - seconds)
    statuses = [api_get(agency_a, "/api/v1/data/org-units", raw_key).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = api_get(agency_a, "/api/v1/data/org-units", raw_key)
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert "3 calls a minute" in refused.json()["detail"]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert calls_of(agency_a, key)[-1] == ("GET", "/api/v1/data/org-units", 429)
    # Another key of the agency has its own count.
    _other, other_raw = make_key(agency_a, world.admin, rate=3)
    assert api_get(agency_a, "/api/v1/data/org-units", other_raw).status_code == 200


def test_sessions_do_not_open_the_integration_api_and_keep_their_own_api(
    world: World, agency_a: Agency
) -> None:
    admin = client_for(agency_a, "admin")
    answer = admin.get("/api/v1/data/officers", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 401
    assert answer.json()["code"] == "key_missing"
    assert admin.get("/api/v1/me").status_code == 200
    assert Client(HTTP_HOST=host_of(agency_a)).get("/api/v1/me").status_code in (401, 403)


def test_days_carry_their_verdicts(world: World, agency_a: Agency, reader: str) -> None:
    with schema_context(agency_a.schema_name):
        day = AttendanceDay.objects.get(officer=world.officer)
        AttendanceDay.objects.filter(pk=day.pk).update(
            categories=["LATE_IN"], late_minutes=12, excused=["LATE_IN"], closed=True
        )
    [row] = walk(agency_a, "/api/v1/data/days", reader, officer=world.officer.pk)
    assert row["categories"] == ["LATE_IN"]
    assert row["excused"] == ["LATE_IN"]
    assert (row["late_minutes"], row["closed"]) == (12, True)
    assert date.fromisoformat(row["day"]) == day.day
    # The newest punch comes last: the walk follows the time recorded.
    with schema_context(agency_a.schema_name):
        event = AttendanceEvent.objects.order_by("recorded_at", "id").last()
        assert event is not None
    punches = walk(agency_a, "/api/v1/data/punches", reader)
    assert punches[-1]["event_id"] == str(event.event_id)
