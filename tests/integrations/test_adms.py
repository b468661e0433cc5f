"""The ZKTeco ADMS push endpoint, replaying recorded device sessions (tests/fixtures/biometric/
session_*.json): a terminal registers, pushes ATTLOG lines (malformed and duplicate ones among
them), is told the stamp it delivered, replays a batch (nothing added); a clock in UTC registered
as Malaysia shows a drift of about -8 h; unknown, disabled and keyless devices are refused and
every request is logged; agency B's host does not know agency A's device."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from tenant_apps.attendance.models import AttendanceDay
from tenant_apps.integrations.ledger_services import user_map_set
from tenant_apps.integrations.models import Device, DeviceContact, ImportBatch, RawPunch
from tenant_apps.worktime.engine import MALAYSIA
from tenants.models import Agency
from tests.attendance.support import World, build_world
from tests.conftest import host_of
from tests.integrations.test_ledger import make_device

SESSIONS = Path(__file__).resolve().parent.parent / "fixtures" / "biometric"
CLOCK = re.compile(r"\{clock-(\d+)\}")


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SESSIONS / name).read_text(encoding="utf-8"))
    return data


def devices_of(session: dict[str, Any]) -> dict[str, Device]:
    return {
        spec["serial"]: make_device(
            spec["serial"], key=spec["secret"], time_zone=spec["time_zone"], status=spec["status"]
        )
        for spec in session["devices"]
    }


def _body(step: dict[str, Any], clock_zone: ZoneInfo) -> bytes:
    if "body_hex" in step:
        return bytes.fromhex(step["body_hex"])
    now = datetime.now(UTC)

    def clock(match: re.Match[str]) -> str:
        moment = now - timedelta(seconds=int(match.group(1)))
        return moment.astimezone(clock_zone).strftime("%Y-%m-%d %H:%M:%S")

    return CLOCK.sub(clock, str(step.get("body", ""))).encode()


def replay(client: Client, session: dict[str, Any]) -> None:
    """Send each recorded request as the device did; check its status, answer and, where the
    session says, the outcome logged for it."""
    secrets = {spec["serial"]: spec["secret"] for spec in session["devices"]}
    clock_zone = ZoneInfo(session.get("clock_zone", "Asia/Kuala_Lumpur"))
    for step in session["requests"]:
        path = step["path"]
        serial = parse_qs(urlsplit(path).query).get("SN", [""])[0]
        headers: dict[str, str] = {}
        mode = step.get("key", "header")
        if mode == "header":
            headers["X-Device-Key"] = secrets.get(serial, "")
        elif mode == "query":
            path += f"&key={secrets[serial]}"
        elif mode == "wrong":
            headers["X-Device-Key"] = "not-the-key"
        elif mode == "wrong_query":
            path += "&key=not-the-key"
        if step["method"] == "GET":
            response = client.get(path, headers=headers)
        else:
            response = client.generic(
                step["method"],
                path,
                _body(step, clock_zone),
                content_type=step.get("content_type", "text/plain"),
                headers=headers,
            )
        answer = response.content.decode()
        assert (response.status_code, answer[: len(step["answer"])]) == (
            step["status"],
            step["answer"],
        ), step
        assert response["Content-Type"].startswith("text/plain")
        if "outcome" in step:
            assert DeviceContact.objects.latest("id").outcome == step["outcome"]


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


@pytest.fixture
def device_client(agency_a: Agency) -> Client:
    return Client(HTTP_HOST=host_of(agency_a))


def test_a_device_registers_pushes_and_is_told_what_it_already_delivered(
    world: World, device_client: Client
) -> None:
    session = load("session_register_push.json")
    device = devices_of(session)["CQZ7231260012"]

    replay(device_client, session)

    assert set(RawPunch.objects.values_list("device_user_id", "device_local")) == {
        ("1001", "2026-11-25 08:05:12"),
        ("1002", "2026-11-25 08:07:40"),
        ("1001", "2026-11-25 17:12:03"),
    }
    first, replayed = ImportBatch.objects.filter(source="push").order_by("id")
    assert (first.new_count, first.duplicate_count, first.error_count) == (3, 1, 4)
    assert (replayed.new_count, replayed.duplicate_count, replayed.error_count) == (0, 4, 4)
    assert [error["code"] for error in first.errors] == [
        "line_timestamp_invalid",
        "line_fields_missing",
        "line_state_invalid",
        "line_user_id_invalid",
    ]
    assert first.errors[0]["message"].startswith("The date and time “2026-11-25 25:61:00”")
    device.refresh_from_db()
    assert device.attlog_stamp == "812345"
    assert device.firmware == "Ver 8.0.4.2-20200115"
    assert device.last_seen_at is not None
    assert device.last_upload_at is not None
    contacts = DeviceContact.objects.filter(device=device)
    assert contacts.count() == 7
    assert set(contacts.values_list("outcome", flat=True)) == {"ok"}
    assert contacts.filter(lines=8).count() == 2
    assert not any("peranti-rahsia" in query for query in contacts.values_list("query", flat=True))

    # The officer behind id 1001 is named later: the waiting lines become the day's punches.
    applied = user_map_set(
        actor=world.admin, device=device, device_user_id="1001", officer=world.officer
    )
    assert applied == 2
    day = AttendanceDay.objects.get(officer=world.officer, day=date(2026, 11, 25))
    assert day.status == AttendanceDay.Status.PRESENT
    assert day.check_in is not None
    assert day.check_out is not None
    assert day.check_in.astimezone(MALAYSIA).strftime("%H:%M:%S") == "08:05:12"
    assert day.check_out.astimezone(MALAYSIA).strftime("%H:%M:%S") == "17:12:03"
    assert RawPunch.objects.filter(device_user_id="1002", status="unmapped").count() == 1


def test_a_clock_in_utc_registered_as_malaysia_drifts_minus_8_hours_and_utc_reads_right(
    world: World, device_client: Client
) -> None:
    session = load("session_utc_clock.json")
    devices = devices_of(session)

    replay(device_client, session)

    wrong, right = devices["UTCCLOCK01"], devices["UTCCLOCK02"]
    wrong.refresh_from_db()
    right.refresh_from_db()
    assert wrong.clock_drift_seconds is not None
    assert right.clock_drift_seconds is not None
    assert abs(wrong.clock_drift_seconds + 8 * 3600) < 300
    assert abs(right.clock_drift_seconds) < 300
    same_line = {"device_user_id": "501", "device_local": "2026-11-24 23:50:00"}
    read_wrong = RawPunch.objects.get(device=wrong, **same_line).device_time
    read_right = RawPunch.objects.get(device=right, **same_line).device_time
    assert read_right - read_wrong == timedelta(hours=8)
    answer = device_client.get(
        "/iclock/cdata?SN=UTCCLOCK02&options=all", HTTP_X_DEVICE_KEY="peranti-rahsia-UTC-002"
    ).content.decode()
    assert "\nTimeZone=0\n" in answer

    user_map_set(actor=world.admin, device=right, device_user_id="501", officer=world.officer)
    day = AttendanceDay.objects.get(officer=world.officer, day=date(2026, 11, 25))
    assert day.check_in is not None
    assert day.check_in.astimezone(MALAYSIA).strftime("%d %H:%M") == "25 07:50"


def test_unknown_disabled_and_keyless_devices_and_bad_requests_are_refused_and_logged(
    world: World, device_client: Client
) -> None:
    session = load("session_refused.json")
    devices = devices_of(session)

    replay(device_client, session)

    outcomes = list(DeviceContact.objects.order_by("id").values_list("outcome", flat=True))
    assert outcomes == [step["outcome"] for step in session["requests"]]
    unknown = DeviceContact.objects.get(outcome="unknown")
    assert (unknown.serial, unknown.device_id, unknown.method) == ("NOSUCHDEV99", None, "GET")
    assert unknown.path == "/iclock/cdata"
    assert "options=all" in unknown.query
    assert not DeviceContact.objects.filter(query__contains="not-the-key").exists()
    assert DeviceContact.objects.filter(device=devices["DISABLED01"]).count() == 1
    assert RawPunch.objects.count() == 0
    assert ImportBatch.objects.count() == 0
    refused = Device.objects.get(serial="REFUSE01")
    assert refused.last_seen_at is None


def test_a_body_over_the_limit_is_refused_and_nothing_is_kept(
    world: World, device_client: Client
) -> None:
    make_device("BIGBODY01", key="peranti-besar")
    line = b"1\t2026-11-25 08:00:00\t0\t1\t0\t0\t0\t0\t0\t0\n"
    body = line * (2 * 1024 * 1024 // len(line) + 1)

    response = device_client.generic(
        "POST",
        "/iclock/cdata?SN=BIGBODY01&table=ATTLOG",
        body,
        content_type="text/plain",
        HTTP_X_DEVICE_KEY="peranti-besar",
    )

    assert response.status_code == 413
    assert response.content.decode() == "ERROR: body over 2 MB"
    contact = DeviceContact.objects.get()
    assert (contact.outcome, contact.detail) == ("bad_request", "body over 2 MB")
    assert RawPunch.objects.count() == 0


def test_agency_b_does_not_know_agency_a_device_and_logs_the_try_in_b_only(
    agency_a: Agency, agency_b: Agency, client_b: Client
) -> None:
    with schema_context(agency_a.schema_name):
        make_device("AGENCYA01", key="peranti-agensi-a")

    response = client_b.get(
        "/iclock/cdata?SN=AGENCYA01&options=all", HTTP_X_DEVICE_KEY="peranti-agensi-a"
    )

    assert response.status_code == 404
    assert response.content.decode() == "ERROR: unknown device"
    with schema_context(agency_b.schema_name):
        assert list(DeviceContact.objects.values_list("serial", "outcome")) == [
            ("AGENCYA01", "unknown")
        ]
    with schema_context(agency_a.schema_name):
        assert not DeviceContact.objects.exists()
        assert Device.objects.get(serial="AGENCYA01").last_seen_at is None


def test_the_public_host_has_no_push_endpoint(client_public: Client) -> None:
    assert client_public.get("/iclock/cdata?SN=AGENCYA01&options=all").status_code == 404
    assert (
        client_public.post(
            "/iclock/cdata?SN=AGENCYA01&table=ATTLOG", "1", content_type="text/plain"
        ).status_code
        == 404
    )


def test_answers_are_plain_english_text_whatever_the_hosts_language(
    world: World, device_client: Client
) -> None:
    device_client.cookies["django_language"] = "ms"
    response = device_client.get("/iclock/getrequest?SN=NOSUCHDEV99")

    assert response.status_code == 404
    assert response.content.decode() == "ERROR: unknown device"
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_a_terminal_that_cannot_send_the_secret_pushes_only_from_its_trusted_network(
    world: World, device_client: Client
) -> None:
    device = make_device("OLDFW0001", key="peranti-lama")
    Device.objects.filter(pk=device.pk).update(keyless_networks="203.0.113.0/28")
    path = "/iclock/cdata?SN=OLDFW0001&table=ATTLOG&Stamp=7"
    line = "1\t2026-11-25 08:00:00\t0\t1\t0\t0\t0\t0\t0\t0\n"

    inside = device_client.generic(
        "POST", path, line, content_type="text/plain", REMOTE_ADDR="203.0.113.5"
    )
    outside = device_client.generic(
        "POST", path, line, content_type="text/plain", REMOTE_ADDR="198.51.100.7"
    )
    wrong_key = device_client.generic(
        "POST",
        path,
        line,
        content_type="text/plain",
        REMOTE_ADDR="203.0.113.5",
        HTTP_X_DEVICE_KEY="bukan-rahsianya",
    )

    assert (inside.status_code, inside.content.decode()) == (200, "OK: 1")
    assert outside.status_code == 401
    assert wrong_key.status_code == 401  # a wrong secret is never excused
    assert RawPunch.objects.filter(device=device).count() == 1
    outcomes = list(
        DeviceContact.objects.filter(serial="OLDFW0001").order_by("id").values_list("outcome", "ip")
    )
    assert outcomes == [
        ("ok", "203.0.113.5"),
        ("bad_secret", "198.51.100.7"),
        ("bad_secret", "203.0.113.5"),
    ]
