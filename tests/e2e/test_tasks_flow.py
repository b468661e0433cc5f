"""Papan Tugasan and Pemangkuan in a phone-sized browser: a supervisor assigns a task; the officer
finds it on the board, starts it at 50%, writes a task note on it and marks it done; the supervisor
sees it in Done with the note. Then the supervisor names an acting officer for today and
tomorrow, who from then on sees the team's task board and opens the officer's task."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.conftest import AGENCY_A, PASSWORD
from tests.e2e.conftest import url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
HOST = f"{AGENCY_A.slug}.localhost"
SUPERVISOR = "880808-16-5061"
OFFICER = "880808-16-5072"
ACTING = "880808-16-5083"
KL = ZoneInfo("Asia/Kuala_Lumpur")


def _login_id(mykad: str) -> str:
    return mykad.replace("-", "")


@pytest.fixture(scope="module")
def task_staff(django_db_blocker: Any, e2e_people: dict[str, str]) -> dict[str, int]:
    """A supervisor, her officer and a colleague who will act for her, committed for the server,
    with no task, note or delegation left from an earlier run. Returns their officer ids."""
    from django_tenants.utils import schema_context

    from tenant_apps.assignments.models import Task, TaskNote
    from tenant_apps.people.models import ActingSupervisor, Officer, OrgUnit
    from tenant_apps.people.officer_services import OfficerData, officer_create
    from tenants.models import Agency

    def ensure(mykad: str, name: str, root: OrgUnit, supervisor: Officer | None) -> Officer:
        found = Officer.objects.filter(user__login_id=_login_id(mykad)).first()
        if found is None:
            found = officer_create(
                data=OfficerData(_login_id(mykad), name, root, supervisor=supervisor), actor=None
            )
        found.user.set_password(PASSWORD)
        found.user.save()
        return found

    with django_db_blocker.unblock():
        agency = Agency.objects.get(slug=AGENCY_A.slug)
        with schema_context(agency.schema_name):
            root = OrgUnit.objects.get(parent=None)
            boss = ensure(SUPERVISOR, "PENYELIA TUGASAN", root, None)
            officer = ensure(OFFICER, "PEGAWAI TUGASAN", root, boss)
            acting = ensure(ACTING, "PEMANGKU TUGASAN", root, None)
            ActingSupervisor.objects.filter(for_supervisor=boss).delete()
            TaskNote.objects.filter(officer=officer).delete()
            Task.objects.filter(officer=officer).delete()
            return {"boss": boss.pk, "officer": officer.pk, "acting": acting.pk}


def login(page: Any, mykad: str) -> None:
    page.locator("#id_mykad").fill(mykad)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def new_page(browser: Any) -> Any:
    page = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US").new_page()
    page.set_default_timeout(10_000)
    return page


def test_a_task_is_assigned_followed_and_delegated(
    page: Any, browser: Any, live_url: str, task_staff: dict[str, int]
) -> None:
    today = datetime.now(KL).date()
    # The supervisor assigns a task.
    page.goto(url(live_url, HOST, "/notes/tasks/new/"))
    login(page, SUPERVISOR)
    page.locator("#id_officer").select_option(str(task_staff["officer"]))
    page.locator("#id_title").fill("Sediakan kertas taklimat")
    page.locator("#id_description").fill("Untuk mesyuarat pengurusan.")
    page.locator("#id_due_date").fill((today + timedelta(days=5)).isoformat())
    page.locator("#id_priority").select_option("high")
    page.get_by_test_id("task-submit").click()
    expect(page.get_by_test_id("task-title")).to_have_text("Sediakan kertas taklimat")
    task_id = page.url.rstrip("/").rsplit("/", 1)[1]

    # The officer finds it on the board and starts it.
    officer = new_page(browser)
    officer.goto(url(live_url, HOST, "/notes/tasks/"))
    login(officer, OFFICER)
    card = officer.get_by_test_id("column-todo").get_by_test_id(f"task-card-{task_id}")
    expect(card).to_contain_text("Sediakan kertas taklimat")
    card.get_by_test_id(f"task-link-{task_id}").click()
    officer.locator("#id_status").select_option("in_progress")
    officer.locator("#id_progress").fill("50")
    officer.get_by_test_id("progress-submit").click()
    expect(officer.get_by_test_id("task-progress-value")).to_have_text("50%")
    expect(officer.get_by_test_id(f"task-status-{task_id}")).to_have_attribute(
        "data-status", "in_progress"
    )

    # A task note on it, then done.
    officer.get_by_test_id("task-add-note").click()
    expect(officer.locator("#id_task")).to_have_value(task_id)
    officer.locator("#id_text").fill("Draf kertas taklimat siap")
    officer.get_by_test_id("note-submit").click()
    expect(officer.get_by_test_id("note-list")).to_contain_text("Sediakan kertas taklimat")
    officer.goto(url(live_url, HOST, f"/notes/tasks/{task_id}/"))
    expect(officer.get_by_test_id("task-notes")).to_contain_text("Draf kertas taklimat siap")
    officer.locator("#id_status").select_option("done")
    officer.get_by_test_id("progress-submit").click()
    expect(officer.get_by_test_id(f"task-status-{task_id}")).to_have_attribute(
        "data-status", "done"
    )
    expect(officer.get_by_test_id("task-progress-value")).to_have_text("100%")
    officer.context.close()

    # The supervisor sees it in Done, with the note.
    page.goto(url(live_url, HOST, "/notes/tasks/"))
    done = page.get_by_test_id("column-done").get_by_test_id(f"task-card-{task_id}")
    expect(done).to_contain_text("PEGAWAI TUGASAN")
    done.get_by_test_id(f"task-link-{task_id}").click()
    expect(page.get_by_test_id("task-notes")).to_contain_text("Draf kertas taklimat siap")

    # She names an acting officer for today and tomorrow.
    page.goto(url(live_url, HOST, "/org/delegation/"))
    page.locator("#id_acting").select_option(str(task_staff["acting"]))
    page.locator("#id_starts_on").fill(today.isoformat())
    page.locator("#id_ends_on").fill((today + timedelta(days=1)).isoformat())
    page.locator("#id_reason").fill("Cuti tahunan")
    page.get_by_test_id("delegation-submit").click()
    expect(page.get_by_test_id("delegations-given")).to_contain_text("PEMANGKU TUGASAN")

    # The acting officer now follows the team: the board and the task open for him.
    acting = new_page(browser)
    acting.goto(url(live_url, HOST, "/notes/tasks/"))
    login(acting, ACTING)
    expect(
        acting.get_by_test_id("column-done").get_by_test_id(f"task-card-{task_id}")
    ).to_contain_text("Sediakan kertas taklimat")
    acting.goto(url(live_url, HOST, f"/notes/tasks/{task_id}/"))
    expect(acting.get_by_test_id("task-title")).to_have_text("Sediakan kertas taklimat")
    acting.goto(url(live_url, HOST, "/org/delegation/"))
    expect(acting.get_by_test_id("delegations-held")).to_contain_text("PENYELIA TUGASAN")
    acting.context.close()
