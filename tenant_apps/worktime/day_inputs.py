"""From the agency's records to the engine's inputs for one officer's duty day: the calendar of
the agency's state (with its holidays, the agency's own winning), the policy version in force and
the approved arrangements. Attendance capture calls ``day_evaluate`` for every duty day it
records; punches and movements come from the caller."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import connection

from tenant_apps.people.models import Officer
from tenant_apps.worktime.arrangement_selectors import approved_arrangements_on
from tenant_apps.worktime.engine import (
    Arrangements,
    BdrScope,
    DayCalendar,
    Holiday,
    Movement,
    PolicyKind,
    PolicyVersion,
    Punch,
    Verdict,
    day_calendar,
    evaluate_day,
)
from tenant_apps.worktime.models import Arrangement, WorkPolicy
from tenant_apps.worktime.selectors import holidays_between, policy_for
from tenants.models import Agency


@dataclass(frozen=True)
class DayInputs:
    calendar: DayCalendar
    policy: PolicyVersion | None  # None: a rest day of the officer's roster
    arrangements: Arrangements


def agency_state_code() -> str:
    """The state of the agency whose schema is in use (read from its tenant row: a request's
    tenant and a task's schema context alike)."""
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Agency):
        return tenant.state_code
    state = (
        Agency.objects.filter(schema_name=connection.schema_name)  # type: ignore[attr-defined]
        .values_list("state_code", flat=True)
        .first()
    )
    if state is None:
        raise LookupError(f"No agency uses the schema {connection.schema_name!r}.")  # type: ignore[attr-defined]
    return state


def policy_version_of(policy: WorkPolicy) -> PolicyVersion:
    """The engine's view of a stored policy version."""
    if policy.kind == WorkPolicy.Kind.FIXED:
        assert policy.start_time is not None
        assert policy.end_time is not None
        return PolicyVersion.fixed(
            start=policy.start_time, end=policy.end_time, grace_minutes=policy.grace_minutes
        )
    if policy.kind == WorkPolicy.Kind.SHIFT:
        assert policy.start_time is not None
        assert policy.end_time is not None
        return PolicyVersion.shift(
            start=policy.start_time,
            end=policy.end_time,
            day_split=policy.day_split,
            grace_minutes=policy.grace_minutes,
        )
    return PolicyVersion(
        kind=PolicyKind.WBF,
        check_in_start=policy.check_in_start,
        check_in_end=policy.check_in_end,
        span_minutes=policy.span_minutes,
        short_day_span_minutes=policy.short_day_span_minutes,
        grace_minutes=policy.grace_minutes,
    )


def arrangements_on(
    officer: Officer, day: date, movements: Iterable[Movement] = ()
) -> Arrangements:
    kinds = {a.kind: a for a in approved_arrangements_on(officer, day)}
    bdr = kinds.get(Arrangement.Kind.BDR)
    return Arrangements(
        bdr=BdrScope(bdr.scope) if bdr else None,
        pregnancy_early_leave=Arrangement.Kind.PREGNANCY_EARLY_LEAVE in kinds,
        ramadan_short_rest=Arrangement.Kind.RAMADAN_SHORT_REST in kinds,
        movements=tuple(movements),
    )


def calendar_on(day: date) -> DayCalendar:
    """The agency state's calendar of the day, the agency's own holidays winning."""
    holidays = {
        when: Holiday(name_ms=name, name_en=name)
        for when, name in holidays_between(day, day).items()
    }
    return day_calendar(agency_state_code(), day, holidays)


def day_inputs_for(officer: Officer, day: date, movements: Iterable[Movement] = ()) -> DayInputs:
    policy = policy_for(officer, day)
    return DayInputs(
        calendar=calendar_on(day),
        policy=policy_version_of(policy) if policy is not None else None,
        arrangements=arrangements_on(officer, day, movements),
    )


def day_evaluate(
    officer: Officer,
    day: date,
    punches: Iterable[Punch] = (),
    movements: Iterable[Movement] = (),
    *,
    day_closed: bool = True,
) -> Verdict | None:
    """The engine's verdict on one officer's day; None on a rest day of their roster."""
    inputs = day_inputs_for(officer, day, movements)
    if inputs.policy is None:
        return None
    return evaluate_day(
        calendar=inputs.calendar,
        policy=inputs.policy,
        punches=punches,
        arrangements=inputs.arrangements,
        day_closed=day_closed,
    )
