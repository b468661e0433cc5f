"""Reads of attendance: the agency's settings, an officer's punches and days, the year strip of
the dashboard, and the check of a punch chain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import QuerySet

from tenant_apps.attendance import evidence
from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent, AttendanceSettings
from tenant_apps.people.models import Officer
from tenant_apps.worktime.engine import MALAYSIA
from tenant_apps.worktime.months import next_month


def attendance_settings(*, for_update: bool = False) -> AttendanceSettings:
    """The agency's settings row (made with the defaults on first use)."""
    rows = (
        AttendanceSettings.objects.select_for_update() if for_update else AttendanceSettings.objects
    )
    row, _ = rows.get_or_create(pk=1)
    return row


def punches_of_month(officer: Officer, year: int, month: int) -> QuerySet[AttendanceEvent]:
    """The officer's punches whose time falls in the month (Malaysia time), newest first."""
    start = date(year, month, 1)
    end = next_month(start)
    return (
        AttendanceEvent.objects.filter(
            officer=officer,
            claimed_at__gte=datetime.combine(start, time(), MALAYSIA),
            claimed_at__lt=datetime.combine(end, time(), MALAYSIA),
        )
        .select_related("office", "created_by")
        .order_by("-claimed_at", "-id")
    )


def day_of(officer: Officer, day: date) -> AttendanceDay | None:
    return AttendanceDay.objects.filter(officer=officer, day=day).first()


@dataclass(frozen=True)
class MonthSummary:
    year: int
    month: int
    state: str  # "future", "clean", "exceptions", "none"
    present: int
    exceptions: int
    absent: int


def year_strip(officer: Officer, year: int, today: date) -> list[MonthSummary]:
    """Each month of the year: days present, days with an unexcused exception, absences."""
    rows = AttendanceDay.objects.filter(officer=officer, day__year=year).values_list(
        "day", "status", "categories", "excused"
    )
    counts: dict[int, list[int]] = {month: [0, 0, 0] for month in range(1, 13)}
    for day, status, categories, excused in rows:
        bucket = counts[day.month]
        if status in (AttendanceDay.Status.PRESENT, AttendanceDay.Status.BDR):
            bucket[0] += 1
        if status == AttendanceDay.Status.ABSENT and "ABSENT" not in excused:
            bucket[2] += 1
        if set(categories) - set(excused):
            bucket[1] += 1
    strip = []
    for month, (present, exceptions, absent) in counts.items():
        if (year, month) > (today.year, today.month):
            state = "future"
        elif exceptions or absent:
            state = "exceptions"
        elif present:
            state = "clean"
        else:
            state = "none"
        strip.append(MonthSummary(year, month, state, present, exceptions, absent))
    return strip


def chain_broken_at(officer: Officer) -> AttendanceEvent | None:
    """The first of the officer's punches whose hash does not match its fields and its
    predecessor: a sign of tampering. None when the chain holds."""
    previous_hash = ""
    for event in AttendanceEvent.objects.filter(officer=officer).order_by("id"):
        expected = evidence.chain_hash(previous_hash, evidence.chain_fields(event))
        if event.prev_hash != previous_hash or event.chain_hash != expected:
            return event
        previous_hash = event.chain_hash
    return None
