"""Punches from biometric terminals. A terminal stands in an office and logs its own clock's time,
often hours before the line reaches us (a file export, a device that was offline): the device's
time is the time the day is judged by, with no offline window, except a line from the future,
which is the clock's fault and takes the server's time (flagged). A drifting device clock flags
every punch it gives."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from tenant_apps.attendance.days import PolicyOn, day_recompute, duty_day_of
from tenant_apps.attendance.models import AttendanceEvent
from tenant_apps.attendance.selectors import attendance_settings
from tenant_apps.attendance.services import (
    FUTURE_TOLERANCE,
    AttendanceError,
    PunchResult,
    _chain,
    _replay,
)
from tenant_apps.people.models import Officer


@dataclass(frozen=True)
class DevicePunch:
    kind: str  # "in" / "out" / "unknown"
    event_id: uuid.UUID  # made from the device line's key, so a replay finds the first punch
    device_time: datetime  # aware: the device's clock read in the device's time zone
    office_id: int | None  # where the device stands
    drift_seconds: int | None  # device clock minus server clock, as last measured
    device_label: str  # "Terminal Lobi (A1B2C3)", kept as the punch's user agent


def punch_record_device(
    *, officer: Officer, data: DevicePunch, now: datetime | None = None
) -> PunchResult:
    """Record one device line as a punch with source ``biometric``, once per event id, and judge
    its duty day again. Refuses only an officer who is not active."""
    existing = _replay(officer, data.event_id)
    if existing is not None:
        return existing
    now = now or timezone.now()
    if officer.status != Officer.Status.ACTIVE:
        raise AttendanceError("officer_inactive")
    rules = attendance_settings()
    claimed = data.device_time
    skew = data.drift_seconds
    flags: list[str] = []
    if claimed > now + FUTURE_TOLERANCE:
        skew = int((claimed - now).total_seconds())
        claimed = now
    if skew is not None and abs(skew) > rules.clock_skew_minutes * 60:
        flags.append(AttendanceEvent.Flag.CLOCK_SKEW.value)
    try:
        with transaction.atomic():
            Officer.objects.select_for_update().only("pk").get(pk=officer.pk)
            existing = _replay(officer, data.event_id)
            if existing is not None:
                return existing
            previous = AttendanceEvent.objects.filter(officer=officer).order_by("-id").first()
            event = AttendanceEvent(
                officer=officer,
                event_id=data.event_id,
                kind=data.kind,
                source=AttendanceEvent.Source.BIOMETRIC,
                recorded_at=now,
                claimed_at=claimed,
                device_time=data.device_time,
                skew_seconds=skew,
                place=AttendanceEvent.Place.OFFICE,
                office_id=data.office_id,
                distance_m=0.0 if data.office_id is not None else None,
                flags=flags,
                user_agent=data.device_label[:300],
            )
            _chain(event, previous)
            event.save(force_insert=True)
            policy_on = PolicyOn(officer)
            day = day_recompute(
                officer, duty_day_of(officer, claimed, policy_on), now=now, policy_on=policy_on
            )
    except IntegrityError:
        existing = _replay(officer, data.event_id)
        if existing is None:
            raise AttendanceError("event_id_taken") from None
        return existing
    return PunchResult(event=event, day=day, created=True)


__all__ = ["DevicePunch", "punch_record_device"]
