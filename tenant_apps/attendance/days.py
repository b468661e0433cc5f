"""Duty days: which day a punch belongs to, and the stored verdict of a day, recomputed from the
punches, the policy then in force, the approved arrangements and movements. Recomputing writes
the same row from the same records: it is idempotent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.utils import timezone

from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.attendance.signals import day_closed
from tenant_apps.attendance_issues.selectors import excused_categories
from tenant_apps.attendance_issues.sync import issues_sync
from tenant_apps.movements.selectors import engine_movements
from tenant_apps.people.models import Officer
from tenant_apps.worktime import engine
from tenant_apps.worktime.day_inputs import arrangements_on, calendar_on, policy_version_of
from tenant_apps.worktime.engine.assign import at_minutes, window
from tenant_apps.worktime.models import WorkPolicy
from tenant_apps.worktime.selectors import policy_for

ONE_DAY = timedelta(days=1)
ENGINE_CATEGORIES = {category.value for category in engine.Category}


def local_today(now: datetime | None = None) -> date:
    return timezone.localdate(now or timezone.now())


class PolicyOn:
    """The officer's policy version per day, asked once per day (a recompute asks the same days
    several times)."""

    def __init__(self, officer: Officer) -> None:
        self.officer = officer
        self._cache: dict[date, engine.PolicyVersion | None] = {}

    def __call__(self, day: date) -> engine.PolicyVersion | None:
        if day not in self._cache:
            try:
                policy = policy_for(self.officer, day)
            except WorkPolicy.DoesNotExist:
                policy = None
            self._cache[day] = policy_version_of(policy) if policy is not None else None
        return self._cache[day]


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime


def day_window(day: date, version: engine.PolicyVersion | None) -> Window:
    """The moments a duty day owns: the calendar date, or a shift's split-to-split window."""
    if version is None:
        first, last = 0, 24 * 60
    else:
        first, last = window(version)
    return Window(at_minutes(day, first), at_minutes(day, last))


def duty_day_of(officer: Officer, at: datetime, policy_on: PolicyOn | None = None) -> date:
    """The duty day a punch at ``at`` belongs to (a night shift's check-out the next morning
    stays with the night before)."""
    policy_on = policy_on or PolicyOn(officer)
    punch = engine.Punch(at=at)
    days = engine.assign_punches([punch], policy_on)
    return next(iter(days))


def engine_punch(event: AttendanceEvent) -> engine.Punch:
    return engine.Punch(
        at=event.claimed_at,
        kind=engine.PunchKind(event.kind),
        place=engine.Place(event.place),
        source=_SOURCES.get(event.source, engine.PunchSource.WEB),
    )


_SOURCES: dict[str, engine.PunchSource] = {
    AttendanceEvent.Source.WEB: engine.PunchSource.WEB,
    AttendanceEvent.Source.OFFLINE: engine.PunchSource.PWA,
    AttendanceEvent.Source.API: engine.PunchSource.API,
    AttendanceEvent.Source.BIOMETRIC: engine.PunchSource.BIOMETRIC,
    AttendanceEvent.Source.ADMIN: engine.PunchSource.ADMIN,
}


def punches_of_day(
    officer: Officer, day: date, policy_on: PolicyOn, bounds: Window
) -> list[AttendanceEvent]:
    """The officer's punches that belong to ``day``, in time order. Punches near the window's
    edges are assigned as ``duty_day_of`` would (neighbouring shift windows may overlap)."""
    nearby = list(
        AttendanceEvent.objects.filter(
            officer=officer,
            claimed_at__gte=bounds.start - ONE_DAY,
            claimed_at__lt=bounds.end + ONE_DAY,
        ).order_by("claimed_at", "id")
    )
    owner: Callable[[AttendanceEvent], date] = lambda event: next(  # noqa: E731
        iter(engine.assign_punches([engine.Punch(at=event.claimed_at)], policy_on))
    )
    return [
        event
        for event in nearby
        if bounds.start - ONE_DAY / 2 <= event.claimed_at < bounds.end + ONE_DAY / 2
        and owner(event) == day
    ]


def day_recompute(
    officer: Officer,
    day: date,
    *,
    now: datetime | None = None,
    policy_on: PolicyOn | None = None,
) -> AttendanceDay:
    """Judge one duty day again and store the verdict (insert or update, never a second row).
    A day whose window has ended is closed: a missing check-out is INCOMPLETE, no punch ABSENT.
    ``policy_on`` may be shared with the caller, who often asked the same days already."""
    now = now or timezone.now()
    policy_on = policy_on or PolicyOn(officer)
    version = policy_on(day)
    bounds = day_window(day, version)
    closed = now >= bounds.end
    values: dict[str, object] = {
        "ends_at": bounds.end,
        "closed": closed,
        "computed_at": now,
        "policy_kind": version.kind.value if version is not None else "",
    }
    if version is None:
        values |= _empty(AttendanceDay.Status.REST_DAY)
        events = punches_of_day(officer, day, policy_on, bounds)
        values["check_in"] = events[0].claimed_at if events else None
    else:
        events = punches_of_day(officer, day, policy_on, bounds)
        excused = excused_categories(officer, day)
        arrangements = replace(
            arrangements_on(officer, day, engine_movements(officer, bounds.start, bounds.end)),
            excused=frozenset(engine.Category(c) for c in excused if c in ENGINE_CATEGORIES),
        )
        verdict = engine.evaluate_day(
            calendar=calendar_on(day),
            policy=version,
            punches=[engine_punch(event) for event in events],
            arrangements=arrangements,
            day_closed=closed,
        )
        values |= verdict_values(verdict)
        if values["status"] == AttendanceDay.Status.ABSENT and "ABSENT" in excused:
            values["excused"] = [*values["excused"], "ABSENT"]  # type: ignore[misc]
    newly_closed = (
        closed and not AttendanceDay.objects.filter(officer=officer, day=day, closed=True).exists()
    )
    row, _ = AttendanceDay.objects.update_or_create(officer=officer, day=day, defaults=values)
    issues_sync(row)
    if newly_closed:
        day_closed.send(sender=AttendanceDay, day=row)
    return row


def _empty(status: str) -> dict[str, object]:
    return {
        "status": status,
        "categories": [],
        "excused": [],
        "late_minutes": 0,
        "early_minutes": 0,
        "worked_minutes": 0,
        "check_in": None,
        "check_out": None,
        "required_out": None,
        "reasons": [],
    }


def verdict_values(verdict: engine.Verdict) -> dict[str, object]:
    return {
        "status": verdict.status.value,
        "categories": [category.value for category in verdict.categories],
        "excused": [category.value for category in verdict.excused],
        "late_minutes": verdict.late_minutes,
        "early_minutes": verdict.early_minutes,
        "worked_minutes": verdict.worked_minutes,
        "check_in": verdict.check_in,
        "check_out": verdict.check_out,
        "required_out": verdict.required_out,
        "reasons": [
            {"code": reason.code, "ms": reason.ms, "en": reason.en} for reason in verdict.reasons
        ],
    }
