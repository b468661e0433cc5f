"""Writes of arrangement requests: the officer applies for BDR (PP 5/2020 → MyPPSM SR.4.1.2),
pregnancy early leave (PP 11/2017 → SR.4.2.1) or the Ramadan shortened rest (PP 5/2019 →
SR.4.1.1, Head of Department's approval); an approver decides; the officer may cancel; the org
admin names the approvers. Each write is transactional and audited, and refuses with a
``WorktimeError`` (a stable code and a translated message): nothing changes on a refusal."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy
from django_stubs_ext import StrPromise

from accounts.models import User
from tenant_apps.audit.services import audit_record
from tenant_apps.people.models import Officer
from tenant_apps.people.selectors import is_org_admin
from tenant_apps.worktime.arrangement_selectors import approve_permission, can_decide
from tenant_apps.worktime.models import Arrangement
from tenant_apps.worktime.signals import days_affected

Kind = Arrangement.Kind
Scope = Arrangement.Scope
Status = Arrangement.Status

# A request may be made late (the officer was already at home, or forgot), but not for long ago.
MAX_DAYS_IN_THE_PAST = 30
# PP 11/2017: from five months of pregnancy, "usia kandungan 22 minggu dan ke atas". Gestation
# is counted back from the expected delivery date, which is at 40 weeks.
PREGNANCY_FROM_WEEK = 22
FULL_TERM_WEEKS = 40
# Ramadan lasts 29 or 30 days: one request covers at most the month.
RAMADAN_MAX_DAYS = 30
REJECTION_NOTE_MIN = 5

# Audit summaries are stored in English; pages show the translated kind.
KIND_NAMES = {
    Kind.BDR: "BDR",
    Kind.PREGNANCY_EARLY_LEAVE: "pregnancy early leave",
    Kind.RAMADAN_SHORT_REST: "Ramadan shortened rest",
}

# Refusals by code; the message is translated when raised (in the request's language).
REFUSALS: dict[str, StrPromise] = {
    "kind": _lazy("Choose BDR, pregnancy early leave or the Ramadan shortened rest."),
    "not_own": _lazy("Only the officer or the organisation administrator can do this."),
    "officer_inactive": _lazy("Only an active officer can make a request."),
    "dates_order": _lazy("The end comes before the start."),
    "too_far_back": _lazy("A request cannot start more than 30 days ago."),
    "overlap": _lazy("You already have a request of this kind for some of these dates."),
    "scope": _lazy("Choose a full day, the morning or the afternoon."),
    "scope_bdr_only": _lazy("Only BDR can be for a morning or an afternoon."),
    "delivery_pregnancy_only": _lazy("The expected delivery date is only for pregnancy leave."),
    "pregnancy_gender": _lazy("Pregnancy early leave is for women officers."),
    "delivery_missing": _lazy("Give the expected delivery date."),
    "pregnancy_end": _lazy(
        "Pregnancy early leave ends at the latest on the day before the expected delivery date."
    ),
    "pregnancy_too_early": _lazy(
        "Pregnancy early leave starts from the 22nd week of pregnancy "
        "(18 weeks before the expected delivery date)."
    ),
    "ramadan_too_long": _lazy("The Ramadan shortened rest covers at most 30 days."),
    "cancel_not_own": _lazy("Only the officer can cancel their own request."),
    "not_pending": _lazy("This request has already been decided or cancelled."),
    "own_request": _lazy("You cannot decide your own request."),
    "not_approver": _lazy("You may not decide this request."),
    "note_required": _lazy("Give the reason for the rejection (at least 5 characters)."),
    "cannot_cancel": _lazy(
        "Only a pending request, or an approved one not yet started, can be cancelled."
    ),
    "not_admin": _lazy("Only the organisation administrator names the approvers."),
    "user_inactive": _lazy("This account is deactivated."),
    "already_approver": _lazy("This user may already approve requests."),
    "not_approver_user": _lazy("This user was not given the approval permission here."),
}


class WorktimeError(Exception):
    """A refused change: ``code`` is stable (pages and tests use it), ``message`` is translated."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _refused(code: str) -> WorktimeError:
    return WorktimeError(code, str(REFUSALS[code]))


