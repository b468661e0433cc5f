"""Writes of rosters, agency holidays and the card-colour settings: keyword-only, in a
transaction, audited; refusals are WorktimeAdminError."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from accounts.models import User
from tenant_apps.audit.services import audit_record
from tenant_apps.people.models import Officer
from tenant_apps.worktime.models import (
    PublicHoliday,
    Roster,
    RosterAssignment,
    WorkPolicy,
    WorktimeSettings,
)

# PP 5/2019 (research/rules.md §2): the WBF check-in window may not go beyond 07:30–09:00.
from tenant_apps.worktime.policy_services import (
    MAX_PATTERN_DAYS,
    _close_previous,
    _refused,
)
from tenant_apps.worktime.selectors import CARD_CATEGORIES, worktime_settings
from tenant_apps.worktime.signals import days_affected


def _roster_checked(name: str, pattern: list[int | None]) -> tuple[str, list[int | None]]:
    name = " ".join(name.split())
    if not 2 <= len(name) <= 100:
        raise _refused("roster_name")
    if not 1 <= len(pattern) <= MAX_PATTERN_DAYS:
        raise _refused("pattern_length")
    ids = {entry for entry in pattern if entry is not None}
    if (
        any(isinstance(entry, bool) or not isinstance(entry, int) for entry in ids)
        or len(ids) != WorkPolicy.objects.filter(pk__in=ids).count()
    ):
        raise _refused("pattern_policy")
    return name, list(pattern)


@transaction.atomic
def roster_create(
    *, actor: User | None, name: str, anchor: date, pattern: list[int | None]
) -> Roster:
    name, pattern = _roster_checked(name, pattern)
    roster = Roster.objects.create(name=name, anchor=anchor, pattern=pattern)
    audit_record(
        actor=actor,
        action="worktime.roster_create",
        target=roster,
        summary=f"Roster {roster.name} created",
        detail={"anchor": anchor.isoformat(), "pattern": pattern},
    )
    return roster


@transaction.atomic
def roster_update(
    *,
    actor: User | None,
    roster: Roster,
    name: str,
    anchor: date,
    pattern: list[int | None],
    is_active: bool,
) -> Roster:
    """Change a roster in place. Its officers' past days are re-read with the new cycle, so a
    different cycle for the future is better a new roster assigned from a date."""
    name, pattern = _roster_checked(name, pattern)
    locked = Roster.objects.select_for_update().get(pk=roster.pk)
    before = {"name": locked.name, "anchor": locked.anchor.isoformat(), "pattern": locked.pattern}
    roster.name, roster.anchor, roster.pattern, roster.is_active = name, anchor, pattern, is_active
    roster.save(update_fields=["name", "anchor", "pattern", "is_active"])
    audit_record(
        actor=actor,
        action="worktime.roster_update",
        target=roster,
        summary=f"Roster {roster.name} changed",
        detail={
            "before": before,
            "after": {"name": name, "anchor": anchor.isoformat(), "pattern": pattern},
            "is_active": is_active,
        },
    )
    on_roster = RosterAssignment.objects.filter(roster=roster).values_list("officer_id", flat=True)
    days_affected.send(sender=Roster, officer_ids=list(on_roster), start=anchor, end=None)
    return roster


@transaction.atomic
def roster_assign(
    *, actor: User | None, roster: Roster, officer: Officer, effective_from: date
) -> RosterAssignment:
    """Put the officer on ``roster`` from ``effective_from``; the officer's roster in force then
    ends the day before."""
    if not Roster.objects.select_for_update().get(pk=roster.pk).is_active:
        raise _refused("roster_inactive")
    if officer.status != Officer.Status.ACTIVE:
        raise _refused("officer_inactive")
    _close_previous(
        RosterAssignment.objects.select_for_update().filter(officer=officer), effective_from
    )
    assignment = RosterAssignment.objects.create(
        roster=roster, officer=officer, effective_from=effective_from
    )
    audit_record(
        actor=actor,
        action="worktime.roster_assign",
        target=assignment,
        summary=f"Officer {officer.pk} on roster {roster.name} from {effective_from:%Y-%m-%d}",
        detail={"roster": roster.pk, "officer": officer.pk, "from": effective_from.isoformat()},
    )
    days_affected.send(
        sender=RosterAssignment, officer_ids=[officer.pk], start=effective_from, end=None
    )
    return assignment


@transaction.atomic
def holiday_add(
    *, actor: User | None, day: date, name: str, replacement: bool = False
) -> PublicHoliday:
    """The agency's own day off (a *cuti peristiwa*, a civil-servant-only holiday) or a
    replacement day, marked in the name. On its date it replaces the package's holidays."""
    name = " ".join(name.split())
    if not 2 <= len(name) <= 180:
        raise _refused("holiday_name")
    if replacement:
        name = f"{name} (cuti ganti)"
    if PublicHoliday.objects.filter(date=day, name=name).exists():
        raise _refused("holiday_exists")
    holiday = PublicHoliday.objects.create(
        date=day, name=name, source=PublicHoliday.Source.AGENCY, is_active=True
    )
    audit_record(
        actor=actor,
        action="worktime.holiday_add",
        target=holiday,
        summary=f"Holiday {holiday.name} on {day:%Y-%m-%d} added",
        detail={"date": day.isoformat(), "name": name, "replacement": replacement},
    )
    days_affected.send(sender=PublicHoliday, officer_ids=None, start=day, end=day)
    return holiday


@transaction.atomic
def holiday_toggle(*, actor: User | None, holiday: PublicHoliday, active: bool) -> PublicHoliday:
    """Switch a holiday off (the agency works that day) or on again. Rows are never deleted:
    re-seeding the package would bring a deleted one back."""
    locked = PublicHoliday.objects.select_for_update().get(pk=holiday.pk)
    if locked.is_active == active:
        return locked
    locked.is_active = active
    locked.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="worktime.holiday_on" if active else "worktime.holiday_off",
        target=locked,
        summary=f"Holiday {locked.name} on {locked.date:%Y-%m-%d} switched "
        + ("on" if active else "off"),
        detail={"active": active},
    )
    days_affected.send(sender=PublicHoliday, officer_ids=None, start=locked.date, end=locked.date)
    return locked


@transaction.atomic
def worktime_settings_update(
    *,
    actor: User | None,
    yellow_to_green: int,
    green_to_red: int,
    counted_categories: list[str],
    evaluation_day: int,
) -> WorktimeSettings:
    if not (1 <= yellow_to_green <= 31 and 1 <= green_to_red <= 31):
        raise _refused("threshold_range")
    if not set(counted_categories) <= set(CARD_CATEGORIES):
        raise _refused("categories")
    if not 1 <= evaluation_day <= 28:
        raise _refused("evaluation_day")
    row = WorktimeSettings.objects.select_for_update().get(pk=worktime_settings().pk)
    before = _settings_values(row)
    row.yellow_to_green, row.green_to_red = yellow_to_green, green_to_red
    row.counted_categories = [c for c in CARD_CATEGORIES if c in counted_categories]
    row.evaluation_day, row.updated_by = evaluation_day, actor
    row.save()
    audit_record(
        actor=actor,
        action="worktime.settings_update",
        target=row,
        summary="Card-colour settings changed",
        detail={"before": before, "after": _settings_values(row)},
    )
    return row


def _settings_values(row: WorktimeSettings) -> dict[str, Any]:
    return {
        "yellow_to_green": row.yellow_to_green,
        "green_to_red": row.green_to_red,
        "counted_categories": list(row.counted_categories),
        "evaluation_day": row.evaluation_day,
    }
