"""Properties of the engine over generated days (hypothesis).

"Worse", precisely: a verdict ``new`` is worse than ``old`` when ``old`` records presence (any
status but ABSENT and PENDING) and ``new`` does not, or both record presence and ``new`` has a
category ``old`` lacks, more late minutes, or more early minutes. Turning an ABSENT or PENDING
day into a day with presence is never worse."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from tenant_apps.worktime.engine import (
    Arrangements,
    BdrScope,
    Category,
    DayCalendar,
    Movement,
    Place,
    PolicyVersion,
    Punch,
    PunchKind,
    PunchSource,
    Status,
    Verdict,
    day_calendar,
    evaluate_day,
)
from tenant_apps.worktime.engine.assign import at_minutes, window

NO_PRESENCE = {Status.ABSENT, Status.PENDING}

POLICIES = [
    PolicyVersion.wbf(),
    PolicyVersion.wbf(grace_minutes=5),
    PolicyVersion.fixed(start=time(8, 0), end=time(17, 0)),
    PolicyVersion.fixed(start=time(7, 30), end=time(16, 30), grace_minutes=10),
    PolicyVersion.shift(start=time(22, 0), end=time(7, 0)),
    PolicyVersion.shift(start=time(7, 0), end=time(15, 0), day_split=time(3, 0)),
]
DAYS = [
    ("16", date(2025, 3, 4)),  # Putrajaya, Tuesday
    ("16", date(2025, 3, 7)),  # Putrajaya, Friday
    ("03", date(2025, 3, 6)),  # Kelantan, the short Thursday
    ("12", date(2025, 3, 7)),  # Sabah, Friday
    ("02", date(2025, 3, 7)),  # Kedah, Friday: the weekend
]

calendars = st.sampled_from([day_calendar(state, day) for state, day in DAYS])
policies = st.sampled_from(POLICIES)


@st.composite
def punch_lists(draw: st.DrawFn, day: date) -> list[Punch]:
    """Punches from the evening before to the morning after, to the second."""
    count = draw(st.integers(min_value=0, max_value=6))
    punches = []
    for _ in range(count):
        minute = draw(st.integers(min_value=-6 * 60, max_value=38 * 60))
        second = draw(st.integers(min_value=0, max_value=59))
        punches.append(
            Punch(
                at=at_minutes(day, minute) + timedelta(seconds=second),
                kind=draw(st.sampled_from(PunchKind)),
                place=draw(st.sampled_from(Place)),
                source=draw(st.sampled_from(PunchSource)),
            )
        )
    return punches


@st.composite
def movements(draw: st.DrawFn, day: date) -> Movement:
    start = draw(st.integers(min_value=-2 * 60, max_value=34 * 60))
    length = draw(st.integers(min_value=1, max_value=10 * 60))
    return Movement(at_minutes(day, start), at_minutes(day, start + length))


@st.composite
def arrangement_sets(draw: st.DrawFn, day: date) -> Arrangements:
    return Arrangements(
        bdr=draw(st.none() | st.sampled_from(BdrScope)),
        bdr_check_in_required=draw(st.booleans()),
        pregnancy_early_leave=draw(st.booleans()),
        ramadan_short_rest=draw(st.booleans()),
        leave=draw(st.booleans()) and draw(st.booleans()),
        movements=tuple(draw(st.lists(movements(day), max_size=2))),
        excused=frozenset(draw(st.sets(st.sampled_from(Category), max_size=2))),
    )


DayCase = tuple[DayCalendar, PolicyVersion, list[Punch], Arrangements, bool]


@st.composite
def days(draw: st.DrawFn) -> DayCase:
    calendar = draw(calendars)
    return (
        calendar,
        draw(policies),
        draw(punch_lists(calendar.day)),
        draw(arrangement_sets(calendar.day)),
        draw(st.booleans()),
    )


def judge(
    calendar: DayCalendar,
    policy: PolicyVersion,
    punches: list[Punch],
    arrangements: Arrangements,
    closed: bool,
) -> Verdict:
    return evaluate_day(
        calendar=calendar,
        policy=policy,
        punches=punches,
        arrangements=arrangements,
        day_closed=closed,
    )


def worse(new: Verdict, old: Verdict) -> bool:
    if old.status in NO_PRESENCE:
        return False
    if new.status in NO_PRESENCE:
        return True
    return (
        not set(new.categories) <= set(old.categories)
        or new.late_minutes > old.late_minutes
        or new.early_minutes > old.early_minutes
    )


@settings(max_examples=300, deadline=None)
@given(days(), st.randoms(use_true_random=False))
def test_the_verdict_does_not_depend_on_the_order_of_the_punches(
    day: DayCase, random: Random
) -> None:
    calendar, policy, punches, arrangements, closed = day
    shuffled = list(punches)
    random.shuffle(shuffled)

    assert judge(calendar, policy, shuffled, arrangements, closed) == judge(
        calendar, policy, list(reversed(punches)), arrangements, closed
    )


@settings(max_examples=300, deadline=None)
@given(days())
def test_evaluation_is_deterministic(day: DayCase) -> None:
    calendar, policy, punches, arrangements, closed = day

    first = judge(calendar, policy, punches, arrangements, closed)
    again = judge(replace(calendar), policy, list(punches), replace(arrangements), closed)

    assert first == again
    assert first.late_minutes >= 0
    assert first.early_minutes >= 0
    assert first.worked_minutes >= 0
    assert not set(first.categories) & set(first.excused)
    assert first.reasons


def widen(data: st.DataObject, base: Arrangements, day: date) -> Arrangements:
    """``base`` with one more approval."""
    draw = data.draw
    choice = draw(st.sampled_from(["pregnancy", "ramadan", "movement", "excuse", "bdr", "leave"]))
    if choice == "pregnancy":
        return replace(base, pregnancy_early_leave=True)
    if choice == "ramadan":
        return replace(base, ramadan_short_rest=True)
    if choice == "movement":
        return replace(base, movements=(*base.movements, draw(movements(day))))
    if choice == "excuse":
        return replace(base, excused=base.excused | {draw(st.sampled_from(Category))})
    if choice == "leave":
        return replace(base, leave=True)
    if base.bdr is None:
        return replace(base, bdr=draw(st.sampled_from(BdrScope)))
    if base.bdr_check_in_required:
        return replace(base, bdr_check_in_required=False)
    return replace(base, bdr=BdrScope.FULL)


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_an_approval_never_makes_a_verdict_worse(data: st.DataObject) -> None:
    calendar, policy, punches, arrangements, closed = data.draw(days())
    wider = widen(data, arrangements, calendar.day)

    before = judge(calendar, policy, punches, arrangements, closed)
    after = judge(calendar, policy, punches, wider, closed)

    assert not worse(after, before), (before, after)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_later_first_check_in_never_gives_fewer_late_minutes(data: st.DataObject) -> None:
    calendar = data.draw(calendars)
    policy = data.draw(policies)
    day = calendar.day
    first, last = window(policy)
    early_in = data.draw(st.integers(min_value=first, max_value=last - 3))
    later_in = data.draw(st.integers(min_value=early_in, max_value=last - 2))
    out = data.draw(st.integers(min_value=later_in + 1, max_value=last - 1))
    arrangements = data.draw(arrangement_sets(day))

    def late_for(minute: int) -> int:
        punches = [
            Punch(at_minutes(day, minute), PunchKind.IN),
            Punch(at_minutes(day, out), PunchKind.OUT),
        ]
        return judge(calendar, policy, punches, arrangements, True).late_minutes

    assert late_for(later_in) >= late_for(early_in)


@settings(max_examples=200, deadline=None)
@given(days())
def test_excusing_every_category_leaves_none(day: DayCase) -> None:
    calendar, policy, punches, arrangements, closed = day
    everything = replace(arrangements, excused=frozenset(Category))

    plain = judge(calendar, policy, punches, arrangements, closed)
    excused = judge(calendar, policy, punches, everything, closed)

    assert excused.categories == ()
    assert set(excused.excused) == set(plain.categories) | set(plain.excused)
    assert (excused.status, excused.late_minutes, excused.early_minutes) == (
        plain.status,
        plain.late_minutes,
        plain.early_minutes,
    )
