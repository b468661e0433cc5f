"""Declaring, changing, cancelling and acknowledging movements through the services: each rule,
the audit trail, the supervisors' notification in the seed's words, and the ``days_affected``
signal. A refused change leaves nothing behind."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tenant_apps.audit.models import AuditEntry
from tenant_apps.movements.models import Movement
from tenant_apps.movements.selectors import (
    engine_movements,
    movement_acknowledgers,
    movements_of_day,
)
from tenant_apps.movements.services import (
    MovementError,
    movement_acknowledge,
    movement_cancel,
    movement_update,
    window_days,
)
from tenant_apps.notifications.models import Kind, Notification
from tenant_apps.people.models import ActingSupervisor, Officer
from tenant_apps.worktime.signals import days_affected
from tests.movements.helpers import World, at, declare, officer_new, today

Status = Movement.Status
CaptureCallbacks = Callable[..., Any]


@pytest.fixture
def affected() -> Iterator[list[dict[str, Any]]]:
    """The ``days_affected`` signals sent during the test."""
    received: list[dict[str, Any]] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        received.append({"sender": sender, **kwargs})

    days_affected.connect(receiver, dispatch_uid="tests.movements.affected")
    yield received
    days_affected.disconnect(dispatch_uid="tests.movements.affected")


def started_today(officer: Officer) -> Movement:
    """A movement from today's midnight until an hour from now: it has started."""
    return declare(
        officer,
        starts_at=at(today(), 0),
        ends_at=timezone.now() + timedelta(hours=1),
    )


def refused(code: str, call: Callable[..., Any], **kwargs: Any) -> None:
    with pytest.raises(MovementError) as caught:
        call(**kwargs)
    assert caught.value.code == code
    assert caught.value.message


# --- Declaring --------------------------------------------------------------------------------


def test_the_officer_declares_a_movement_and_it_is_audited(world: World) -> None:
    movement = declare(world.officer, purpose="  Taklimat   SPOT-Me ", place=" JDN ")

    assert (movement.purpose, movement.place, movement.status) == (
        "Taklimat SPOT-Me",
        "JDN",
        Status.ACTIVE,
    )
    assert movement.acknowledged_at is None
    entry = AuditEntry.objects.get(action="movements.movement_create")
    assert entry.object_id == str(movement.pk)
    assert entry.actor_id == world.officer.user_id
    assert entry.detail["purpose"] == "Taklimat SPOT-Me"


def test_a_declared_movement_covers_its_window_at_once(world: World) -> None:
    movement = declare(world.officer)

    start = at(today() + timedelta(days=1), 0)
    found = engine_movements(world.officer, start, start + timedelta(days=1))
    assert [(m.start, m.end) for m in found] == [(movement.starts_at, movement.ends_at)]
    assert list(movements_of_day(world.officer, today() + timedelta(days=1))) == [movement]
    assert list(movements_of_day(world.officer, today())) == []


def test_a_movement_may_start_earlier_today(world: World) -> None:
    movement = declare(world.officer, starts_at=at(today(), 0), ends_at=at(today(), 23, 59))

    assert movement.pk is not None


@pytest.mark.parametrize(
    ("code", "overrides"),
    [
        ("purpose_required", {"purpose": "   "}),
        ("purpose_too_long", {"purpose": "x" * 201}),
        ("place_required", {"place": ""}),
        ("place_too_long", {"place": "y" * 201}),
    ],
)
def test_purpose_and_place_are_required_and_short(
    world: World, code: str, overrides: dict[str, str]
) -> None:
    refused(code, declare, officer=world.officer, **overrides)

    assert not Movement.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="movements.").exists()


def _window(days_from_today: int, start_hour: int, hours: float) -> dict[str, datetime]:
    start = at(today() + timedelta(days=days_from_today), start_hour)
    return {"starts_at": start, "ends_at": start + timedelta(hours=hours)}


@pytest.mark.parametrize(
    ("code", "window"),
    [
        ("window_order", _window(1, 10, 0)),
        ("window_order", _window(1, 10, -1)),
        ("too_far_back", _window(-1, 10, 2)),
        ("too_far_ahead", _window(91, 10, 2)),
        ("too_long", _window(1, 10, 7 * 24 + 1)),
    ],
)
def test_the_window_is_checked(world: World, code: str, window: dict[str, datetime]) -> None:
    refused(code, declare, officer=world.officer, **window)

    assert not Movement.objects.exists()


def test_a_movement_of_exactly_seven_days_is_accepted(world: World) -> None:
    movement = declare(world.officer, **_window(1, 8, 7 * 24))

    assert movement.ends_at - movement.starts_at == timedelta(days=7)


def test_overlapping_movements_are_refused_but_adjacent_ones_are_not(world: World) -> None:
    first = declare(world.officer)

    refused(
        "overlap",
        declare,
        officer=world.officer,
        starts_at=first.starts_at + timedelta(hours=1),
        ends_at=first.ends_at + timedelta(hours=1),
    )
    after = declare(
        world.officer, starts_at=first.ends_at, ends_at=first.ends_at + timedelta(hours=1)
    )
    other_officer = declare(world.man)  # another officer's movement at the same time

    assert Movement.objects.count() == 3
    assert after.pk
    assert other_officer.pk


