"""Shift rosters: the cycle's rules, changes and who is on a roster; each refusal changes
nothing."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.audit.models import AuditEntry
from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.people.officer_services import OfficerData, officer_create
from tenant_apps.worktime.models import Roster, RosterAssignment, WorkPolicy
from tenant_apps.worktime.policy_services import (
    PolicyData,
    WorktimeAdminError,
    policy_version_create,
)
from tenant_apps.worktime.roster_services import roster_assign, roster_create, roster_update
from tenants.models import Agency

TODAY = timezone.localdate()


def night_shift() -> WorkPolicy:
    data = PolicyData(
        name="Syif Malam",
        kind=WorkPolicy.Kind.SHIFT,
        effective_from=TODAY,
        start_time=time(22),
        end_time=time(7),
    )
    return policy_version_create(actor=None, data=data)


def officer() -> Officer:
    top = OrgUnit.objects.get(parent=None)
    data = OfficerData(login_id="800101165013", full_name="PEGAWAI SYIF", org_unit=top)
    return officer_create(data=data, actor=None)


@pytest.mark.parametrize(
    ("name", "pattern", "code"),
    [
        ("R", [None], "roster_name"),
        ("Kosong", [], "pattern_length"),
        ("Terlalu panjang", [None] * 57, "pattern_length"),
        ("Tiada polisi", [999_999_999], "pattern_policy"),
        ("Bukan nombor", ["1"], "pattern_policy"),
        ("Boolean", [True], "pattern_policy"),
    ],
)
def test_a_roster_breaking_a_rule_is_refused(
    agency_a: Agency, name: str, pattern: list[int | None], code: str
) -> None:
    with schema_context(agency_a.schema_name):
        with pytest.raises(WorktimeAdminError) as refusal:
            roster_create(actor=None, name=name, anchor=TODAY, pattern=pattern)

        assert refusal.value.code == code
        assert not Roster.objects.exists()
        assert not AuditEntry.objects.filter(action__startswith="worktime.roster").exists()


def test_a_roster_of_56_days_of_policies_and_rest_days_is_created_and_audited(
    agency_a: Agency,
) -> None:
    with schema_context(agency_a.schema_name):
        night = night_shift()
        pattern = [night.pk, night.pk, None, None] * 14

        roster = roster_create(actor=None, name="  Empat  hari ", anchor=TODAY, pattern=pattern)

        assert (roster.name, roster.pattern, roster.is_active) == ("Empat hari", pattern, True)
        entry = AuditEntry.objects.get(action="worktime.roster_create")
        assert entry.object_id == str(roster.pk)
        assert entry.detail["pattern"] == pattern


def test_a_roster_is_changed_and_the_change_audited(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        night = night_shift()
        roster = roster_create(actor=None, name="Dua hari", anchor=TODAY, pattern=[night.pk, None])

        roster_update(
            actor=None,
            roster=roster,
            name="Tiga hari",
            anchor=TODAY - timedelta(days=1),
            pattern=[night.pk, None, None],
            is_active=False,
        )

        roster.refresh_from_db()
        assert (roster.name, roster.pattern, roster.is_active) == (
            "Tiga hari",
            [night.pk, None, None],
            False,
        )
        entry = AuditEntry.objects.get(action="worktime.roster_update")
        assert entry.detail["before"]["pattern"] == [night.pk, None]

        with pytest.raises(WorktimeAdminError) as refusal:
            roster_update(
                actor=None, roster=roster, name="X y", anchor=TODAY, pattern=[], is_active=True
            )
        assert refusal.value.code == "pattern_length"
        roster.refresh_from_db()
        assert roster.name == "Tiga hari"


def test_a_new_roster_for_an_officer_ends_the_previous_one(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        night = night_shift()
        person = officer()
        first = roster_create(actor=None, name="Pertama", anchor=TODAY, pattern=[night.pk])
        second = roster_create(actor=None, name="Kedua", anchor=TODAY, pattern=[None, night.pk])
        on_first = roster_assign(
            actor=None, roster=first, officer=person, effective_from=TODAY - timedelta(days=3)
        )

        on_second = roster_assign(actor=None, roster=second, officer=person, effective_from=TODAY)

        on_first.refresh_from_db()
        assert on_first.effective_to == TODAY - timedelta(days=1)
        assert (on_second.roster, on_second.effective_to) == (second, None)
        assert AuditEntry.objects.filter(action="worktime.roster_assign").count() == 2

        with pytest.raises(WorktimeAdminError) as refusal:
            roster_assign(
                actor=None, roster=first, officer=person, effective_from=TODAY - timedelta(days=1)
            )
        assert refusal.value.code == "assignment_order"
        assert RosterAssignment.objects.filter(officer=person).count() == 2


def test_nobody_is_put_on_an_inactive_roster(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        roster = roster_create(actor=None, name="Lama", anchor=TODAY, pattern=[None])
        roster_update(
            actor=None, roster=roster, name="Lama", anchor=TODAY, pattern=[None], is_active=False
        )

        with pytest.raises(WorktimeAdminError) as refusal:
            roster_assign(actor=None, roster=roster, officer=officer(), effective_from=TODAY)

        assert refusal.value.code == "roster_inactive"
        assert not RosterAssignment.objects.exists()
