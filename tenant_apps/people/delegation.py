"""Pemangkuan, self-service: a supervisor going on leave names an acting officer for a date range,
and ends or cancels that delegation. The grant is an ``ActingSupervisor`` row, the same one the
org admin writes from an officer's page (officer_services.acting_create / acting_end), so reach
(``selectors.supervised_officer_ids``), notifications and approvals follow it day by day. Nothing
runs when it ends: from the day after ``ends_on`` the row simply no longer matches.

Selectors read; services write in a transaction, audit, and refuse with a ``PeopleError`` (a
stable code; ``DELEGATION_REFUSALS`` holds the translated message). Nothing changes on a refusal."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy
from django_stubs_ext import StrPromise

from accounts.models import User
from tenant_apps.audit.services import audit_record
from tenant_apps.people.models import ActingSupervisor, Officer
from tenant_apps.people.officer_services import acting_create, acting_end
from tenant_apps.people.selectors import actor_officer
from tenant_apps.people.services import PeopleError

MAX_DAYS = 180
REASON_MIN = 3
REASON_MAX = 200

DELEGATION_REFUSALS: dict[str, StrPromise] = {
    "not_supervisor": _lazy("Only a supervisor with subordinates can name an acting officer."),
    "acting_self": _lazy("You cannot name yourself as the acting officer."),
    "acting_inactive": _lazy("The acting officer must be an active officer."),
    "starts_past": _lazy("A delegation starts today or later."),
    "dates_order": _lazy("The end comes before the start."),
    "too_long": _lazy("A delegation lasts at most 180 days."),
    "reason_length": _lazy("Give a reason of 3 to 200 characters."),
    "overlap": _lazy("You already have a delegation on some of these days."),
    "not_yours": _lazy("Only the supervisor who delegated can end this delegation."),
    "already_ended": _lazy("This delegation has already ended."),
}


def delegation_message(error: PeopleError) -> str:
    message = DELEGATION_REFUSALS.get(error.code)
    return str(message) if message is not None else str(error)


def _refused(code: str) -> PeopleError:
    return PeopleError(code, str(DELEGATION_REFUSALS[code]))


# --- Selectors ---------------------------------------------------------------------------------


def has_subordinates(officer: Officer) -> bool:
    """Whether the officer directly supervises anyone (whose reach a delegation passes on)."""
    return Officer.objects.filter(supervisor=officer).exists()


def delegating_supervisor(actor: User) -> Officer | None:
    """The actor's officer record if they may delegate (they have direct subordinates)."""
    me = actor_officer(actor)
    if me is None or me.status != Officer.Status.ACTIVE or not has_subordinates(me):
        return None
    return me


def delegation_candidates(supervisor: Officer) -> QuerySet[Officer]:
    """Who may act for the supervisor: any other active officer of the agency, by name."""
    return (
        Officer.objects.filter(status=Officer.Status.ACTIVE)
        .exclude(pk=supervisor.pk)
        .select_related("user", "org_unit")
        .order_by("user__full_name", "pk")
    )


def delegations_given(
    supervisor: Officer, *, today: date | None = None
) -> QuerySet[ActingSupervisor]:
    """The supervisor's current and future delegations, soonest first."""
    day = today or timezone.localdate()
    return (
        ActingSupervisor.objects.filter(for_supervisor=supervisor, ends_on__gte=day)
        .select_related("acting__user")
        .order_by("starts_on", "pk")
    )


def delegations_held(officer: Officer, *, today: date | None = None) -> QuerySet[ActingSupervisor]:
    """The current and future delegations the officer holds (acts for someone), soonest first."""
    day = today or timezone.localdate()
    return (
        ActingSupervisor.objects.filter(acting=officer, ends_on__gte=day)
        .select_related("for_supervisor__user")
        .order_by("starts_on", "pk")
    )


# --- Services ----------------------------------------------------------------------------------


@transaction.atomic
def delegation_create(
    *,
    supervisor: Officer,
    acting: Officer,
    starts_on: date,
    ends_on: date,
    reason: str,
    actor: User,
) -> ActingSupervisor:
    """The supervisor names ``acting`` to act for them from ``starts_on`` to ``ends_on``
    (inclusive; from today, at most MAX_DAYS days, not overlapping another of their
    delegations)."""
    if supervisor.user_id != actor.pk or not actor.is_active:
        raise _refused("not_supervisor")
    # The supervisor's row serialises their delegations: two at once cannot both pass the
    # overlap check.
    locked = Officer.objects.select_for_update().select_related("user").get(pk=supervisor.pk)
    if locked.status != Officer.Status.ACTIVE or not has_subordinates(locked):
        raise _refused("not_supervisor")
    if acting.pk == locked.pk:
        raise _refused("acting_self")
    if acting.status != Officer.Status.ACTIVE or not acting.user.is_active:
        raise _refused("acting_inactive")
    if starts_on < timezone.localdate():
        raise _refused("starts_past")
    if ends_on < starts_on:
        raise _refused("dates_order")
    if (ends_on - starts_on).days + 1 > MAX_DAYS:
        raise _refused("too_long")
    reason = " ".join(reason.split())
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        raise _refused("reason_length")
    overlapping = ActingSupervisor.objects.filter(
        for_supervisor=locked, starts_on__lte=ends_on, ends_on__gte=starts_on
    )
    if overlapping.exists():
        raise _refused("overlap")
    delegation = acting_create(
        acting=acting,
        for_supervisor=locked,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        actor=actor,
    )
    audit_record(
        actor=actor,
        action="people.delegation_create",
        target=locked,
        summary=(
            f"{locked.user.full_name} delegated to {acting.user.full_name}"
            f" {starts_on:%Y-%m-%d}..{ends_on:%Y-%m-%d}"
        ),
        detail={
            "delegation": delegation.pk,
            "acting": acting.pk,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "reason": reason,
        },
    )
    return delegation


@transaction.atomic
def delegation_end(*, delegation: ActingSupervisor, actor: User) -> ActingSupervisor | None:
    """The supervisor takes their reach back now: a delegation not yet started is cancelled
    (removed), a running one ends (the acting officer loses the reach today). Returns the row
    as kept, or None when removed (the audit trail keeps it)."""
    locked = (
        ActingSupervisor.objects.select_for_update(of=("self",))
        .select_related("acting__user", "for_supervisor__user")
        .filter(pk=delegation.pk)
        .first()
    )
    if locked is None:
        raise _refused("already_ended")
    if locked.for_supervisor.user_id != actor.pk:
        raise _refused("not_yours")
    today = timezone.localdate()
    if locked.ends_on < today:
        raise _refused("already_ended")
    pk, before = locked.pk, (locked.starts_on, locked.ends_on)
    started = locked.starts_on <= today
    acting_end(assignment=locked)
    kept = ActingSupervisor.objects.filter(pk=pk).first()
    audit_record(
        actor=actor,
        action="people.delegation_end" if started else "people.delegation_cancel",
        target=locked.for_supervisor,
        summary=(
            f"{locked.for_supervisor.user.full_name} "
            f"{'ended' if started else 'cancelled'} the delegation to "
            f"{locked.acting.user.full_name} {before[0]:%Y-%m-%d}..{before[1]:%Y-%m-%d}"
        ),
        detail={
            "delegation": pk,
            "acting": locked.acting_id,
            "starts_on": before[0].isoformat(),
            "ends_on": before[1].isoformat(),
            "ends_now": kept.ends_on.isoformat() if kept is not None else None,
            "reason": locked.reason,
        },
    )
    return kept
