"""Dashboard Eksekutif in a phone-sized browser: the executive sees today's tiles, this month's
figures and the trend chart (an inline SVG that fits the screen), the rows of the units granted
to them and nothing of another branch; switching the unit narrows the page."""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.conftest import AGENCY_A, PASSWORD
from tests.e2e.conftest import url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
HOST = f"{AGENCY_A.slug}.localhost"
EXECUTIVE = "870717-16-5001"
OFFICERS = {  # login → (name, unit key)
    "870717-16-5002": ("PEGAWAI PELAYAR SATU", "one"),
    "870717-16-5003": ("PEGAWAI PELAYAR DUA", "two"),
    "870717-16-5004": ("PEGAWAI PELAYAR TERSEMBUNYI", "hidden"),
}
UNITS = {
    "branch": "Bahagian Pelayar Eksekutif",
    "one": "Seksyen Pelayar Satu",
    "two": "Seksyen Pelayar Dua",
    "hidden": "Bahagian Pelayar Tersembunyi",
}
KL = ZoneInfo("Asia/Kuala_Lumpur")


def _login_id(mykad: str) -> str:
    return mykad.replace("-", "")


@pytest.fixture(scope="module")
def exec_world(django_db_blocker: Any, e2e_people: dict[str, str]) -> dict[str, int]:
    """Committed for the server: a branch with two sections granted to the executive, another
    branch that is not, an officer in each section with today's day (the first one late) and
    last month's. Idempotent. Returns the unit ids by key."""
    from django_tenants.utils import schema_context

    from accounts.roles import Role
    from provisioning.services import agency_user_ensure
    from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
    from tenant_apps.people.models import Officer, OrgUnit
    from tenant_apps.people.officer_services import OfficerData, officer_create
    from tenant_apps.people.services import executive_grant
    from tenants.models import Agency

    with django_db_blocker.unblock():
        agency = Agency.objects.get(slug=AGENCY_A.slug)
        executive = agency_user_ensure(
            agency=agency,
            login_id=_login_id(EXECUTIVE),
            full_name="EKSEKUTIF PELAYAR DASHBOARD",
            password=PASSWORD,
            roles=[Role.OFFICER, Role.EXECUTIVE],
        )
        with schema_context(agency.schema_name):
            root = OrgUnit.objects.get(parent=None)
            units: dict[str, OrgUnit] = {}
            for key in ("branch", "hidden"):
                units[key], _ = OrgUnit.objects.get_or_create(name=UNITS[key], parent=root)
            for key in ("one", "two"):
                units[key], _ = OrgUnit.objects.get_or_create(
                    name=UNITS[key], parent=units["branch"]
                )
            executive_grant(executive=executive, unit=units["branch"])
            today = datetime.now(KL).date()
            last_month = today.replace(day=1) - timedelta(days=3)
            for mykad, (name, key) in OFFICERS.items():
                officer = Officer.objects.filter(user__login_id=_login_id(mykad)).first()
                if officer is None:
                    officer = officer_create(
                        data=OfficerData(_login_id(mykad), name, units[key]), actor=None
                    )
                AttendanceDay.objects.filter(officer=officer).delete()
                AttendanceEvent.objects.filter(officer=officer).delete()
                late = key == "one"
                for day in (last_month, today):
                    check_in = datetime.combine(day, time(9, 20 if late else 8), KL)
                    AttendanceDay.objects.create(
                        officer=officer,
                        day=day,
                        status=AttendanceDay.Status.PRESENT,
                        categories=["LATE_IN"] if late else [],
                        late_minutes=20 if late else 0,
                        check_in=check_in,
                        policy_kind="WBF",
                        ends_at=datetime.combine(day, time(23, 59), KL),
                        computed_at=check_in,
                    )
                AttendanceEvent.objects.create(
                    officer=officer,
                    kind="in",
                    source="web",
                    place="office",
                    recorded_at=check_in,
                    claimed_at=check_in,
                    chain_hash=hashlib.sha256(mykad.encode()).hexdigest(),
                )
            return {key: unit.pk for key, unit in units.items()}


def _log_in(page: Any, mykad: str) -> None:
    page.locator("#id_mykad").fill(mykad)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_executive_sees_tiles_and_trend_and_switches_unit(
    page: Any, live_url: str, exec_world: dict[str, int]
) -> None:
    page.goto(url(live_url, HOST, "/reports/dashboard/"))
    _log_in(page, EXECUTIVE)

    expect(page.get_by_test_id("exec-dashboard")).to_be_visible()
    today = page.get_by_test_id("today-tiles")
    expect(today.get_by_test_id("today-present").get_by_test_id("value")).to_have_text("2")
    expect(today.get_by_test_id("today-late").get_by_test_id("value")).to_have_text("1")
    expect(page.get_by_test_id("month-late-rate").get_by_test_id("value")).to_have_text("50.0%")
    trend = page.get_by_test_id("chart-trend").locator("svg")
    expect(trend).to_have_attribute("role", "img")
    expect(trend.locator("polyline").first).to_be_attached()
    box = trend.bounding_box()
    assert box is not None
    assert box["width"] <= 390  # scaled to the phone, no sideways scrolling
    rows = page.get_by_test_id("unit-row")
    expect(rows).to_have_count(2)
    expect(page.get_by_test_id("unit-table")).to_contain_text(UNITS["one"])
    expect(page.get_by_test_id("unit-table")).to_contain_text(UNITS["two"])
    expect(page.locator("main")).not_to_contain_text(UNITS["hidden"])

    page.get_by_test_id("exec-unit-select").select_option(str(exec_world["one"]))
    page.get_by_test_id("exec-unit-show").click()

    expect(page).to_have_url(
        f"{url(live_url, HOST, '/reports/dashboard/')}?unit={exec_world['one']}"
    )
    expect(page.get_by_test_id("exec-scope")).to_contain_text(UNITS["one"])
    expect(rows).to_have_count(1)
    expect(today.get_by_test_id("today-present").get_by_test_id("value")).to_have_text("1")
    expect(page.get_by_test_id("month-late-rate").get_by_test_id("value")).to_have_text("100.0%")

    response = page.goto(url(live_url, HOST, f"/reports/dashboard/?unit={exec_world['hidden']}"))
    assert response is not None
    assert response.status == 404
