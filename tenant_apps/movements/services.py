"""Writes of movements (Pergerakan Harian): the officer declares, edits or cancels a movement
before it starts; a supervisor acknowledges it. A declared movement covers its window at once;
the acknowledgement only says the supervisor has seen it.

Each write is transactional and audited, and refuses with a ``MovementError`` (a stable code and
a translated message): nothing changes on a refusal. After the commit, the supervisors or the
officer are notified by a Celery task and ``days_affected`` asks the attendance app to judge the
touched duty days again."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy
from django_stubs_ext import StrPromise

from accounts.models import User
from tenant_apps.audit.services import audit_record
from tenant_apps.movements.models import Movement
from tenant_apps.movements.selectors import movements_overlapping
from tenant_apps.people.models import Officer
from tenant_apps.people.selectors import supervised_officer_ids
from tenant_apps.worktime.signals import days_affected

Status = Movement.Status

MAX_TEXT = 200
# A movement is a trip out of the office on duty: longer absences are leave or a posting.
MAX_DURATION = timedelta(days=7)
# Planned ahead, but within a quarter: further is not a daily movement.
MAX_DAYS_AHEAD = 90

# Refusals by code; the message is translated when raised (in the request's language).
REFUSALS: dict[str, StrPromise] = {
    "not_own": _lazy("Only the officer can declare or change their own movement."),
    "officer_inactive": _lazy("Only an active officer can declare a movement."),
    "purpose_required": _lazy("Give the purpose of the movement."),
    "purpose_too_long": _lazy("The purpose is at most 200 characters."),
    "place_required": _lazy("Give the place."),
    "place_too_long": _lazy("The place is at most 200 characters."),
    "window_order": _lazy("The end must come after the start."),
    "too_far_back": _lazy("A movement starts today at the earliest."),
    "too_far_ahead": _lazy("A movement can be planned at most 90 days ahead."),
    "too_long": _lazy("A movement lasts at most 7 days."),
    "overlap": _lazy("You already have a movement at this time."),
    "cancelled": _lazy("This movement has been cancelled."),
    "started": _lazy("This movement has already started: it can no longer be changed."),
    "own_movement": _lazy("You cannot acknowledge your own movement."),
    "not_supervisor": _lazy("Only the officer's supervisors can acknowledge this movement."),
    "already_acknowledged": _lazy("This movement has already been acknowledged."),
}


class MovementError(Exception):
    """A refused change: ``code`` is stable (pages and tests use it), ``message`` is translated."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _refused(code: str) -> MovementError:
    return MovementError(code, str(REFUSALS[code]))


def _aware(moment: datetime) -> datetime:
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _clean_text(value: str, field: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise _refused(f"{field}_required")
    if len(value) > MAX_TEXT:
        raise _refused(f"{field}_too_long")
    return value


def _check_window(
    *, officer: Officer, starts_at: datetime, ends_at: datetime, exclude: int | None = None
) -> None:
    if ends_at <= starts_at:
        raise _refused("window_order")
    today = timezone.localdate()
    if timezone.localtime(starts_at).date() < today:
        raise _refused("too_far_back")
    if timezone.localtime(starts_at).date() > today + timedelta(days=MAX_DAYS_AHEAD):
        raise _refused("too_far_ahead")
    if ends_at - starts_at > MAX_DURATION:
        raise _refused("too_long")
    overlapping = movements_overlapping(officer, starts_at, ends_at)
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude)
    if overlapping.exists():
        raise _refused("overlap")


def window_days(starts_at: datetime, ends_at: datetime) -> tuple[date, date]:
    """The first and last local dates the window ``[starts_at, ends_at)`` touches."""
    last = ends_at - timedelta(microseconds=1) if ends_at > starts_at else ends_at
    return timezone.localtime(starts_at).date(), timezone.localtime(last).date()


def _after_commit(movement: Movement, event: str, windows: list[tuple[date, date]]) -> None:
    from tenant_apps.movements.tasks import movement_notify

    transaction.on_commit(partial(movement_notify.delay, movement.pk, event))
    officer_id = movement.officer_id
    for start, end in dict.fromkeys(windows):
        transaction.on_commit(
            partial(
                days_affected.send,
                sender=Movement,
                officer_ids=[officer_id],
                start=start,
                end=end,
            )
        )


def _describe(movement: Movement) -> str:
    start = timezone.localtime(movement.starts_at)
    end = timezone.localtime(movement.ends_at)
    return (
        f'"{movement.purpose}" at {movement.place}, {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}'
    )


def _detail(movement: Movement) -> dict[str, object]:
    return {
        "officer": movement.officer_id,
        "purpose": movement.purpose,
        "place": movement.place,
        "starts_at": movement.starts_at.isoformat(),
        "ends_at": movement.ends_at.isoformat(),
    }


def _lock_officer(officer: Officer, actor: User) -> Officer:
    if officer.user_id != actor.pk:
        raise _refused("not_own")
    # The officer's row serialises their writes: two at once cannot both pass the overlap check.
    locked = Officer.objects.select_for_update().select_related("user").get(pk=officer.pk)
    if locked.status != Officer.Status.ACTIVE:
        raise _refused("officer_inactive")
    return locked