def test_a_cancelled_movement_leaves_its_time_free(world: World) -> None:
    first = declare(world.officer)
    movement_cancel(movement=first, actor=world.officer.user)

    again = declare(world.officer)

    assert again.pk != first.pk


def test_only_the_officer_declares_their_movement(world: World) -> None:
    refused("not_own", declare, officer=world.officer, actor=world.supervisor.user)
    refused("not_own", declare, officer=world.officer, actor=world.admin)

    assert not Movement.objects.exists()


def test_an_inactive_officer_cannot_declare(world: World) -> None:
    Officer.objects.filter(pk=world.officer.pk).update(status=Officer.Status.INACTIVE)

    refused("officer_inactive", declare, officer=world.officer)


# --- Changing and cancelling ------------------------------------------------------------------


def _changes(movement: Movement, **overrides: Any) -> dict[str, Any]:
    values = {
        "purpose": movement.purpose,
        "place": movement.place,
        "starts_at": movement.starts_at,
        "ends_at": movement.ends_at,
    }
    values.update(overrides)
    return values


def test_the_officer_changes_a_movement_before_it_starts(world: World) -> None:
    movement = declare(world.officer)
    movement_acknowledge(movement=movement, actor=world.supervisor.user)
    later = movement.starts_at + timedelta(hours=3)

    changed = movement_update(
        movement=movement,
        actor=world.officer.user,
        **_changes(
            movement, place="Cyberjaya", starts_at=later, ends_at=later + timedelta(hours=1)
        ),
    )

    changed.refresh_from_db()
    assert (changed.place, changed.starts_at) == ("Cyberjaya", later)
    # A changed movement is new to the supervisor: the acknowledgement is taken back.
    assert (changed.acknowledged_by, changed.acknowledged_at) == (None, None)
    entry = AuditEntry.objects.get(action="movements.movement_update")
    assert entry.detail["before"]["place"] == "Bangunan Perdana Putra"
    assert entry.detail["after"]["place"] == "Cyberjaya"


def test_a_change_may_not_overlap_another_movement_but_may_keep_its_own_time(
    world: World,
) -> None:
    first = declare(world.officer)
    second = declare(
        world.officer, starts_at=first.ends_at, ends_at=first.ends_at + timedelta(hours=2)
    )

    refused(
        "overlap",
        movement_update,
        movement=second,
        actor=world.officer.user,
        **_changes(second, starts_at=first.starts_at),
    )
    movement_update(movement=second, actor=world.officer.user, **_changes(second, purpose="Lain"))

    second.refresh_from_db()
    assert (second.starts_at, second.purpose) == (first.ends_at, "Lain")


def test_a_started_movement_can_neither_be_changed_nor_cancelled(world: World) -> None:
    movement = started_today(world.officer)

    refused(
        "started",
        movement_update,
        movement=movement,
        actor=world.officer.user,
        **_changes(movement, purpose="Lain"),
    )
    refused("started", movement_cancel, movement=movement, actor=world.officer.user)

    movement.refresh_from_db()
    assert (movement.purpose, movement.status) == ("Mesyuarat Jawatankuasa ICT", Status.ACTIVE)
    assert not AuditEntry.objects.filter(
        action__in=["movements.movement_update", "movements.movement_cancel"]
    ).exists()


def test_only_the_officer_changes_or_cancels(world: World) -> None:
    movement = declare(world.officer)

    refused(
        "not_own",
        movement_update,
        movement=movement,
        actor=world.supervisor.user,
        **_changes(movement, purpose="Lain"),
    )
    refused("not_own", movement_cancel, movement=movement, actor=world.supervisor.user)

    movement.refresh_from_db()
    assert movement.status == Status.ACTIVE


def test_the_officer_cancels_before_it_starts_and_only_once(world: World) -> None:
    movement = declare(world.officer)

    movement_cancel(movement=movement, actor=world.officer.user)

    movement.refresh_from_db()
    assert movement.status == Status.CANCELLED
    assert movement.cancelled_at is not None
    assert AuditEntry.objects.filter(action="movements.movement_cancel").count() == 1
    refused("cancelled", movement_cancel, movement=movement, actor=world.officer.user)
    refused(
        "cancelled",
        movement_update,
        movement=movement,
        actor=world.officer.user,
        **_changes(movement),
    )


# --- Acknowledging ----------------------------------------------------------------------------


def test_the_supervisor_acknowledges(world: World) -> None:
    movement = declare(world.officer)

    movement_acknowledge(movement=movement, actor=world.supervisor.user)

    movement.refresh_from_db()
    assert movement.acknowledged_by == world.supervisor.user
    assert movement.acknowledged_at is not None
    assert AuditEntry.objects.filter(action="movements.movement_acknowledge").count() == 1
    refused(
        "already_acknowledged",
        movement_acknowledge,
        movement=movement,
        actor=world.supervisor.user,
    )


