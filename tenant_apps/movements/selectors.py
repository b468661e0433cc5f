"""Reads of movements: the engine's inputs, the officer's history, the supervisors' list, and who
may see, change or acknowledge a movement. A movement outside the actor's reach is not in
``movement_list_visible_to``, so a page that looks it up there answers 404."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from tenant_apps.audit.models import AuditEntry
from tenant_apps.movements.models import Movement
from tenant_apps.people.models import ActingSupervisor, Officer
from tenant_apps.people.selectors import is_org_admin, supervised_officer_ids
from tenant_apps.worktime import engine


def movements_overlapping(officer: Officer, start: datetime, end: datetime) -> QuerySet[Movement]:
    """The officer's declared (not cancelled) movements that overlap ``[start, end)``."""
    return Movement.objects.filter(
        officer=officer,
        status=Movement.Status.ACTIVE,
        starts_at__lt=end,
        ends_at__gt=start,
    ).order_by("starts_at")


def engine_movements(officer: Officer, start: datetime, end: datetime) -> list[engine.Movement]:
    """The same, as the rule engine's ``Movement`` values."""
    return [
        engine.Movement(start=m.starts_at, end=m.ends_at)
        for m in movements_overlapping(officer, start, end)
    ]


# --- Pages and the dashboard ------------------------------------------------------------------

WHEN_UPCOMING = "upcoming"
WHEN_PAST = "past"


def _with_relations(queryset: QuerySet[Movement]) -> QuerySet[Movement]:
    return queryset.select_related("officer__user", "officer__org_unit", "acknowledged_by")


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def movements_of_day(officer: Officer, day: date) -> QuerySet[Movement]:
    """The officer's declared movements touching the local ``day``, earliest first."""
    start, end = _day_bounds(day)
    return _with_relations(movements_overlapping(officer, start, end))


def movement_list_of(
    *,
    officer: Officer,
    month: date | None = None,
    status: str | None = None,
    when: str | None = None,
    now: datetime | None = None,
) -> QuerySet[Movement]:
    """The officer's movements, latest first: those touching ``month`` (any day of it), of a
    status, upcoming (not started) or past (ended)."""
    movements = Movement.objects.filter(officer=officer)
    if month is not None:
        first = month.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        start, _ = _day_bounds(first)
        end, _ = _day_bounds(following)
        movements = movements.filter(starts_at__lt=end, ends_at__gt=start)
    if status in Movement.Status.values:
        movements = movements.filter(status=status)
    moment = now or timezone.now()
    if when == WHEN_UPCOMING:
        movements = movements.filter(starts_at__gt=moment)
    elif when == WHEN_PAST:
        movements = movements.filter(ends_at__lte=moment)
    return _with_relations(movements).order_by("-starts_at", "-pk")


def movement_list_visible_to(*, actor: User) -> QuerySet[Movement]:
    """The actor's own movements, those of their current subordinates (direct, second-level,
    acting) and, for the org admin, every movement. Anything else answers 404."""
    movements = _with_relations(Movement.objects.all())
    if is_org_admin(actor):
        return movements
    return movements.filter(
        Q(officer__user=actor) | Q(officer_id__in=supervised_officer_ids(actor))
    )


def team_movements(actor: User, *, now: datetime | None = None) -> QuerySet[Movement]:
    """The declared movements of the actor's subordinates from today on, the ones not yet
    acknowledged first, then by start."""
    moment = now or timezone.now()
    start, _ = _day_bounds(timezone.localtime(moment).date())
    return (
        _with_relations(Movement.objects.filter(status=Movement.Status.ACTIVE, ends_at__gt=start))
        .filter(officer_id__in=supervised_officer_ids(actor))
        .exclude(officer__user=actor)
        .order_by(F("acknowledged_at").asc(nulls_first=True), "starts_at", "pk")
    )


def has_team(actor: User) -> bool:
    return bool(supervised_officer_ids(actor))


def can_change(actor: User, movement: Movement, *, now: datetime | None = None) -> bool:
    """The officer edits or cancels their declared movement until it starts."""
    return (
        movement.officer.user_id == actor.pk
        and movement.status == Movement.Status.ACTIVE
        and movement.starts_at > (now or timezone.now())
    )


def can_acknowledge(actor: User, movement: Movement) -> bool:
    """A current supervisor (direct, second-level or acting) acknowledges a declared movement
    once; never their own."""
    return (
        actor.is_active
        and movement.status == Movement.Status.ACTIVE
        and movement.acknowledged_at is None
        and movement.officer.user_id != actor.pk
        and movement.officer_id in supervised_officer_ids(actor)
    )


def movement_acknowledgers(officer: Officer, *, on: date | None = None) -> list[User]:
    """Who is told of the officer's movements: the current supervisor and second-level
    supervisor, and whoever acts for the supervisor on ``on`` (today), if active."""
    day = on or timezone.localdate()
    ids = {officer.supervisor_id, officer.second_supervisor_id}
    if officer.supervisor_id is not None:
        ids |= set(
            ActingSupervisor.objects.filter(
                for_supervisor_id=officer.supervisor_id, starts_on__lte=day, ends_on__gte=day
            ).values_list("acting_id", flat=True)
        )
    ids.discard(None)
    return list(
        User.objects.filter(officer__pk__in=ids, is_active=True)
        .exclude(pk=officer.user_id)
        .order_by("pk")
    )


def movement_audit_trail(movement: Movement) -> QuerySet[AuditEntry]:
    """What happened to the movement, oldest first."""
    return AuditEntry.objects.filter(
        object_type=Movement._meta.label_lower, object_id=str(movement.pk)
    ).order_by("created_at", "pk")
