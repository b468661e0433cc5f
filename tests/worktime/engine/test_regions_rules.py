"""Every number of rules.md §2–§6 that depends on the state: weekends, the short Thursday, the
Friday rest, Johor's change on 2025-01-01 and the holidays package's in-lieu days."""

from __future__ import annotations

from datetime import date, time

import pytest

from tenant_apps.worktime.engine import (
    Arrangements,
    Category,
    Holiday,
    PolicyVersion,
    Status,
    UnknownRegion,
    day_calendar,
)
from tenant_apps.worktime.engine.holidays_source import package_holidays
from tests.worktime.engine import FRIDAY, THURSDAY, TUESDAY, check_in, check_out, hhmm, judge

SAT_SUN_STATES = ["04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "15", "16"]
FRI_SAT_STATES = ["02", "03", "11"]


# --- Friday rest (rules.md §2, §5) ----------------------------------------------------------

FRIDAY_REST = {
    **dict.fromkeys(["04", "05", "06", "07", "08", "09", "10", "14", "16"], ("12:15", "14:45")),
    "12": ("11:30", "14:00"),  # Sabah
    "15": ("11:30", "14:00"),  # Labuan
    "13": ("11:45", "14:15"),  # Sarawak
}


@pytest.mark.parametrize(("state", "rest"), sorted(FRIDAY_REST.items()))
def test_friday_rest_by_region(state: str, rest: tuple[str, str]) -> None:
    calendar = day_calendar(state, FRIDAY)

    verdict = judge(FRIDAY, [check_in(FRIDAY, "08:00"), check_out(FRIDAY, "17:00")], state=state)

    assert calendar.friday_rest == (time.fromisoformat(rest[0]), time.fromisoformat(rest[1]))
    assert verdict.status is Status.PRESENT
    # WBF Friday: the same 9-hour span (rules.md §2, unverified), the longer rest unpaid.
    assert hhmm(verdict.required_out) == "17:00"
    assert verdict.worked_minutes == 9 * 60 - 150
    assert verdict.reasons[-1].ms == f"Rehat Jumaat {rest[0]}–{rest[1]}"


def test_the_wbf_friday_span_is_a_parameter() -> None:
    # rules.md §2 could not confirm the Friday total: the default keeps 9 hours.
    policy = PolicyVersion.wbf(friday_span_minutes=8 * 60)
    punches = [check_in(FRIDAY, "08:00"), check_out(FRIDAY, "16:00")]

    friday = judge(FRIDAY, punches, policy=policy)
    tuesday = judge(
        TUESDAY, [check_in(TUESDAY, "08:00"), check_out(TUESDAY, "17:00")], policy=policy
    )

    assert hhmm(friday.required_out) == "16:00"
    assert friday.categories == ()
    assert hhmm(tuesday.required_out) == "17:00"


@pytest.mark.parametrize("state", FRI_SAT_STATES)
def test_friday_and_saturday_are_the_weekend_in_kedah_kelantan_terengganu(state: str) -> None:
    saturday, sunday = date(2025, 3, 8), date(2025, 3, 9)

    assert judge(FRIDAY, state=state).status is Status.WEEKEND
    assert judge(saturday, state=state).status is Status.WEEKEND
    assert judge(sunday, state=state).status is Status.ABSENT
    assert day_calendar(state, FRIDAY).friday_rest is None


@pytest.mark.parametrize("state", SAT_SUN_STATES)
def test_saturday_and_sunday_are_the_weekend_elsewhere(state: str) -> None:
    saturday, sunday = date(2025, 3, 8), date(2025, 3, 9)

    weekend = judge(sunday, [check_in(sunday, "08:00")], state=state)

    assert judge(saturday, state=state).status is Status.WEEKEND
    assert weekend.status is Status.WEEKEND
    assert weekend.categories == ()
    assert [r.ms for r in weekend.reasons] == ["Hujung minggu"]


# --- The short Thursday (rules.md §2, §5) ---------------------------------------------------

SHORT_THURSDAY = [
    # first check-in, required check-out, late minutes
    ("07:00", "15:00", 0),
    ("07:30", "15:00", 0),
    ("08:00", "15:30", 0),
    ("09:00", "16:30", 0),
    ("09:20", "16:30", 20),
]


@pytest.mark.parametrize("state", FRI_SAT_STATES)
@pytest.mark.parametrize(("first_in", "required_out", "late"), SHORT_THURSDAY)
def test_short_thursday_is_seven_and_a_half_hours(
    state: str, first_in: str, required_out: str, late: int
) -> None:
    verdict = judge(
        THURSDAY, [check_in(THURSDAY, first_in), check_out(THURSDAY, "16:30")], state=state
    )

    assert hhmm(verdict.required_out) == required_out
    assert verdict.late_minutes == late
    assert "Khamis singkat: tempoh bekerja 7 jam 30 minit" in [r.ms for r in verdict.reasons]


@pytest.mark.parametrize("state", SAT_SUN_STATES)
def test_thursday_is_an_ordinary_day_in_saturday_sunday_states(state: str) -> None:
    verdict = judge(
        THURSDAY, [check_in(THURSDAY, "08:00"), check_out(THURSDAY, "17:00")], state=state
    )

    assert hhmm(verdict.required_out) == "17:00"
    assert verdict.categories == ()


def test_fixed_hours_end_earlier_on_the_short_thursday_unless_told_not_to() -> None:
    fixed = PolicyVersion.fixed(start=time(8, 0), end=time(17, 0))
    unshortened = PolicyVersion.fixed(start=time(8, 0), end=time(17, 0), short_day_applies=False)
    punches = [check_in(THURSDAY, "08:00"), check_out(THURSDAY, "15:30")]

    short = judge(THURSDAY, punches, state="02", policy=fixed)
    full = judge(THURSDAY, punches, state="02", policy=unshortened)

    assert hhmm(short.required_out) == "15:30"
    assert short.categories == ()
    assert hhmm(full.required_out) == "17:00"
    assert full.categories == (Category.EARLY_OUT,)


# --- Johor on both sides of 2025-01-01 (rules.md §5) ----------------------------------------

JOHOR = [
    # date, status without punches, required check-out for an 08:00 check-in (None: rest day)
    (date(2024, 12, 26), Status.ABSENT, "15:30"),  # Thursday, short
    (date(2024, 12, 27), Status.WEEKEND, None),  # Friday
    (date(2024, 12, 28), Status.WEEKEND, None),  # Saturday
    (date(2024, 12, 29), Status.ABSENT, "17:00"),  # Sunday, a working day
    (date(2024, 12, 31), Status.ABSENT, "17:00"),  # Tuesday, the last day of the old week
    (date(2025, 1, 2), Status.ABSENT, "17:00"),  # Thursday, no longer short
    (date(2025, 1, 3), Status.ABSENT, "17:00"),  # Friday, a working day with the Friday rest
    (date(2025, 1, 4), Status.WEEKEND, None),  # Saturday
    (date(2025, 1, 5), Status.WEEKEND, None),  # Sunday
]


@pytest.mark.parametrize(("day", "status", "required_out"), JOHOR)
def test_johor_changed_its_weekend_on_new_year_2025(
    day: date, status: Status, required_out: str | None
) -> None:
    holidays = package_holidays("01", [day.year])

    absent = judge(day, state="01", holidays=holidays)
    present = judge(
        day, [check_in(day, "08:00"), check_out(day, "18:00")], state="01", holidays=holidays
    )

    assert absent.status is status
    assert hhmm(present.required_out) == required_out


def test_johor_fridays_get_the_peninsula_rest_from_2025() -> None:
    assert day_calendar("01", date(2024, 12, 27)).friday_rest is None
    assert day_calendar("01", date(2025, 1, 3)).friday_rest == (time(12, 15), time(14, 45))


# --- Public holidays (rules.md §6) ----------------------------------------------------------


def test_a_national_holiday_is_a_public_holiday_with_its_name() -> None:
    national_day = date(2026, 8, 31)

    verdict = judge(national_day, holidays=package_holidays("14", [2026]))

    assert verdict.status is Status.PUBLIC_HOLIDAY
    assert [(r.ms, r.en) for r in verdict.reasons] == [
        ("Cuti umum: Hari Kebangsaan", "Public holiday: National Day")
    ]


def test_a_kedah_state_holiday_on_a_sunday_is_kept_on_the_sunday() -> None:
    # Sunday is a working day in Kedah, so the Sultan's birthday needs no day in lieu.
    sultans_birthday = date(2025, 6, 15)
    holidays = package_holidays("02", [2025])

    verdict = judge(sultans_birthday, state="02", holidays=holidays)

    assert sultans_birthday.isoweekday() == 7
    assert verdict.status is Status.PUBLIC_HOLIDAY
    assert verdict.reasons[0].ms == "Cuti umum: Hari Keputeraan Sultan Kedah"
    assert date(2025, 6, 16) not in holidays


def test_a_kedah_holiday_on_its_friday_weekend_moves_to_the_sunday() -> None:
    labour_day, in_lieu = date(2026, 5, 1), date(2026, 5, 3)
    holidays = package_holidays("02", [2026])

    on_the_day = judge(labour_day, state="02", holidays=holidays)
    sunday = judge(in_lieu, state="02", holidays=holidays)

    assert on_the_day.status is Status.PUBLIC_HOLIDAY  # a holiday outranks the weekend
    assert sunday.status is Status.PUBLIC_HOLIDAY
    assert sunday.reasons[0].ms == "Cuti umum: Cuti Hari Pekerja"
    assert sunday.reasons[0].en == "Public holiday: Labor Day (observed)"


def test_a_sunday_holiday_moves_to_monday_in_a_saturday_sunday_state() -> None:
    holidays = package_holidays("10", [2025])

    monday = judge(date(2025, 9, 1), state="10", holidays=holidays)

    assert monday.status is Status.PUBLIC_HOLIDAY
    assert monday.reasons[0].ms == "Cuti umum: Cuti Hari Kebangsaan"


def test_johor_sunday_holidays_needed_no_day_in_lieu_before_2025_and_do_after() -> None:
    holidays = package_holidays("01", [2024, 2025])

    assert judge(date(2024, 7, 7), state="01", holidays=holidays).status is (
        Status.PUBLIC_HOLIDAY
    )  # Awal Muharam on a working Sunday
    assert date(2024, 7, 8) not in holidays
    assert judge(date(2025, 3, 3), state="01", holidays=holidays).status is (
        Status.PUBLIC_HOLIDAY
    )  # Cuti Awal Ramadan, for Sunday 2 March


def test_an_agency_holiday_given_as_a_bare_date_is_named_as_the_agencys() -> None:
    verdict = judge(TUESDAY, holidays={TUESDAY})

    assert verdict.status is Status.PUBLIC_HOLIDAY
    assert verdict.reasons[0].ms == "Cuti umum: Cuti agensi"


def test_the_agencys_name_for_a_day_is_what_the_caller_passes() -> None:
    holidays = {TUESDAY: Holiday("Hari Ulang Tahun Jabatan", "Department anniversary")}

    verdict = judge(TUESDAY, holidays=holidays)

    assert verdict.reasons[0].en == "Public holiday: Department anniversary"


def test_a_public_holiday_outranks_leave() -> None:
    verdict = judge(TUESDAY, holidays={TUESDAY}, arrangements=Arrangements(leave=True))

    assert verdict.status is Status.PUBLIC_HOLIDAY


# --- Unknown regions ------------------------------------------------------------------------


def test_an_unknown_state_code_is_refused() -> None:
    with pytest.raises(UnknownRegion, match="'17'"):
        day_calendar("17", TUESDAY)


def test_no_calendar_before_the_five_day_week() -> None:
    with pytest.raises(UnknownRegion, match="2005-07-01"):
        day_calendar("16", date(2005, 6, 30))
