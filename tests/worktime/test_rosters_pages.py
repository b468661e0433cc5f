"""The org admin's roster pages: a new roster, changes and officers put on it."""

from __future__ import annotations

from datetime import time

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenant_apps.people.models import OrgUnit
from tenant_apps.people.officer_services import OfficerData, officer_create
from tenant_apps.worktime.models import Roster, RosterAssignment, WorkPolicy
from tenant_apps.worktime.policy_services import PolicyData, policy_version_create
from tenant_apps.worktime.roster_services import roster_create
from tenants.models import Agency
from tests.conftest import PASSWORD, make_user

ADMIN = "700101165039"
TODAY = timezone.localdate()


@pytest.fixture
def admin_client(agency_a: Agency, client_a: Client) -> Client:
    make_user(agency_a, ADMIN, full_name="PENTADBIR A", roles=(Role.OFFICER, Role.ORG_ADMIN))
    assert client_a.post("/login/", {"mykad": ADMIN, "password": PASSWORD}).status_code == 302
    return client_a


def night_shift(agency: Agency) -> WorkPolicy:
    with schema_context(agency.schema_name):
        data = PolicyData(
            name="Syif Malam",
            kind=WorkPolicy.Kind.SHIFT,
            effective_from=TODAY,
            start_time=time(22),
            end_time=time(7),
        )
        return policy_version_create(actor=None, data=data)


def test_the_admin_creates_changes_and_fills_a_roster(
    admin_client: Client, agency_a: Agency
) -> None:
    night = night_shift(agency_a)
    with schema_context(agency_a.schema_name):
        top = OrgUnit.objects.get(parent=None)
        data = OfficerData(login_id="800101165013", full_name="PEGAWAI SYIF", org_unit=top)
        officer = officer_create(data=data, actor=None)

    created = admin_client.post(
        "/worktime/rosters/new/",
        {"name": "Malam-Rehat", "anchor": TODAY.isoformat(), "pattern": f"{night.pk}, r,-"},
    )
    with schema_context(agency_a.schema_name):
        roster = Roster.objects.get(name="Malam-Rehat")
    changed = admin_client.post(
        f"/worktime/rosters/{roster.pk}/edit/",
        {
            "name": "Malam dan rehat",
            "anchor": TODAY.isoformat(),
            "pattern": f"{night.pk},{night.pk},R",
            "is_active": "on",
        },
    )
    assigned = admin_client.post(
        f"/worktime/rosters/{roster.pk}/assign/",
        {"assign-officer": "800101165013", "assign-effective_from": TODAY.isoformat()},
    )
    page = admin_client.get(f"/worktime/rosters/{roster.pk}/").content.decode()
    listing = admin_client.get("/worktime/rosters/").content.decode()

    assert (created.status_code, changed.status_code, assigned.status_code) == (302, 302, 302)
    with schema_context(agency_a.schema_name):
        roster.refresh_from_db()
        assert (roster.name, roster.pattern) == ("Malam dan rehat", [night.pk, night.pk, None])
        assert RosterAssignment.objects.get().officer == officer
    assert "PEGAWAI SYIF" in page
    assert f'data-testid="roster-row-{roster.pk}"' in listing
    assert "Syif Malam" in listing


@pytest.mark.parametrize(
    ("pattern", "message_field"), [("1,x", "pattern"), ("", "pattern"), ("999999999", "pattern")]
)
def test_a_refused_cycle_is_shown_on_its_field_and_nothing_is_saved(
    admin_client: Client, agency_a: Agency, pattern: str, message_field: str
) -> None:
    response = admin_client.post(
        "/worktime/rosters/new/",
        {"name": "Salah", "anchor": TODAY.isoformat(), "pattern": pattern},
    )

    assert response.status_code == 400
    assert f'data-testid="field-error-{message_field}"' in response.content.decode()
    with schema_context(agency_a.schema_name):
        assert not Roster.objects.exists()


def test_an_unknown_officer_is_not_put_on_a_roster(admin_client: Client, agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        roster = roster_create(actor=None, name="Syif", anchor=TODAY, pattern=[None])

    response = admin_client.post(
        f"/worktime/rosters/{roster.pk}/assign/",
        {"assign-officer": "900101165011", "assign-effective_from": TODAY.isoformat()},
    )

    assert response.status_code == 400
    assert 'data-testid="field-error-officer"' in response.content.decode()
    with schema_context(agency_a.schema_name):
        assert not RosterAssignment.objects.exists()
