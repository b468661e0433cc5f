"""Reads of the agency's working-time calendar: which policy version applies to an officer on a
day, the region and holidays of a day, the card settings. Pure reads in the current schema (the
caller picks the agency); the attendance engine takes its inputs from here.

Policies are versioned: a policy "family" is every WorkPolicy row with the same name, each row
in force from ``effective_from`` to ``effective_to`` (inclusive). Assignments and rosters point
at one row of a family; the row that applies on a day is the family's version in force that day,
so a new version reaches everyone on the policy without re-assigning anyone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.people.selectors import officer_line_on
from tenant_apps.worktime.models import (
    PolicyAssignment,
    PublicHoliday,
    Region,
    Roster,
    RosterAssignment,
    WorkPolicy,
    WorktimeSettings,
)

CARD_CATEGORIES: tuple[str, ...] = ("LATE_IN", "EARLY_OUT", "INCOMPLETE")


def in_force_on(day: date) -> Q:
    """Rows whose ``effective_from``..``effective_to`` (inclusive, open-ended when null) covers
    ``day``."""
    return Q(effective_from__lte=day) & (Q(effective_to__isnull=True) | Q(effective_to__gte=day))


def policy_version_on(policy: str | int, day: date) -> WorkPolicy | None:
    """The version of a policy family in force on ``day``: ``policy`` is the family's name or
    the id of any of its versions. ``None`` when the family has no version that day."""
    name = policy
    if isinstance(policy, int):
        found = WorkPolicy.objects.filter(pk=policy).values_list("name", flat=True).first()
        if found is None:
            return None
        name = found
    return (
        WorkPolicy.objects.filter(in_force_on(day), name=name).order_by("-effective_from").first()
    )


def policy_for(officer: Officer, day: date) -> WorkPolicy | None:
    """The policy version the officer works under on ``day``; ``None`` means a rest day of the
    officer's roster (the officer is not expected at work, whatever the weekday).

    Precedence, first match wins:

    1. the officer's own policy assignment in force that day;
    2. the officer's roster in force that day (an active roster): its pattern entry for the day,
       a policy or ``None`` for a rest day;
    3. the assignment of the officer's unit that day, then of each unit above it, nearest first;
    4. the agency's default policy in force that day.

    Each assigned policy resolves to its family's version in force that day; an assignment or
    pattern entry whose family has no version that day does not apply, and the next level is
    asked. Raises ``WorkPolicy.DoesNotExist`` when no level applies (a day before the agency's
    default policy began): guessing a policy, or a rest day, would judge the day wrongly."""
    own = _assigned(PolicyAssignment.objects.filter(officer=officer), day)
    if own is not None:
        return own
    roster_day = _roster_entry(officer, day)
    if roster_day is not None:
        entry_policy_id = roster_day.policy_id
        if entry_policy_id is None:
            return None
        version = policy_version_on(entry_policy_id, day)
        if version is not None:
            return version
    unit_id, _, _ = officer_line_on(officer, day)
    chain = unit_chain(unit_id)
    unit_rows = PolicyAssignment.objects.filter(in_force_on(day), unit_id__in=chain)
    by_unit = {row.unit_id: row for row in unit_rows.select_related("policy")}
    for pk in chain:
        row = by_unit.get(pk)
        version = policy_version_on(row.policy.name, day) if row is not None else None
        if version is not None:
            return version
    default = default_policy_on(day)
    if default is None:
        raise WorkPolicy.DoesNotExist(f"No work policy applies to officer {officer.pk} on {day}.")
    return default


def default_policy_on(day: date) -> WorkPolicy | None:
    """The agency's default policy version in force on ``day`` (at most one: the services refuse
    a second default family over the same days)."""
    return (
        WorkPolicy.objects.filter(in_force_on(day), is_default=True)
        .order_by("-effective_from")
        .first()
    )


@dataclass(frozen=True)
class RosterDay:
    roster: Roster
    policy_id: int | None  # None: a rest day


def _roster_entry(officer: Officer, day: date) -> RosterDay | None:
    assignment = (
        RosterAssignment.objects.filter(in_force_on(day), officer=officer, roster__is_active=True)
        .select_related("roster")
        .order_by("-effective_from")
        .first()
    )
    if assignment is None or not assignment.roster.pattern:
        return None
    return roster_entry_on(assignment.roster, day)


def roster_entry_on(roster: Roster, day: date) -> RosterDay:
    """The roster's pattern entry for ``day``; the cycle repeats before the anchor too."""
    pattern = list(roster.pattern)
    entry = pattern[(day - roster.anchor).days % len(pattern)]
    return RosterDay(roster=roster, policy_id=int(entry) if entry is not None else None)


