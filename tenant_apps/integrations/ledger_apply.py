"""Writing lines into the raw ledger and applying them: a ledger line whose device user id is
mapped to an officer becomes a biometric punch (once: its event id is made from the line's key),
and its duty day is judged again. Nothing in the ledger is ever deleted; a line the attendance
core refuses (an officer who is not active) stays, marked refused with the reason."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenant_apps.attendance.device_punch import DevicePunch, punch_record_device
from tenant_apps.attendance.services import AttendanceError
from tenant_apps.integrations.attlog import ParsedLine
from tenant_apps.integrations.errors import IntegrationError, messages_register
from tenant_apps.integrations.models import Device, DeviceUserMap, ImportBatch, RawPunch
from tenant_apps.people.models import Officer

# Lines applied on the request; more go to a Celery task (``raw_lines_apply``).
INLINE_APPLY_MAX = 500
# Fixed forever: a device line's event id is uuid5(this, "SERIAL|USER|YYYY-MM-DD HH:MM:SS").
DEVICE_LINE_NAMESPACE = uuid.UUID("6f1c2b8e-3d4a-5b6c-8d9e-0a1b2c3d4e5f")

messages_register(
    {
        "device_time_zone_invalid": _(
            "The device's time zone “%(zone)s” is not known; correct it on the device's page."
        ),
    }
)


def device_zone(device: Device) -> ZoneInfo:
    try:
        return ZoneInfo(device.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise IntegrationError("device_time_zone_invalid", zone=device.time_zone) from None


def device_time_of(line: ParsedLine, zone: ZoneInfo) -> datetime:
    """The line's time on the device's clock read in the device's zone. A local time skipped or
    repeated by a daylight saving change is read with fold=0 (the earlier reading)."""
    return line.local.replace(tzinfo=zone, fold=0)


def line_event_id(serial: str, device_user_id: str, device_local: str) -> uuid.UUID:
    return uuid.uuid5(DEVICE_LINE_NAMESPACE, f"{serial}|{device_user_id}|{device_local}")


def existing_keys(device: Device, lines: list[ParsedLine]) -> set[tuple[str, str]]:
    """The (device user id, device time) keys of these lines already in the ledger: one query,
    bounded by the lines' user ids and time range."""
    if not lines:
        return set()
    locals_ = [line.device_local for line in lines]
    rows = RawPunch.objects.filter(
        device=device,
        device_user_id__in={line.device_user_id for line in lines},
        device_local__gte=min(locals_),
        device_local__lte=max(locals_),
    ).values_list("device_user_id", "device_local")
    return {(user_id, local) for user_id, local in rows}


def mapped_user_ids(device: Device, user_ids: Iterable[str]) -> set[str]:
    wanted = set(user_ids)
    if not wanted:
        return set()
    return set(
        DeviceUserMap.objects.filter(device=device, device_user_id__in=wanted)
        .order_by()
        .values_list("device_user_id", flat=True)
    )


