"""The board's live state of each officer, from stored duty days, punches, movements, approved
BDR and the calendar, at fixed Malaysian times: every state at least once, and who needs
attention."""

from __future__ import annotations

from datetime import timedelta

from tenant_apps.attendance.models import AttendanceDay
from tenant_apps.dashboard import supervision
from tenant_apps.people.models import Officer
from tests.dashboard.helpers import (
    World,
    at,
    bdr_row,
    day_row,
    movement_row,
    officer_new,
    punch_row,
    weekend_day,
    working_day,
)

Status = AttendanceDay.Status


def _team(world: World, count: int) -> list[Officer]:
    return [
        officer_new(
            f"83080816{5001 + 2 * n:04d}", f"PEGAWAI PAPAN {n:02d}", supervisor=world.supervisor
        )
        for n in range(count)
    ]


def _states(officers: list[Officer], **kwargs: object) -> dict[int, tuple[str, tuple[str, ...]]]:
    board = supervision.supervision_board(officers=officers, **kwargs)  # type: ignore[arg-type]
    return {row.officer.pk: (row.state, row.attention) for row in board.rows}


def test_each_state_on_a_working_day(world: World) -> None:
    day = working_day()
    (
        on_time, late, excused, missing, moving, outside, covered, bdr, leave, holiday,
        rest, early, incomplete, absent,
    ) = _team(world, 14)  # fmt: skip
    day_row(on_time, day, check_in=at(day, 7, 55))
    punch_row(on_time, at(day, 7, 55))
    day_row(late, day, check_in=at(day, 9, 20), categories=["LATE_IN"], late_minutes=20)
    punch_row(late, at(day, 9, 20))
    day_row(excused, day, check_in=at(day, 9, 20), categories=["LATE_IN"], excused=["LATE_IN"])
    punch_row(excused, at(day, 9, 20))
    movement_row(moving, at(day, 10), at(day, 12))
    day_row(outside, day, check_in=at(day, 8, 10))
    punch_row(outside, at(day, 8, 10), place="outside", distance_m=5000.0)
    movement_row(covered, at(day, 8), at(day, 10))
    day_row(covered, day, check_in=at(day, 8, 5))
    punch_row(covered, at(day, 8, 5), place="outside")
    bdr_row(bdr, day - timedelta(days=1), day + timedelta(days=1))
    day_row(leave, day, status=Status.LEAVE)
    day_row(holiday, day, status=Status.PUBLIC_HOLIDAY)
    day_row(rest, day, status=Status.REST_DAY, policy_kind="")
    day_row(
        early,
        day,
        check_in=at(day, 8),
        check_out=at(day, 10),
        categories=["EARLY_OUT"],
        early_minutes=420,
    )
    punch_row(early, at(day, 8))
    punch_row(early, at(day, 10), kind="out")
    day_row(incomplete, day, check_in=at(day, 8), categories=["INCOMPLETE"])
    punch_row(incomplete, at(day, 8))
    day_row(absent, day, status=Status.ABSENT)

    states = _states(
        [on_time, late, excused, missing, moving, outside, covered, bdr, leave, holiday, rest,
         early, incomplete, absent],
        now=at(day, 10, 30),
    )  # fmt: skip

    assert states == {
        on_time.pk: (supervision.CHECKED_IN, ()),
        late.pk: (supervision.LATE, ("late",)),
        excused.pk: (supervision.CHECKED_IN, ()),
        missing.pk: (supervision.NOT_YET_IN, ("not_yet_in",)),
        moving.pk: (supervision.ON_MOVEMENT, ()),
        outside.pk: (supervision.CHECKED_IN, ("outside",)),
        covered.pk: (supervision.CHECKED_IN, ()),
        bdr.pk: (supervision.BDR, ()),
        leave.pk: (supervision.LEAVE, ()),
        holiday.pk: (supervision.HOLIDAY, ()),
        rest.pk: (supervision.REST_DAY, ()),
        early.pk: (supervision.CHECKED_OUT, ("early_out",)),
        incomplete.pk: (supervision.CHECKED_IN, ("incomplete",)),
        absent.pk: (supervision.ABSENT, ("absent",)),
    }


def test_before_nine_without_check_in_is_expected_and_after_is_not_yet_in(world: World) -> None:
    day = working_day()

    early = _states([world.officer], now=at(day, 8, 59))
    late = _states([world.officer], now=at(day, 9, 0))

    assert early == {world.officer.pk: (supervision.EXPECTED, ())}
    assert late == {world.officer.pk: (supervision.NOT_YET_IN, ("not_yet_in",))}


def test_the_calendar_answers_without_a_stored_day(world: World) -> None:
    day = weekend_day()

    states = _states([world.officer], now=at(day, 11))

    assert states == {world.officer.pk: (supervision.WEEKEND, ())}


def test_a_punch_wins_over_the_calendar(world: World) -> None:
    day = weekend_day()
    day_row(world.officer, day, status=Status.WEEKEND, check_in=at(day, 9, 30))
    punch_row(world.officer, at(day, 9, 30))

    states = _states([world.officer], now=at(day, 11))

    assert states == {world.officer.pk: (supervision.CHECKED_IN, ())}


def test_an_officer_on_a_movement_after_checking_in_is_on_movement(world: World) -> None:
    day = working_day()
    day_row(world.officer, day, check_in=at(day, 8), categories=["LATE_IN"])
    punch_row(world.officer, at(day, 8))
    movement_row(world.officer, at(day, 10), at(day, 12))

    board = supervision.supervision_board(officers=[world.officer], now=at(day, 11))

    (row,) = board.rows
    assert (row.state, row.attention) == (supervision.ON_MOVEMENT, ("late",))
    assert row.movement is not None
    assert row.movement.purpose == "Mesyuarat JPICT"
    assert row.check_in == at(day, 8)


def test_cancelled_movements_and_pending_bdr_do_not_count(world: World) -> None:
    day = working_day()
    movement = movement_row(world.officer, at(day, 10), at(day, 12))
    movement.status = "cancelled"
    movement.save()
    bdr_row(world.man, day, day, status="pending")

    states = _states([world.officer, world.man], now=at(day, 11))

    assert states == {
        world.officer.pk: (supervision.NOT_YET_IN, ("not_yet_in",)),
        world.man.pk: (supervision.NOT_YET_IN, ("not_yet_in",)),
    }


def test_the_tiles_count_each_state_and_who_needs_attention(world: World) -> None:
    day = working_day()
    day_row(world.officer, day, check_in=at(day, 9, 15), categories=["LATE_IN"])
    punch_row(world.officer, at(day, 9, 15))

    board = supervision.supervision_board(officers=[world.officer, world.man], now=at(day, 11))

    assert board.counts[supervision.LATE] == 1
    assert board.counts[supervision.NOT_YET_IN] == 1
    assert sum(board.counts.values()) == 2
    assert board.attention == 2
    assert supervision.board_rows_filtered(board.rows, attention=False, state="late")[
        0
    ].officer == (world.officer)


def test_reach_of_the_board(world: World) -> None:
    officers = supervision.supervision_officers(actor=world.supervisor.user)
    outsider = supervision.supervision_officers(actor=world.outsider.user)

    assert list(officers) == sorted([world.officer, world.man], key=lambda o: o.user.full_name)
    assert list(outsider) == []
