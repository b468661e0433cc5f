"""Shared by the supervision tests: the arrangement tests' world (a supervisor with two officers,
an outsider, a head of department, the org admin), rows of the read side made directly (the
board only reads them), and fixed Malaysian times."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.movements.models import Movement
from tenant_apps.people.models import Officer
from tenant_apps.worktime.day_inputs import calendar_on
from tenant_apps.worktime.models import Arrangement
from tests.movements.helpers import LOGINS, World, build_world, client_for, officer_new, today

AsUser = Callable[[str], Client]

__all__ = [
    "LOGINS",
    "AsUser",
    "World",
    "at",
    "bdr_row",
    "build_world",
    "client_for",
    "day_row",
    "movement_row",
    "officer_new",
    "punch_row",
    "today",
    "weekend_day",
    "working_day",
]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def working_day() -> date:
    """A past working day of the agency (no weekend, no holiday); call inside its schema."""
    day = today() - timedelta(days=7)
    while calendar_on(day).weekend or calendar_on(day).holiday is not None:
        day -= timedelta(days=1)
    return day


def weekend_day() -> date:
    day = today() - timedelta(days=7)
    while not calendar_on(day).weekend or calendar_on(day).holiday is not None:
        day -= timedelta(days=1)
    return day


def day_row(officer: Officer, day: date, **values: Any) -> AttendanceDay:
    defaults: dict[str, Any] = {
        "status": AttendanceDay.Status.PRESENT,
        "policy_kind": "WBF",
        "ends_at": at(day, 23, 59),
        "computed_at": timezone.now(),
    }
    return AttendanceDay.objects.create(officer=officer, day=day, **(defaults | values))


def punch_row(officer: Officer, when: datetime, kind: str = "in", **values: Any) -> AttendanceEvent:
    defaults: dict[str, Any] = {
        "source": AttendanceEvent.Source.WEB,
        "place": AttendanceEvent.Place.OFFICE,
        "chain_hash": hashlib.sha256(uuid.uuid4().bytes).hexdigest(),
    }
    return AttendanceEvent.objects.create(
        officer=officer, kind=kind, recorded_at=when, claimed_at=when, **(defaults | values)
    )


def movement_row(officer: Officer, starts_at: datetime, ends_at: datetime) -> Movement:
    return Movement.objects.create(
        officer=officer,
        purpose="Mesyuarat JPICT",
        place="Bangunan Perdana Putra",
        starts_at=starts_at,
        ends_at=ends_at,
    )


def bdr_row(officer: Officer, starts_on: date, ends_on: date, **values: Any) -> Arrangement:
    defaults: dict[str, Any] = {"status": Arrangement.Status.APPROVED, "reason": "BDR"}
    return Arrangement.objects.create(
        officer=officer,
        kind=Arrangement.Kind.BDR,
        starts_on=starts_on,
        ends_on=ends_on,
        **(defaults | values),
    )
