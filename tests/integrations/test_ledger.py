"""The raw ledger: files previewed then imported (the same file twice gives the same punches
once), pushes (replays add nothing; the device's clock drift is measured), device user ids mapped
later (their waiting lines become punches and the officer's day is judged again), state 255 lines
paired first in / last out by the engine, and an inactive officer's line refused and kept."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_tenants.utils import schema_context

from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.audit.models import AuditEntry
from tenant_apps.integrations.attlog import CsvMapping
from tenant_apps.integrations.errors import IntegrationError
from tenant_apps.integrations.ledger_apply import INLINE_APPLY_MAX, line_event_id
from tenant_apps.integrations.ledger_selectors import batch_errors_page, unmapped_groups
from tenant_apps.integrations.ledger_services import (
    batch_discard,
    file_import,
    file_preview,
    push_ingest,
    raw_apply,
    user_map_set,
)
from tenant_apps.integrations.models import Device, ImportBatch, RawPunch
from tenant_apps.people.models import OfficeLocation, Officer
from tenant_apps.worktime.engine import MALAYSIA
from tenants.models import Agency
from tests.attendance.support import World, build_world

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "biometric"
WEDNESDAY = date(2026, 11, 25)  # a working day in Putrajaya
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=MALAYSIA)  # after the day, so it can be judged whole


def make_device(
    serial: str,
    *,
    key: str = "peranti-rahsia",
    time_zone: str = "Asia/Kuala_Lumpur",
    status: str = Device.Status.ACTIVE,
    office: OfficeLocation | None = None,
) -> Device:
    """A device as the device services make one (the secret stored as its sha256)."""
    return Device.objects.create(
        serial=serial,
        name=f"Terminal {serial}",
        time_zone=time_zone,
        secret_hash=hashlib.sha256(key.encode()).hexdigest(),
        secret_hint=key[-4:],
        status=status,
        office=office,
    )


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    with schema_context(agency_a.schema_name), translation.override("en"):
        yield build_world(agency_a)


@pytest.fixture
def device(world: World) -> Device:
    return make_device("CQZ7231260012", office=world.office)


def dat_bytes() -> bytes:
    return (FIXTURES / "attlog_sample.dat").read_bytes()


def preview_dat(world: World, device: Device, content: bytes | None = None) -> ImportBatch:
    return file_preview(
        actor=world.admin,
        device=device,
        filename="1_attlog.dat",
        content=dat_bytes() if content is None else content,
        fmt="dat",
        mapping=None,
    )


def day_of(officer: Officer, day: date = WEDNESDAY) -> AttendanceDay:
    return AttendanceDay.objects.get(officer=officer, day=day)


def local(value: datetime | None) -> str:
    assert value is not None
    return value.astimezone(MALAYSIA).strftime("%H:%M")


def test_a_preview_counts_new_duplicate_wrong_and_unmapped_lines_and_writes_nothing(
    world: World, device: Device
) -> None:
    batch = preview_dat(world, device)

    assert batch.status == ImportBatch.Status.PREVIEW
    assert (batch.line_count, batch.new_count, batch.duplicate_count) == (13, 8, 1)
    assert (batch.error_count, batch.unmapped_count) == (4, 8)
    assert [error["line"] for error in batch.errors] == [8, 9, 10, 11]
    assert batch.errors[0]["message"].startswith("The date and time “2026-11-31 08:00:00”")
    assert batch.content.startswith("        1\t2026-11-25 08:02:11")
    assert batch.file_sha256 == hashlib.sha256(dat_bytes()).hexdigest()
    assert RawPunch.objects.count() == 0
    page = batch_errors_page(batch, 1)
    assert [error["code"] for error in page] == [
        "line_timestamp_invalid",
        "line_fields_missing",
        "line_state_invalid",
        "line_user_id_invalid",
    ]


def test_the_same_file_imported_twice_gives_the_same_punches_once(
    world: World, device: Device
) -> None:
    user_map_set(actor=world.admin, device=device, device_user_id="1", officer=world.officer)
    first = file_import(actor=world.admin, batch=preview_dat(world, device), now=NOW)

    assert (first.status, first.new_count, first.applied_count) == ("imported", 8, 3)
    assert first.content == ""
    device.refresh_from_db()
    assert (device.last_upload_at, device.last_seen_at) == (NOW, None)  # uploaded, never seen
    assert RawPunch.objects.count() == 8
    punches = AttendanceEvent.objects.filter(officer=world.officer, source="biometric")
    assert punches.count() == 3

    again = preview_dat(world, device)
    assert (again.new_count, again.duplicate_count, again.error_count) == (0, 9, 4)
    second = file_import(actor=world.admin, batch=again, now=NOW)

    assert (second.new_count, second.duplicate_count, second.applied_count) == (0, 9, 0)
    assert RawPunch.objects.count() == 8
    assert punches.count() == 3
    assert AuditEntry.objects.filter(action="integrations.file_import").count() == 2


def test_state_255_lines_are_paired_first_in_last_out_by_the_engine(
    world: World, device: Device
) -> None:
    user_map_set(actor=world.admin, device=device, device_user_id="1", officer=world.officer)
    file_import(actor=world.admin, batch=preview_dat(world, device), now=NOW)

    day = day_of(world.officer)
    assert day.status == AttendanceDay.Status.PRESENT
    assert (local(day.check_in), local(day.check_out)) == ("08:02", "17:15")
    kinds = set(
        AttendanceEvent.objects.filter(officer=world.officer).values_list("kind", flat=True)
    )
    assert kinds == {"unknown"}
    line = RawPunch.objects.get(device_user_id="1", device_local="2026-11-25 08:02:11")
    assert line.status == RawPunch.Status.APPLIED
    assert line.event is not None
    assert line.event.source == "biometric"
    assert line.event.office_id == world.office.pk
    assert line.event.event_id == line_event_id(device.serial, "1", "2026-11-25 08:02:11")


def test_an_unmapped_id_waits_and_is_applied_when_the_admin_maps_it(
    world: World, device: Device
) -> None:
    file_import(actor=world.admin, batch=preview_dat(world, device), now=NOW)
    assert not AttendanceDay.objects.filter(officer=world.officer, day=WEDNESDAY).exists()
    groups = {(g.device.serial, g.device_user_id): g.lines for g in unmapped_groups()}
    assert groups == {(device.serial, "1"): 3, (device.serial, "42"): 2, (device.serial, "88"): 3}

    applied = user_map_set(
        actor=world.admin, device=device, device_user_id="42", officer=world.officer, now=NOW
    )

    assert applied == 2
    day = day_of(world.officer)
    assert (local(day.check_in), local(day.check_out)) == ("08:20", "17:45")
    assert day.status == AttendanceDay.Status.PRESENT
    assert set(RawPunch.objects.filter(device_user_id="42").values_list("status", flat=True)) == {
        "applied"
    }
    assert (device.serial, "42") not in {
        (g.device.serial, g.device_user_id) for g in unmapped_groups()
    }
    assert ImportBatch.objects.get(source="dat").applied_count == 2
    assert AuditEntry.objects.filter(action="integrations.user_map").count() == 1


def test_a_map_is_set_once_for_an_active_officer_with_a_valid_id(
    world: World, device: Device
) -> None:
    user_map_set(actor=world.admin, device=device, device_user_id="7", officer=world.officer)

    with pytest.raises(IntegrationError) as refused:
        user_map_set(actor=world.admin, device=device, device_user_id="7", officer=world.outsider)
    assert refused.value.code == "device_user_id_mapped"
    assert refused.value.message == (
        "Device user id 7 on this device is already mapped to MARLIANA BINTI RAMLI."
    )
    with pytest.raises(IntegrationError) as refused:
        user_map_set(actor=world.admin, device=device, device_user_id="7 7", officer=world.outsider)
    assert refused.value.code == "device_user_id_invalid"
    Officer.objects.filter(pk=world.outsider.pk).update(status=Officer.Status.INACTIVE)
    world.outsider.refresh_from_db()
    with pytest.raises(IntegrationError) as refused:
        user_map_set(actor=world.admin, device=device, device_user_id="8", officer=world.outsider)
    assert refused.value.code == "map_officer_inactive"
    assert "PEGAWAI LUAR is not an active officer" in refused.value.message


def test_an_inactive_officers_line_is_refused_and_kept(world: World, device: Device) -> None:
    user_map_set(actor=world.admin, device=device, device_user_id="5", officer=world.outsider)
    Officer.objects.filter(pk=world.outsider.pk).update(status=Officer.Status.INACTIVE)

    batch = push_ingest(
        device=device, body="5\t2026-11-25 08:00:00\t0\t1\n", stamp="", ip=None, now=NOW
    )

    assert (batch.new_count, batch.applied_count) == (1, 0)
    line = RawPunch.objects.get(device_user_id="5")
    assert line.status == RawPunch.Status.REFUSED
    assert line.refusal == "Your officer record is not active."
    assert line.officer == world.outsider
    assert not AttendanceEvent.objects.filter(officer=world.outsider).exists()
    assert raw_apply([line.pk], now=NOW) == 0  # refused stays refused
    assert RawPunch.objects.filter(pk=line.pk).exists()


def test_a_pushed_replay_adds_nothing_and_keeps_per_line_errors(
    world: World, device: Device
) -> None:
    body = (FIXTURES / "attlog_sample.dat").read_text()
    first = push_ingest(device=device, body=body, stamp="812345", ip="10.0.0.9", now=NOW)
    replay = push_ingest(device=device, body=body, stamp="812345", ip="10.0.0.9", now=NOW)

    assert (first.source, first.status, first.new_count, first.error_count) == (
        "push",
        "imported",
        8,
        4,
    )
    assert (replay.new_count, replay.duplicate_count, replay.error_count) == (0, 9, 4)
    assert RawPunch.objects.count() == 8
    assert [error["code"] for error in replay.errors][:1] == ["line_timestamp_invalid"]
    device.refresh_from_db()
    assert (device.attlog_stamp, device.last_upload_at, device.last_seen_ip) == (
        "812345",
        NOW,
        "10.0.0.9",
    )


def test_drift_is_measured_from_the_freshest_line_and_a_backlog_never_hides_it(
    world: World, device: Device
) -> None:
    received = datetime(2026, 11, 25, 8, 5, 40, tzinfo=MALAYSIA)
    push_ingest(
        device=device, body="1\t2026-11-25 08:05:00\t0\t1\n", stamp="", ip=None, now=received
    )
    device.refresh_from_db()
    assert device.clock_drift_seconds == -40

    backlog = "1\t2026-11-20 08:00:00\t0\t1\n1\t2026-11-20 17:00:00\t1\t1\n"
    later = received + timedelta(hours=2)
    push_ingest(device=device, body=backlog, stamp="", ip=None, now=later)
    device.refresh_from_db()
    assert device.clock_drift_seconds == -40

    # A day later the live push is out of the window: the next live one measures again.
    push_ingest(
        device=device,
        body="1\t2026-11-26 09:00:10\t0\t1\n",
        stamp="",
        ip=None,
        now=datetime(2026, 11, 26, 9, 0, tzinfo=MALAYSIA),
    )
    device.refresh_from_db()
    assert device.clock_drift_seconds == 10


def test_a_single_backlog_push_after_a_day_offline_is_not_called_a_drift(
    world: World, device: Device
) -> None:
    received = datetime(2026, 11, 26, 8, 0, tzinfo=MALAYSIA)
    backlog = "1\t2026-11-25 08:01:00\t0\t1\n1\t2026-11-25 17:30:00\t1\t1\n"
    push_ingest(device=device, body=backlog, stamp="", ip=None, now=received)
    device.refresh_from_db()
    assert device.clock_drift_seconds is None
    # The next live push measures the clock.
    live = "1\t2026-11-26 08:04:55\t0\t1\n"
    push_ingest(device=device, body=live, stamp="", ip=None, now=received + timedelta(minutes=5))
    device.refresh_from_db()
    assert device.clock_drift_seconds == -5


def test_a_device_clock_in_utc_registered_as_malaysia_drifts_minus_8_hours(
    world: World,
) -> None:
    wrong = make_device("UTCCLOCK01", time_zone="Asia/Kuala_Lumpur")
    right = make_device("UTCCLOCK02", time_zone="UTC")
    received = datetime(2026, 11, 25, 0, 10, tzinfo=UTC)  # 08:10 in Malaysia
    body = "501\t2026-11-25 00:09:30\t0\t1\n"

    push_ingest(device=wrong, body=body, stamp="", ip=None, now=received)
    push_ingest(device=right, body=body, stamp="", ip=None, now=received)
    wrong.refresh_from_db()
    # One push 8 hours late may be a backlog: not yet called a drift.
    assert wrong.clock_drift_seconds is None
    later = "502\t2026-11-25 00:39:50\t0\t1\n"
    push_ingest(device=wrong, body=later, stamp="", ip=None, now=received + timedelta(minutes=30))

    wrong.refresh_from_db()
    right.refresh_from_db()
    assert wrong.clock_drift_seconds == -(8 * 3600 + 10)
    assert right.clock_drift_seconds == -30
    user_map_set(actor=world.admin, device=right, device_user_id="501", officer=world.officer)
    day = day_of(world.officer)
    assert local(day.check_in) == "08:09"


def test_a_csv_import_saves_its_mapping_on_the_device_for_next_time(
    world: World, device: Device
) -> None:
    content = (FIXTURES / "punches_sample.csv").read_bytes()
    mapping = CsvMapping(user_id="Emp No.", date="Date", time="Time", state="Status")
    batch = file_preview(
        actor=world.admin,
        device=device,
        filename="export.csv",
        content=content,
        fmt="csv",
        mapping=mapping,
    )
    assert (batch.new_count, batch.duplicate_count, batch.error_count) == (3, 1, 3)
    file_import(actor=world.admin, batch=batch, now=NOW)
    device.refresh_from_db()
    assert device.csv_mapping == mapping.to_dict()

    again = file_preview(
        actor=world.admin,
        device=device,
        filename="export.csv",
        content=content,
        fmt="csv",
        mapping=None,
    )
    assert (again.new_count, again.duplicate_count) == (0, 4)
    assert RawPunch.objects.get(device_user_id="1", device_local="2026-11-25 08:04:00").kind == "in"


def test_bad_uploads_are_refused_with_a_reason_and_a_preview_can_be_discarded(
    world: World, device: Device
) -> None:
    with pytest.raises(IntegrationError) as refused:
        file_preview(
            actor=world.admin,
            device=device,
            filename="x.csv",
            content=b"a,b\n1,2\n",
            fmt="csv",
            mapping=None,
        )
    assert refused.value.code == "csv_mapping_required"
    with pytest.raises(IntegrationError) as refused:
        file_preview(
            actor=world.admin, device=device, filename="x", content=b"1", fmt="xlsx", mapping=None
        )
    assert refused.value.code == "file_format_unknown"

    batch = preview_dat(world, device)
    discarded = batch_discard(actor=world.admin, batch=batch)
    assert (discarded.status, discarded.content) == ("discarded", "")
    with pytest.raises(IntegrationError) as refused:
        file_import(actor=world.admin, batch=batch)
    assert refused.value.code == "batch_not_preview"
    assert refused.value.message.startswith("This file was already imported or discarded")
    assert RawPunch.objects.count() == 0


def test_a_local_time_skipped_or_repeated_by_daylight_saving_is_read_with_fold_0(
    world: World,
) -> None:
    london = make_device("LONDON01", time_zone="Europe/London")
    body = "1\t2026-03-29 01:30:00\t0\t1\n1\t2026-10-25 01:30:00\t1\t1\n"
    batch = push_ingest(device=london, body=body, stamp="", ip=None, now=NOW)

    assert (batch.new_count, batch.error_count) == (2, 0)
    skipped, repeated = RawPunch.objects.filter(device=london).order_by("device_local")
    assert skipped.device_time == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert repeated.device_time == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # still summer time


def test_many_lines_are_written_with_few_queries_and_many_waiting_lines_go_to_the_worker(
    world: World,
    device: Device,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    start = datetime(2026, 11, 1, 8, 0, tzinfo=MALAYSIA)
    lines = [
        f"{900 + n % 3}\t{(start + timedelta(minutes=n)):%Y-%m-%d %H:%M:%S}\t255\t1"
        for n in range(INLINE_APPLY_MAX * 3 + 30)
    ]
    with CaptureQueriesContext(connection) as context:
        batch = push_ingest(device=device, body="\n".join(lines), stamp="", ip=None, now=NOW)
    assert batch.new_count == len(lines)
    statements = [q["sql"] for q in context.captured_queries if "search_path" not in q["sql"]]
    assert len(statements) <= 12  # the same for 15 lines or 15,000: one existence query, one insert

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        applied = user_map_set(
            actor=world.admin, device=device, device_user_id="900", officer=world.officer
        )
    assert applied == 0  # 510 waiting lines: more than are applied on the request
    assert len(callbacks) == 1
    assert RawPunch.objects.filter(device_user_id="900", status="unmapped").count() == 510


def test_a_line_from_a_reset_clock_is_a_line_error_and_the_rest_is_recorded(
    world: World, device: Device
) -> None:
    body = "1\t2000-01-01 00:03:12\t0\t1\n1\t2026-11-25 08:02:00\t0\t1\n"
    with translation.override("en"):
        batch = push_ingest(device=device, body=body, stamp="", ip=None, now=NOW)

    assert (batch.line_count, batch.new_count, batch.error_count) == (2, 1, 1)
    [error] = batch.errors
    assert (error["line"], error["code"]) == (1, "line_timestamp_too_old")
    assert "2000-01-01 is more than 400 days before the line arrived" in error["message"]
    assert list(RawPunch.objects.values_list("device_local", flat=True)) == ["2026-11-25 08:02:00"]
