"""Tests of the pure rule engine (no database, no Django). Shared builders below."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime, time, timedelta

from tenant_apps.worktime.engine import (
    MALAYSIA,
    NO_ARRANGEMENTS,
    Arrangements,
    DayCalendar,
    Holiday,
    Place,
    PolicyVersion,
    Punch,
    PunchKind,
    PunchSource,
    Verdict,
    day_calendar,
    evaluate_day,
)

WBF = PolicyVersion.wbf()
# Dates used throughout: 2025-03-04 is a Tuesday, 2025-03-06 a Thursday, 2025-03-07 a Friday.
TUESDAY = date(2025, 3, 4)
THURSDAY = date(2025, 3, 6)
FRIDAY = date(2025, 3, 7)
PUTRAJAYA = "16"


def at(day: date, hhmm: str, *, days: int = 0) -> datetime:
    """``day`` at ``hhmm`` (or ``hh:mm:ss``) Malaysia time, ``days`` later."""
    moment = time.fromisoformat(hhmm)
    return datetime.combine(day + timedelta(days=days), moment, tzinfo=MALAYSIA)


def check_in(day: date, hhmm: str, *, place: Place = Place.OFFICE, days: int = 0) -> Punch:
    return Punch(at(day, hhmm, days=days), PunchKind.IN, place)


def check_out(day: date, hhmm: str, *, place: Place = Place.OFFICE, days: int = 0) -> Punch:
    return Punch(at(day, hhmm, days=days), PunchKind.OUT, place)


def tap(day: date, hhmm: str, *, days: int = 0) -> Punch:
    """A biometric terminal's punch: no kind, made in the office."""
    return Punch(at(day, hhmm, days=days), PunchKind.UNKNOWN, Place.OFFICE, PunchSource.BIOMETRIC)


def judge(
    day: date,
    punches: Sequence[Punch] = (),
    *,
    state: str = PUTRAJAYA,
    policy: PolicyVersion = WBF,
    arrangements: Arrangements = NO_ARRANGEMENTS,
    holidays: Mapping[date, Holiday] | Collection[date] = (),
    day_closed: bool = True,
) -> Verdict:
    return evaluate_day(
        calendar=day_calendar(state, day, holidays),
        policy=policy,
        punches=punches,
        arrangements=arrangements,
        day_closed=day_closed,
    )


def plain_calendar(day: date) -> DayCalendar:
    """A working day with no holiday, no short day and no Friday rest."""
    return DayCalendar(day=day, state_code=PUTRAJAYA)


def hhmm(moment: datetime | None) -> str | None:
    return moment.astimezone(MALAYSIA).strftime("%H:%M") if moment is not None else None


def texts(verdict: Verdict) -> list[str]:
    return [reason.ms for reason in verdict.reasons]


def texts_en(verdict: Verdict) -> list[str]:
    return [reason.en for reason in verdict.reasons]
