"""WBF (PP 5/2019 → SR.4.1.1, rules.md §2) and fixed hours, on an ordinary Putrajaya Tuesday."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from tenant_apps.worktime.engine import (
    Category,
    Place,
    PolicyVersion,
    Punch,
    PunchKind,
    Status,
)
from tests.worktime.engine import (
    TUESDAY,
    at,
    check_in,
    check_out,
    hhmm,
    judge,
    tap,
    texts,
    texts_en,
)


def test_on_time_check_in_sets_the_check_out_nine_hours_later() -> None:
    verdict = judge(TUESDAY, [check_in(TUESDAY, "08:07"), check_out(TUESDAY, "17:15")])

    assert verdict.status is Status.PRESENT
    assert verdict.categories == ()
    assert (verdict.late_minutes, verdict.early_minutes) == (0, 0)
    assert hhmm(verdict.required_out) == "17:07"
    assert verdict.worked_minutes == 9 * 60 + 8 - 60  # 08:07–17:15 less the 13:00–14:00 rest
    assert texts(verdict) == [
        "Hadir: daftar masuk 08:07, daftar keluar 17:15 (WBF)",
        "Waktu keluar 17:07 (WBF): 9 jam dari 08:07",
    ]
    assert texts_en(verdict) == [
        "Present: checked in 08:07, checked out 17:15 (WBF)",
        "Check-out due 17:07 (WBF): 9 h from 08:07",
    ]


def test_check_in_after_nine_is_late_and_the_day_ends_at_six() -> None:
    verdict = judge(TUESDAY, [check_in(TUESDAY, "09:07"), check_out(TUESDAY, "18:00")])

    assert verdict.categories == (Category.LATE_IN,)
    assert verdict.late_minutes == 7
    assert hhmm(verdict.required_out) == "18:00"
    assert verdict.reasons[1].ms == "Lewat: daftar masuk 09:07 selepas 09:00 (WBF)"
    assert verdict.reasons[1].en == "Late: checked in 09:07 after 09:00 (WBF)"
    assert verdict.reasons[2].ms == "Waktu keluar 18:00 (WBF): akhir waktu pejabat kerana lewat"


def test_check_in_before_half_past_seven_counts_from_half_past_seven() -> None:
    verdict = judge(TUESDAY, [check_in(TUESDAY, "07:05"), check_out(TUESDAY, "16:30")])

    assert verdict.categories == ()
    assert hhmm(verdict.required_out) == "16:30"
    assert verdict.reasons[1].ms == (
        "Waktu keluar 16:30 (WBF): 9 jam dari 07:30, kerana daftar masuk 07:05 dikira 07:30"
    )


@pytest.mark.parametrize(
    ("first_in", "required_out", "late"),
    [
        ("06:45", "16:30", 0),
        ("07:30", "16:30", 0),
        ("08:00", "17:00", 0),
        ("08:59", "17:59", 0),
        ("09:00", "18:00", 0),
        ("09:00:59", "18:00", 0),  # judged to the minute: 09:00:59 is still 09:00
        ("09:01", "18:00", 1),
        ("10:30", "18:00", 90),
    ],
)
def test_wbf_window_and_span(first_in: str, required_out: str, late: int) -> None:
    verdict = judge(TUESDAY, [check_in(TUESDAY, first_in), check_out(TUESDAY, "18:30")])

    assert hhmm(verdict.required_out) == required_out
    assert verdict.late_minutes == late
    assert (Category.LATE_IN in verdict.categories) is (late > 0)


def test_leaving_before_the_required_time_is_early_out() -> None:
    verdict = judge(TUESDAY, [check_in(TUESDAY, "08:07"), check_out(TUESDAY, "16:40")])

    assert verdict.categories == (Category.EARLY_OUT,)
    assert verdict.early_minutes == 27
    assert "Keluar awal: daftar keluar 16:40 sebelum 17:07" in texts(verdict)
    assert "Early out: checked out 16:40 before 17:07" in texts_en(verdict)


def test_no_check_out_is_incomplete_once_the_day_is_closed() -> None:
    punches = [check_in(TUESDAY, "08:00")]

    closed = judge(TUESDAY, punches)
    still_open = judge(TUESDAY, punches, day_closed=False)

    assert closed.status is Status.PRESENT
    assert closed.categories == (Category.INCOMPLETE,)
    assert "Tidak lengkap: tiada daftar keluar" in texts(closed)
    assert still_open.categories == ()
    assert hhmm(still_open.required_out) == "17:00"


def test_no_record_is_absent_once_the_day_is_closed_and_pending_before() -> None:
    closed = judge(TUESDAY, [])
    still_open = judge(TUESDAY, [], day_closed=False)

    assert closed.status is Status.ABSENT
    assert texts(closed) == ["Tidak hadir: tiada rekod kehadiran"]
    assert closed.required_out is None
    assert still_open.status is Status.PENDING
    assert still_open.categories == ()


def test_a_check_out_without_a_check_in_is_incomplete_and_has_no_wbf_check_out_time() -> None:
    verdict = judge(TUESDAY, [check_out(TUESDAY, "17:00")])

    assert verdict.status is Status.PRESENT
    assert verdict.categories == (Category.INCOMPLETE,)
    assert "Tidak lengkap: tiada daftar masuk" in texts(verdict)
    assert verdict.required_out is None


def test_a_check_in_outside_the_office_is_external() -> None:
    verdict = judge(
        TUESDAY,
        [check_in(TUESDAY, "08:00", place=Place.OUTSIDE), check_out(TUESDAY, "17:00")],
    )

    assert verdict.categories == (Category.EXTERNAL,)
    assert "Di luar kawasan: daftar masuk di luar kawasan pejabat" in texts(verdict)
    assert "Outside the office: checked in outside the office geofence" in texts_en(verdict)


def test_a_check_in_at_home_without_bdr_is_external() -> None:
    verdict = judge(
        TUESDAY, [check_in(TUESDAY, "08:00", place=Place.HOME), check_out(TUESDAY, "17:00")]
    )

    assert verdict.categories == (Category.EXTERNAL,)


@pytest.mark.parametrize(
    ("first_in", "late", "required_out"),
    [("09:05", 0, "18:00"), ("09:03", 0, "18:00"), ("09:06", 6, "18:00"), ("08:50", 0, "17:50")],
)
def test_grace_decides_lateness_and_late_minutes_count_from_nine(
    first_in: str, late: int, required_out: str
) -> None:
    policy = PolicyVersion.wbf(grace_minutes=5)

    verdict = judge(
        TUESDAY, [check_in(TUESDAY, first_in), check_out(TUESDAY, "18:00")], policy=policy
    )

    assert verdict.late_minutes == late
    assert hhmm(verdict.required_out) == required_out


def test_a_terminal_that_does_not_know_in_from_out_pairs_first_and_last() -> None:
    verdict = judge(TUESDAY, [tap(TUESDAY, "08:00"), tap(TUESDAY, "08:01"), tap(TUESDAY, "17:05")])

    assert verdict.categories == ()
    assert hhmm(verdict.check_in) == "08:00"
    assert hhmm(verdict.check_out) == "17:05"
    assert verdict.worked_minutes == 9 * 60 + 5 - 60


def test_a_lunch_break_out_and_in_counts_only_time_in_the_office() -> None:
    verdict = judge(
        TUESDAY,
        [
            check_in(TUESDAY, "08:00"),
            check_out(TUESDAY, "12:30"),
            check_in(TUESDAY, "14:00"),
            check_out(TUESDAY, "17:00"),
        ],
    )

    assert verdict.categories == ()
    assert verdict.worked_minutes == 270 + 180  # the 12:30–14:00 gap covers the rest


def test_a_second_check_in_is_a_duplicate_and_the_last_check_out_counts() -> None:
    verdict = judge(
        TUESDAY,
        [
            check_in(TUESDAY, "08:00"),
            check_in(TUESDAY, "08:02"),
            check_out(TUESDAY, "16:00"),
            check_out(TUESDAY, "17:01"),
        ],
    )

    assert verdict.categories == ()
    assert hhmm(verdict.check_in) == "08:00"
    assert hhmm(verdict.check_out) == "17:01"


def test_a_final_check_in_after_a_check_out_leaves_the_day_incomplete() -> None:
    verdict = judge(
        TUESDAY,
        [check_in(TUESDAY, "08:00"), check_out(TUESDAY, "12:00"), check_in(TUESDAY, "13:00")],
    )

    assert verdict.categories == (Category.INCOMPLETE,)
    assert verdict.check_out is None


def test_punch_times_in_any_offset_are_judged_in_malaysia_time() -> None:
    utc_in = Punch(datetime(2025, 3, 4, 1, 7, tzinfo=UTC), PunchKind.IN)
    utc_out = Punch(datetime(2025, 3, 4, 10, 0, tzinfo=UTC), PunchKind.OUT)

    verdict = judge(TUESDAY, [utc_in, utc_out])

    assert verdict.late_minutes == 7  # 01:07 UTC is 09:07 in Malaysia
    assert hhmm(verdict.check_out) == "18:00"


def test_punches_of_other_days_are_ignored() -> None:
    yesterday = TUESDAY - timedelta(days=1)

    verdict = judge(
        TUESDAY,
        [check_in(yesterday, "08:00"), check_in(TUESDAY, "08:30"), check_out(TUESDAY, "17:30")],
    )

    assert hhmm(verdict.check_in) == "08:30"
    assert verdict.categories == ()


def test_a_punch_needs_its_offset() -> None:
    with pytest.raises(ValueError, match="offset"):
        Punch(datetime(2025, 3, 4, 8, 0), PunchKind.IN)  # noqa: DTZ001 - the point of the test


def test_wbf_policy_refuses_a_window_that_closes_before_it_opens() -> None:
    with pytest.raises(ValueError, match="window"):
        PolicyVersion.wbf(check_in_start=time(9, 0), check_in_end=time(7, 30))


# --- Fixed hours ----------------------------------------------------------------------------

FIXED = PolicyVersion.fixed(start=time(8, 0), end=time(17, 0))


def test_fixed_hours_are_late_after_the_start_and_end_at_the_end() -> None:
    verdict = judge(
        TUESDAY, [check_in(TUESDAY, "08:10"), check_out(TUESDAY, "17:00")], policy=FIXED
    )

    assert verdict.categories == (Category.LATE_IN,)
    assert verdict.late_minutes == 10
    assert hhmm(verdict.required_out) == "17:00"
    assert "Lewat: daftar masuk 08:10 selepas 08:00 (waktu tetap)" in texts(verdict)
    assert "Waktu keluar 17:00 (waktu tetap 08:00–17:00)" in texts(verdict)


def test_fixed_hours_do_not_move_the_check_out_with_an_early_check_in() -> None:
    verdict = judge(
        TUESDAY, [check_in(TUESDAY, "07:00"), check_out(TUESDAY, "16:30")], policy=FIXED
    )

    assert verdict.categories == (Category.EARLY_OUT,)
    assert verdict.early_minutes == 30


def test_fixed_hours_know_the_check_out_time_even_without_a_check_in() -> None:
    verdict = judge(TUESDAY, [check_out(TUESDAY, "16:00")], policy=FIXED)

    assert verdict.categories == (Category.EARLY_OUT, Category.INCOMPLETE)
    assert verdict.early_minutes == 60


def test_fixed_hours_must_start_before_they_end() -> None:
    with pytest.raises(ValueError, match="start before"):
        PolicyVersion.fixed(start=time(17, 0), end=time(8, 0))


def test_the_verdict_keeps_the_punch_times_with_seconds() -> None:
    verdict = judge(TUESDAY, [check_in(TUESDAY, "08:07:42"), check_out(TUESDAY, "17:15:03")])

    assert verdict.check_in == at(TUESDAY, "08:07:42")
    assert verdict.check_out == at(TUESDAY, "17:15:03")
    assert verdict.day == date(2025, 3, 4)
