"""Isu Kehadiran in a phone-sized browser. An officer explains a late check-in, her supervisor
rejects it with a comment, she explains again with a PDF, he accepts: the duty day no longer
counts the exception and the month's card counts one fewer. A supervisor accepts three explained
issues at once from the inbox."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import AGENCY_A, PASSWORD
from tests.e2e.conftest import url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
HOST = f"{AGENCY_A.slug}.localhost"
SUPERVISOR = "811212-16-5011"
OFFICER = "811212-16-5022"  # flow 1: explain, reject, explain again, accept
BULK_OFFICER = "811212-16-5033"  # flow 2: three issues accepted at once
OFFICE_NAME = "Pejabat Isu Kehadiran E2E"
OFFICE = (2.9264, 101.6964)
# Working weekdays in Putrajaya, in the past: each gets a check-in at 09:30 (after the WBF window)
# and a check-out nine hours later, then is closed, which opens one LATE_IN issue.
FLOW_DAY = date(2026, 11, 5)
BULK_DAYS = (date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4))
MONTH = date(2026, 11, 1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _login_id(mykad: str) -> str:
    return mykad.replace("-", "")


def _at(day: date, hh: int, mm: int = 0) -> datetime:
    from tenant_apps.worktime.engine import MALAYSIA

    return datetime.combine(day, time(hh, mm), MALAYSIA)


@pytest.fixture(scope="module")
def issue_staff(django_db_blocker: Any, e2e_people: dict[str, str]) -> dict[str, Any]:
    """A supervisor and two officers with closed late days (committed for the server), their
    issues fresh from an earlier run; the bulk officer's three already explained. Returns ids."""
    from django_tenants.utils import schema_context

    from tenant_apps.attendance.days import day_recompute
    from tenant_apps.attendance.models import AttendanceEvent
    from tenant_apps.attendance.services import PunchInput, punch_record
    from tenant_apps.attendance_issues.models import AttendanceIssue, IssueReason
    from tenant_apps.attendance_issues.services import issue_explain
    from tenant_apps.people import geo
    from tenant_apps.people.models import OfficeLocation, Officer, OrgUnit
    from tenant_apps.people.office_services import OfficeData, office_assign, office_create
    from tenant_apps.people.officer_services import OfficerData, officer_create
    from tenant_apps.worktime.models import CardColour
    from tenant_apps.worktime.selectors import worktime_settings
    from tenants.models import Agency

    with django_db_blocker.unblock():
        agency = Agency.objects.get(slug=AGENCY_A.slug)
        with schema_context(agency.schema_name):
            root = OrgUnit.objects.get(parent=None)

            def ensure(mykad: str, name: str, supervisor: Officer | None) -> Officer:
                officer = Officer.objects.filter(user__login_id=_login_id(mykad)).first()
                if officer is None:
                    officer = officer_create(
                        data=OfficerData(_login_id(mykad), name, root, supervisor=supervisor),
                        actor=None,
                    )
                officer.user.set_password(PASSWORD)
                officer.user.save(update_fields=["password"])
                return officer

            boss = ensure(SUPERVISOR, "PENYELIA ISU PELAYAR", None)
            officer = ensure(OFFICER, "PEGAWAI ISU PELAYAR", boss)
            bulk = ensure(BULK_OFFICER, "PEGAWAI PUKAL PELAYAR", boss)
            # Judged from before the month (an officer made today is not judged on past days).
            Officer.objects.filter(pk__in=[officer.pk, bulk.pk]).update(
                created_at=_at(MONTH - timedelta(days=60), 8)
            )
            office = OfficeLocation.objects.filter(name=OFFICE_NAME).first()
            if office is None:
                office = office_create(
                    data=OfficeData(OFFICE_NAME, "Putrajaya", geo.Circle(*OFFICE, 150.0)),
                    actor=None,
                )
            office_assign(office=office, units=[], officers=[officer, bulk], actor=None)
            worktime_settings()
            AttendanceIssue.objects.filter(officer__in=[officer, bulk]).delete()
            CardColour.objects.filter(officer__in=[officer, bulk]).delete()
            days = [(officer, FLOW_DAY)] + [(bulk, day) for day in BULK_DAYS]
            for person, day in days:
                if not AttendanceEvent.objects.filter(
                    officer=person, claimed_at__date=day
                ).exists():
                    for kind, hh, mm in (("in", 9, 30), ("out", 18, 45)):
                        punch_record(
                            officer=person,
                            data=PunchInput(
                                kind=kind,
                                event_id=uuid.uuid4(),
                                latitude=OFFICE[0],
                                longitude=OFFICE[1],
                            ),
                            now=_at(day, hh, mm),
                        )
                day_recompute(person, day, now=_at(day + timedelta(days=1), 0, 5))
            reason = IssueReason.objects.get(code="KESESAKAN")
            bulk_ids = []
            for issue in AttendanceIssue.objects.filter(officer=bulk).order_by("day"):
                issue_explain(
                    issue=issue,
                    actor=bulk.user,
                    reason=reason,
                    explanation=f"Kesesakan lalu lintas {issue.day:%d/%m}",
                    attachment=None,
                )
                bulk_ids.append(issue.pk)
            flow = AttendanceIssue.objects.get(officer=officer, day=FLOW_DAY)
            assert flow.category == "LATE_IN"
            assert len(bulk_ids) == 3
            return {
                "agency_schema": agency.schema_name,
                "officer": officer.pk,
                "bulk_officer": bulk.pk,
                "flow_issue": flow.pk,
                "bulk_issues": bulk_ids,
                "reason": reason.pk,
                "other_reason": IssueReason.objects.get(code="LAIN").pk,
            }


