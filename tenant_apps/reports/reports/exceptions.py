"""Senarai pengecualian (exceptions list): every exception the engine found in the period (late
in, early out, incomplete, absent, outside the office), one row each, with the officer's
explanation and the supervisor's decision.

The rows come from the stored duty days (what the engine found, also on days not yet closed)
joined with the attendance issues (what was explained and decided). An exception the engine no
longer finds is not listed, even when its issue still exists as withdrawn."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from tenant_apps.attendance.models import AttendanceDay
from tenant_apps.attendance_issues.models import AttendanceIssue, IssueReason
from tenant_apps.people.models import Officer
from tenant_apps.reports.metrics import params_facts
from tenant_apps.reports.registry import register
from tenant_apps.reports.table import (
    Cell,
    Column,
    ReportParams,
    ReportSpec,
    ReportTable,
    Section,
    Text,
)

Category = AttendanceIssue.Category
IssueStatus = AttendanceIssue.Status
ORDER = {category.value: index for index, category in enumerate(Category)}

COLUMNS = (
    Column("day", _("Date"), "date"),
    Column("officer", _("Officer")),
    Column("unit", _("Unit")),
    Column("category", _("Exception")),
    Column("late_minutes", _("Late (minutes)"), "int", total=True),
    Column("early_minutes", _("Early out (minutes)"), "int", total=True),
    Column("status", _("Issue status")),
    Column("reason", _("Reason")),
    Column("explanation", _("Explanation")),
    Column("decided_by", _("Decided by")),
    Column("decision_comment", _("Decision comment")),
    Column("decided_at", _("Decided at"), "datetime"),
)

Key = tuple[int, date, str]


def build(params: ReportParams) -> ReportTable:
    """One row per (officer, day, exception), by date, officer and exception."""
    days = _found(params)
    issues = _issues(params)
    found = set(days) | set(issues)
    names = _officers({officer_id for officer_id, _day, _category in found})
    keys = sorted(
        found, key=lambda key: (key[1], names.get(key[0], ("", ""))[0], key[0], ORDER[key[2]])
    )
    rows = [_row(key, days.get(key), issues.get(key), names.get(key[0], ("", ""))) for key in keys]
    return ReportTable(
        title=_("Exceptions list"),
        columns=COLUMNS,
        sections=[Section(title=str(_("Exceptions")), rows=rows)],
        facts=_facts(params),
        notes=(
            _(
                "Every exception the attendance engine found in the period, with the issue "
                "opened for it. Days not yet closed have no issue yet."
            ),
            _("An accepted explanation excuses the exception: it no longer counts for the card."),
        ),
    )


def _found(params: ReportParams) -> dict[Key, AttendanceDay]:
    """The stored days' exceptions (excused ones too), ABSENT for an absent day."""
    days = AttendanceDay.objects.filter(
        officer_id__in=params.officer_ids, day__gte=params.start, day__lte=params.end
    ).filter(Q(status=AttendanceDay.Status.ABSENT) | ~Q(categories=[]) | ~Q(excused=[]))
    found: dict[Key, AttendanceDay] = {}
    for day in days.only(
        "officer_id", "day", "status", "categories", "excused", "late_minutes", "early_minutes"
    ):
        categories = set(day.categories) | set(day.excused)
        if day.status == AttendanceDay.Status.ABSENT:
            categories.add(Category.ABSENT.value)
        for category in categories:
            if category in ORDER and params.category in (None, category):
                found[(day.officer_id, day.day, category)] = day
    return found


def _issues(params: ReportParams) -> dict[Key, AttendanceIssue]:
    issues = (
        AttendanceIssue.objects.filter(
            officer_id__in=params.officer_ids, day__gte=params.start, day__lte=params.end
        )
        .exclude(status=IssueStatus.WITHDRAWN)
        .select_related("reason", "decided_by")
    )
    if params.category:
        issues = issues.filter(category=params.category)
    return {(issue.officer_id, issue.day, issue.category): issue for issue in issues}


def _officers(ids: set[int]) -> dict[int, tuple[str, str]]:
    """Name and unit of each officer, in one query."""
    rows = Officer.objects.filter(pk__in=ids).values_list("pk", "user__full_name", "org_unit__name")
    return {pk: (name, unit) for pk, name, unit in rows}


def _row(
    key: Key,
    day: AttendanceDay | None,
    issue: AttendanceIssue | None,
    officer: tuple[str, str],
) -> list[Cell]:
    _officer_id, on, category = key
    late = day.late_minutes if day is not None and category == Category.LATE_IN else None
    early = day.early_minutes if day is not None and category == Category.EARLY_OUT else None
    if issue is None:
        label = str(Category(category).label)
        return [on, *officer, label, late, early, _t("No issue yet"), "", "", "", "", None]
    return [
        on,
        *officer,
        str(Category(category).label),
        late,
        early,
        str(IssueStatus(issue.status).label),
        _reason_text(issue.reason),
        issue.explanation,
        issue.decided_by.full_name if issue.decided_by else "",
        issue.decision_comment,
        _local(issue.decided_at),
    ]


def _reason_text(reason: IssueReason | None) -> str:
    if reason is None:
        return ""
    english = (translation.get_language() or "ms").startswith("en")
    return f"{reason.code}: {reason.label_en if english else reason.label_ms}"


def _local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment) if moment is not None else None


def _facts(params: ReportParams) -> list[tuple[Text, str]]:
    facts = params_facts(params)
    if params.category:
        facts.append((_("Exception"), str(Category(params.category).label)))
    return facts


SPEC = register(
    ReportSpec(
        slug="exceptions",
        title=_("Exceptions list (Senarai Pengecualian)"),
        description=_(
            "Every late in, early out, incomplete day, absence and punch outside the office in "
            "the period, with the officer's explanation and the supervisor's decision."
        ),
        build=build,
        direct_limit=30_000,
        uses_category=True,
    )
)
