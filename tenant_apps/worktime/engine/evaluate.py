"""``evaluate_day``: one officer's duty day → a verdict with reasons.

The steps (docs/rules-engine.md gives each rule's source in rules.md):

1. keep the punches inside the duty day's window (``assign``), in a fixed order, and pair them;
2. a public holiday or a weekend (when the policy rests on them), or leave, ends there;
3. "covered" time is time on an approved movement, and the home part of a BDR day when the
   agency does not require a check-in: it stands for presence;
4. with no punch and nothing covered: ABSENT once the day is closed, PENDING before; with no
   punch but covered time, the covered time is the day;
5. late: the minutes from the late line to the first check-in that are not covered, when more
   than the grace;
6. the required check-out (WBF: the span from the check-in, or from the start of the covered
   time running into it, no earlier than from 07:30, at most the end of office hours, which is
   also the late officer's; fixed hours and shifts: their end), less the Ramadan rest cut and
   the pregnancy early leave when they apply;
7. early out: the minutes from the last check-out to the required check-out that are not
   covered; incomplete: no check-out once the day is closed, unless covered time runs to the
   required check-out, or a check-out without any check-in;
8. external: a punch outside the office, not at home in a BDR part of the day, and not inside
   an approved movement;
9. an accepted case (excused) removes its category and changes nothing else."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time
from functools import lru_cache

from tenant_apps.worktime.engine import fixed, reasons, shift, wbf
from tenant_apps.worktime.engine.assign import at_minutes, window
from tenant_apps.worktime.engine.schedule import Schedule
from tenant_apps.worktime.engine.timeline import (
    Interval,
    Paired,
    chain_back,
    covered,
    measure,
    merge,
    movement_intervals,
    overlap,
    pair,
    punches_in_window,
    uncovered,
)
from tenant_apps.worktime.engine.types import (
    CATEGORY_ORDER,
    MALAYSIA,
    NO_ARRANGEMENTS,
    Arrangements,
    BdrScope,
    Category,
    DayCalendar,
    Place,
    PolicyKind,
    PolicyVersion,
    Punch,
    Reason,
    Status,
    Verdict,
)

_BUILDERS = {PolicyKind.WBF: wbf.schedule, PolicyKind.FIXED: fixed.schedule}


@lru_cache(maxsize=4096)
def _compiled(
    policy: PolicyVersion, short_day: bool, friday_rest: tuple[time, time] | None
) -> tuple[int, int, Schedule]:
    """The policy's window and its schedule for such a day, computed once."""
    build = _BUILDERS.get(policy.kind, shift.schedule)
    first, last = window(policy)
    return first, last, build(policy, short_day, friday_rest)


