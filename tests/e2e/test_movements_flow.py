"""Pergerakan Harian and Catatan Tugasan Harian in a phone-sized browser: an officer declares a
movement, finds it in Semak Pergerakan, edits it, cancels another and writes a task note; her
supervisor (told by the Celery worker) acknowledges the movement and reads the note."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.conftest import AGENCY_A, PASSWORD
from tests.e2e.conftest import url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
HOST = f"{AGENCY_A.slug}.localhost"
SUPERVISOR = "890909-16-5041"
OFFICER = "890909-16-5052"
KL = ZoneInfo("Asia/Kuala_Lumpur")


def _login_id(mykad: str) -> str:
    return mykad.replace("-", "")


@pytest.fixture(scope="module")
def movement_staff(django_db_blocker: Any, e2e_people: dict[str, str]) -> int:
    """A supervisor and her officer, committed for the server, with no movement or note left
    from an earlier run. Returns the officer's id."""
    from django_tenants.utils import schema_context

    from tenant_apps.assignments.models import TaskNote
    from tenant_apps.movements.models import Movement
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
                    data=OfficerData(_login_id(SUPERVISOR), "PENYELIA PERGERAKAN", root),
                    actor=None,
                )
            officer = Officer.objects.filter(user__login_id=_login_id(OFFICER)).first()
            if officer is None:
                officer = officer_create(
                    data=OfficerData(
                        _login_id(OFFICER), "PEGAWAI PERGERAKAN", root, supervisor=boss
                    ),
                    actor=None,
                )
            for person in (boss, officer):
                person.user.set_password(PASSWORD)
                person.user.save()
            Movement.objects.filter(officer=officer).delete()
            TaskNote.objects.filter(officer=officer).delete()
            return officer.pk


def login(page: Any, mykad: str) -> None:
    page.locator("#id_mykad").fill(mykad)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def declare(page: Any, purpose: str, place: str, day: str, starts: str, ends: str) -> str:
    """Fill Daftar Pergerakan; returns the new movement's id (from the detail page's URL)."""
    page.locator("#id_purpose").fill(purpose)
    page.locator("#id_place").fill(place)
    page.locator("#id_day").fill(day)
    page.locator("#id_starts_time").fill(starts)
    page.locator("#id_ends_time").fill(ends)
    page.get_by_test_id("movement-submit").click()
    expect(page.get_by_test_id("movement-purpose")).to_have_text(purpose)
    return str(page.url.rstrip("/").rsplit("/", 1)[1])


def test_a_movement_is_declared_edited_and_acknowledged(
    page: Any, browser: Any, live_url: str, movement_staff: int
) -> None:
    tomorrow = (datetime.now(KL).date() + timedelta(days=1)).isoformat()
    page.goto(url(live_url, HOST, "/movements/new/"))
    login(page, OFFICER)
    kept = declare(page, "Sesi Taklimat SPOT-Me", "JDN Putrajaya", tomorrow, "10:00", "12:00")

    page.goto(url(live_url, HOST, "/movements/"))
    expect(page.get_by_test_id(f"movement-row-{kept}")).to_contain_text("Sesi Taklimat SPOT-Me")
    page.get_by_test_id(f"movement-edit-{kept}").click()
    page.locator("#id_place").fill("Jabatan Agama Islam WP, KL")
    page.get_by_test_id("movement-submit").click()
    expect(page.get_by_test_id("movement-place")).to_have_text("Jabatan Agama Islam WP, KL")

    page.goto(url(live_url, HOST, "/movements/new/"))
    dropped = declare(page, "Lawatan tapak", "Cyberjaya", tomorrow, "14:00", "15:00")
    page.goto(url(live_url, HOST, "/movements/"))
    page.get_by_test_id(f"movement-cancel-{dropped}").click()
    expect(page.get_by_test_id(f"movement-status-{dropped}")).to_have_attribute(
        "data-status", "cancelled"
    )
    expect(page.get_by_test_id(f"movement-status-{kept}")).to_have_attribute(
        "data-status", "active"
    )

    page.goto(url(live_url, HOST, "/notes/"))
    page.locator("#id_text").fill("Menyediakan bahan taklimat")
    page.get_by_test_id("note-submit").click()
    expect(page.get_by_test_id("note-list")).to_contain_text("Menyediakan bahan taklimat")

    supervisor = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    supervisor.goto(url(live_url, HOST, "/movements/team/"))
    login(supervisor, SUPERVISOR)
    expect(supervisor.get_by_test_id(f"team-row-{kept}")).to_contain_text("PEGAWAI PERGERAKAN")
    expect(supervisor.get_by_test_id(f"team-row-{dropped}")).to_have_count(0)
    supervisor.get_by_test_id(f"acknowledge-{kept}").click()
    expect(supervisor.get_by_test_id(f"movement-status-{kept}")).to_have_attribute(
        "data-acknowledged", "yes"
    )
    # The worker has told her of the new movement: the header's count shows it.
    count = supervisor.get_by_test_id("notif-count")
    for _ in range(40):
        if count.inner_text().strip() not in ("", "0"):
            break
        time.sleep(0.25)
        supervisor.reload()
    expect(count).not_to_have_text("0")

    supervisor.goto(url(live_url, HOST, f"/notes/officer/{movement_staff}/"))
    expect(supervisor.get_by_test_id("note-list")).to_contain_text("Menyediakan bahan taklimat")
    supervisor.context.close()

    page.goto(url(live_url, HOST, f"/movements/{kept}/"))
    expect(page.get_by_test_id("movement-acknowledged-by")).to_contain_text("PENYELIA PERGERAKAN")