def _assigned(assignments: QuerySet[PolicyAssignment], day: date) -> WorkPolicy | None:
    row = assignments.filter(in_force_on(day)).select_related("policy")
    found = row.order_by("-effective_from").first()
    return policy_version_on(found.policy.name, day) if found is not None else None


def unit_chain(unit_id: int) -> list[int]:
    """The unit and the units above it, nearest first (one query)."""
    parents = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    chain: list[int] = []
    current: int | None = unit_id
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def region_on(state_code: str, day: date) -> Region | None:
    """The state's working week in force on ``day``; ``None`` before the five-day week began."""
    return (
        Region.objects.filter(in_force_on(day), state_code=state_code)
        .order_by("-effective_from")
        .first()
    )


def holidays_between(start: date, end: date) -> dict[date, str]:
    """Active holidays from ``start`` to ``end`` inclusive, by date. A date with a holiday the
    agency added shows the agency's names only (its own day wins over the package's); several
    holidays of the same source on one date are joined with "; "."""
    rows = PublicHoliday.objects.filter(date__gte=start, date__lte=end, is_active=True)
    names: dict[date, dict[str, list[str]]] = {}
    for day, name, source in rows.order_by("date", "name").values_list("date", "name", "source"):
        names.setdefault(day, {}).setdefault(source, []).append(name)
    agency, package = PublicHoliday.Source.AGENCY, PublicHoliday.Source.PACKAGE
    return {
        day: "; ".join(by_source.get(agency) or by_source.get(package) or [])
        for day, by_source in names.items()
    }


def worktime_settings() -> WorktimeSettings:
    """The agency's card settings, created with the defaults on first read."""
    found = WorktimeSettings.objects.order_by("pk").first()
    if found is not None:
        return found
    return WorktimeSettings.objects.create(counted_categories=list(CARD_CATEGORIES))


# --- Lists for the org admin's pages -------------------------------------------------------


@dataclass(frozen=True)
class PolicyFamily:
    name: str
    versions: list[WorkPolicy]  # oldest first

    @property
    def latest(self) -> WorkPolicy:
        return self.versions[-1]


def policy_family_list() -> list[PolicyFamily]:
    """Every policy family with its versions, by name (one query)."""
    families: dict[str, list[WorkPolicy]] = {}
    for policy in WorkPolicy.objects.order_by("name", "effective_from", "pk"):
        families.setdefault(policy.name, []).append(policy)
    return [PolicyFamily(name=name, versions=rows) for name, rows in families.items()]


def policy_latest_versions() -> QuerySet[WorkPolicy]:
    """One row per family: its open-ended (latest) version."""
    return WorkPolicy.objects.filter(effective_to__isnull=True).order_by("name")


def policy_assignment_list() -> QuerySet[PolicyAssignment]:
    return PolicyAssignment.objects.select_related("policy", "unit", "officer__user").order_by(
        "-effective_from", "-pk"
    )


def roster_list() -> QuerySet[Roster]:
    return Roster.objects.order_by("-is_active", "name", "pk")


def roster_assignment_list(roster: Roster) -> QuerySet[RosterAssignment]:
    return (
        RosterAssignment.objects.filter(roster=roster)
        .select_related("officer__user")
        .order_by("-effective_from", "-pk")
    )


def holiday_list(year: int) -> QuerySet[PublicHoliday]:
    return PublicHoliday.objects.filter(date__year=year).order_by("date", "source", "name")
