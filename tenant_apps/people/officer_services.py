"""Writes of officers: creating one (its login and its first supervision line), changing details,
moving to another unit or supervisor from a date, and changing status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.mykad import MyKadError, parse_mykad
from accounts.roles import Role
from accounts.services import user_create
from tenant_apps.audit.services import audit_record
from tenant_apps.people.models import ActingSupervisor, Officer, OfficerLine, OrgUnit
from tenant_apps.people.services import PeopleError


@dataclass(frozen=True)
class OfficerData:
    login_id: str
    full_name: str
    org_unit: OrgUnit
    login_kind: str = User.LoginKind.MYKAD
    email: str = ""
    phone: str = ""
    position: str = ""
    grade: str = ""
    gender: str | None = None  # None: the hint from the MyKad
    supervisor: Officer | None = None
    second_supervisor: Officer | None = None


def gender_hint(login_id: str, login_kind: str) -> str:
    """A MyKad's last digit is odd for men and even for women; a passport says nothing."""
    if login_kind != User.LoginKind.MYKAD:
        return Officer.Gender.UNKNOWN
    try:
        mykad = parse_mykad(login_id, today=timezone.localdate())
    except MyKadError:
        return Officer.Gender.UNKNOWN
    return Officer.Gender.MALE if mykad.gender_hint == "M" else Officer.Gender.FEMALE


def supervision_problem(
    officer: Officer | None, supervisor: Officer | None, second: Officer | None
) -> PeopleError | None:
    """Why this supervision line is impossible, or None."""
    if officer is not None and officer.pk is not None:
        if supervisor is not None and supervisor.pk == officer.pk:
            return PeopleError("own_supervisor", "An officer cannot supervise themselves.")
        if second is not None and second.pk == officer.pk:
            return PeopleError("own_supervisor", "An officer cannot supervise themselves.")
        # Walk up the chain as the database has it (objects in hand may be stale).
        seen: set[int] = set()
        above_id = supervisor.pk if supervisor is not None else None
        while above_id is not None and above_id not in seen:
            if above_id == officer.pk:
                return PeopleError(
                    "supervisor_cycle",
                    "This supervisor is already supervised, directly or not, by this officer.",
                )
            seen.add(above_id)
            above_id = (
                Officer.objects.filter(pk=above_id).values_list("supervisor_id", flat=True).first()
            )
    if supervisor is not None and second is not None and supervisor.pk == second.pk:
        return PeopleError(
            "same_supervisors", "The second-level supervisor must be another person."
        )
    for person in (supervisor, second):
        if person is not None and person.status != Officer.Status.ACTIVE:
            return PeopleError("supervisor_inactive", "A supervisor must be an active officer.")
    return None


@transaction.atomic
def officer_create(
    *, data: OfficerData, actor: User | None, effective_from: date | None = None
) -> Officer:
    if User.objects.filter(login_id=data.login_id).exists():
        raise PeopleError("login_taken", "An officer with this login ID already exists.")
    problem = supervision_problem(None, data.supervisor, data.second_supervisor)
    if problem:
        raise problem
    user = user_create(
        login_id=data.login_id,
        full_name=data.full_name,
        email=data.email,
        password=None,
        login_kind=data.login_kind,
    )
    user.groups.add(Group.objects.get(name=Role.OFFICER.value))
    officer = Officer.objects.create(
        user=user,
        phone=data.phone,
        position=data.position,
        grade=data.grade,
        org_unit=data.org_unit,
        gender=data.gender or gender_hint(data.login_id, data.login_kind),
        supervisor=data.supervisor,
        second_supervisor=data.second_supervisor,
    )
    OfficerLine.objects.create(
        officer=officer,
        org_unit=data.org_unit,
        supervisor=data.supervisor,
        second_supervisor=data.second_supervisor,
        effective_from=effective_from or timezone.localdate(),
        recorded_by=actor,
    )
    _supervisor_role_sync([data.supervisor, data.second_supervisor])
    audit_record(
        actor=actor,
        action="people.officer_create",
        target=officer,
        summary=f"Officer {data.full_name} added to {data.org_unit.name}",
    )
    return officer


@transaction.atomic
def officer_details_update(
    *,
    officer: Officer,
    full_name: str,
    email: str,
    phone: str,
    position: str,
    grade: str,
    gender: str,
) -> Officer:
    user = officer.user
    user.full_name, user.email = full_name, email
    user.save(update_fields=["full_name", "email"])
    officer.phone, officer.position, officer.grade, officer.gender = phone, position, grade, gender
    officer.save(update_fields=["phone", "position", "grade", "gender", "updated_at"])
    return officer