def _period(arrangement: Arrangement) -> str:
    kind = KIND_NAMES.get(Kind(arrangement.kind), arrangement.kind)
    scope = f" ({arrangement.scope})" if arrangement.kind == Kind.BDR else ""
    return f"{kind}{scope} {arrangement.starts_on:%Y-%m-%d} to {arrangement.ends_on:%Y-%m-%d}"


def _check_pregnancy(
    *, officer: Officer, starts_on: date, ends_on: date, expected_delivery: date | None
) -> None:
    """PP 11/2017 (research/rules.md §4) as this system applies it.

    * For a woman officer: ``gender`` female, or not stated (the record may simply lack it);
      refused for a man (the husband's extension is not a kind of request here).
    * ``ends_on`` is the last day she leaves one hour early. The circular ends the permission
      "one day after the approved end date or on the first day of maternity leave, whichever
      is earlier". The maternity-leave start is not known here and begins at the latest on the
      day of delivery, so the approved period stops at most on the day before the expected
      delivery date: ``ends_on <= expected_delivery - 1 day``. If maternity leave starts
      earlier, the leave days take over from the permission.
    * Eligibility from 22 weeks of gestation: with delivery expected at 40 weeks, ``starts_on``
      is at the earliest 18 weeks (126 days) before the expected delivery date.
    * Not enforced: the one-week notice (a request may be made up to 30 days late, as for the
      other kinds) and "once per pregnancy" (overlapping requests are refused instead).
    """
    if officer.gender == Officer.Gender.MALE:
        raise _refused("pregnancy_gender")
    if expected_delivery is None:
        raise _refused("delivery_missing")
    if ends_on >= expected_delivery:
        raise _refused("pregnancy_end")
    earliest = expected_delivery - timedelta(weeks=FULL_TERM_WEEKS - PREGNANCY_FROM_WEEK)
    if starts_on < earliest:
        raise _refused("pregnancy_too_early")


def _check_request(
    *,
    officer: Officer,
    kind: str,
    scope: str,
    starts_on: date,
    ends_on: date,
    expected_delivery: date | None,
) -> None:
    if kind not in Kind.values:
        raise _refused("kind")
    if officer.status != Officer.Status.ACTIVE:
        raise _refused("officer_inactive")
    if ends_on < starts_on:
        raise _refused("dates_order")
    if starts_on < timezone.localdate() - timedelta(days=MAX_DAYS_IN_THE_PAST):
        raise _refused("too_far_back")
    if scope not in Scope.values:
        raise _refused("scope")
    if kind != Kind.BDR and scope != Scope.FULL:
        raise _refused("scope_bdr_only")
    if kind != Kind.PREGNANCY_EARLY_LEAVE and expected_delivery is not None:
        raise _refused("delivery_pregnancy_only")
    if kind == Kind.PREGNANCY_EARLY_LEAVE:
        _check_pregnancy(
            officer=officer,
            starts_on=starts_on,
            ends_on=ends_on,
            expected_delivery=expected_delivery,
        )
    if kind == Kind.RAMADAN_SHORT_REST and (ends_on - starts_on).days >= RAMADAN_MAX_DAYS:
        raise _refused("ramadan_too_long")
    overlapping = Arrangement.objects.filter(
        officer=officer,
        kind=kind,
        status__in=[Status.PENDING, Status.APPROVED],
        starts_on__lte=ends_on,
        ends_on__gte=starts_on,
    )
    if overlapping.exists():
        raise _refused("overlap")


@transaction.atomic
def arrangement_apply(
    *,
    officer: Officer,
    kind: str,
    scope: str,
    starts_on: date,
    ends_on: date,
    expected_delivery: date | None,
    reason: str,
    actor: User,
) -> Arrangement:
    """A pending request of ``officer``, made by the officer (or the org admin on their behalf).

    BDR is for a full day, the morning or the afternoon; the other kinds are for full days
    (``scope`` "full"). Dates are inclusive. Another pending or approved request of the same
    kind may not share a day; AM and PM BDR on one day are one full-day request."""
    if officer.user_id != actor.pk and not is_org_admin(actor):
        raise _refused("not_own")
    # The officer's row serialises their requests: two at once cannot both pass the overlap check.
    locked = Officer.objects.select_for_update().get(pk=officer.pk)
    _check_request(
        officer=locked,
        kind=kind,
        scope=scope,
        starts_on=starts_on,
        ends_on=ends_on,
        expected_delivery=expected_delivery,
    )
    arrangement = Arrangement.objects.create(
        officer=locked,
        kind=kind,
        scope=scope,
        starts_on=starts_on,
        ends_on=ends_on,
        expected_delivery=expected_delivery,
        reason=reason.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="worktime.arrangement_apply",
        target=arrangement,
        summary=f"Request for {_period(arrangement)} by {locked.user.full_name}",
        detail={
            "officer": locked.pk,
            "kind": kind,
            "scope": scope,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "expected_delivery": expected_delivery.isoformat() if expected_delivery else None,
        },
    )
    return arrangement


