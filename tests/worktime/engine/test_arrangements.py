"""Approved arrangements: pregnancy early leave (§4), Ramadan shortened rest (§2), BDR (§3),
movements, leave and accepted cases."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tenant_apps.worktime.engine import (
    Arrangements,
    BdrScope,
    Category,
    Movement,
    Place,
    Punch,
    PunchKind,
    Status,
)
from tests.worktime.engine import (
    FRIDAY,
    THURSDAY,
    TUESDAY,
    at,
    check_in,
    check_out,
    hhmm,
    judge,
    texts,
)

ON_TIME = [check_in(TUESDAY, "08:00"), check_out(TUESDAY, "17:00")]


def moved(start: str, end: str, day: date = TUESDAY) -> Movement:
    return Movement(at(day, start), at(day, end))


# --- Pregnancy early leave and the Ramadan rest ---------------------------------------------

REDUCTIONS = [
    # pregnancy, ramadan, first check-in, required check-out (Tuesday, Putrajaya)
    (False, False, "08:00", "17:00"),
    (True, False, "08:00", "16:00"),
    (False, True, "08:00", "16:30"),
    (True, True, "08:00", "15:30"),
    (True, False, "07:00", "15:30"),  # 16:30 from 07:30, less an hour
    (True, False, "09:30", "17:00"),  # late: 18:00, less an hour
    (False, True, "09:30", "17:30"),
]


@pytest.mark.parametrize(("pregnancy", "ramadan", "first_in", "required_out"), REDUCTIONS)
def test_pregnancy_and_ramadan_take_minutes_off_the_check_out(
    pregnancy: bool, ramadan: bool, first_in: str, required_out: str
) -> None:
    arrangements = Arrangements(pregnancy_early_leave=pregnancy, ramadan_short_rest=ramadan)

    verdict = judge(
        TUESDAY,
        [check_in(TUESDAY, first_in), check_out(TUESDAY, required_out)],
        arrangements=arrangements,
    )

    assert hhmm(verdict.required_out) == required_out
    assert Category.EARLY_OUT not in verdict.categories


def test_pregnancy_early_leave_on_the_short_thursday() -> None:
    verdict = judge(
        THURSDAY,
        [check_in(THURSDAY, "08:00"), check_out(THURSDAY, "14:30")],
        state="03",
        arrangements=Arrangements(pregnancy_early_leave=True),
    )

    assert hhmm(verdict.required_out) == "14:30"
    assert verdict.categories == ()


def test_the_reductions_explain_themselves_in_order() -> None:
    verdict = judge(
        TUESDAY,
        [check_in(TUESDAY, "08:10"), check_out(TUESDAY, "15:40")],
        arrangements=Arrangements(pregnancy_early_leave=True, ramadan_short_rest=True),
    )

    assert texts(verdict)[1:] == [
        "Waktu keluar 17:10 (WBF): 9 jam dari 08:10",
        "Rehat Ramadan dipendekkan: keluar 30 minit lebih awal, pada 16:40",
        "Pulang awal wanita mengandung: keluar 60 minit lebih awal, pada 15:40",
    ]


def test_the_ramadan_rest_is_thirty_minutes_shorter_on_the_clock() -> None:
    plain = judge(FRIDAY, [check_in(FRIDAY, "08:00"), check_out(FRIDAY, "17:00")])
    ramadan = judge(
        FRIDAY,
        [check_in(FRIDAY, "08:00"), check_out(FRIDAY, "16:30")],
        arrangements=Arrangements(ramadan_short_rest=True),
    )

    assert plain.worked_minutes == 540 - 150
    assert ramadan.worked_minutes == 510 - 120
    assert texts(ramadan)[-1] == "Rehat Jumaat 12:15–14:15"


# --- BDR ------------------------------------------------------------------------------------


def test_bdr_counts_a_check_in_at_home_as_present() -> None:
    punches = [
        check_in(TUESDAY, "08:00", place=Place.HOME),
        check_out(TUESDAY, "17:00", place=Place.HOME),
    ]

    verdict = judge(TUESDAY, punches, arrangements=Arrangements(bdr=BdrScope.FULL))

    assert verdict.status is Status.BDR
    assert verdict.categories == ()
    assert texts(verdict)[0] == "Bekerja dari rumah (BDR), sepanjang hari: dikira hadir bertugas"


def test_bdr_still_keeps_the_hours() -> None:
    punches = [
        check_in(TUESDAY, "09:30", place=Place.HOME),
        check_out(TUESDAY, "17:00", place=Place.HOME),
    ]

    verdict = judge(TUESDAY, punches, arrangements=Arrangements(bdr=BdrScope.FULL))

    assert verdict.status is Status.BDR
    assert verdict.categories == (Category.LATE_IN, Category.EARLY_OUT)


def test_bdr_without_a_check_in_is_absent_unless_the_agency_does_not_require_one() -> None:
    required = judge(TUESDAY, [], arrangements=Arrangements(bdr=BdrScope.FULL))
    not_required = judge(
        TUESDAY, [], arrangements=Arrangements(bdr=BdrScope.FULL, bdr_check_in_required=False)
    )

    assert required.status is Status.ABSENT
    assert not_required.status is Status.BDR
    assert not_required.categories == ()


def test_bdr_morning_home_then_office() -> None:
    arrangements = Arrangements(bdr=BdrScope.AM)
    home_in = check_in(TUESDAY, "08:00", place=Place.HOME)

    at_office = judge(TUESDAY, [home_in, check_out(TUESDAY, "17:00")], arrangements=arrangements)
    never_came = judge(
        TUESDAY, [home_in, check_out(TUESDAY, "17:00", place=Place.HOME)], arrangements=arrangements
    )

    assert at_office.status is Status.BDR
    assert at_office.categories == ()
    assert never_came.categories == (Category.EXTERNAL,)
    assert "Di luar kawasan: daftar keluar di luar kawasan pejabat" in texts(never_came)


def test_bdr_afternoon_office_then_home() -> None:
    arrangements = Arrangements(bdr=BdrScope.PM)

    as_agreed = judge(
        TUESDAY,
        [check_in(TUESDAY, "08:00"), check_out(TUESDAY, "17:00", place=Place.HOME)],
        arrangements=arrangements,
    )
    stayed_home = judge(
        TUESDAY,
        [
            check_in(TUESDAY, "08:00", place=Place.HOME),
            check_out(TUESDAY, "17:00", place=Place.HOME),
        ],
        arrangements=arrangements,
    )

    assert as_agreed.categories == ()
    assert stayed_home.categories == (Category.EXTERNAL,)
    assert "Di luar kawasan: daftar masuk di luar kawasan pejabat" in texts(stayed_home)


@pytest.mark.parametrize(
    ("scope", "moment", "external"),
    [
        (BdrScope.AM, "12:59", False),
        (BdrScope.AM, "14:00", False),  # the rest belongs to both halves
        (BdrScope.AM, "14:01", True),
        (BdrScope.PM, "13:00", False),
        (BdrScope.PM, "12:59", True),
    ],
)
def test_a_bdr_half_day_splits_at_the_rest(scope: BdrScope, moment: str, external: bool) -> None:
    punches = [
        check_in(TUESDAY, "08:00"),
        Punch(at(TUESDAY, moment), PunchKind.UNKNOWN, Place.HOME),
        check_out(TUESDAY, "17:00"),
    ]

    verdict = judge(TUESDAY, punches, arrangements=Arrangements(bdr=scope))

    assert (Category.EXTERNAL in verdict.categories) is external


def test_the_ramadan_rest_does_not_move_the_bdr_split() -> None:
    punches = [
        check_in(TUESDAY, "08:00", place=Place.HOME),
        Punch(at(TUESDAY, "13:50"), PunchKind.UNKNOWN, Place.HOME),
        check_out(TUESDAY, "17:00"),
    ]
    arrangements = Arrangements(bdr=BdrScope.AM, ramadan_short_rest=True)

    assert judge(TUESDAY, punches, arrangements=arrangements).categories == ()


# --- Movements ------------------------------------------------------------------------------


def test_a_movement_explains_a_punch_outside_the_office_in_its_window() -> None:
    punches = [check_in(TUESDAY, "08:00", place=Place.OUTSIDE), check_out(TUESDAY, "17:00")]

    inside_window = judge(
        TUESDAY, punches, arrangements=Arrangements(movements=(moved("07:45", "10:00"),))
    )
    outside_window = judge(
        TUESDAY, punches, arrangements=Arrangements(movements=(moved("08:30", "10:00"),))
    )

    assert inside_window.categories == ()
    assert "Pergerakan diluluskan 07:45–10:00" in texts(inside_window)
    assert outside_window.categories == (Category.EXTERNAL,)


def test_a_movement_covers_the_late_minutes_inside_its_window_only() -> None:
    arrangements = Arrangements(movements=(moved("08:00", "10:00"),))

    covered = judge(
        TUESDAY,
        [check_in(TUESDAY, "10:00"), check_out(TUESDAY, "17:00")],
        arrangements=arrangements,
    )
    gap = judge(
        TUESDAY,
        [check_in(TUESDAY, "10:25"), check_out(TUESDAY, "18:00")],
        arrangements=arrangements,
    )

    assert covered.categories == ()
    assert hhmm(covered.required_out) == "17:00"  # on duty from 08:00, the movement's start
    assert gap.categories == (Category.LATE_IN,)
    assert gap.late_minutes == 25
    assert hhmm(gap.required_out) == "18:00"


def test_a_movement_covers_leaving_early_inside_its_window() -> None:
    arrangements = Arrangements(movements=(moved("15:00", "17:00"),))

    verdict = judge(
        TUESDAY,
        [check_in(TUESDAY, "08:00"), check_out(TUESDAY, "15:00")],
        arrangements=arrangements,
    )

    assert verdict.categories == ()
    assert verdict.early_minutes == 0


def test_a_movement_to_the_end_of_the_day_completes_a_day_without_a_check_out() -> None:
    without = judge(TUESDAY, [check_in(TUESDAY, "08:00")])
    with_movement = judge(
        TUESDAY,
        [check_in(TUESDAY, "08:00")],
        arrangements=Arrangements(movements=(moved("14:00", "17:30"),)),
    )
    too_short = judge(
        TUESDAY,
        [check_in(TUESDAY, "08:00")],
        arrangements=Arrangements(movements=(moved("14:00", "16:00"),)),
    )

    assert without.categories == (Category.INCOMPLETE,)
    assert with_movement.categories == ()
    assert too_short.categories == (Category.INCOMPLETE,)


def test_a_day_on_a_movement_without_punches_is_present() -> None:
    whole_day = judge(TUESDAY, [], arrangements=Arrangements(movements=(moved("08:00", "17:00"),)))
    part = judge(TUESDAY, [], arrangements=Arrangements(movements=(moved("10:00", "12:00"),)))

    assert whole_day.status is Status.PRESENT
    assert whole_day.categories == ()
    assert whole_day.worked_minutes == 540 - 60
    assert texts(whole_day)[0] == "Hadir: dalam pergerakan yang diluluskan"
    assert part.status is Status.PRESENT
    assert part.categories == (Category.LATE_IN, Category.EARLY_OUT)
    assert "Lewat: pergerakan bermula 10:00 selepas 09:00 (WBF)" in texts(part)
    assert "Keluar awal: pergerakan tamat 12:00 sebelum 18:00" in texts(part)


def test_a_movement_does_not_stand_in_for_a_missing_check_in() -> None:
    verdict = judge(
        TUESDAY,
        [check_out(TUESDAY, "17:00")],
        arrangements=Arrangements(movements=(moved("08:00", "12:00"),)),
    )

    assert verdict.categories == (Category.INCOMPLETE,)


def test_a_movement_given_in_another_offset_is_read_in_malaysia_time() -> None:
    movement = Movement(
        datetime(2025, 3, 4, 0, 0, tzinfo=UTC), datetime(2025, 3, 4, 2, 0, tzinfo=UTC)
    )  # 08:00–10:00 in Malaysia

    verdict = judge(
        TUESDAY,
        [check_in(TUESDAY, "09:45", place=Place.OUTSIDE), check_out(TUESDAY, "17:00")],
        arrangements=Arrangements(movements=(movement,)),
    )

    assert verdict.categories == ()
    assert hhmm(verdict.required_out) == "17:00"


# --- Leave and accepted cases ---------------------------------------------------------------


def test_leave_is_leave_whatever_was_punched() -> None:
    verdict = judge(TUESDAY, [check_in(TUESDAY, "10:00")], arrangements=Arrangements(leave=True))

    assert verdict.status is Status.LEAVE
    assert verdict.categories == ()
    assert texts(verdict) == ["Cuti: tidak bertugas sepanjang hari"]


def test_an_accepted_explanation_removes_its_category_and_keeps_the_facts() -> None:
    punches = [check_in(TUESDAY, "09:20"), check_out(TUESDAY, "17:00")]

    plain = judge(TUESDAY, punches)
    excused = judge(
        TUESDAY, punches, arrangements=Arrangements(excused=frozenset({Category.LATE_IN}))
    )

    assert plain.categories == (Category.LATE_IN, Category.EARLY_OUT)
    assert excused.categories == (Category.EARLY_OUT,)
    assert excused.excused == (Category.LATE_IN,)
    assert excused.late_minutes == plain.late_minutes == 20
    assert excused.required_out == plain.required_out
    assert "Dikecualikan: lewat (penjelasan diterima)" in texts(excused)


def test_excusing_a_category_the_day_does_not_have_changes_nothing() -> None:
    plain = judge(TUESDAY, ON_TIME)
    excused = judge(
        TUESDAY, ON_TIME, arrangements=Arrangements(excused=frozenset({Category.EXTERNAL}))
    )

    assert excused == plain
