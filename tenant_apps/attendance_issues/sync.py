"""Keeping issues in step with the duty days: a closed day's exceptions open issues; an exception
that a recompute no longer finds (a correction punch, a movement, a new policy) withdraws its
issue unless it was already decided."""

from __future__ import annotations

from tenant_apps.attendance.models import AttendanceDay
from tenant_apps.attendance_issues.models import AttendanceIssue, IssueEvent
from tenant_apps.attendance_issues.selectors import deadline_for

Status = AttendanceIssue.Status
PENDING = (Status.OPEN, Status.EXPLAINED, Status.REJECTED)


def found_categories(day: AttendanceDay) -> set[str]:
    """What the officer may be asked to explain: the engine's categories (the accepted ones
    included: they stay found, only excused) and ABSENT for an absent day."""
    found = set(day.categories) | set(day.excused)
    if day.status == AttendanceDay.Status.ABSENT:
        found.add(AttendanceIssue.Category.ABSENT)
    return found


def issues_sync(day: AttendanceDay) -> None:
    """Call in the transaction that stored the day. Open days have no issues yet."""
    existing = {
        issue.category: issue
        for issue in AttendanceIssue.objects.filter(officer_id=day.officer_id, day=day.day)
    }
    found = found_categories(day) if day.closed else set()
    for category in sorted(found - set(existing)):
        issue = AttendanceIssue.objects.create(
            officer_id=day.officer_id,
            day=day.day,
            category=category,
            deadline=deadline_for(day.day),
        )
        IssueEvent.objects.create(issue=issue, action=IssueEvent.Action.OPENED)
    for category, issue in existing.items():
        if category in found:
            if issue.status == Status.WITHDRAWN:
                issue.status = Status.OPEN
                issue.save(update_fields=["status", "updated_at"])
                IssueEvent.objects.create(issue=issue, action=IssueEvent.Action.REOPENED)
            continue
        if issue.status in PENDING:
            issue.status = Status.WITHDRAWN
            issue.save(update_fields=["status", "updated_at"])
            IssueEvent.objects.create(issue=issue, action=IssueEvent.Action.WITHDRAWN)