def login(page: Any, mykad: str) -> None:
    page.locator("#id_mykad").fill(mykad)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def _counted(schema: str, officer_id: int) -> int:
    """Evaluate the month's card of the officer now and return how many exceptions it counted."""
    from django_tenants.utils import schema_context

    from tenant_apps.attendance_issues.cards import cards_evaluate
    from tenant_apps.worktime.models import CardColour

    with schema_context(schema):
        cards_evaluate(month=MONTH, officer_ids=[officer_id])
        card = CardColour.objects.get(officer_id=officer_id, month=MONTH)
        return int(card.counts["counted"])


def _day(schema: str, officer_id: int, day: date) -> Any:
    from django_tenants.utils import schema_context

    from tenant_apps.attendance.models import AttendanceDay

    with schema_context(schema):
        return AttendanceDay.objects.get(officer_id=officer_id, day=day)


def test_explain_reject_explain_again_accept(
    page: Any, browser: Any, live_url: str, issue_staff: dict[str, Any]
) -> None:
    schema, officer_id = issue_staff["agency_schema"], issue_staff["officer"]
    issue_id = issue_staff["flow_issue"]
    counted_before = _counted(schema, officer_id)
    assert counted_before >= 1

    # The officer finds the issue in Isu Kehadiran Saya and explains it.
    page.goto(url(live_url, HOST, "/issues/"))
    login(page, OFFICER)
    expect(page.get_by_test_id(f"issue-row-{issue_id}")).to_contain_text("5 Nov 2026")
    page.get_by_test_id(f"issue-explain-link-{issue_id}").click()
    expect(page.get_by_test_id("day-open-LATE_IN")).to_be_visible()
    page.locator("#id_reason").select_option(str(issue_staff["reason"]))
    page.locator("#id_explanation").fill("Kemalangan di Lebuhraya MEX")
    page.get_by_test_id("explain-submit").click()
    expect(page.get_by_test_id(f"issue-status-{issue_id}")).to_have_attribute(
        "data-status", "explained"
    )

    # The supervisor rejects it: a rejection needs a comment.
    supervisor = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    supervisor.goto(url(live_url, HOST, f"/issues/{issue_id}/"))
    login(supervisor, SUPERVISOR)
    expect(supervisor.get_by_test_id("issue-explanation-text")).to_have_text(
        "Kemalangan di Lebuhraya MEX"
    )
    supervisor.get_by_test_id("decide-reject").click()
    expect(supervisor.get_by_test_id("field-error-comment")).to_be_visible()
    supervisor.locator("#id_comment").fill("Sila lampirkan laporan polis")
    supervisor.get_by_test_id("decide-reject").click()
    expect(supervisor.get_by_test_id(f"issue-status-{issue_id}")).to_have_attribute(
        "data-status", "rejected"
    )

    # The officer reads the rejection and explains again, with a PDF.
    page.goto(url(live_url, HOST, f"/issues/{issue_id}/"))
    expect(page.get_by_test_id("issue-decision-comment")).to_have_text(
        "Sila lampirkan laporan polis"
    )
    page.locator("#id_reason").select_option(str(issue_staff["other_reason"]))
    page.locator("#id_explanation").fill("Laporan polis dilampirkan")
    page.locator("#id_attachment").set_input_files(
        {"name": "laporan-polis.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_test_id("explain-submit").click()
    expect(page.get_by_test_id(f"issue-status-{issue_id}")).to_have_attribute(
        "data-status", "explained"
    )
    expect(page.get_by_test_id("issue-attachment")).to_be_visible()

    # The supervisor downloads the attachment and accepts.
    supervisor.goto(url(live_url, HOST, f"/issues/{issue_id}/"))
    with supervisor.expect_download() as download:
        supervisor.get_by_test_id("issue-attachment").click()
    assert download.value.suggested_filename == f"isu-kehadiran-{issue_id}.pdf"
    supervisor.get_by_test_id("decide-accept").click()
    expect(supervisor.get_by_test_id(f"issue-status-{issue_id}")).to_have_attribute(
        "data-status", "accepted"
    )
    expect(supervisor.get_by_test_id("day-excused-LATE_IN")).to_be_visible()
    expect(supervisor.get_by_test_id("day-open-LATE_IN")).to_have_count(0)
    supervisor.context.close()

    # The officer's issue page and the stored day agree; the card counts one fewer.
    page.goto(url(live_url, HOST, f"/issues/{issue_id}/"))
    expect(page.get_by_test_id("issue-day")).to_have_attribute("data-categories", "")
    expect(page.get_by_test_id("issue-day")).to_have_attribute("data-excused", "LATE_IN")
    history = page.get_by_test_id("issue-history")
    for action in ("opened", "rejected", "accepted"):
        expect(history.get_by_test_id(f"history-{action}")).to_have_count(1)
    expect(history.get_by_test_id("history-explained")).to_have_count(2)
    day = _day(schema, officer_id, FLOW_DAY)
    assert "LATE_IN" not in day.categories
    assert day.excused == ["LATE_IN"]
    assert _counted(schema, officer_id) == counted_before - 1


def test_bulk_accept_from_the_inbox(page: Any, live_url: str, issue_staff: dict[str, Any]) -> None:
    schema, officer_id = issue_staff["agency_schema"], issue_staff["bulk_officer"]
    ids = issue_staff["bulk_issues"]
    counted_before = _counted(schema, officer_id)
    assert counted_before >= 3

    page.goto(url(live_url, HOST, "/issues/inbox/"))
    login(page, SUPERVISOR)
    for pk in ids:
        expect(page.get_by_test_id(f"inbox-row-{pk}")).to_contain_text("PEGAWAI PUKAL PELAYAR")
        page.get_by_test_id(f"pick-{pk}").check()
    page.locator("#id_comment").fill("Diterima, kesesakan disahkan")
    page.get_by_test_id("bulk-accept").click()

    for pk in ids:
        expect(page.get_by_test_id(f"inbox-row-{pk}")).to_have_count(0)
    page.goto(url(live_url, HOST, f"/issues/{ids[0]}/"))
    expect(page.get_by_test_id(f"issue-status-{ids[0]}")).to_have_attribute(
        "data-status", "accepted"
    )
    for day in BULK_DAYS:
        stored = _day(schema, officer_id, day)
        assert (stored.categories, stored.excused) == ([], ["LATE_IN"])
    assert _counted(schema, officer_id) == counted_before - 3
