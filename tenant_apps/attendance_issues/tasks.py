"""Celery entry points of attendance issues. Sent from an agency (after the commit), they run in
that agency's schema (spotme_platform.celery is tenant-aware). The periodic escalation is sent to
each agency by ``tenant_apps.attendance.tasks.supervision_tick_all``."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from celery import shared_task
from django.urls import reverse

if TYPE_CHECKING:
    from tenant_apps.attendance_issues.models import AttendanceIssue

# One issue, or several of one officer decided at once.
TEXTS: dict[str, tuple[str, str]] = {
    "explained": (
        "{name} telah menjelaskan isu kehadiran ({what}).",
        "{name} explained an attendance issue ({what}).",
    ),
    "accepted": (
        "Penjelasan isu kehadiran anda ({what}) telah diterima oleh {supervisor}.",
        "Your explanation of the attendance issue ({what}) was accepted by {supervisor}.",
    ),
    "rejected": (
        "Penjelasan isu kehadiran anda ({what}) telah ditolak oleh {supervisor}: {comment}",
        "Your explanation of the attendance issue ({what}) was rejected by {supervisor}: {comment}",
    ),
    "escalated": (
        "{count} isu kehadiran {name} melepasi tarikh akhir tanpa penjelasan ({what}).",
        "{count} attendance issue(s) of {name} passed the deadline unexplained ({what}).",
    ),
}
CATEGORY_MS = {
    "LATE_IN": "Lewat masuk",
    "EARLY_OUT": "Pulang awal",
    "INCOMPLETE": "Tidak lengkap",
    "ABSENT": "Tidak hadir",
    "EXTERNAL": "Luar kawasan pejabat",
}
CATEGORY_EN = {
    "LATE_IN": "Late in",
    "EARLY_OUT": "Early out",
    "INCOMPLETE": "Incomplete",
    "ABSENT": "Absent",
    "EXTERNAL": "Outside the office",
}


def _what(issues: list[AttendanceIssue], english: bool) -> str:
    names = CATEGORY_EN if english else CATEGORY_MS
    shown = [f"{names.get(i.category, i.category)} {i.day:%d/%m/%Y}" for i in issues[:3]]
    more = len(issues) - len(shown)
    return ", ".join(shown) + (f" +{more}" if more > 0 else "")


@shared_task(acks_late=True)
def issues_notify(issue_ids: list[int], event: str) -> int:
    """Tell the supervisors of an explanation, the officer of a decision (one notification per
    officer and outcome), or the second-level supervisor of an escalation (one per officer).
    Returns how many notifications were addressed."""
    from tenant_apps.attendance_issues.models import AttendanceIssue
    from tenant_apps.attendance_issues.selectors import issue_deciders, second_level_user
    from tenant_apps.notifications.models import Kind
    from tenant_apps.notifications.services import notification_send

    issues = list(
        AttendanceIssue.objects.select_related("officer__user", "decided_by")
        .filter(pk__in=issue_ids)
        .order_by("officer_id", "day", "pk")
    )
    groups: dict[tuple[int, str], list[AttendanceIssue]] = defaultdict(list)
    for issue in issues:
        if event == "decided":
            if issue.status not in (
                AttendanceIssue.Status.ACCEPTED,
                AttendanceIssue.Status.REJECTED,
            ):
                continue  # explained again since: nothing to say any more
            groups[(issue.officer_id, issue.status)].append(issue)
        elif event in ("explained", "escalated"):
            groups[(issue.officer_id, event)].append(issue)
    sent = 0
    for (_officer_id, outcome), group in groups.items():
        first = group[0]
        officer = first.officer
        values = {
            "name": officer.user.full_name,
            "count": str(len(group)),
            "supervisor": first.decided_by.full_name if first.decided_by else "",
            "comment": first.decision_comment,
        }
        text_ms, text_en = TEXTS[outcome]
        link = reverse("attendance_issues:detail", args=[first.pk])
        if outcome == "explained":
            recipients = issue_deciders(officer)
            kind = Kind.ISSUE_EXPLAINED
            link = reverse("attendance_issues:inbox")
        elif outcome == "escalated":
            second = second_level_user(officer)
            recipients = [second] if second is not None else []
            kind = Kind.ISSUE_ESCALATED
            link = reverse("attendance_issues:inbox") + "?tab=unexplained"
        else:
            recipients = [officer.user]
            kind = Kind.ISSUE_DECIDED
            if len(group) > 1:
                link = reverse("attendance_issues:list")
        notification_send(
            recipients=recipients,
            kind=kind,
            text_ms=text_ms.format(**values, what=_what(group, english=False)),
            text_en=text_en.format(**values, what=_what(group, english=True)),
            link=link,
        )
        sent += len(recipients)
    return sent


@shared_task(acks_late=True)
def agency_issues_escalate() -> int:
    """Escalate the agency's issues left unexplained past their deadline (idempotent: an issue
    escalates once)."""
    from tenant_apps.attendance_issues.services import issues_escalate

    return issues_escalate()
