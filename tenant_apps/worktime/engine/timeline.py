"""The day's punches and movements as minutes: pairing check-ins with check-outs, and interval
arithmetic over the approved movements. Minutes are counted from the duty day's midnight."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import NamedTuple

from tenant_apps.worktime.engine.assign import local_minutes
from tenant_apps.worktime.engine.types import Movement, Punch, PunchKind

Interval = tuple[int, int]


class Paired(NamedTuple):
    """The day's punches after pairing (``seen`` in time order, ``kinds`` resolved)."""

    seen: list[tuple[int, Punch]]
    kinds: list[PunchKind]
    intervals: list[Interval]  # closed check-in → check-out pairs
    check_in: tuple[int, Punch] | None  # the first check-in
    check_out: tuple[int, Punch] | None  # the last check-out, None when the day ends inside


def _order(punch: Punch) -> tuple[datetime, str, str, str]:
    # A total order, so the verdict never depends on the order punches are given in.
    return punch.at, punch.kind, punch.place, punch.source


def punches_in_window(
    punches: Iterable[Punch], day: date, first: int, last: int
) -> list[tuple[int, Punch]]:
    seen: list[tuple[int, Punch]] = []
    for punch in sorted(punches, key=_order):
        minute = local_minutes(punch.at, day)
        if first <= minute < last:
            seen.append((minute, punch))
    return seen


def pair(seen: list[tuple[int, Punch]]) -> Paired:
    """Resolve each punch to a check-in or a check-out and pair them.

    A punch of unknown kind is a check-in when the officer is out and a check-out when in,
    except that the day's last punch (when not also its first) is a check-out. A second
    check-in while in is a duplicate and ignored; a check-out while out moves the previous
    check-out later (a re-punch on leaving), or with nothing before it is a check-out without a
    check-in."""
    intervals: list[Interval] = []
    kinds: list[PunchKind] = []
    open_at: int | None = None
    check_in: tuple[int, Punch] | None = None
    last_out: tuple[int, Punch] | None = None
    final = len(seen) - 1
    for index, (minute, punch) in enumerate(seen):
        kind = punch.kind
        if kind is PunchKind.UNKNOWN:
            inside = open_at is not None or (index == final and index > 0)
            kind = PunchKind.OUT if inside else PunchKind.IN
        kinds.append(kind)
        if kind is PunchKind.IN:
            if open_at is None:
                open_at = minute
                if check_in is None:
                    check_in = (minute, punch)
            continue
        if open_at is not None:
            intervals.append((open_at, minute))
            open_at = None
        elif intervals:
            intervals[-1] = (intervals[-1][0], minute)
        last_out = (minute, punch)
    return Paired(
        seen=seen,
        kinds=kinds,
        intervals=intervals,
        check_in=check_in,
        check_out=last_out if open_at is None else None,
    )


def movement_intervals(
    movements: Iterable[Movement], day: date, first: int, last: int
) -> list[Interval]:
    """The movements' windows inside the duty day's window, merged where they overlap or
    touch, in time order."""
    raw: list[Interval] = []
    for found in movements:
        start = max(local_minutes(found.start, day), first)
        end = min(local_minutes(found.end, day), last)
        if start < end:
            raw.append((start, end))
    return merge(raw)


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def uncovered(start: int, end: int, cover: list[Interval]) -> int:
    """Minutes of ``[start, end)`` outside ``cover`` (merged)."""
    if end <= start:
        return 0
    total = end - start
    for lo, hi in cover:
        overlap = min(end, hi) - max(start, lo)
        if overlap > 0:
            total -= overlap
    return total


def covered(minute: int, cover: list[Interval]) -> bool:
    return any(lo <= minute <= hi for lo, hi in cover)


def chain_back(minute: int, cover: list[Interval]) -> int:
    """The start of the movement that runs into ``minute`` (so the officer was on duty from
    then), else ``minute``."""
    for lo, hi in cover:
        if lo < minute <= hi:
            return lo
    return minute


def measure(intervals: list[Interval]) -> int:
    total = 0
    for start, end in intervals:
        total += end - start
    return total


def overlap(intervals: list[Interval], span: Interval) -> int:
    lo, hi = span
    total = 0
    for start, end in intervals:
        if end > lo and start < hi:
            total += min(end, hi) - max(start, lo)
    return total