def evaluate_day(
    *,
    calendar: DayCalendar,
    policy: PolicyVersion,
    punches: Iterable[Punch] = (),
    arrangements: Arrangements = NO_ARRANGEMENTS,
    day_closed: bool = True,
) -> Verdict:
    """The verdict for ``calendar.day``. ``punches`` may hold other days' punches: only those
    in the duty day's window count. ``day_closed``: the duty day is over, so a missing
    check-out is INCOMPLETE and a day without a record is ABSENT."""
    day = calendar.day
    first, last, sched = _compiled(policy, calendar.short_day, calendar.friday_rest)
    paired = pair(punches_in_window(punches, day, first, last))
    moves = movement_intervals(arrangements.movements, day, first, last)
    rest = _rest(sched, arrangements)
    worked = _worked(paired.intervals, moves, rest)
    check_in = paired.check_in[1].at.astimezone(MALAYSIA) if paired.check_in else None
    check_out = paired.check_out[1].at.astimezone(MALAYSIA) if paired.check_out else None

    def off_duty(status: Status, reason: Reason) -> Verdict:
        return Verdict(day, status, (), 0, 0, worked, None, (reason,), (), check_in, check_out)

    head: list[Reason] = []
    if calendar.holiday is not None:
        if policy.rest_on_public_holidays:
            return off_duty(Status.PUBLIC_HOLIDAY, reasons.holiday(calendar.holiday))
        head.append(reasons.holiday_on_duty(calendar.holiday, sched.label_ms, sched.label_en))
    if calendar.weekend:
        if policy.rest_on_weekends:
            return off_duty(Status.WEEKEND, reasons.WEEKEND)
        head.append(reasons.weekend_on_duty(sched.label_ms, sched.label_en))
    if arrangements.leave:
        return off_duty(Status.LEAVE, reasons.LEAVE)

    home = _home_part(arrangements.bdr, sched, first, last)
    cover = moves
    if home is not None and not arrangements.bdr_check_in_required:
        cover = merge([*moves, home])
    if not paired.seen and not cover:
        if day_closed:
            return Verdict(day, Status.ABSENT, (), 0, 0, 0, None, (*head, reasons.ABSENT))
        return Verdict(day, Status.PENDING, (), 0, 0, 0, None, (*head, reasons.PENDING))

    found: list[Category] = []
    details: list[Reason] = []
    in_minute = paired.check_in[0] if paired.check_in else None
    out_minute = paired.check_out[0] if paired.check_out else None
    # Without any punch the covered time is the day; with punches it never stands in for a
    # missing check-in.
    arrival = in_minute if paired.seen else cover[0][0]
    if arrival is None:
        found.append(Category.INCOMPLETE)
        details.append(reasons.NO_CHECK_IN)

    late = 0
    start: int | None = None
    if arrival is not None:
        late = uncovered(sched.late_from, arrival, cover)
        late = late if late > sched.grace else 0
        start = chain_back(arrival, cover)
        if late:
            found.append(Category.LATE_IN)
            if in_minute is not None:
                details.append(reasons.late(arrival, sched.late_from, *_labels(sched)))
            else:
                words = _words(arrival, moves, at_end=False)
                details.append(
                    reasons.late_covered(arrival, sched.late_from, *_labels(sched), words)
                )

    early_in = in_minute if start is not None and start == in_minute else None
    required, why = _required_out(sched, start, early_in, late > 0, arrangements)

    departure = out_minute
    if departure is None and not paired.seen:
        departure = cover[-1][1]
    elif departure is None and required is not None and arrival is not None:
        # Left on covered time that ran to the required check-out or later.
        departure = next((hi for _, hi in cover if hi >= required and hi > arrival), None)
    early = 0
    if departure is not None and required is not None and (day_closed or out_minute is not None):
        early = uncovered(departure, required, cover)
        if early and out_minute is not None:
            details.append(reasons.early(departure, required))
        elif early:
            words = _words(departure, moves, at_end=True)
            details.append(reasons.early_covered(departure, required, words))
        if early:
            found.append(Category.EARLY_OUT)
    if departure is None and arrival is not None and day_closed:
        found.append(Category.INCOMPLETE)
        details.append(reasons.NO_CHECK_OUT)

    outside = _external(paired, moves, home)
    if outside:
        found.append(Category.EXTERNAL)
        details.extend(outside)

    categories = tuple(category for category in CATEGORY_ORDER if category in found)
    excused = tuple(c for c in categories if c in arrangements.excused)
    if excused:
        categories = tuple(c for c in categories if c not in arrangements.excused)
        details.extend(reasons.excused(c) for c in excused)

    if arrangements.bdr is not None:
        head.append(reasons.bdr(arrangements.bdr))
    if paired.seen or moves:
        head.append(reasons.present(in_minute, out_minute, *_labels(sched)))
    else:
        head.append(reasons.BDR_NO_CHECK_IN)
    tail = [reasons.movement(lo, hi) for lo, hi in moves]
    if sched.short_day:
        tail.append(reasons.short_day(sched.span))
    if calendar.friday_rest is not None and rest is not None:
        tail.append(reasons.friday_rest(*rest))
    return Verdict(
        day=day,
        status=Status.BDR if arrangements.bdr is not None else Status.PRESENT,
        categories=categories,
        late_minutes=late,
        early_minutes=early,
        worked_minutes=worked,
        required_out=at_minutes(day, required) if required is not None else None,
        reasons=(*head, *details, *why, *tail),
        excused=excused,
        check_in=check_in,
        check_out=check_out,
    )


