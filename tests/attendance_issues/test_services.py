"""Explaining and deciding attendance issues through the services: each refusal (and that it
changes nothing), the permission table of deciding (reach as of today, acting supervisors only
inside their dates), an accepted issue recomputing its day, bulk decisions all or nothing, and an
issue withdrawn when a correction removes its exception."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from tenant_apps.attendance.days import day_recompute
from tenant_apps.attendance.models import AttendanceDay
from tenant_apps.attendance_issues.admin_services import (
    issue_settings_update,
    reason_create,
    reason_update,
)
from tenant_apps.attendance_issues.models import AttendanceIssue, IssueEvent
from tenant_apps.attendance_issues.selectors import open_issues_of
from tenant_apps.attendance_issues.services import (
    IssueBulkError,
    IssueError,
    issue_decide,
    issue_explain,
    issues_decide_bulk,
)
from tenant_apps.audit.models import AuditEntry
from tenant_apps.notifications.models import Notification
from tenant_apps.people.models import ActingSupervisor
from tests.attendance_issues.helpers import (
    MONDAY,
    PDF,
    PNG,
    TUESDAY,
    WEDNESDAY,
    World,
    at,
    explained,
    late_day,
    punch,
    reason,
    upload,
)

Status = AttendanceIssue.Status


def _explain(issue: AttendanceIssue, **overrides: Any) -> AttendanceIssue:
    values: dict[str, Any] = {
        "issue": issue,
        "actor": issue.officer.user,
        "reason": reason(),
        "explanation": "Kesesakan teruk",
        "attachment": None,
    }
    values.update(overrides)
    return issue_explain(**values)


def _decide(issue: AttendanceIssue, actor: User) -> AttendanceIssue:
    return issue_decide(issue=issue, actor=actor, accept=True, comment="")


def _refusal(call: Callable[[], Any]) -> str:
    with pytest.raises(IssueError) as caught:
        call()
    return caught.value.code


def test_a_closed_late_day_opens_one_issue_with_the_deadline(world: World) -> None:
    issue = late_day(world.officer)

    assert issue.status == Status.OPEN
    assert issue.deadline.isoformat() == "2026-12-10"
    assert list(open_issues_of(world.officer)) == [issue]
    assert issue.events.get().action == IssueEvent.Action.OPENED


def test_the_officer_explains_with_an_attachment(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    issue = late_day(world.officer)

    with django_capture_on_commit_callbacks(execute=True):
        done = _explain(issue, attachment=upload("surat.pdf", PDF), explanation="  Jalan ditutup  ")

    assert done.status == Status.EXPLAINED
    assert done.explanation == "Jalan ditutup"
    assert done.attachment.name.startswith("issues/")
    assert done.attachment.name.endswith(".pdf")
    assert "surat" not in done.attachment.name
    assert done.attachment.open("rb").read() == PDF
    assert AuditEntry.objects.filter(action="attendance_issues.issue_explain").count() == 1
    [note] = Notification.objects.filter(kind="issue_explained")
    assert note.recipient == world.supervisor.user
    assert "PEGAWAI ISU" in note.text_ms


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"actor": "supervisor"}, "not_own"),
        ({"attachment": ("surat.pdf", PNG)}, "attachment_type"),  # a PNG named .pdf
        ({"attachment": ("gambar.png", PDF)}, "attachment_type"),  # a PDF named .png
        ({"attachment": ("skrip.exe", PDF)}, "attachment_type"),
        ({"attachment": ("kosong.pdf", b"")}, "attachment_empty"),
        ({"attachment": ("besar.pdf", PDF + b"0" * (100 * 1024))}, "attachment_too_big"),
        ({"reason": "inactive"}, "reason_inactive"),
        ({"reason": None}, "reason_required"),
        ({"reason": "LAIN", "explanation": "   "}, "explanation_required"),
        ({"explanation": "x" * 2001}, "explanation_too_long"),
    ],
)
def test_an_explanation_is_refused_and_changes_nothing(
    world: World, overrides: dict[str, Any], code: str
) -> None:
    issue_settings_update(actor=world.admin, deadline_day=10, attachment_max_kb=100)
    issue = late_day(world.officer)
    values = dict(overrides)
    if values.get("actor") == "supervisor":
        values["actor"] = world.supervisor.user
    if "attachment" in values:
        values["attachment"] = upload(*values["attachment"])
    if values.get("reason") == "inactive":
        values["reason"] = reason_update(
            actor=world.admin,
            reason=reason("SISTEM"),
            label_ms="Masalah sistem",
            label_en="System problem",
            order=6,
            is_active=False,
        )
    elif isinstance(values.get("reason"), str):
        values["reason"] = reason(values["reason"])

    assert _refusal(lambda: _explain(issue, **values)) == code

    issue.refresh_from_db()
    assert (issue.status, issue.reason_id, issue.explanation, issue.attachment.name) == (
        Status.OPEN,
        None,
        "",
        "",
    )
    assert not issue.events.filter(action=IssueEvent.Action.EXPLAINED).exists()


def test_other_with_words_is_taken(world: World) -> None:
    issue = late_day(world.officer)
    done = _explain(issue, reason=reason("LAIN"), explanation="Menghantar anak ke hospital")
    assert done.reason is not None
    assert (done.status, done.reason.code) == (Status.EXPLAINED, "LAIN")


def test_an_explained_issue_cannot_be_explained_again_until_rejected(world: World) -> None:
    issue = explained(late_day(world.officer))
    assert _refusal(lambda: _explain(issue)) == "not_explainable"


def test_accepting_recomputes_the_day_without_the_exception(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    issue = explained(late_day(world.officer))
    before = AttendanceDay.objects.get(officer=world.officer, day=WEDNESDAY)
    assert before.categories == ["LATE_IN"]

    with django_capture_on_commit_callbacks(execute=True):
        decided = issue_decide(issue=issue, actor=world.supervisor.user, accept=True, comment="")

    day = AttendanceDay.objects.get(officer=world.officer, day=WEDNESDAY)
    assert decided.status == Status.ACCEPTED
    assert decided.decided_by == world.supervisor.user
    assert "LATE_IN" not in day.categories
    assert day.excused == ["LATE_IN"]
    assert day.closed is True
    # The accepted issue stays accepted after another recompute.
    day_recompute(world.officer, WEDNESDAY)
    issue.refresh_from_db()
    assert issue.status == Status.ACCEPTED
    [note] = Notification.objects.filter(kind="issue_decided", recipient=world.officer.user)
    assert "diterima" in note.text_ms
    assert AuditEntry.objects.filter(action="attendance_issues.issue_accept").count() == 1


def test_rejecting_needs_a_comment_and_keeps_the_exception(world: World) -> None:
    issue = explained(late_day(world.officer))
    actor = world.supervisor.user

    refused = _refusal(lambda: issue_decide(issue=issue, actor=actor, accept=False, comment=" ok "))
    assert refused == "comment_required"
    issue.refresh_from_db()
    assert issue.status == Status.EXPLAINED

    issue_decide(issue=issue, actor=actor, accept=False, comment="Sila lampirkan bukti")

    issue.refresh_from_db()
    day = AttendanceDay.objects.get(officer=world.officer, day=WEDNESDAY)
    assert (issue.status, issue.decision_comment) == (Status.REJECTED, "Sila lampirkan bukti")
    assert day.categories == ["LATE_IN"]
    # Rejected: the officer explains again, which clears the decision (kept in the history).
    again = _explain(issue, explanation="Bukti dilampirkan", attachment=upload("resit.png", PNG))
    assert (again.status, again.decided_by, again.decision_comment) == (Status.EXPLAINED, None, "")
    actions = list(again.events.values_list("action", flat=True))
    assert actions == ["opened", "explained", "rejected", "explained"]


def test_decide_permission_table(world: World) -> None:
    issue = explained(late_day(world.officer))

    assert (
        _refusal(
            lambda: issue_decide(issue=issue, actor=world.officer.user, accept=True, comment="")
        )
        == "own_issue"
    )
    for stranger in (world.outsider, world.colleague, world.acting, world.executive):
        assert _refusal(partial(_decide, issue, stranger.user)) == "not_supervisor"
    assert (
        _refusal(lambda: issue_decide(issue=issue, actor=world.admin, accept=True, comment=""))
        == "not_supervisor"
    )
    issue.refresh_from_db()
    assert issue.status == Status.EXPLAINED

    # The second-level supervisor may decide.
    issue_decide(issue=issue, actor=world.second.user, accept=True, comment="")
    issue.refresh_from_db()
    assert issue.status == Status.ACCEPTED


def test_an_acting_supervisor_decides_only_inside_the_dates(world: World) -> None:
    issue = explained(late_day(world.officer))
    today = timezone.localdate()
    acting = ActingSupervisor.objects.create(
        acting=world.acting,
        for_supervisor=world.supervisor,
        starts_on=today - timedelta(days=10),
        ends_on=today - timedelta(days=1),
    )
    decide = partial(_decide, issue, world.acting.user)
    assert _refusal(decide) == "not_supervisor"  # ended yesterday
    acting.starts_on, acting.ends_on = today + timedelta(days=1), today + timedelta(days=5)
    acting.save()
    assert _refusal(decide) == "not_supervisor"  # not started yet

    acting.starts_on, acting.ends_on = today, today + timedelta(days=5)
    acting.save()
    decide()

    issue.refresh_from_db()
    assert (issue.status, issue.decided_by) == (Status.ACCEPTED, world.acting.user)


def test_bulk_accept_of_three(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    issues = [explained(late_day(world.officer, day)) for day in (MONDAY, TUESDAY, WEDNESDAY)]

    with django_capture_on_commit_callbacks(execute=True):
        decided = issues_decide_bulk(
            issues=issues, actor=world.supervisor.user, accept=True, comment="Diterima"
        )

    assert [i.status for i in decided] == [Status.ACCEPTED] * 3
    days = AttendanceDay.objects.filter(officer=world.officer, day__in=[MONDAY, TUESDAY, WEDNESDAY])
    assert [d.categories for d in days] == [[], [], []]
    # One notification for the officer, naming the three days.
    [note] = Notification.objects.filter(kind="issue_decided", recipient=world.officer.user)
    assert note.text_en.count("Late in") == 3


def test_bulk_is_all_or_nothing_with_each_refusal_listed(world: World) -> None:
    mine = explained(late_day(world.officer, MONDAY))
    still_open = late_day(world.officer, TUESDAY)
    own = explained(late_day(world.supervisor, TUESDAY))

    with pytest.raises(IssueBulkError) as caught:
        issues_decide_bulk(
            issues=[mine, still_open, own],
            actor=world.supervisor.user,
            accept=True,
            comment="",
        )

    assert {pk: e.code for pk, e in caught.value.errors.items()} == {
        still_open.pk: "not_awaiting",
        own.pk: "own_issue",
    }
    mine.refresh_from_db()
    assert mine.status == Status.EXPLAINED
    assert "LATE_IN" in AttendanceDay.objects.get(officer=world.officer, day=MONDAY).categories
    assert (
        _refusal(
            lambda: issues_decide_bulk(
                issues=[mine], actor=world.supervisor.user, accept=False, comment=""
            )
        )
        == "comment_required"
    )
    assert (
        _refusal(
            lambda: issues_decide_bulk(
                issues=[], actor=world.supervisor.user, accept=True, comment=""
            )
        )
        == "nothing_selected"
    )


def test_a_correction_that_removes_the_exception_withdraws_the_issue(world: World) -> None:
    issue = explained(late_day(world.officer))
    # An earlier check-in reaches the server (e.g. an offline punch or an admin correction).
    punch(world.officer, "in", at(WEDNESDAY, 8, 15))
    day_recompute(world.officer, WEDNESDAY, now=at(WEDNESDAY + timedelta(days=1), 1))

    issue.refresh_from_db()
    assert issue.status == Status.WITHDRAWN
    assert list(issue.events.values_list("action", flat=True))[-1] == IssueEvent.Action.WITHDRAWN
    assert list(open_issues_of(world.officer)) == []


def test_the_org_admin_keeps_the_reason_list(world: World) -> None:
    made = reason_create(
        actor=world.admin, code="banjir", label_ms="Banjir", label_en="Flood", order=3
    )
    assert made.code == "BANJIR"
    assert (
        _refusal(
            lambda: reason_create(actor=world.admin, code="BANJIR", label_ms="x", label_en="y")
        )
        == "code_taken"
    )
    assert (
        _refusal(
            lambda: reason_create(actor=world.admin, code="9 salah", label_ms="x", label_en="y")
        )
        == "code_invalid"
    )
    assert (
        _refusal(
            lambda: issue_settings_update(actor=world.admin, deadline_day=31, attachment_max_kb=500)
        )
        == "deadline_day_invalid"
    )
    assert AuditEntry.objects.filter(action="attendance_issues.reason_create").count() == 1
