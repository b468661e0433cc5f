"""Shifts, overnight ones included, and which duty day a punch belongs to."""

from __future__ import annotations

from datetime import date, time

import pytest

from tenant_apps.worktime.engine import (
    Category,
    PolicyVersion,
    Status,
    assign_punches,
    duty_day_of,
)
from tenant_apps.worktime.engine.holidays_source import package_holidays
from tests.worktime.engine import WBF, at, check_in, check_out, hhmm, judge, tap, texts

NIGHT = PolicyVersion.shift(start=time(22, 0), end=time(7, 0))
JAN_31, FEB_1 = date(2025, 1, 31), date(2025, 2, 1)


def test_an_overnight_shift_across_a_month_end_belongs_to_the_day_it_starts() -> None:
    punches = [check_in(JAN_31, "21:55"), check_out(JAN_31, "07:05", days=1)]

    verdict = judge(JAN_31, punches, policy=NIGHT)

    assert verdict.status is Status.PRESENT
    assert verdict.categories == ()
    assert verdict.required_out == at(FEB_1, "07:00")
    assert verdict.worked_minutes == 9 * 60 + 10
    assert texts(verdict) == [
        "Hadir: daftar masuk 21:55, daftar keluar 07:05 (syif)",
        "Waktu keluar 07:00 (syif 22:00–07:00)",
    ]


def test_an_overnight_shift_across_the_year_end() -> None:
    new_years_eve = date(2024, 12, 31)
    punches = [check_in(new_years_eve, "22:10"), check_out(new_years_eve, "06:40", days=1)]

    verdict = judge(new_years_eve, punches, policy=NIGHT)

    assert verdict.categories == (Category.LATE_IN, Category.EARLY_OUT)
    assert (verdict.late_minutes, verdict.early_minutes) == (10, 20)
    assert verdict.required_out == at(date(2025, 1, 1), "07:00")
    assert "Lewat: daftar masuk 22:10 selepas 22:00 (syif)" in texts(verdict)


def test_a_missing_check_out_never_takes_the_next_nights_check_in() -> None:
    punches = [
        check_in(JAN_31, "21:55"),
        check_in(FEB_1, "21:58"),
        check_out(FEB_1, "07:00", days=1),
    ]

    first_night = judge(JAN_31, punches, policy=NIGHT)
    second_night = judge(FEB_1, punches, policy=NIGHT)

    assert first_night.categories == (Category.INCOMPLETE,)
    assert first_night.check_out is None
    assert "Tidak lengkap: tiada daftar keluar" in texts(first_night)
    assert second_night.categories == ()
    assert hhmm(second_night.check_in) == "21:58"


def test_a_terminal_without_in_and_out_keeps_each_night_apart() -> None:
    punches = [tap(JAN_31, "21:55"), tap(FEB_1, "21:58"), tap(FEB_1, "07:02", days=1)]

    first_night = judge(JAN_31, punches, policy=NIGHT)
    second_night = judge(FEB_1, punches, policy=NIGHT)

    assert first_night.categories == (Category.INCOMPLETE,)
    assert hhmm(first_night.check_in) == "21:55"
    assert second_night.categories == ()
    assert hhmm(second_night.check_out) == "07:02"


@pytest.mark.parametrize(
    ("moment", "days", "duty_day"),
    [
        ("14:29", 0, date(2025, 1, 30)),  # the default split of 22:00–07:00 is 14:30
        ("14:30", 0, JAN_31),
        ("21:55", 0, JAN_31),
        ("07:05", 1, JAN_31),
        ("14:29", 1, JAN_31),
        ("14:30", 1, FEB_1),
    ],
)
def test_the_day_split_assigns_punches_to_duty_days(moment: str, days: int, duty_day: date) -> None:
    assert duty_day_of(at(JAN_31, moment, days=days), NIGHT) == duty_day


def test_a_chosen_day_split_moves_the_boundary() -> None:
    policy = PolicyVersion.shift(start=time(22, 0), end=time(7, 0), day_split=time(9, 0))

    assert duty_day_of(at(FEB_1, "08:59"), policy) == JAN_31
    assert duty_day_of(at(FEB_1, "09:00"), policy) == FEB_1


