"""Paparan Dashboard Penyelia in a browser: the supervisor's board shows a subordinate who has not
checked in; the officer checks in from her phone and, without a reload, the board's polled rows
show the check-in; the row opens the officer's day with the punch on its timeline; the year grid
shows the officer's row with its twelve months."""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.conftest import AGENCY_A, PASSWORD
from tests.e2e.conftest import url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
HOST = f"{AGENCY_A.slug}.localhost"
SUPERVISOR = "840909-16-5011"
OFFICER = "840909-16-5023"
KL = ZoneInfo("Asia/Kuala_Lumpur")
PUTRAJAYA = (2.9264, 101.6964)


def _login_id(mykad: str) -> str:
    return mykad.replace("-", "")


@pytest.fixture(scope="module")
def board_staff(django_db_blocker: Any, e2e_people: dict[str, str]) -> int:
    """A supervisor and her officer, committed for the server, the officer without punches or
    duty days left from an earlier run. Returns the officer's id."""
    from django_tenants.utils import schema_context

    from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
    from tenant_apps.people.models import Officer, OrgUnit
    from tenant_apps.people.officer_services import OfficerData, officer_create
    from tenants.models import Agency

    with django_db_blocker.unblock():
        agency = Agency.objects.get(slug=AGENCY_A.slug)
        with schema_context(agency.schema_name):
            root = OrgUnit.objects.get(parent=None)
            boss = Officer.objects.filter(user__login_id=_login_id(SUPERVISOR)).first()
            if boss is None:
                boss = officer_create(
                    data=OfficerData(_login_id(SUPERVISOR), "PENYELIA PAPAN", root), actor=None
                )
            officer = Officer.objects.filter(user__login_id=_login_id(OFFICER)).first()
            if officer is None:
                officer = officer_create(
                    data=OfficerData(_login_id(OFFICER), "PEGAWAI PAPAN", root, supervisor=boss),
                    actor=None,
                )
            for person in (boss, officer):
                person.user.set_password(PASSWORD)
                person.user.save()
            AttendanceDay.objects.filter(officer=officer).delete()
            AttendanceEvent.objects.filter(officer=officer).delete()
            return officer.pk


def _check_in(browser: Any, live_url: str) -> None:
    """The officer checks in from her phone at the office (the punch API, as in real use)."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="en-US",
        timezone_id="Asia/Kuala_Lumpur",
        geolocation={"latitude": PUTRAJAYA[0], "longitude": PUTRAJAYA[1], "accuracy": 15},
        permissions=["geolocation"],
    )
    phone = context.new_page()
    phone.goto(url(live_url, HOST, "/"))
    _log_in(phone, OFFICER)
    phone.get_by_test_id("punch-in").click()
    expect(phone.get_by_test_id("today").get_by_test_id("check-in")).not_to_have_text("—")
    context.close()


def _log_in(page: Any, mykad: str) -> None:
    page.locator("#id_mykad").fill(mykad)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def _expected_before_check_in() -> str:
    """The board's state for an officer without a check-in now: "not yet in" on a working day
    past 09:00 (either side of 09:00 within a minute, both)."""
    from django_tenants.utils import schema_context

    from tenant_apps.worktime.day_inputs import calendar_on
    from tenants.models import Agency

    now = datetime.now(KL)
    with schema_context(Agency.objects.get(slug=AGENCY_A.slug).schema_name):
        calendar = calendar_on(now.date())
    if calendar.holiday is not None:
        return "^holiday$"
    if calendar.weekend:
        return "^weekend$"
    if abs(now.hour * 60 + now.minute - 9 * 60) <= 1:
        return "^(expected|not_yet_in)$"
    return "^not_yet_in$" if now.time() >= time(9) else "^expected$"


def test_the_board_follows_a_check_in_without_a_reload(
    page: Any, browser: Any, live_url: str, board_staff: int
) -> None:
    before = _expected_before_check_in()
    page.goto(url(live_url, HOST, "/supervision/?poll=2"))
    _log_in(page, SUPERVISOR)
    row = page.locator(f'[data-testid="board-row"][data-officer="{board_staff}"]')
    expect(row).to_contain_text("PEGAWAI PAPAN")
    expect(page.get_by_test_id("board")).to_have_attribute("data-poll", "2")
    expect(row).to_have_attribute("data-state", re.compile(before))
    expect(row.get_by_test_id("row-check-in")).to_have_text("—")
    page.evaluate("window.spotmeNoReload = true")

    _check_in(browser, live_url)

    expect(row).to_have_attribute("data-state", re.compile("^(checked_in|late)$"), timeout=35_000)
    expect(row.get_by_test_id("row-check-in")).to_contain_text(re.compile(r"\d\d:\d\d"))
    assert page.evaluate("window.spotmeNoReload") is True

    row.get_by_test_id("officer-link").click()
    expect(page.get_by_test_id("officer-name")).to_have_text("PEGAWAI PAPAN")
    expect(page.get_by_test_id("timeline-punch")).to_have_count(1)
    expect(page.get_by_test_id("timeline-punch")).to_have_attribute("data-kind", "in")
    expect(page.get_by_test_id("day-status")).not_to_contain_text("—")

    page.goto(url(live_url, HOST, "/supervision/year/"))
    year_row = page.locator(f'[data-testid="year-row"][data-officer="{board_staff}"]')
    expect(year_row).to_contain_text("PEGAWAI PAPAN")
    expect(year_row.get_by_test_id("year-cell")).to_have_count(12)