def _labels(sched: Schedule) -> tuple[str, str]:
    return sched.label_ms, sched.label_en


def _words(minute: int, moves: list[Interval], *, at_end: bool) -> tuple[str, str]:
    """Whether a movement or the BDR home part stood in for the punch at ``minute``."""
    edge = 1 if at_end else 0
    if any(interval[edge] == minute for interval in moves):
        return reasons.MOVEMENT_WORDS
    return reasons.BDR_WORDS


def _rest(sched: Schedule, arrangements: Arrangements) -> Interval | None:
    """The day's rest on the clock; the Ramadan option ends it 30 minutes sooner."""
    if sched.rest is None:
        return None
    start, end = sched.rest
    if arrangements.ramadan_short_rest:
        end = max(start, end - arrangements.ramadan_rest_cut_minutes)
    return start, end


def _worked(intervals: list[Interval], moves: list[Interval], rest: Interval | None) -> int:
    """Minutes between check-ins and check-outs or on approved movements, less the rest."""
    if not intervals and not moves:
        return 0
    spans = merge([*intervals, *moves]) if moves else intervals
    return measure(spans) - (overlap(spans, rest) if rest is not None else 0)


def _required_out(
    sched: Schedule, start: int | None, check_in: int | None, late: bool, extra: Arrangements
) -> tuple[int | None, list[Reason]]:
    why: list[Reason] = []
    if sched.out_is_fixed:
        required = sched.latest_out
        why.append(reasons.out_scheduled(required, sched.late_from, *_labels(sched)))
    elif start is None:
        return None, why
    elif late:
        required = sched.latest_out
        why.append(reasons.out_end_of_office(required, was_late=True))
    else:
        counted_from = max(start, sched.open_at)
        required = counted_from + sched.span
        if required > sched.latest_out:
            required = sched.latest_out
            why.append(reasons.out_end_of_office(required, was_late=False))
        else:
            moved = check_in if check_in is not None and check_in < sched.open_at else None
            why.append(reasons.out_from_start(required, counted_from, moved, sched.span))
    if extra.ramadan_short_rest:
        required -= extra.ramadan_rest_cut_minutes
        why.append(reasons.ramadan(extra.ramadan_rest_cut_minutes, required))
    if extra.pregnancy_early_leave:
        required -= extra.pregnancy_early_leave_minutes
        why.append(reasons.pregnancy(extra.pregnancy_early_leave_minutes, required))
    return required, why


def _home_part(bdr: BdrScope | None, sched: Schedule, first: int, last: int) -> Interval | None:
    """The part of the duty day a BDR arrangement lets the officer spend at home. A half day
    splits at the day's rest, which belongs to both halves (the journey between home and the
    office); without a rest on the clock, at the middle of the scheduled hours. The Ramadan
    option does not move the split."""
    if bdr is None:
        return None
    if bdr is BdrScope.FULL:
        return first, last
    middle = (sched.nominal[0] + sched.nominal[1]) // 2
    lo, hi = sched.rest if sched.rest is not None else (middle, middle)
    return (first, hi) if bdr is BdrScope.AM else (lo, last)


def _external(paired: Paired, moves: list[Interval], home: Interval | None) -> list[Reason]:
    found: list[Reason] = []
    for (minute, punch), kind in zip(paired.seen, paired.kinds, strict=True):
        if punch.place is Place.OFFICE:
            continue
        if punch.place is Place.HOME and home is not None and home[0] <= minute <= home[1]:
            continue
        if moves and covered(minute, moves):
            continue
        reason = reasons.external(kind)
        if reason not in found:
            found.append(reason)
    return found
