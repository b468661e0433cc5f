"""Which duty day a punch belongs to.

A duty day ``D`` owns a 24-hour window of Malaysia time. Under WBF and fixed hours it is the
calendar date. A shift belongs to the day it starts on, and its window runs from the policy's
day-split time to the same time the next day, placed so that the whole shift lies inside it
(a 22:00–07:00 shift with the default split 14:30 owns D 14:30 to D+1 14:30). So a check-out
the next morning stays with the shift, and a missing check-out can never turn the next day's
check-in into a check-out: that check-in lies in the next day's window.

Times inside the engine are whole minutes from the duty day's midnight (they may be negative or
pass 1440 for a shift's window)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from tenant_apps.worktime.engine.types import MALAYSIA, PolicyKind, PolicyVersion, Punch

DAY = 24 * 60
_ONE_DAY = timedelta(days=1)


def minutes_of(value: time) -> int:
    return value.hour * 60 + value.minute


@lru_cache(maxsize=1024)
def day_split_minutes(policy: PolicyVersion) -> int:
    """The split as minutes of the day: the policy's, else (shifts) the middle of the off-duty
    gap between the shift's end and its next start; WBF and fixed hours split at midnight."""
    if policy.kind is not PolicyKind.SHIFT:
        return 0
    if policy.day_split is not None:
        return minutes_of(policy.day_split)
    start, end = _shift_bounds(policy)
    return ((end + start + DAY) // 2) % DAY


@lru_cache(maxsize=1024)
def window(policy: PolicyVersion) -> tuple[int, int]:
    """The duty day's window, ``[start, end)`` in minutes from the duty day's midnight."""
    if policy.kind is not PolicyKind.SHIFT:
        return 0, DAY
    split = day_split_minutes(policy)
    start, _ = _shift_bounds(policy)
    first = split - DAY if split > start else split
    return first, first + DAY


@lru_cache(maxsize=1024)
def nominal(policy: PolicyVersion) -> tuple[int, int]:
    """The scheduled part of the duty day in minutes: WBF's 07:30 to the latest check-out
    (18:00), fixed hours' start to end, a shift's start to its end (past 1440 overnight)."""
    if policy.kind is PolicyKind.WBF:
        return minutes_of(policy.check_in_start), minutes_of(policy.check_in_end) + (
            policy.span_minutes
        )
    if policy.kind is PolicyKind.SHIFT:
        return _shift_bounds(policy)
    start, end = policy.times
    return minutes_of(start), minutes_of(end)


def _shift_bounds(policy: PolicyVersion) -> tuple[int, int]:
    start, end = (minutes_of(value) for value in policy.times)
    return start, end if end > start else end + DAY


def local_minutes(at: datetime, day: date) -> int:
    """``at`` as whole minutes (seconds dropped) from ``day``'s midnight, Malaysia time."""
    local = at.astimezone(MALAYSIA)
    return (local.date() - day).days * DAY + local.hour * 60 + local.minute


def at_minutes(day: date, minutes: int) -> datetime:
    """The Malaysia-time moment ``minutes`` after ``day``'s midnight."""
    days, rest = divmod(minutes, DAY)
    base = datetime(day.year, day.month, day.day, rest // 60, rest % 60, tzinfo=MALAYSIA)
    return base + timedelta(days=days) if days else base


def duty_day_of(at: datetime, policy: PolicyVersion) -> date:
    """The duty day whose window holds ``at`` under one policy."""
    local = at.astimezone(MALAYSIA)
    day = local.date()
    minute = local.hour * 60 + local.minute
    first, last = window(policy)
    if minute < first:
        return day - _ONE_DAY
    if minute >= last:
        return day + _ONE_DAY
    return day


PolicyOn = Callable[[date], PolicyVersion | None]


def assign_punches(
    punches: Iterable[Punch], policy: PolicyVersion | PolicyOn
) -> dict[date, tuple[Punch, ...]]:
    """Group a stream of punches by duty day, each day's punches in time order.

    ``policy`` is one policy for every day, or a function giving the policy of a day (``None``
    for a rest day of a roster: that day owns its calendar date). When two neighbouring days'
    windows both hold a punch (a night shift followed by a day under another policy), the punch
    goes to the day whose scheduled hours are nearest to it, the earlier day on a tie."""
    days: dict[date, list[Punch]] = {}
    for punch in punches:
        if isinstance(policy, PolicyVersion):
            day = duty_day_of(punch.at, policy)
        else:
            day = _nearest_day(punch.at, policy)
        days.setdefault(day, []).append(punch)
    return {
        day: tuple(sorted(found, key=_punch_key))
        for day, found in sorted(days.items(), key=lambda item: item[0])
    }


def _punch_key(punch: Punch) -> tuple[datetime, str, str, str]:
    return punch.at, punch.kind.value, punch.place.value, punch.source.value


_FAR = 10 * DAY


def _nearest_day(at: datetime, policy_on: PolicyOn) -> date:
    local_day = at.astimezone(MALAYSIA).date()
    best: tuple[int, date] | None = None
    for candidate in (local_day - _ONE_DAY, local_day, local_day + _ONE_DAY):
        minute = local_minutes(at, candidate)
        version = policy_on(candidate)
        first, last = window(version) if version is not None else (0, DAY)
        if not first <= minute < last:
            continue
        if version is None:
            distance = _FAR
        else:
            start, end = nominal(version)
            distance = max(start - minute, minute - end, 0)
        if best is None or (distance, candidate) < best:
            best = (distance, candidate)
    return best[1] if best is not None else local_day
