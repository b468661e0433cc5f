"""Pengurusan Waktu Kerja in a browser: an officer asks for a BDR day, her supervisor (who holds
the approve permission) approves it; the org admin adds the agency's own holiday."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import AGENCY_B, PASSWORD
from tests.e2e.conftest import url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
HOST = f"{AGENCY_B.slug}.localhost"
SUPERVISOR = "820303-03-5013"
OFFICER = "950505-03-5028"  # even last digit: the MyKad hints a woman


@pytest.fixture(scope="module")
def staff(django_db_blocker: Any, e2e_people: dict[str, str]) -> None:
    """A supervisor who may approve, and her officer, committed for the browser."""
    from django.contrib.auth.models import Permission
    from django_tenants.utils import schema_context

    from tenant_apps.people.models import Officer, OrgUnit
    from tenant_apps.people.officer_services import OfficerData, officer_create
    from tenants.models import Agency

    with django_db_blocker.unblock():
        agency = Agency.objects.get(slug=AGENCY_B.slug)
        with schema_context(agency.schema_name):
            root = OrgUnit.objects.get(parent=None)
            boss = Officer.objects.filter(user__login_id=SUPERVISOR.replace("-", "")).first()
            if boss is None:
                boss = officer_create(
                    data=OfficerData(SUPERVISOR.replace("-", ""), "PENYELIA WAKTU", root),
                    actor=None,
                )
                officer_create(
                    data=OfficerData(
                        OFFICER.replace("-", ""), "PEGAWAI WAKTU", root, supervisor=boss
                    ),
                    actor=None,
                )
            for login in (SUPERVISOR, OFFICER):
                user = Officer.objects.get(user__login_id=login.replace("-", "")).user
                user.set_password(PASSWORD)
                user.save()
            boss.user.user_permissions.add(Permission.objects.get(codename="approve_arrangement"))


def login(page: Any, mykad: str) -> None:
    page.locator("#id_mykad").fill(mykad)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_a_bdr_request_is_approved_by_the_supervisor(
    page: Any, browser: Any, live_url: str, staff: None
) -> None:
    page.goto(url(live_url, HOST, "/worktime/requests/"))
    login(page, OFFICER)
    page.locator("#id_kind").select_option("bdr")
    page.locator("#id_reason").fill("Menyiapkan laporan tahunan di rumah")
    page.get_by_test_id("request-submit").click()
    row = page.get_by_test_id("request-table").locator("tbody tr").first
    expect(row).to_contain_text("BDR")
    request_id = row.get_attribute("data-testid").rsplit("-", 1)[1]

    supervisor = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    supervisor.goto(url(live_url, HOST, "/worktime/requests/approvals/"))
    login(supervisor, SUPERVISOR)
    supervisor.get_by_test_id(f"approve-{request_id}").click()
    expect(supervisor.get_by_test_id("approval-empty")).to_be_visible()
    supervisor.context.close()

    page.reload()
    expect(page.get_by_test_id(f"request-status-{request_id}")).to_have_attribute(
        "data-status", "approved"
    )
    page.get_by_test_id(f"request-link-{request_id}").click()
    expect(page.get_by_test_id("request-decided-by")).to_contain_text("PENYELIA WAKTU")


def test_the_org_admin_adds_an_agency_holiday(
    page: Any, live_url: str, e2e_people: dict[str, str]
) -> None:
    page.goto(url(live_url, HOST, "/worktime/holidays/"))
    login(page, e2e_people["admin_b"])
    page.locator("#id_name").fill("Hari Keputeraan Sultan Kelantan (tambahan)")
    year = page.get_by_test_id("holiday-year").inner_text()
    page.locator("#id_date").fill(f"{year}-12-30")
    page.get_by_test_id("holiday-add").click()
    expect(page.get_by_test_id("holiday-table")).to_contain_text("Sultan Kelantan (tambahan)")


def test_the_org_admin_reproduces_a_verdict_in_simulasi(
    page: Any, live_url: str, e2e_people: dict[str, str]
) -> None:
    page.goto(url(live_url, HOST, "/worktime/simulate/"))
    login(page, e2e_people["admin_b"])
    case = (
        '{"region": "03", "date": "2026-11-26", "policy": {"type": "WBF"}, "punches": ['
        '{"at": "2026-11-26T08:00:00+08:00", "kind": "in", "inside_geofence": true},'
        '{"at": "2026-11-26T15:10:00+08:00", "kind": "out", "inside_geofence": true}],'
        ' "arrangements": [], "day_closed": true}'
    )
    page.locator("#id_cases").fill(case)
    page.get_by_test_id("simulate-run").click()
    result = page.get_by_test_id("simulate-result")
    expect(result.get_by_test_id("simulate-status")).to_have_text("PRESENT")
    expect(result.get_by_test_id("simulate-category")).to_have_text("EARLY_OUT")
    expect(result.get_by_test_id("simulate-required-out")).to_have_text("15:30")