def _locked(arrangement: Arrangement) -> Arrangement:
    return (
        Arrangement.objects.select_for_update(of=("self",))
        .select_related("officer__user")
        .get(pk=arrangement.pk)
    )


@transaction.atomic
def arrangement_decide(
    *, arrangement: Arrangement, approve: bool, note: str, actor: User
) -> Arrangement:
    """Approve or reject a pending request (see arrangement_selectors for who may). A rejection
    says why, in at least 5 characters. Returns the request as saved."""
    locked = _locked(arrangement)
    if locked.status != Status.PENDING:
        raise _refused("not_pending")
    if locked.officer.user_id == actor.pk:
        raise _refused("own_request")
    if not can_decide(actor, locked):
        raise _refused("not_approver")
    note = note.strip()
    if not approve and len(note) < REJECTION_NOTE_MIN:
        raise _refused("note_required")
    locked.status = Status.APPROVED if approve else Status.REJECTED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_note = note
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    verb = "approved" if approve else "rejected"
    audit_record(
        actor=actor,
        action=f"worktime.arrangement_{'approve' if approve else 'reject'}",
        target=locked,
        summary=f"{_period(locked)} of {locked.officer.user.full_name} {verb}",
        detail={"officer": locked.officer_id, "status": locked.status, "note": note},
    )
    if approve:
        _days_affected(locked)
    return locked


def _days_affected(arrangement: Arrangement) -> None:
    days_affected.send(
        sender=Arrangement,
        officer_ids=[arrangement.officer_id],
        start=arrangement.starts_on,
        end=arrangement.ends_on,
    )


@transaction.atomic
def arrangement_cancel(*, arrangement: Arrangement, actor: User) -> Arrangement:
    """The officer withdraws their own pending request, or an approved one not yet started."""
    locked = _locked(arrangement)
    if locked.officer.user_id != actor.pk:
        raise _refused("cancel_not_own")
    started = locked.starts_on <= timezone.localdate()
    if locked.status != Status.PENDING and not (locked.status == Status.APPROVED and not started):
        raise _refused("cannot_cancel")
    previous = locked.status
    locked.status = Status.CANCELLED
    locked.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="worktime.arrangement_cancel",
        target=locked,
        summary=f"{_period(locked)} of {locked.officer.user.full_name} cancelled ({previous})",
        detail={"officer": locked.officer_id, "previous_status": previous},
    )
    if previous == Status.APPROVED:
        _days_affected(locked)
    return locked


@transaction.atomic
def approver_grant(*, user: User, actor: User) -> None:
    """The org admin lets ``user`` decide the requests of the officers within their reach."""
    if not is_org_admin(actor):
        raise _refused("not_admin")
    if not user.is_active:
        raise _refused("user_inactive")
    permission = approve_permission()
    if user.user_permissions.filter(pk=permission.pk).exists():
        raise _refused("already_approver")
    user.user_permissions.add(permission)
    audit_record(
        actor=actor,
        action="worktime.approver_grant",
        target=user,
        summary=f"{user.full_name} ({user.login_id}) may approve BDR and early-leave requests",
        detail={"user": user.pk, "permission": f"worktime.{permission.codename}"},
    )


@transaction.atomic
def approver_revoke(*, user: User, actor: User) -> None:
    """The org admin takes the user-level permission back (a group's permission stays)."""
    if not is_org_admin(actor):
        raise _refused("not_admin")
    permission = approve_permission()
    if not user.user_permissions.filter(pk=permission.pk).exists():
        raise _refused("not_approver_user")
    user.user_permissions.remove(permission)
    audit_record(
        actor=actor,
        action="worktime.approver_revoke",
        target=user,
        summary=f"{user.full_name} ({user.login_id}) may no longer approve requests",
        detail={"user": user.pk, "permission": f"worktime.{permission.codename}"},
    )