@transaction.atomic
def officer_line_change(
    *,
    officer: Officer,
    org_unit: OrgUnit,
    supervisor: Officer | None,
    second_supervisor: Officer | None,
    effective_from: date,
    actor: User | None,
) -> OfficerLine:
    """From ``effective_from`` (today or earlier, not before the current line began) the officer
    works in ``org_unit`` under these supervisors; the previous line ends the day before."""
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    today = timezone.localdate()
    if effective_from > today:
        raise PeopleError("future_date", "A change takes effect today or on a past date.")
    problem = supervision_problem(officer, supervisor, second_supervisor)
    if problem:
        raise problem
    if not org_unit.is_active:
        raise PeopleError("unit_inactive", "Officers can only be placed in an active unit.")
    current = officer.lines.filter(effective_to__isnull=True).first()
    if current is not None:
        if effective_from < current.effective_from:
            raise PeopleError(
                "before_current_line",
                f"The change must take effect on or after {current.effective_from:%d/%m/%Y}.",
            )
        if effective_from == current.effective_from:
            current.delete()  # a correction of the same day's line
        else:
            current.effective_to = effective_from - timedelta(days=1)
            current.save(update_fields=["effective_to"])
    line = OfficerLine.objects.create(
        officer=officer,
        org_unit=org_unit,
        supervisor=supervisor,
        second_supervisor=second_supervisor,
        effective_from=effective_from,
        recorded_by=actor,
    )
    previous = [officer.supervisor, officer.second_supervisor]
    officer.org_unit, officer.supervisor = org_unit, supervisor
    officer.second_supervisor = second_supervisor
    officer.save(update_fields=["org_unit", "supervisor", "second_supervisor", "updated_at"])
    _supervisor_role_sync([*previous, supervisor, second_supervisor])
    audit_record(
        actor=actor,
        action="people.officer_line_change",
        target=officer,
        summary=f"{officer.user.full_name}: {org_unit.name} from {effective_from:%Y-%m-%d}",
        detail={
            "unit": org_unit.pk,
            "supervisor": supervisor.pk if supervisor else None,
            "second_supervisor": second_supervisor.pk if second_supervisor else None,
            "effective_from": effective_from.isoformat(),
        },
    )
    return line


@transaction.atomic
def officer_status_set(
    *, officer: Officer, status: str, since: date, actor: User | None
) -> Officer:
    """Inactive or transferred-out officers can no longer log in; their history stays."""
    if status not in Officer.Status.values:
        raise PeopleError("invalid_status", f"Unknown status {status!r}.")
    officer.status, officer.status_since = status, since
    officer.save(update_fields=["status", "status_since", "updated_at"])
    user = officer.user
    user.is_active = status == Officer.Status.ACTIVE
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="people.officer_status",
        target=officer,
        summary=f"{user.full_name}: {status} since {since:%Y-%m-%d}",
    )
    return officer


def _supervisor_role_sync(people: list[Officer | None]) -> None:
    """Anyone with subordinates holds the Penyelia role; anyone left without loses it."""
    group = Group.objects.get(name=Role.SUPERVISOR.value)
    for person in {p.pk: p for p in people if p is not None}.values():
        has_subordinates = (
            Officer.objects.filter(supervisor=person).exists()
            or Officer.objects.filter(second_supervisor=person).exists()
        )
        if has_subordinates:
            person.user.groups.add(group)
        else:
            person.user.groups.remove(group)


@transaction.atomic
def acting_create(
    *,
    acting: Officer,
    for_supervisor: Officer,
    starts_on: date,
    ends_on: date,
    reason: str,
    actor: User | None,
) -> ActingSupervisor:
    """``acting`` takes ``for_supervisor``'s reach over their subordinates for these dates."""
    if acting.pk == for_supervisor.pk:
        raise PeopleError("acting_self", "An officer cannot act for themselves.")
    if ends_on < starts_on:
        raise PeopleError("dates_order", "The end comes before the start.")
    if acting.status != Officer.Status.ACTIVE:
        raise PeopleError("supervisor_inactive", "The acting officer must be active.")
    assignment = ActingSupervisor.objects.create(
        acting=acting,
        for_supervisor=for_supervisor,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        created_by=actor,
    )
    acting.user.groups.add(Group.objects.get(name=Role.SUPERVISOR.value))
    audit_record(
        actor=actor,
        action="people.acting_create",
        target=for_supervisor,
        summary=(
            f"{acting.user.full_name} acts for {for_supervisor.user.full_name}"
            f" {starts_on:%Y-%m-%d}..{ends_on:%Y-%m-%d}"
        ),
    )
    return assignment


@transaction.atomic
def acting_end(*, assignment: ActingSupervisor) -> None:
    """End an acting assignment today (or remove it if it has not started)."""
    today = timezone.localdate()
    if assignment.starts_on > today:
        assignment.delete()
    elif assignment.ends_on >= today:
        assignment.ends_on = today - timedelta(days=1)
        if assignment.ends_on < assignment.starts_on:
            assignment.delete()
        else:
            assignment.save(update_fields=["ends_on"])