def ledger_write(
    *,
    device: Device,
    batch: ImportBatch,
    lines: list[ParsedLine],
    received_at: datetime,
) -> list[tuple[int, str]]:
    """Insert the lines (already without in-file repeats) that are not yet in the ledger, under
    ``batch``, as unmapped; a line written meanwhile by another upload is skipped by the key.
    Returns (id, device user id) of the rows written."""
    zone = device_zone(device)
    known = existing_keys(device, lines)
    RawPunch.objects.bulk_create(
        [
            RawPunch(
                device=device,
                batch=batch,
                line_no=line.line_no,
                raw=line.raw[:500],
                device_user_id=line.device_user_id,
                device_local=line.device_local,
                device_time=device_time_of(line, zone),
                state=line.state,
                verify=line.verify,
                kind=line.kind,
                received_at=received_at,
                status=RawPunch.Status.UNMAPPED,
            )
            for line in lines
            if line.key not in known
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return list(
        RawPunch.objects.filter(batch=batch)
        .order_by("device_time", "id")
        .values_list("id", "device_user_id")
    )


def raw_apply(
    raw_ids: list[int] | None = None,
    *,
    device: Device | None = None,
    device_user_id: str | None = None,
    now: datetime | None = None,
) -> int:
    """Apply the waiting (unmapped) ledger lines, among those chosen, whose device user id now
    has a map: each becomes a biometric punch and its day is recomputed, in device time order.
    Returns how many were applied (refused ones are marked, not counted)."""
    now = now or timezone.now()
    rows = RawPunch.objects.filter(status=RawPunch.Status.UNMAPPED)
    if raw_ids is not None:
        rows = rows.filter(pk__in=raw_ids)
    if device is not None:
        rows = rows.filter(device=device)
    if device_user_id is not None:
        rows = rows.filter(device_user_id=device_user_id)
    mapped_officer = DeviceUserMap.objects.filter(
        device=OuterRef("device"), device_user_id=OuterRef("device_user_id")
    ).values("officer_id")[:1]
    todo = list(
        rows.annotate(map_officer=Subquery(mapped_officer))
        .filter(map_officer__isnull=False)
        .order_by("device_time", "id")
        .values_list("id", "device_id", "map_officer")
    )
    if not todo:
        return 0
    devices = Device.objects.in_bulk({device_id for _id, device_id, _o in todo})
    officers = Officer.objects.select_related("user").in_bulk({o for _i, _d, o in todo})
    applied: Counter[int] = Counter()
    for raw_id, device_id, officer_id in todo:
        batch_id = _apply_one(raw_id, devices[device_id], officers[officer_id], now)
        if batch_id is not None:
            applied[batch_id] += 1
    for batch_id, count in applied.items():
        ImportBatch.objects.filter(pk=batch_id).update(applied_count=F("applied_count") + count)
    return sum(applied.values())


def _apply_one(raw_id: int, device: Device, officer: Officer, now: datetime) -> int | None:
    """One line, in its own transaction; returns its batch id when it became a punch."""
    with transaction.atomic():
        raw = (
            RawPunch.objects.select_for_update(skip_locked=True)
            .filter(pk=raw_id, status=RawPunch.Status.UNMAPPED)
            .first()
        )
        if raw is None:  # applied meanwhile by another worker
            return None
        data = DevicePunch(
            kind=raw.kind,
            event_id=line_event_id(device.serial, raw.device_user_id, raw.device_local),
            device_time=raw.device_time,
            office_id=device.office_id,
            drift_seconds=device.clock_drift_seconds,
            device_label=str(device),
        )
        raw.officer = officer
        try:
            result = punch_record_device(officer=officer, data=data, now=now)
        except AttendanceError as error:
            raw.status = RawPunch.Status.REFUSED
            raw.refusal = str(error.message)[:300]
            raw.save(update_fields=["status", "refusal", "officer"])
            return None
        raw.status = RawPunch.Status.APPLIED
        raw.event = result.event
        raw.applied_at = now
        raw.save(update_fields=["status", "officer", "event", "applied_at"])
        return raw.batch_id


def apply_soon(raw_ids: list[int], *, now: datetime | None = None) -> int:
    """Apply these lines on the request when they are few, else in the background once the
    caller's transaction commits. Returns the number applied here."""
    if not raw_ids:
        return 0
    if len(raw_ids) <= INLINE_APPLY_MAX:
        return raw_apply(raw_ids, now=now)
    from tenant_apps.integrations.tasks import raw_lines_apply  # the tasks import this module

    ids = list(raw_ids)
    send: Callable[[], object] = lambda: raw_lines_apply.delay(ids)  # noqa: E731
    transaction.on_commit(send)
    return 0


__all__ = [
    "DEVICE_LINE_NAMESPACE",
    "INLINE_APPLY_MAX",
    "apply_soon",
    "device_time_of",
    "device_zone",
    "existing_keys",
    "ledger_write",
    "line_event_id",
    "mapped_user_ids",
    "raw_apply",
]
