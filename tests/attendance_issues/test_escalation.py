"""Issues left unexplained past their deadline: escalated once to the second-level supervisor
(or the supervisor's own supervisor), still unexcused; and the waiting report that shows
executives the supervisors who let explanations wait."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from tenant_apps.attendance.models import AttendanceDay
from tenant_apps.attendance_issues.models import AttendanceIssue, IssueEvent
from tenant_apps.attendance_issues.selectors import supervisors_waiting, units_overdue
from tenant_apps.attendance_issues.services import issues_escalate
from tenant_apps.attendance_issues.tasks import agency_issues_escalate
from tenant_apps.notifications.models import Notification
from tenant_apps.people.models import Officer
from tenants.models import Agency
from tests.attendance_issues.helpers import (
    MONDAY,
    TUESDAY,
    World,
    at,
    client_for,
    explained,
    late_day,
)

DEADLINE = date(2026, 12, 10)


def test_unexplained_issues_escalate_once_after_the_deadline(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    waiting = late_day(world.officer, MONDAY)
    answered = explained(late_day(world.officer, TUESDAY))
    assert waiting.deadline == DEADLINE

    assert issues_escalate(now=at(DEADLINE, 23, 0)) == 0  # the deadline day is still in time
    with django_capture_on_commit_callbacks(execute=True):
        assert issues_escalate(now=at(DEADLINE + timedelta(days=1), 0, 30)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert issues_escalate(now=at(DEADLINE + timedelta(days=2), 0, 30)) == 0

    waiting.refresh_from_db()
    answered.refresh_from_db()
    assert waiting.escalated_at is not None
    assert waiting.status == AttendanceIssue.Status.OPEN
    assert answered.escalated_at is None
    assert waiting.events.filter(action=IssueEvent.Action.ESCALATED).count() == 1
    [note] = Notification.objects.filter(kind="issue_escalated")
    assert note.recipient == world.second.user
    assert "PEGAWAI ISU" in note.text_ms
    # Still unexcused: the day keeps its exception.
    assert AttendanceDay.objects.get(officer=world.officer, day=MONDAY).categories == ["LATE_IN"]


def test_without_a_second_level_the_supervisors_supervisor_is_told(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    Officer.objects.filter(pk=world.colleague.pk).update(second_supervisor=None)
    late_day(world.colleague, MONDAY)

    with django_capture_on_commit_callbacks(execute=True):
        issues_escalate(now=at(DEADLINE + timedelta(days=1), 1))

    [note] = Notification.objects.filter(kind="issue_escalated")
    assert note.recipient == world.second.user  # the supervisor's own supervisor


def test_the_task_escalates_in_the_agency(world: World) -> None:
    late_day(world.officer, MONDAY)
    AttendanceIssue.objects.update(deadline=date(2026, 1, 10))
    assert agency_issues_escalate.delay().get() == 1


def test_the_waiting_report_counts_per_supervisor_and_unit(world: World) -> None:
    explained(late_day(world.officer, MONDAY))
    explained(late_day(world.colleague, MONDAY))
    late_day(world.officer, TUESDAY)
    AttendanceIssue.objects.filter(day=TUESDAY).update(deadline=date(2026, 11, 10))

    later = timezone.localdate() + timedelta(days=5)
    [row] = supervisors_waiting(actor=world.executive.user, today=later)
    [unit] = units_overdue(actor=world.executive.user, today=later)

    assert (row.supervisor_id, row.waiting, row.oldest_days) == (world.supervisor.pk, 2, 5)
    assert (unit.unit_id, unit.overdue, unit.escalated) == (world.unit.pk, 1, 0)
    # Someone with no unit granted sees nothing of it.
    assert supervisors_waiting(actor=world.outsider.user) == []


def test_the_waiting_page_is_for_executives_and_the_org_admin(
    world: World, agency_a: Agency
) -> None:
    explained(late_day(world.officer, MONDAY))

    page = client_for(agency_a, "executive").get("/issues/waiting/")
    admin_page = client_for(agency_a, "admin").get("/issues/waiting/")

    assert page.status_code == admin_page.status_code == 200
    assert f'data-testid="waiting-count-{world.supervisor.pk}">1<' in page.content.decode()
    assert "PENYELIA ISU" in admin_page.content.decode()
    assert client_for(agency_a, "officer").get("/issues/waiting/").status_code == 404
    assert client_for(agency_a, "supervisor").get("/issues/waiting/").status_code == 404
