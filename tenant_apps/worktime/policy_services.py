"""The org admin's writes to the working-time calendar: policy versions and who works under them,
shift rosters, holidays and the card settings. Each is transactional, audited, and refuses with a
``WorktimeAdminError`` (a stable code and a translated message); nothing changes on a refusal."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy
from django_stubs_ext import StrPromise

from accounts.models import User
from tenant_apps.audit.services import audit_record
from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.worktime.models import (
    PolicyAssignment,
    WorkPolicy,
)
from tenant_apps.worktime.selectors import in_force_on
from tenant_apps.worktime.signals import days_affected

# PP 5/2019 (research/rules.md §2): the WBF check-in window may not go beyond 07:30–09:00.
WBF_EARLIEST = time(7, 30)
WBF_LATEST = time(9, 0)
MAX_GRACE_MINUTES = 60
MAX_PATTERN_DAYS = 56
DAY_MINUTES = 24 * 60


# Refusals by code; the message is translated when raised (in the request's language).
REFUSALS: dict[str, StrPromise] = {
    "policy_name": _lazy("A policy needs a name of 2 to 100 characters."),
    "policy_kind": _lazy("Choose WBF, fixed hours or shift."),
    "grace_range": _lazy("Grace is from 0 to 60 minutes."),
    "span_range": _lazy("The daily span is from 1 minute to 24 hours."),
    "short_day_span": _lazy("The short Thursday span is at most the daily span."),
    "rest_range": _lazy("The rest is shorter than the daily span."),
    "wbf_window": _lazy("The WBF check-in window opens before it closes, within 07:30 to 09:00."),
    "times_required": _lazy("Give the start and end times."),
    "fixed_order": _lazy("Fixed hours start before they end."),
    "shift_times": _lazy("A shift cannot start and end at the same time."),
    "day_split": _lazy("The day split falls between the shift's end and its next start."),
    "name_taken": _lazy("A policy with this name exists: add a new version of it instead."),
    "policy_missing": _lazy("This policy no longer exists."),
    "version_past": _lazy("A new version starts today or later: past days keep their rules."),
    "version_order": _lazy("A new version starts after the latest version of the policy."),
    "default_taken": _lazy(
        "Another policy is the default over these dates: first add a version of it that is "
        "not the default."
    ),
    "assignment_order": _lazy(
        "There is already an assignment from this date or later; choose a later date."
    ),
    "unit_inactive": _lazy("Policies are assigned to active units only."),
    "officer_inactive": _lazy("Only an active officer can be assigned."),
    "roster_name": _lazy("A roster needs a name of 2 to 100 characters."),
    "pattern_length": _lazy("A roster cycle has from 1 to 56 days."),
    "pattern_policy": _lazy("Each day of the cycle is an existing policy or a rest day."),
    "roster_inactive": _lazy("Officers are put on active rosters only."),
    "holiday_name": _lazy("A holiday needs a name of 2 to 180 characters."),
    "holiday_exists": _lazy("This holiday is already on that date."),
    "threshold_range": _lazy("A threshold is from 1 to 31 exceptions."),
    "categories": _lazy("Count only late check-ins, early check-outs and incomplete days."),
    "evaluation_day": _lazy("Cards are evaluated on a day from 1 to 28 of the month."),
}


class WorktimeAdminError(Exception):
    """A refused change: ``code`` is stable (pages and tests use it), ``message`` is translated."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _refused(code: str) -> WorktimeAdminError:
    return WorktimeAdminError(code, str(REFUSALS[code]))


@dataclass(frozen=True)
class PolicyData:
    """One version's rules. For fixed hours and shifts the span is computed from the times and
    the check-in window is unused (left as given)."""

    name: str
    kind: str
    effective_from: date
    check_in_start: time = WBF_EARLIEST
    check_in_end: time = WBF_LATEST
    span_minutes: int = 540
    short_day_span_minutes: int = 450
    rest_minutes: int = 60
    grace_minutes: int = 0
    start_time: time | None = None
    end_time: time | None = None
    day_split: time | None = None
    is_default: bool = False


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def policy_validate(data: PolicyData) -> PolicyData:
    """The rules of a policy version; returns it normalised (name trimmed, span computed for
    fixed hours and shifts, fields of other kinds cleared)."""
    name = " ".join(data.name.split())
    if not 2 <= len(name) <= 100:
        raise _refused("policy_name")
    if not 0 <= data.grace_minutes <= MAX_GRACE_MINUTES:
        raise _refused("grace_range")
    if data.kind == WorkPolicy.Kind.WBF:
        data = _wbf_checked(data)
    elif data.kind in (WorkPolicy.Kind.FIXED, WorkPolicy.Kind.SHIFT):
        data = _timed_checked(data)
    else:
        raise _refused("policy_kind")
    if not 0 < data.span_minutes <= DAY_MINUTES:
        raise _refused("span_range")
    if not 0 < data.short_day_span_minutes <= data.span_minutes:
        raise _refused("short_day_span")
    if not 0 <= data.rest_minutes < data.span_minutes:
        raise _refused("rest_range")
    return replace(data, name=name)


def _wbf_checked(data: PolicyData) -> PolicyData:
    if not WBF_EARLIEST <= data.check_in_start < data.check_in_end <= WBF_LATEST:
        raise _refused("wbf_window")
    return replace(data, start_time=None, end_time=None, day_split=None)