def _locked(movement: Movement) -> Movement:
    return (
        Movement.objects.select_for_update(of=("self",))
        .select_related("officer__user")
        .get(pk=movement.pk)
    )


@transaction.atomic
def movement_create(
    *,
    officer: Officer,
    purpose: str,
    place: str,
    starts_at: datetime,
    ends_at: datetime,
    actor: User,
) -> Movement:
    """The officer declares a movement, from earlier today up to 90 days ahead, for at most
    7 days, not overlapping another of their declared movements."""
    locked = _lock_officer(officer, actor)
    purpose = _clean_text(purpose, "purpose")
    place = _clean_text(place, "place")
    starts_at, ends_at = _aware(starts_at), _aware(ends_at)
    _check_window(officer=locked, starts_at=starts_at, ends_at=ends_at)
    movement = Movement.objects.create(
        officer=locked, purpose=purpose, place=place, starts_at=starts_at, ends_at=ends_at
    )
    audit_record(
        actor=actor,
        action="movements.movement_create",
        target=movement,
        summary=f"Movement {_describe(movement)} declared by {locked.user.full_name}",
        detail=_detail(movement),
    )
    _after_commit(movement, "created", [window_days(starts_at, ends_at)])
    return movement


def _check_changeable(movement: Movement, actor: User) -> None:
    if movement.officer.user_id != actor.pk:
        raise _refused("not_own")
    if movement.status != Status.ACTIVE:
        raise _refused("cancelled")
    if movement.starts_at <= timezone.now():
        raise _refused("started")


@transaction.atomic
def movement_update(
    *,
    movement: Movement,
    purpose: str,
    place: str,
    starts_at: datetime,
    ends_at: datetime,
    actor: User,
) -> Movement:
    """The officer changes their movement before it starts, under the rules of a new one. A
    changed movement needs a new acknowledgement: the supervisors are told again."""
    if movement.officer.user_id != actor.pk:
        raise _refused("not_own")
    officer = _lock_officer(movement.officer, actor)
    locked = _locked(movement)
    _check_changeable(locked, actor)
    purpose = _clean_text(purpose, "purpose")
    place = _clean_text(place, "place")
    starts_at, ends_at = _aware(starts_at), _aware(ends_at)
    _check_window(officer=officer, starts_at=starts_at, ends_at=ends_at, exclude=locked.pk)
    before = _detail(locked)
    old_window = window_days(locked.starts_at, locked.ends_at)
    locked.purpose, locked.place = purpose, place
    locked.starts_at, locked.ends_at = starts_at, ends_at
    locked.acknowledged_by, locked.acknowledged_at = None, None
    locked.save(
        update_fields=[
            "purpose",
            "place",
            "starts_at",
            "ends_at",
            "acknowledged_by",
            "acknowledged_at",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="movements.movement_update",
        target=locked,
        summary=f"Movement of {officer.user.full_name} changed to {_describe(locked)}",
        detail={"before": before, "after": _detail(locked)},
    )
    _after_commit(locked, "updated", [old_window, window_days(starts_at, ends_at)])
    return locked


@transaction.atomic
def movement_cancel(*, movement: Movement, actor: User) -> Movement:
    """The officer withdraws their movement before it starts."""
    locked = _locked(movement)
    _check_changeable(locked, actor)
    locked.status = Status.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["status", "cancelled_at", "updated_at"])
    audit_record(
        actor=actor,
        action="movements.movement_cancel",
        target=locked,
        summary=f"Movement {_describe(locked)} of {locked.officer.user.full_name} cancelled",
        detail=_detail(locked),
    )
    _after_commit(locked, "cancelled", [window_days(locked.starts_at, locked.ends_at)])
    return locked


@transaction.atomic
def movement_acknowledge(*, movement: Movement, actor: User) -> Movement:
    """A current supervisor of the officer (direct, second-level or acting) says they have seen
    the movement. It changes nothing in attendance; the officer is told."""
    locked = _locked(movement)
    if locked.officer.user_id == actor.pk:
        raise _refused("own_movement")
    if not actor.is_active or locked.officer_id not in supervised_officer_ids(actor):
        raise _refused("not_supervisor")
    if locked.status != Status.ACTIVE:
        raise _refused("cancelled")
    if locked.acknowledged_at is not None:
        raise _refused("already_acknowledged")
    locked.acknowledged_by = actor
    locked.acknowledged_at = timezone.now()
    locked.save(update_fields=["acknowledged_by", "acknowledged_at", "updated_at"])
    audit_record(
        actor=actor,
        action="movements.movement_acknowledge",
        target=locked,
        summary=f"Movement {_describe(locked)} of {locked.officer.user.full_name} acknowledged",
        detail={"officer": locked.officer_id},
    )
    from tenant_apps.movements.tasks import movement_notify

    transaction.on_commit(partial(movement_notify.delay, locked.pk, "acknowledged"))
    return locked