def test_a_day_split_inside_the_shift_is_refused() -> None:
    with pytest.raises(ValueError, match="day split"):
        PolicyVersion.shift(start=time(22, 0), end=time(7, 0), day_split=time(3, 0))


def test_a_shift_starting_at_midnight_owns_the_evening_before() -> None:
    policy = PolicyVersion.shift(start=time(0, 0), end=time(8, 0))  # default split 16:00

    assert duty_day_of(at(JAN_31, "23:50"), policy) == FEB_1
    assert duty_day_of(at(FEB_1, "08:10"), policy) == FEB_1
    verdict = judge(FEB_1, [check_in(JAN_31, "23:50"), check_out(FEB_1, "08:10")], policy=policy)
    assert verdict.categories == ()
    assert verdict.required_out == at(FEB_1, "08:00")


def test_assign_groups_a_stream_of_night_punches_by_the_night_they_began() -> None:
    punches = [
        check_out(FEB_1, "07:01", days=1),
        check_in(JAN_31, "21:50"),
        check_out(FEB_1, "07:03"),
        check_in(FEB_1, "21:59"),
    ]

    days = assign_punches(punches, NIGHT)

    assert list(days) == [JAN_31, FEB_1]
    assert [hhmm(p.at) for p in days[JAN_31]] == ["21:50", "07:03"]
    assert [hhmm(p.at) for p in days[FEB_1]] == ["21:59", "07:01"]


def test_assign_with_a_roster_gives_a_contested_punch_to_the_nearest_schedule() -> None:
    # A night shift on 31 January, WBF on 1 February: both days' windows hold the morning.
    def policy_on(day: date) -> PolicyVersion | None:
        return NIGHT if day == JAN_31 else WBF

    punches = [
        check_in(JAN_31, "21:58"),
        check_out(FEB_1, "07:05"),
        check_in(FEB_1, "07:40"),
        check_out(FEB_1, "16:45"),
    ]

    days = assign_punches(punches, policy_on)

    assert [hhmm(p.at) for p in days[JAN_31]] == ["21:58", "07:05"]
    assert [hhmm(p.at) for p in days[FEB_1]] == ["07:40", "16:45"]


def test_assign_puts_rest_day_punches_on_their_calendar_date() -> None:
    days = assign_punches([check_in(FEB_1, "10:00")], lambda day: None)

    assert list(days) == [FEB_1]


def test_shifts_work_weekends_and_public_holidays_by_default() -> None:
    saturday = FEB_1
    national_day = date(2025, 8, 31)  # a Sunday
    holidays = package_holidays("16", [2025])

    weekend = judge(
        saturday, [check_in(saturday, "22:00"), check_out(saturday, "07:00", days=1)], policy=NIGHT
    )
    holiday = judge(national_day, [], policy=NIGHT, holidays=holidays)

    assert weekend.status is Status.PRESENT
    assert texts(weekend)[0] == "Hujung minggu (syif bertugas seperti biasa)"
    assert holiday.status is Status.ABSENT
    assert texts(holiday)[0] == "Cuti umum: Hari Kebangsaan (syif bertugas seperti biasa)"


def test_a_shift_may_rest_on_weekends_when_the_policy_says_so() -> None:
    office_shift = PolicyVersion.shift(start=time(7, 0), end=time(15, 0), rest_on_weekends=True)

    assert judge(FEB_1, [], policy=office_shift).status is Status.WEEKEND


def test_a_shift_ignores_the_short_thursday() -> None:
    thursday = date(2025, 3, 6)
    day_shift = PolicyVersion.shift(start=time(7, 0), end=time(15, 0))

    verdict = judge(
        thursday,
        [check_in(thursday, "07:00"), check_out(thursday, "15:00")],
        state="03",
        policy=day_shift,
    )

    assert verdict.required_out == at(thursday, "15:00")
    assert verdict.categories == ()


def test_a_shift_puts_no_rest_on_the_clock() -> None:
    verdict = judge(
        JAN_31, [check_in(JAN_31, "22:00"), check_out(JAN_31, "07:00", days=1)], policy=NIGHT
    )

    assert verdict.worked_minutes == 9 * 60