def _timed_checked(data: PolicyData) -> PolicyData:
    start, end = data.start_time, data.end_time
    if start is None or end is None:
        raise _refused("times_required")
    if data.kind == WorkPolicy.Kind.FIXED:
        if start >= end:
            raise _refused("fixed_order")
        return replace(data, span_minutes=_minutes(end) - _minutes(start), day_split=None)
    if start == end:
        raise _refused("shift_times")
    # A shift may end the next morning (overnight): its span wraps around midnight.
    span = (_minutes(end) - _minutes(start)) % DAY_MINUTES
    split = data.day_split
    if split is not None and _inside(split, start, end):
        raise _refused("day_split")
    return replace(data, span_minutes=span)


def _inside(moment: time, start: time, end: time) -> bool:
    """Strictly inside the shift, which may cross midnight."""
    if start < end:
        return start < moment < end
    return moment > start or moment < end


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v.isoformat() if isinstance(v, date | time | datetime) else v for k, v in values.items()
    }


def _fields(data: PolicyData) -> dict[str, Any]:
    fields = asdict(data)
    fields.pop("name")
    return fields


def _default_overlap(*, name: str, effective_from: date) -> bool:
    """Another family is the default on some day from ``effective_from`` on."""
    open_or_later = WorkPolicy.objects.filter(is_default=True).exclude(name=name)
    return open_or_later.exclude(effective_to__lt=effective_from).exists()


@transaction.atomic
def policy_version_create(
    *, actor: User | None, data: PolicyData, family: WorkPolicy | None = None
) -> WorkPolicy:
    """A new policy (``family`` None: its first version, named ``data.name``) or a new version
    of ``family`` (any of its rows) in force from ``data.effective_from``.

    A past day is judged by the version in force that day, so a version is never edited once
    it has been in force: the rules change only by a new version, which starts today at the
    earliest and after the latest version started; the latest version is closed the day before
    (its past days keep their meaning). A first version may start on a past date: nobody was
    judged by it before, and assignments say from when it applies to whom."""
    latest = None
    if family is not None:
        versions = WorkPolicy.objects.select_for_update().filter(name=family.name)
        latest = versions.order_by("-effective_from").first()
        if latest is None:
            raise _refused("policy_missing")
        data = replace(data, name=latest.name)
    data = policy_validate(data)
    if latest is None and WorkPolicy.objects.filter(name__iexact=data.name).exists():
        raise _refused("name_taken")
    if latest is not None and data.effective_from < timezone.localdate():
        raise _refused("version_past")
    if latest is not None and data.effective_from <= latest.effective_from:
        raise _refused("version_order")
    if data.is_default and _default_overlap(name=data.name, effective_from=data.effective_from):
        raise _refused("default_taken")
    closed_on = data.effective_from - timedelta(days=1)
    if latest is not None and (latest.effective_to is None or latest.effective_to > closed_on):
        latest.effective_to = closed_on
        latest.save(update_fields=["effective_to"])
    policy = WorkPolicy.objects.create(name=data.name, **_fields(data))
    audit_record(
        actor=actor,
        action="worktime.policy_version_create" if latest else "worktime.policy_create",
        target=policy,
        summary=f"Policy {policy.name}: version from {policy.effective_from:%Y-%m-%d}",
        detail={**_jsonable(asdict(data)), "previous_version": latest.pk if latest else None},
    )
    days_affected.send(sender=WorkPolicy, officer_ids=None, start=policy.effective_from, end=None)
    return policy


def _close_previous(existing: QuerySet[Any], effective_from: date) -> None:
    """End the row in force on ``effective_from`` the day before; refuse when a row already
    starts on or after it (a later row is changed by a still later one, never overtaken)."""
    if existing.filter(effective_from__gte=effective_from).exists():
        raise _refused("assignment_order")
    existing.filter(in_force_on(effective_from)).update(
        effective_to=effective_from - timedelta(days=1)
    )


def _assign(
    *, actor: User | None, policy: WorkPolicy, target: Model, effective_from: date
) -> PolicyAssignment:
    field = "unit" if isinstance(target, OrgUnit) else "officer"
    _close_previous(
        PolicyAssignment.objects.select_for_update().filter(**{field: target}), effective_from
    )
    assignment = PolicyAssignment.objects.create(
        policy=policy, effective_from=effective_from, created_by=actor, **{field: target}
    )
    audit_record(
        actor=actor,
        action=f"worktime.policy_assign_{field}",
        target=assignment,
        summary=f"Policy {policy.name} for {field} {target.pk} from {effective_from:%Y-%m-%d}",
        detail={
            "policy": policy.pk,
            field: target.pk,
            "effective_from": effective_from.isoformat(),
        },
    )
    # A unit's policy reaches the units below it and whoever moved through them: every officer.
    days_affected.send(
        sender=PolicyAssignment,
        officer_ids=[target.pk] if field == "officer" else None,
        start=effective_from,
        end=None,
    )
    return assignment


@transaction.atomic
def policy_assign_unit(
    *, actor: User | None, policy: WorkPolicy, unit: OrgUnit, effective_from: date
) -> PolicyAssignment:
    """``policy`` for the unit and the units below it from ``effective_from``; the unit's
    assignment in force then ends the day before."""
    if not unit.is_active:
        raise _refused("unit_inactive")
    return _assign(actor=actor, policy=policy, target=unit, effective_from=effective_from)


@transaction.atomic
def policy_assign_officer(
    *, actor: User | None, policy: WorkPolicy, officer: Officer, effective_from: date
) -> PolicyAssignment:
    """``policy`` for one officer from ``effective_from`` (ahead of a roster and of the unit's
    policy); the officer's assignment in force then ends the day before."""
    if officer.status != Officer.Status.ACTIVE:
        raise _refused("officer_inactive")
    return _assign(actor=actor, policy=policy, target=officer, effective_from=effective_from)
