"""The rule engine alone: officer-days evaluated per second on one core.

No Django and no database: the engine is pure Python. A day's recompute evaluates every officer
of an agency against one calendar, so calendars are built once per (state, date) as the
services will; the figure is for ``evaluate_day`` over a realistic mix of days (on time, late,
early out, no check-out, absent, terminals without in/out, short Thursdays, Fridays, night
shifts, fixed hours, BDR, movements, pregnancy and Ramadan). The baseline, measured in the same
run, is the least any evaluation must do: convert each day's punches to Malaysia time and sort
them.

    .venv/bin/python bench/engine.py [--days N] [--rounds R] [--target 20000]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time as clock
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tenant_apps.worktime.engine import (
    MALAYSIA,
    NO_ARRANGEMENTS,
    Arrangements,
    BdrScope,
    DayCalendar,
    Movement,
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
FIXED = PolicyVersion.fixed(start=time(8, 0), end=time(17, 0))
NIGHT = PolicyVersion.shift(start=time(22, 0), end=time(7, 0))
TUESDAY, THURSDAY, FRIDAY = date(2025, 3, 4), date(2025, 3, 6), date(2025, 3, 7)


@dataclass(frozen=True)
class Day:
    kind: str
    calendar: DayCalendar
    policy: PolicyVersion
    punches: tuple[Punch, ...]
    arrangements: Arrangements = NO_ARRANGEMENTS


def _at(day: date, minute: int, rng: random.Random) -> datetime:
    base = datetime(day.year, day.month, day.day, tzinfo=MALAYSIA)
    return base + timedelta(minutes=minute, seconds=rng.randrange(60))


def _pair(day: date, first_in: int, last_out: int | None, rng: random.Random) -> tuple[Punch, ...]:
    punches = [Punch(_at(day, first_in, rng), PunchKind.IN, Place.OFFICE)]
    if last_out is not None:
        punches.append(Punch(_at(day, last_out, rng), PunchKind.OUT, Place.OFFICE))
    return tuple(punches)


def _day(kind: str, rng: random.Random) -> Day:
    """One officer-day of ``kind``, with its times drawn around the usual ones."""
    putrajaya = day_calendar("16", TUESDAY)
    if kind == "wbf on time":
        first = rng.randrange(7 * 60, 9 * 60)
        return Day(
            kind, putrajaya, WBF, _pair(TUESDAY, first, first + 540 + rng.randrange(45), rng)
        )
    if kind == "wbf late":
        return Day(kind, putrajaya, WBF, _pair(TUESDAY, rng.randrange(541, 630), 18 * 60 + 5, rng))
    if kind == "early out":
        first = rng.randrange(450, 540)
        return Day(
            kind, putrajaya, WBF, _pair(TUESDAY, first, first + rng.randrange(300, 530), rng)
        )
    if kind == "no check-out":
        return Day(kind, putrajaya, WBF, _pair(TUESDAY, rng.randrange(450, 540), None, rng))
    if kind == "absent":
        return Day(kind, putrajaya, WBF, ())
    if kind == "terminal":
        taps = sorted(rng.sample(range(450, 1110), 4))
        punches = tuple(
            Punch(_at(TUESDAY, m, rng), PunchKind.UNKNOWN, Place.OFFICE, PunchSource.BIOMETRIC)
            for m in taps
        )
        return Day(kind, putrajaya, WBF, punches)
    if kind == "short thursday":
        first = rng.randrange(450, 560)
        return Day(
            kind, day_calendar("03", THURSDAY), WBF, _pair(THURSDAY, first, first + 460, rng)
        )
    if kind == "friday sabah":
        first = rng.randrange(450, 540)
        return Day(kind, day_calendar("12", FRIDAY), WBF, _pair(FRIDAY, first, first + 545, rng))
    if kind == "night shift":
        first = rng.randrange(21 * 60 + 40, 22 * 60 + 10)
        return Day(
            kind, putrajaya, NIGHT, _pair(TUESDAY, first, 31 * 60 + rng.randrange(-10, 20), rng)
        )
    if kind == "fixed":
        return Day(
            kind, putrajaya, FIXED, _pair(TUESDAY, rng.randrange(460, 500), 17 * 60 + 2, rng)
        )
    if kind == "bdr":
        punches = (
            Punch(_at(TUESDAY, rng.randrange(450, 540), rng), PunchKind.IN, Place.HOME),
            Punch(_at(TUESDAY, 17 * 60 + 40, rng), PunchKind.OUT, Place.HOME),
        )
        return Day(kind, putrajaya, WBF, punches, Arrangements(bdr=BdrScope.FULL))
    if kind == "movement":
        trip = Movement(_at(TUESDAY, 600, rng), _at(TUESDAY, 720 + rng.randrange(60), rng))
        punches = (
            Punch(_at(TUESDAY, 470, rng), PunchKind.IN, Place.OFFICE),
            Punch(_at(TUESDAY, 650, rng), PunchKind.UNKNOWN, Place.OUTSIDE),
            Punch(_at(TUESDAY, 1030, rng), PunchKind.OUT, Place.OFFICE),
        )
        return Day(kind, putrajaya, WBF, punches, Arrangements(movements=(trip,)))
    first = rng.randrange(450, 540)  # pregnancy and Ramadan
    extra = Arrangements(pregnancy_early_leave=True, ramadan_short_rest=True)
    return Day(kind, putrajaya, WBF, _pair(TUESDAY, first, first + 450, rng), extra)


MIX = {
    "wbf on time": 40,
    "wbf late": 10,
    "early out": 8,
    "no check-out": 5,
    "absent": 5,
    "terminal": 10,
    "short thursday": 5,
    "friday sabah": 4,
    "night shift": 5,
    "fixed": 3,
    "bdr": 2,
    "movement": 2,
    "pregnancy and ramadan": 1,
}


def build(count: int, seed: int = 2026) -> list[Day]:
    rng = random.Random(seed)
    kinds = rng.choices(list(MIX), weights=list(MIX.values()), k=count)
    return [_day(kind, rng) for kind in kinds]


def evaluate_all(days: Sequence[Day]) -> list[Verdict]:
    return [
        evaluate_day(
            calendar=d.calendar, policy=d.policy, punches=d.punches, arrangements=d.arrangements
        )
        for d in days
    ]


def read_all(days: Sequence[Day]) -> list[list[datetime]]:
    return [sorted(p.at.astimezone(MALAYSIA) for p in d.punches) for d in days]


def per_second(job: Callable[[Sequence[Day]], object], days: Sequence[Day], rounds: int) -> float:
    timings = []
    for _ in range(rounds):
        started = clock.perf_counter()
        job(days)
        timings.append(clock.perf_counter() - started)
    return len(days) / statistics.median(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--target", type=int, default=20_000)
    args = parser.parse_args()

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, honestly
    days = build(args.days)
    evaluate_all(days[:500])  # warm the caches (policy windows, schedules)

    baseline = per_second(read_all, days, args.rounds)
    engine = per_second(evaluate_all, days, args.rounds)
    statuses = Counter(v.status.value for v in evaluate_all(days))

    print(f"Rule engine, one core: Python {platform.python_version()}, {platform.machine()}")
    print(f"{args.days:,} officer-days, median of {args.rounds} rounds; mix: {dict(MIX)}")
    print(f"verdicts: {dict(statuses)}")
    print()
    print("| what | officer-days/s | µs each | ratio |")
    print("|---|---:|---:|---:|")
    reading = "baseline: punches to Malaysia time, sorted"
    print(f"| {reading} | {baseline:,.0f} | {1e6 / baseline:.1f} | ×1 |")
    print(f"| evaluate_day | {engine:,.0f} | {1e6 / engine:.1f} | ×{engine / baseline:.3f} |")
    print()
    passed = engine >= args.target
    word = "PASS" if passed else "BELOW TARGET"
    print(f"verdict: {word}: {engine:,.0f} officer-days/s on one core (target {args.target:,})")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
