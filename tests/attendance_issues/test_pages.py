"""The attendance issue pages: Isu Kehadiran Saya (open first, filters, overdue marked), one issue
with its day and history, explaining with an attachment, deciding one issue and many from the
inbox, the attachment download, the reason list; 404 outside one's reach and on another agency,
and a bounded number of queries per list."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenant_apps.attendance_issues.models import AttendanceIssue, IssueReason
from tenant_apps.attendance_issues.services import issue_decide
from tenants.models import Agency
from tests.attendance_issues.helpers import (
    MONDAY,
    PDF,
    PNG,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    World,
    client_for,
    explained,
    late_day,
    reason,
    upload,
)
from tests.conftest import host_of

Status = AttendanceIssue.Status


def test_my_issues_lists_open_first_with_deadlines(world: World, agency_a: Agency) -> None:
    decided = explained(late_day(world.officer, MONDAY))
    issue_decide(issue=decided, actor=world.supervisor.user, accept=True, comment="")
    waiting = late_day(world.officer, TUESDAY)
    client = client_for(agency_a, "officer")

    page = client.get("/issues/").content.decode()

    assert page.index(f"issue-row-{waiting.pk}") < page.index(f"issue-row-{decided.pk}")
    assert f'data-testid="issue-deadline-{waiting.pk}"' in page
    only_accepted = client.get("/issues/?status=accepted").content.decode()
    assert f"issue-row-{decided.pk}" in only_accepted
    assert f"issue-row-{waiting.pk}" not in only_accepted
    assert "issue-empty" in client.get("/issues/?month=2026-10").content.decode()


def test_an_overdue_issue_is_marked(world: World, agency_a: Agency) -> None:
    issue = late_day(world.officer)
    AttendanceIssue.objects.filter(pk=issue.pk).update(deadline=date(2026, 11, 10))
    page = client_for(agency_a, "officer").get("/issues/").content.decode()
    assert f'data-testid="issue-deadline-{issue.pk}" data-overdue="yes"' in page


def test_the_officer_explains_on_the_issue_page(world: World, agency_a: Agency) -> None:
    issue = late_day(world.officer)
    client = client_for(agency_a, "officer")
    detail = client.get(f"/issues/{issue.pk}/").content.decode()
    assert 'data-testid="explain-form"' in detail
    assert 'data-testid="day-open-LATE_IN"' in detail

    bad = client.post(
        f"/issues/{issue.pk}/explain/",
        {"reason": reason().pk, "explanation": "x", "attachment": upload("a.pdf", PNG)},
    )
    assert bad.status_code == 400
    assert 'data-testid="field-error-attachment"' in bad.content.decode()
    other = client.post(
        f"/issues/{issue.pk}/explain/", {"reason": reason("LAIN").pk, "explanation": ""}
    )
    assert 'data-testid="field-error-explanation"' in other.content.decode()

    response = client.post(
        f"/issues/{issue.pk}/explain/",
        {"reason": reason().pk, "explanation": "Kemalangan", "attachment": upload("a.pdf", PDF)},
    )

    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == Status.EXPLAINED
    download = client.get(f"/issues/{issue.pk}/attachment/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]


def test_the_supervisor_decides_on_the_issue_page(world: World, agency_a: Agency) -> None:
    issue = explained(late_day(world.officer))
    issue.attachment.save("x.pdf", upload("x.pdf", PDF))
    client = client_for(agency_a, "supervisor")
    assert 'data-testid="decide-form"' in client.get(f"/issues/{issue.pk}/").content.decode()
    assert client.get(f"/issues/{issue.pk}/attachment/").status_code == 200

    no_comment = client.post(f"/issues/{issue.pk}/decide/", {"decision": "reject", "comment": ""})
    assert no_comment.status_code == 400
    assert 'data-testid="field-error-comment"' in no_comment.content.decode()
    response = client.post(f"/issues/{issue.pk}/decide/", {"decision": "accept", "comment": ""})

    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == Status.ACCEPTED
    page = client.get(f"/issues/{issue.pk}/").content.decode()
    assert 'data-testid="day-excused-LATE_IN"' in page
    assert 'data-testid="day-open-LATE_IN"' not in page


def test_pages_answer_404_outside_reach(world: World, agency_a: Agency) -> None:
    issue = explained(late_day(world.officer))
    issue.attachment.save("x.pdf", upload("x.pdf", PDF))
    outsider = client_for(agency_a, "outsider")

    for path in ("", "attachment/"):
        assert outsider.get(f"/issues/{issue.pk}/{path}").status_code == 404
    assert outsider.post(f"/issues/{issue.pk}/decide/", {"decision": "accept"}).status_code == 404
    assert outsider.post(f"/issues/{issue.pk}/explain/", {}).status_code == 404
    assert outsider.get("/issues/inbox/").status_code == 404
    assert outsider.get("/issues/reasons/").status_code == 404
    # The supervisor cannot explain for the officer; the executive reads, not downloads.
    supervisor = client_for(agency_a, "supervisor")
    assert supervisor.post(f"/issues/{issue.pk}/explain/", {}).status_code == 404
    executive = client_for(agency_a, "executive")
    assert executive.get(f"/issues/{issue.pk}/").status_code == 200
    assert executive.get(f"/issues/{issue.pk}/attachment/").status_code == 404
    issue.refresh_from_db()
    assert issue.status == Status.EXPLAINED


def test_the_officer_cannot_decide_their_own_issue_on_the_page(
    world: World, agency_a: Agency
) -> None:
    issue = explained(late_day(world.officer))
    client = client_for(agency_a, "officer")
    assert 'data-testid="decide-form"' not in client.get(f"/issues/{issue.pk}/").content.decode()

    response = client.post(f"/issues/{issue.pk}/decide/", {"decision": "accept", "comment": ""})

    assert response.status_code == 400
    assert 'data-testid="decide-error"' in response.content.decode()
    issue.refresh_from_db()
    assert issue.status == Status.EXPLAINED


def test_an_issue_of_agency_a_is_not_found_on_agency_b(
    world: World, agency_a: Agency, agency_b: Agency
) -> None:
    from django_tenants.utils import schema_context

    from accounts.roles import Role
    from tests.conftest import PASSWORD, make_user

    issue = explained(late_day(world.officer))
    with schema_context(agency_b.schema_name):
        make_user(agency_b, "821111035013", roles=(Role.OFFICER, Role.ORG_ADMIN))
    from django.test import Client

    client = Client(HTTP_HOST=host_of(agency_b))
    assert (
        client.post("/login/", {"mykad": "821111035013", "password": PASSWORD}).status_code == 302
    )
    for path in ("", "attachment/"):
        assert client.get(f"/issues/{issue.pk}/{path}").status_code == 404
    assert client.post(f"/issues/{issue.pk}/decide/", {"decision": "accept"}).status_code == 404
    assert client.post(f"/issues/{issue.pk}/explain/", {}).status_code == 404
    assert (
        client.post("/issues/inbox/", {"issue": [issue.pk], "decision": "accept"}).status_code
        == 404
    )  # no team on B


def test_bulk_accept_from_the_inbox(world: World, agency_a: Agency) -> None:
    issues = [explained(late_day(world.officer, d)) for d in (MONDAY, TUESDAY, WEDNESDAY)]
    client = client_for(agency_a, "supervisor")
    page = client.get("/issues/inbox/").content.decode()
    assert all(f'data-testid="pick-{i.pk}"' in page for i in issues)

    response = client.post(
        "/issues/inbox/",
        {"issue": [i.pk for i in issues], "decision": "accept", "comment": "Diterima"},
    )

    assert response.status_code == 302
    assert set(
        AttendanceIssue.objects.filter(pk__in=[i.pk for i in issues]).values_list(
            "status", flat=True
        )
    ) == {Status.ACCEPTED}
    assert 'data-testid="inbox-empty"' in client.get("/issues/inbox/").content.decode()


def test_a_refused_bulk_lists_each_refusal_and_decides_nothing(
    world: World, agency_a: Agency
) -> None:
    ready = explained(late_day(world.officer, MONDAY))
    not_ready = late_day(world.colleague, MONDAY)
    client = client_for(agency_a, "supervisor")

    response = client.post(
        "/issues/inbox/", {"issue": [ready.pk, not_ready.pk], "decision": "accept"}
    )

    assert response.status_code == 400
    assert "RAKAN SEPASUKAN" in response.content.decode()
    ready.refresh_from_db()
    assert ready.status == Status.EXPLAINED
    no_comment = client.post("/issues/inbox/", {"issue": [ready.pk], "decision": "reject"})
    assert 'data-testid="field-error-comment"' in no_comment.content.decode()
    unexplained = client.get("/issues/inbox/?tab=unexplained").content.decode()
    assert f"unexplained-row-{not_ready.pk}" in unexplained


def _query_counts(agency: Agency) -> dict[str, int]:
    counts = {}
    for key, path in (
        ("officer", "/issues/"),
        ("supervisor", "/issues/inbox/"),
        ("supervisor", "/issues/inbox/?tab=unexplained"),
        ("executive", "/issues/waiting/"),
    ):
        client = client_for(agency, key)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts[path] = len(queries)
    return counts


def test_lists_do_not_query_per_row(world: World, agency_a: Agency) -> None:
    for officer in (world.officer, world.colleague):
        explained(late_day(officer, MONDAY))
        late_day(officer, TUESDAY)
    few = _query_counts(agency_a)
    for officer in (world.officer, world.colleague):
        for day in (WEDNESDAY, THURSDAY):
            explained(late_day(officer, day))

    assert _query_counts(agency_a) == few


def test_the_org_admin_manages_reasons_and_settings(world: World, agency_a: Agency) -> None:
    client = client_for(agency_a, "admin")
    assert client.get("/issues/reasons/").status_code == 200

    added = client.post(
        "/issues/reasons/",
        {
            "action": "create",
            "code": "banjir",
            "label_ms": "Banjir",
            "label_en": "Flood",
            "order": 9,
        },
    )
    taken = client.post(
        "/issues/reasons/",
        {"action": "create", "code": "BANJIR", "label_ms": "B", "label_en": "F", "order": 9},
    )
    flood = IssueReason.objects.get(code="BANJIR")
    edited = client.post(
        f"/issues/reasons/{flood.pk}/",
        {"label_ms": "Banjir kilat", "label_en": "Flash flood", "order": 9},
    )
    settings = client.post(
        "/issues/reasons/",
        {"action": "settings", "deadline_day": 15, "attachment_max_kb": 2048},
    )

    assert (added.status_code, taken.status_code, edited.status_code) == (302, 400, 302)
    assert settings.status_code == 302
    flood.refresh_from_db()
    assert (flood.label_ms, flood.is_active) == ("Banjir kilat", False)
    issue = late_day(world.officer)
    assert issue.deadline == date(2026, 12, 15)
    form = client_for(agency_a, "officer").get(f"/issues/{issue.pk}/").content.decode()
    assert "Banjir kilat" not in form  # deactivated: not offered
    assert client_for(agency_a, "supervisor").get("/issues/reasons/").status_code == 404


def test_the_dashboard_panel_lists_open_issues(world: World) -> None:
    from django.template.loader import render_to_string

    from tenant_apps.attendance_issues.selectors import open_issues_of

    issue = late_day(world.officer)
    html = render_to_string(
        "attendance_issues/_dashboard_panel.html", {"open_issues": open_issues_of(world.officer)}
    )
    empty = render_to_string(
        "attendance_issues/_dashboard_panel.html", {"open_issues": open_issues_of(world.colleague)}
    )

    assert f'data-testid="issues-panel-row-{issue.pk}"' in html
    assert 'data-testid="issues-panel-empty"' in empty
