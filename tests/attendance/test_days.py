"""Duty days: closed after they end (a missing check-out is INCOMPLETE, no punch ABSENT), the
check-out reminder, recomputing after a policy, roster or arrangement change (a Celery task,
idempotent), a night shift's check-out the next morning, and the punch hash chain."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.attendance.closing import days_close
from tenant_apps.attendance.days import day_recompute
from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.attendance.notify import checkout_reminders_send
from tenant_apps.attendance.selectors import chain_broken_at
from tenant_apps.attendance.services import PunchInput, punch_record
from tenant_apps.notifications.models import Notification
from tenant_apps.worktime.arrangement_services import (
    approver_grant,
    arrangement_apply,
    arrangement_decide,
)
from tenant_apps.worktime.engine import MALAYSIA
from tenant_apps.worktime.models import Arrangement, WorkPolicy
from tenant_apps.worktime.policy_services import (
    PolicyData,
    policy_assign_officer,
    policy_version_create,
)
from tenants.models import Agency
from tests.attendance.support import OFFICE, World, build_world

WEDNESDAY = date(2026, 11, 25)  # a working day in Putrajaya


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), MALAYSIA)


def punch(world: World, kind: str, when: datetime, *, now: datetime | None = None) -> Any:
    return punch_record(
        officer=world.officer,
        data=PunchInput(kind=kind, event_id=uuid.uuid4(), latitude=OFFICE[0], longitude=OFFICE[1]),
        now=now or when,
    )


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


def test_an_open_day_is_pending_and_closing_makes_a_missing_check_out_incomplete(
    world: World,
) -> None:
    result = punch(world, "in", at(WEDNESDAY, 8, 10))
    assert result.day.closed is False
    assert "INCOMPLETE" not in result.day.categories
    days_close(now=at(WEDNESDAY, 23, 0))  # not over yet: stays open
    assert AttendanceDay.objects.get(pk=result.day.pk).closed is False

    days_close(now=at(WEDNESDAY + timedelta(days=1), 0, 5))

    day = AttendanceDay.objects.get(officer=world.officer, day=WEDNESDAY)
    assert day.closed is True
    assert day.status == "PRESENT"
    assert "INCOMPLETE" in day.categories


def test_closing_a_day_without_a_punch_makes_it_absent_and_a_weekend_a_weekend(
    world: World,
) -> None:
    type(world.officer).objects.filter(pk=world.officer.pk).update(
        created_at=at(WEDNESDAY - timedelta(days=10), 8)
    )
    saturday = WEDNESDAY + timedelta(days=3)
    days_close(now=at(saturday + timedelta(days=1), 0, 5))
    statuses = dict(
        AttendanceDay.objects.filter(officer=world.officer).values_list("day", "status")
    )
    assert statuses[WEDNESDAY + timedelta(days=1)] == "ABSENT"
    assert statuses[WEDNESDAY + timedelta(days=2)] == "ABSENT"
    assert statuses[saturday] == "WEEKEND"
    # Closing again changes nothing and adds nothing.
    count = AttendanceDay.objects.count()
    assert days_close(now=at(saturday + timedelta(days=1), 0, 10)) == 0
    assert AttendanceDay.objects.count() == count


def test_the_check_out_reminder_is_sent_once_before_the_required_time(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    checked_in = punch(world, "in", at(WEDNESDAY, 8, 0))
    required = checked_in.day.required_out
    assert required == at(WEDNESDAY, 17, 0)
    assert checkout_reminders_send(now=at(WEDNESDAY, 16, 30)) == 0  # too early
    assert checkout_reminders_send(now=at(WEDNESDAY, 16, 50)) == 1
    assert checkout_reminders_send(now=at(WEDNESDAY, 16, 55)) == 0  # once only
    [note] = Notification.objects.filter(recipient=world.officer.user, kind="checkout_reminder")
    assert "17:00" in note.text_ms
    assert "belum mendaftar keluar" in note.text_ms


def test_a_policy_change_recomputes_the_stored_days_in_a_task_idempotently(
    world: World,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    punch(world, "in", at(WEDNESDAY, 8, 45))
    punch(world, "out", at(WEDNESDAY, 17, 50), now=at(WEDNESDAY, 23, 59))
    before = AttendanceDay.objects.get(officer=world.officer, day=WEDNESDAY)
    assert before.categories == []  # WBF: 08:45 is inside the window

    fixed = policy_version_create(
        actor=None,
        data=PolicyData(
            name="Waktu tetap 8-5",
            kind=WorkPolicy.Kind.FIXED,
            effective_from=WEDNESDAY - timedelta(days=30),
            start_time=time(8, 0),
            end_time=time(17, 0),
        ),
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        policy_assign_officer(
            actor=None, policy=fixed, officer=world.officer, effective_from=WEDNESDAY
        )
    assert callbacks, "the change enqueued a recompute"
    after = AttendanceDay.objects.get(officer=world.officer, day=WEDNESDAY)
    assert after.categories == ["LATE_IN"]
    assert after.late_minutes == 45
    assert after.policy_kind == "FIXED"

    # Delivered twice (a retry): the same row, the same verdict.
    from tenant_apps.attendance.tasks import officer_days_recompute

    officer_days_recompute.delay([world.officer.pk], WEDNESDAY.isoformat(), None)
    again = AttendanceDay.objects.get(officer=world.officer, day=WEDNESDAY)
    assert (again.pk, again.categories, again.late_minutes, again.reasons) == (
        after.pk,
        after.categories,
        after.late_minutes,
        after.reasons,
    )


def test_an_approved_bdr_recomputes_the_stored_day(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    today = timezone.localdate()
    wednesday = today + timedelta(days=(2 - today.weekday()) % 7 or 7)
    stored = day_recompute(world.officer, wednesday, now=timezone.now() - timedelta(hours=1))
    request = arrangement_apply(
        officer=world.officer,
        actor=world.officer.user,
        kind=Arrangement.Kind.BDR,
        scope="full",
        starts_on=wednesday,
        ends_on=wednesday,
        expected_delivery=None,
        reason="Kerja dari rumah",
    )
    approver_grant(user=world.supervisor.user, actor=world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        arrangement_decide(arrangement=request, approve=True, note="", actor=world.supervisor.user)
    day = AttendanceDay.objects.get(officer=world.officer, day=wednesday)
    assert day.computed_at > stored.computed_at


def test_a_night_shift_check_out_next_morning_stays_with_the_night(world: World) -> None:
    night = policy_version_create(
        actor=None,
        data=PolicyData(
            name="Syif malam",
            kind=WorkPolicy.Kind.SHIFT,
            effective_from=WEDNESDAY - timedelta(days=30),
            start_time=time(22, 0),
            end_time=time(7, 0),
        ),
    )
    policy_assign_officer(
        actor=None, policy=night, officer=world.officer, effective_from=WEDNESDAY - timedelta(1)
    )
    punch(world, "in", at(WEDNESDAY, 21, 55))
    result = punch(world, "out", at(WEDNESDAY + timedelta(days=1), 7, 5))
    assert result.day.day == WEDNESDAY
    assert result.day.check_in == at(WEDNESDAY, 21, 55)
    assert result.day.check_out == at(WEDNESDAY + timedelta(days=1), 7, 5)
    assert result.day.categories == []


def test_the_hash_chain_shows_tampering(world: World) -> None:
    punch(world, "in", at(WEDNESDAY, 8, 0))
    second = punch(world, "out", at(WEDNESDAY, 17, 30))
    assert chain_broken_at(world.officer) is None
    AttendanceEvent.objects.filter(pk=second.event.pk).update(claimed_at=at(WEDNESDAY, 18, 30))
    broken = chain_broken_at(world.officer)
    assert broken is not None
    assert broken.pk == second.event.pk


def test_the_beat_ticks_reach_every_active_agency_and_close_their_days(
    world: World, agency_a: Agency
) -> None:
    from tenant_apps.attendance.tasks import attendance_tick_all, supervision_tick_all

    punch(world, "in", timezone.now() - timedelta(days=2))
    # Eager in tests: each agency's tasks run at once, in its own schema.
    assert attendance_tick_all.delay().get() >= 2  # agencies A and B; the suspended one is not
    assert supervision_tick_all.delay().get() >= 2
    with schema_context(agency_a.schema_name):
        day = AttendanceDay.objects.get(
            officer=world.officer, day=timezone.localdate() - timedelta(days=2)
        )
    assert day.closed
