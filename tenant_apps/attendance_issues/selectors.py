"""Reads of attendance issues."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, Count, Min, Q, QuerySet, Value, When
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from tenant_apps.attendance.models import AttendanceDay
from tenant_apps.attendance_issues.models import (
    AttendanceIssue,
    IssueEvent,
    IssueReason,
    IssueSettings,
)
from tenant_apps.people.models import Officer
from tenant_apps.people.selectors import (
    is_org_admin,
    officer_list_visible_to,
    supervised_officer_ids,
    supervisor_users_of,
)


def issue_settings() -> IssueSettings:
    row, _ = IssueSettings.objects.get_or_create(pk=1)
    return row


def excused_categories(officer: Officer, day: date) -> set[str]:
    """The exceptions of the officer's day whose explanation was accepted."""
    return set(
        AttendanceIssue.objects.filter(
            officer=officer, day=day, status=AttendanceIssue.Status.ACCEPTED
        ).values_list("category", flat=True)
    )


def deadline_for(day: date) -> date:
    """Explanations are due by the agency's day of the month after the issue's day."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, issue_settings().deadline_day)


# --- Pages, the inbox, the dashboard and the executives' view ---------------------------------

Status = AttendanceIssue.Status
PENDING_EXPLANATION = (Status.OPEN, Status.REJECTED)


def _shaped(issues: QuerySet[AttendanceIssue]) -> QuerySet[AttendanceIssue]:
    return issues.select_related(
        "officer__user", "officer__org_unit", "officer__supervisor__user", "reason", "decided_by"
    )


def open_issues_of(officer: Officer) -> QuerySet[AttendanceIssue]:
    """The officer's issues still waiting for their explanation (open, or rejected and to be
    explained again), the nearest deadline first. The dashboard panel lists them."""
    return _shaped(
        AttendanceIssue.objects.filter(officer=officer, status__in=PENDING_EXPLANATION)
    ).order_by("deadline", "day", "category")


def issue_list_of(
    *, officer: Officer, status: str | None = None, month: date | None = None
) -> QuerySet[AttendanceIssue]:
    """Isu Kehadiran Saya: the officer's issues; those waiting for them first, then those
    waiting for a decision, then the decided ones; by deadline and day within each."""
    issues = AttendanceIssue.objects.filter(officer=officer)
    if status in Status.values:
        issues = issues.filter(status=status)
    if month is not None:
        first = month.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        issues = issues.filter(day__gte=first, day__lt=following)
    waiting_first = Case(
        When(status__in=PENDING_EXPLANATION, then=Value(0)),
        When(status=Status.EXPLAINED, then=Value(1)),
        default=Value(2),
    )
    return _shaped(issues).order_by(waiting_first, "deadline", "-day", "category", "pk")


def issue_list_visible_to(*, actor: User) -> QuerySet[AttendanceIssue]:
    """Issues of the officers the actor may see (people.selectors.officer_list_visible_to: own,
    current subordinates, an executive's units, everyone for the org admin). Anything else
    answers 404."""
    visible = officer_list_visible_to(actor=actor).values("pk")
    return _shaped(AttendanceIssue.objects.filter(officer_id__in=visible))


def can_explain(actor: User, issue: AttendanceIssue) -> bool:
    return issue.officer.user_id == actor.pk and issue.status in PENDING_EXPLANATION


def can_decide(actor: User, issue: AttendanceIssue, *, reach: set[int] | None = None) -> bool:
    """A current supervisor of the officer (direct, second-level, or acting today) decides an
    explained issue; never their own. ``reach`` may be passed when asked for many issues."""
    if not actor.is_active or issue.officer.user_id == actor.pk:
        return False
    if issue.status != Status.EXPLAINED:
        return False
    return issue.officer_id in (reach if reach is not None else supervised_officer_ids(actor))


def can_download(actor: User, issue: AttendanceIssue) -> bool:
    """The attachment is for the officer, whoever may decide the officer's issues, and the org
    admin; not for an executive reading a unit's figures."""
    return (
        issue.officer.user_id == actor.pk
        or is_org_admin(actor)
        or issue.officer_id in supervised_officer_ids(actor)
    )


def issues_awaiting_decision(actor: User) -> QuerySet[AttendanceIssue]:
    """The explained issues of the actor's current subordinates, the longest waiting first."""
    return (
        _shaped(AttendanceIssue.objects.filter(status=Status.EXPLAINED))
        .filter(officer_id__in=supervised_officer_ids(actor))
        .exclude(officer__user=actor)
        .order_by("explained_at", "pk")
    )


def issues_unexplained_of_team(actor: User) -> QuerySet[AttendanceIssue]:
    """The subordinates' issues still waiting for an explanation, the nearest deadline first."""
    return (
        _shaped(AttendanceIssue.objects.filter(status__in=PENDING_EXPLANATION))
        .filter(officer_id__in=supervised_officer_ids(actor))
        .exclude(officer__user=actor)
        .order_by("deadline", "day", "pk")
    )


def has_team(actor: User) -> bool:
    return bool(supervised_officer_ids(actor))


def issue_day(issue: AttendanceIssue) -> AttendanceDay | None:
    return AttendanceDay.objects.filter(officer_id=issue.officer_id, day=issue.day).first()


def issue_history(issue: AttendanceIssue) -> QuerySet[IssueEvent]:
    return issue.events.select_related("actor").order_by("created_at", "pk")


def reason_list() -> QuerySet[IssueReason]:
    return IssueReason.objects.order_by("order", "code")


def active_reasons() -> QuerySet[IssueReason]:
    return reason_list().filter(is_active=True)


def issue_deciders(officer: Officer, *, on: date | None = None) -> list[User]:
    """Who is told that the officer explained an issue: the direct supervisor and whoever acts
    for them today; with no direct supervisor, the second-level supervisor."""
    users = supervisor_users_of(officer, on=on)
    if not users:
        second = second_level_user(officer)
        users = [second] if second is not None else []
    return [user for user in users if user.pk != officer.user_id]


def second_level_user(officer: Officer) -> User | None:
    """The officer's second-level supervisor; without one, the supervisor's own supervisor."""
    second_id = officer.second_supervisor_id
    if second_id is None and officer.supervisor_id is not None:
        second_id = (
            Officer.objects.filter(pk=officer.supervisor_id)
            .values_list("supervisor_id", flat=True)
            .first()
        )
    if second_id is None:
        return None
    found = Officer.objects.select_related("user").filter(pk=second_id).first()
    if found is None or found.status != Officer.Status.ACTIVE or not found.user.is_active:
        return None
    return found.user


def may_see_waiting(actor: User) -> bool:
    """The waiting report is for the org admin and executives."""
    return is_org_admin(actor) or (
        actor.is_active and actor.groups.filter(name=Role.EXECUTIVE.value).exists()
    )


@dataclass(frozen=True)
class SupervisorWaiting:
    supervisor_id: int | None
    name: str
    unit: str
    waiting: int
    oldest_days: int


@dataclass(frozen=True)
class UnitOverdue:
    unit_id: int
    unit: str
    overdue: int
    escalated: int


def supervisors_waiting(*, actor: User, today: date | None = None) -> list[SupervisorWaiting]:
    """Per direct supervisor of the officers the actor may see: how many explained issues wait
    for a decision and how many days the oldest has waited; the longest waiting first."""
    today = today or timezone.localdate()
    rows = (
        AttendanceIssue.objects.filter(
            status=Status.EXPLAINED,
            officer_id__in=officer_list_visible_to(actor=actor).values("pk"),
        )
        .values(
            "officer__supervisor_id",
            "officer__supervisor__user__full_name",
            "officer__supervisor__org_unit__name",
        )
        .annotate(waiting=Count("pk"), oldest=Min("explained_at"))
    )
    found = [
        SupervisorWaiting(
            supervisor_id=row["officer__supervisor_id"],
            name=row["officer__supervisor__user__full_name"] or "",
            unit=row["officer__supervisor__org_unit__name"] or "",
            waiting=row["waiting"],
            oldest_days=max((today - timezone.localdate(row["oldest"])).days, 0),
        )
        for row in rows
    ]
    return sorted(found, key=lambda row: (-row.oldest_days, -row.waiting, row.name))


def units_overdue(*, actor: User, today: date | None = None) -> list[UnitOverdue]:
    """Per unit: issues still unexplained after their deadline (counted as unexcused), and how
    many of them have been escalated."""
    today = today or timezone.localdate()
    rows = (
        AttendanceIssue.objects.filter(
            status__in=PENDING_EXPLANATION,
            deadline__lt=today,
            officer_id__in=officer_list_visible_to(actor=actor).values("pk"),
        )
        .values("officer__org_unit_id", "officer__org_unit__name")
        .annotate(
            overdue=Count("pk"),
            escalated=Count("pk", filter=Q(escalated_at__isnull=False)),
        )
        .order_by("-overdue", "officer__org_unit__name")
    )
    return [
        UnitOverdue(
            unit_id=row["officer__org_unit_id"],
            unit=row["officer__org_unit__name"],
            overdue=row["overdue"],
            escalated=row["escalated"],
        )
        for row in rows
    ]
