"""The org admin's policy pages; every working-time page is 404 for anyone else and for ids of
another agency."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenant_apps.audit.models import AuditEntry
from tenant_apps.people.models import OrgUnit
from tenant_apps.people.officer_services import OfficerData, officer_create
from tenant_apps.people.services import unit_create
from tenant_apps.worktime.models import (
    PolicyAssignment,
    PublicHoliday,
    Roster,
    WorkPolicy,
    WorktimeSettings,
)
from tenant_apps.worktime.policy_services import PolicyData, policy_version_create
from tenant_apps.worktime.roster_services import roster_create
from tenant_apps.worktime.selectors import in_force_on
from tenants.models import Agency
from tests.conftest import PASSWORD, make_user

ADMIN = "700101165039"
OFFICER = "810202145077"
TODAY = timezone.localdate()


def logged_in(client: Client, agency: Agency, login_id: str, *roles: Role) -> Client:
    make_user(agency, login_id, full_name="PENGGUNA UJIAN", roles=(Role.OFFICER, *roles))
    assert client.post("/login/", {"mykad": login_id, "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def admin_client(agency_a: Agency, client_a: Client) -> Client:
    return logged_in(client_a, agency_a, ADMIN, Role.ORG_ADMIN)


def policy_form(**changes: object) -> dict[str, object]:
    return {
        "name": "WBF Kaunter",
        "kind": "wbf",
        "effective_from": TODAY.isoformat(),
        "check_in_start": "07:30",
        "check_in_end": "08:30",
        "span_minutes": "540",
        "short_day_span_minutes": "450",
        "rest_minutes": "60",
        "grace_minutes": "5",
        **changes,
    }


def test_the_admin_adds_a_policy_and_a_new_version_in_pages(
    agency_a: Agency, admin_client: Client
) -> None:
    created = admin_client.post("/worktime/policies/new/", policy_form())
    with schema_context(agency_a.schema_name):
        first = WorkPolicy.objects.get(name="WBF Kaunter")
    later = (TODAY + timedelta(days=7)).isoformat()
    fixed = {"kind": "fixed", "start_time": "08:00", "end_time": "17:00", "effective_from": later}

    form = admin_client.get(f"/worktime/policies/{first.pk}/version/").content.decode()
    versioned = admin_client.post(f"/worktime/policies/{first.pk}/version/", policy_form(**fixed))

    assert (created.status_code, versioned.status_code) == (302, 302)
    assert 'value="WBF Kaunter"' in form
    assert 'data-testid="wbf-fields"' in form
    assert 'data-testid="timed-fields"' in form
    with schema_context(agency_a.schema_name):
        versions = list(WorkPolicy.objects.filter(name="WBF Kaunter").order_by("effective_from"))
        assert [(v.kind, v.effective_to, v.grace_minutes) for v in versions] == [
            ("wbf", TODAY + timedelta(days=6), 5),
            ("fixed", None, 5),
        ]
        assert versions[1].span_minutes == 9 * 60
    page = admin_client.get("/worktime/policies/").content.decode()
    assert f'data-testid="policy-version-{versions[1].pk}"' in page
    with schema_context(agency_a.schema_name):
        in_force = WorkPolicy.objects.filter(in_force_on(TODAY)).count()
    assert page.count('data-testid="policy-current"') == in_force


def test_a_refused_policy_is_shown_on_its_field_and_nothing_is_saved(
    agency_a: Agency, admin_client: Client
) -> None:
    assert admin_client.get("/worktime/policies/new/").status_code == 200
    with schema_context(agency_a.schema_name):
        before = WorkPolicy.objects.count()

    outside = admin_client.post("/worktime/policies/new/", policy_form(check_in_start="07:00"))
    no_times = admin_client.post("/worktime/policies/new/", policy_form(kind="shift"))

    assert (outside.status_code, no_times.status_code) == (400, 400)
    assert 'data-testid="field-error-check_in_start"' in outside.content.decode()
    assert 'data-testid="field-error-start_time"' in no_times.content.decode()
    with schema_context(agency_a.schema_name):
        assert WorkPolicy.objects.count() == before


def test_the_admin_assigns_a_policy_to_a_unit_and_to_an_officer_by_login_id(
    agency_a: Agency, admin_client: Client
) -> None:
    with schema_context(agency_a.schema_name):
        unit = unit_create(name="Bahagian Kaunter", parent=OrgUnit.objects.get(parent=None))
        data = OfficerData(login_id="800101165013", full_name="PEGAWAI KAUNTER", org_unit=unit)
        officer = officer_create(data=data, actor=None)
        policy = policy_version_create(
            actor=None,
            data=PolicyData(
                name="Tetap",
                kind="fixed",
                effective_from=TODAY,
                start_time=time(8),
                end_time=time(17),
            ),
        )
    day = TODAY.isoformat()

    to_unit = admin_client.post(
        "/worktime/policies/assign/",
        {
            "target": "unit",
            "unit-policy": policy.pk,
            "unit-unit": unit.pk,
            "unit-effective_from": day,
        },
    )
    to_officer = admin_client.post(
        "/worktime/policies/assign/",
        {
            "target": "officer",
            "officer-policy": policy.pk,
            "officer-officer": "800101-16-5013",
            "officer-effective_from": day,
        },
    )
    unknown = admin_client.post(
        "/worktime/policies/assign/",
        {
            "target": "officer",
            "officer-policy": policy.pk,
            "officer-officer": "900101165011",
            "officer-effective_from": day,
        },
    )

    assert (to_unit.status_code, to_officer.status_code, unknown.status_code) == (302, 302, 400)
    assert 'data-testid="field-error-officer"' in unknown.content.decode()
    with schema_context(agency_a.schema_name):
        rows = PolicyAssignment.objects.order_by("pk")
        assert [(a.unit_id, a.officer_id) for a in rows] == [(unit.pk, None), (None, officer.pk)]
        assert AuditEntry.objects.filter(action__startswith="worktime.policy_assign").count() == 2
    page = admin_client.get("/worktime/policies/assign/").content.decode()
    assert "PEGAWAI KAUNTER" in page
    assert "Bahagian Kaunter" in page


def test_the_assignment_list_takes_as_many_queries_for_one_row_as_for_five(
    agency_a: Agency, admin_client: Client
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get("/worktime/policies/assign/").status_code == 200
        return len(captured)

    with schema_context(agency_a.schema_name):
        top = OrgUnit.objects.get(parent=None)
        default = WorkPolicy.objects.get(is_default=True)
        units = [unit_create(name=f"Bahagian {n}", parent=top) for n in range(5)]
        PolicyAssignment.objects.create(policy=default, unit=units[0], effective_from=TODAY)
    one = queries()
    with schema_context(agency_a.schema_name):
        for unit in units[1:]:
            PolicyAssignment.objects.create(policy=default, unit=unit, effective_from=TODAY)

    assert queries() == one


def _every_page(agency: Agency) -> list[tuple[str, str]]:
    with schema_context(agency.schema_name):
        policy = WorkPolicy.objects.filter(is_default=True).first()
        assert policy is not None
        holiday = PublicHoliday.objects.first()
        assert holiday is not None
        roster = roster_create(actor=None, name="Syif", anchor=TODAY, pattern=[None])
    return [
        ("get", "/worktime/policies/"),
        ("get", "/worktime/policies/new/"),
        ("post", "/worktime/policies/new/"),
        ("get", f"/worktime/policies/{policy.pk}/version/"),
        ("post", f"/worktime/policies/{policy.pk}/version/"),
        ("get", "/worktime/policies/assign/"),
        ("post", "/worktime/policies/assign/"),
        ("get", "/worktime/holidays/"),
        ("post", "/worktime/holidays/add/"),
        ("post", f"/worktime/holidays/{holiday.pk}/toggle/"),
        ("get", "/worktime/rosters/"),
        ("post", "/worktime/rosters/new/"),
        ("get", f"/worktime/rosters/{roster.pk}/"),
        ("post", f"/worktime/rosters/{roster.pk}/edit/"),
        ("post", f"/worktime/rosters/{roster.pk}/assign/"),
        ("get", "/worktime/settings/"),
        ("post", "/worktime/settings/"),
    ]


def test_every_page_is_not_found_for_an_officer_and_nothing_changes(
    agency_a: Agency, client_a: Client
) -> None:
    pages = _every_page(agency_a)
    client = logged_in(client_a, agency_a, OFFICER)
    with schema_context(agency_a.schema_name):
        before = (AuditEntry.objects.count(), list(PublicHoliday.objects.values("pk", "is_active")))

    answers = {
        url: getattr(client, method)(url, {"active": "0"}).status_code for method, url in pages
    }

    assert set(answers.values()) == {404}, answers
    with schema_context(agency_a.schema_name):
        after = (AuditEntry.objects.count(), list(PublicHoliday.objects.values("pk", "is_active")))
        assert after == before
        assert not WorktimeSettings.objects.exists()


def test_every_page_sends_a_visitor_to_log_in(agency_a: Agency, client_a: Client) -> None:
    for method, url in _every_page(agency_a):
        response = getattr(client_a, method)(url)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"]


def test_ids_of_another_agency_are_not_found(
    agency_a: Agency, agency_b: Agency, client_b: Client
) -> None:
    with schema_context(agency_a.schema_name):
        roster = roster_create(actor=None, name="Syif A", anchor=TODAY, pattern=[None])
        policy = policy_version_create(
            actor=None, data=PolicyData(name="Polisi A", kind="wbf", effective_from=TODAY)
        )
        holiday = PublicHoliday.objects.order_by("-pk").first()
        assert holiday is not None
    with schema_context(agency_b.schema_name):
        # Each agency numbers its rows itself: make sure B has no row with A's ids.
        Roster.objects.filter(pk=roster.pk).delete()
        WorkPolicy.objects.filter(pk=policy.pk).delete()
        PublicHoliday.objects.filter(pk=holiday.pk).delete()
    client = logged_in(client_b, agency_b, ADMIN, Role.ORG_ADMIN)

    answers = [
        client.get(f"/worktime/rosters/{roster.pk}/").status_code,
        client.post(f"/worktime/rosters/{roster.pk}/edit/").status_code,
        client.post(f"/worktime/rosters/{roster.pk}/assign/").status_code,
        client.get(f"/worktime/policies/{policy.pk}/version/").status_code,
        client.post(f"/worktime/policies/{policy.pk}/version/").status_code,
        client.post(f"/worktime/holidays/{holiday.pk}/toggle/", {"active": "0"}).status_code,
    ]

    assert answers == [404] * 6
    with schema_context(agency_a.schema_name):
        holiday.refresh_from_db()
        assert holiday.is_active is True


def test_the_navigation_links_the_pages_and_only_existing_request_pages(
    admin_client: Client,
) -> None:
    page = admin_client.get("/worktime/settings/").content.decode()

    for testid in ("nav-policies", "nav-assign", "nav-rosters", "nav-holidays", "nav-settings"):
        assert f'data-testid="{testid}"' in page
    for name, testid in (("request-list", "nav-requests"), ("approvals", "nav-approvals")):
        try:
            reverse(f"worktime:{name}")
        except NoReverseMatch:
            assert f'data-testid="{testid}"' not in page
        else:
            assert f'data-testid="{testid}"' in page