def test_second_level_and_acting_supervisors_acknowledge(world: World) -> None:
    second = officer_new("850505165041", "PENYELIA KEDUA")
    subject = officer_new(
        "860606165052", "PEGAWAI BERDUA", supervisor=world.supervisor, second_supervisor=second
    )
    ActingSupervisor.objects.create(
        acting=world.outsider, for_supervisor=world.supervisor, starts_on=today(), ends_on=today()
    )
    first = declare(subject)
    other = declare(subject, starts_at=first.ends_at, ends_at=first.ends_at + timedelta(hours=1))

    movement_acknowledge(movement=first, actor=second.user)
    movement_acknowledge(movement=other, actor=world.outsider.user)

    assert Movement.objects.filter(acknowledged_at__isnull=False).count() == 2
    assert {u.pk for u in movement_acknowledgers(subject)} == {
        world.supervisor.user_id,
        second.user_id,
        world.outsider.user_id,
    }


def test_nobody_else_acknowledges(world: World) -> None:
    movement = declare(world.officer)

    refused("own_movement", movement_acknowledge, movement=movement, actor=world.officer.user)
    for stranger in (world.outsider.user, world.other_unit.user, world.head.user, world.admin):
        refused("not_supervisor", movement_acknowledge, movement=movement, actor=stranger)

    movement.refresh_from_db()
    assert movement.acknowledged_at is None


def test_a_cancelled_movement_cannot_be_acknowledged(world: World) -> None:
    movement = declare(world.officer)
    movement_cancel(movement=movement, actor=world.officer.user)

    refused("cancelled", movement_acknowledge, movement=movement, actor=world.supervisor.user)


# --- After the commit: notifications and the days affected ------------------------------------


def test_the_supervisor_is_notified_in_the_seeds_words(
    world: World, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        movement = declare(world.officer, purpose="Sesi Taklimat dan Demo SPOT-Me")

    notification = Notification.objects.get(recipient=world.supervisor.user)
    assert notification.kind == Kind.MOVEMENT_NEW
    assert notification.text_ms == (
        'PEGAWAI WANITA telah memasukkan pergerakan baru - "Sesi Taklimat dan Demo SPOT-Me".'
    )
    assert notification.text_en == (
        'PEGAWAI WANITA declared a new movement - "Sesi Taklimat dan Demo SPOT-Me".'
    )
    assert notification.link == f"/movements/{movement.pk}/"
    assert Notification.objects.count() == 1  # nobody else


def test_the_officer_is_notified_of_the_acknowledgement(
    world: World, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    movement = declare(world.officer, purpose="Lawatan tapak")

    with django_capture_on_commit_callbacks(execute=True):
        movement_acknowledge(movement=movement, actor=world.supervisor.user)

    notification = Notification.objects.get(recipient=world.officer.user)
    assert notification.kind == Kind.MOVEMENT_ACKNOWLEDGED
    assert notification.text_ms == (
        'Pergerakan anda "Lawatan tapak" telah dimaklumi oleh PENYELIA SATU.'
    )
    assert (
        notification.text_en == 'Your movement "Lawatan tapak" was acknowledged by PENYELIA SATU.'
    )


def test_nothing_is_sent_for_a_refused_declaration(
    world: World,
    django_capture_on_commit_callbacks: CaptureCallbacks,
    affected: list[dict[str, Any]],
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        refused("place_required", declare, officer=world.officer, place=" ")

    assert callbacks == []
    assert affected == []
    assert not Notification.objects.exists()


def test_the_days_touched_are_signalled_after_each_change(
    world: World,
    django_capture_on_commit_callbacks: CaptureCallbacks,
    affected: list[dict[str, Any]],
) -> None:
    tomorrow = today() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        movement = declare(world.officer, starts_at=at(tomorrow, 22), ends_at=at(tomorrow, 23))
    assert affected == [
        {
            "sender": Movement,
            "signal": days_affected,
            "officer_ids": [world.officer.pk],
            "start": tomorrow,
            "end": tomorrow,
        }
    ]

    affected.clear()
    later = tomorrow + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        movement_update(
            movement=movement,
            actor=world.officer.user,
            **_changes(movement, starts_at=at(later, 22), ends_at=at(later + timedelta(days=1), 2)),
        )
    # The old window is judged again too: it is no longer covered.
    assert [(s["start"], s["end"]) for s in affected] == [
        (tomorrow, tomorrow),
        (later, later + timedelta(days=1)),
    ]

    affected.clear()
    with django_capture_on_commit_callbacks(execute=True):
        movement_cancel(movement=movement, actor=world.officer.user)
    assert [(s["start"], s["end"]) for s in affected] == [(later, later + timedelta(days=1))]


def test_a_window_ending_at_midnight_touches_one_day() -> None:
    day = date(2026, 3, 2)

    assert window_days(at(day, 20), at(day + timedelta(days=1), 0)) == (day, day)
