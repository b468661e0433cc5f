"""Lembaran kehadiran bulanan (monthly attendance sheet): for each officer a block with one row
per day of the period (status, check-in and check-out times, late, early and worked minutes, the
unexcused exceptions and the excused ones) and a totals row. Four queries whatever the number of
officers (officers, their days, their counts aggregated in the database, the unit's name)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from tenant_apps.attendance.models import AttendanceDay
from tenant_apps.people.models import Officer
from tenant_apps.reports.metrics import DayCounts, day_counts_by, standard_facts
from tenant_apps.reports.registry import register
from tenant_apps.reports.table import Cell, Column, ReportParams, ReportSpec, ReportTable, Section

COLUMNS = (
    Column("day", _("Date"), "date"),
    Column("weekday", _("Day")),
    Column("status", _("Status")),
    Column("check_in", _("Check in"), "time"),
    Column("check_out", _("Check out"), "time"),
    Column("late_minutes", _("Late minutes"), "int", total=True),
    Column("early_minutes", _("Early minutes"), "int", total=True),
    Column("worked_minutes", _("Worked minutes"), "int", total=True),
    Column("exceptions", _("Exceptions")),
    Column("excused", _("Excused")),
)

CATEGORY_LABELS = {
    "LATE_IN": _("Late in"),
    "EARLY_OUT": _("Early out"),
    "INCOMPLETE": _("Incomplete"),
    "EXTERNAL": _("Outside the office"),
    "ABSENT": _("Absent"),
}

_DAY_FIELDS = (
    "officer_id",
    "day",
    "status",
    "check_in",
    "check_out",
    "late_minutes",
    "early_minutes",
    "worked_minutes",
    "categories",
    "excused",
)


def _labels(codes: list[str], names: dict[str, str]) -> str:
    return ", ".join(names.get(code, code) for code in codes)


def _totals(counts: DayCounts, late: int, early: int, worked: int) -> list[Cell]:
    status = gettext_now("Present %(present)s of %(working)s working days (%(rate)s%%)") % {
        "present": counts.present,
        "working": counts.working,
        "rate": counts.attendance_rate if counts.attendance_rate is not None else "-",
    }
    exceptions = gettext_now(
        "Late in %(late)s, early out %(early)s, incomplete %(incomplete)s, outside "
        "%(external)s, absent %(absent)s"
    ) % {
        "late": counts.late_in,
        "early": counts.early_out,
        "incomplete": counts.incomplete,
        "external": counts.external,
        "absent": counts.absent,
    }
    return [None, None, status, None, None, late, early, worked, exceptions, None]


def build(params: ReportParams) -> ReportTable:
    officers = list(
        Officer.objects.filter(pk__in=list(params.officer_ids))
        .order_by("org_unit__name", "user__full_name", "pk")
        .values_list("pk", "user__full_name", "org_unit__name")
    )
    by_officer: dict[int, dict[date, tuple[Any, ...]]] = defaultdict(dict)
    rows_found = AttendanceDay.objects.filter(
        officer_id__in=list(params.officer_ids), day__range=(params.start, params.end)
    ).order_by()
    for record in rows_found.values_list(*_DAY_FIELDS):
        by_officer[record[0]][record[1]] = record
    counts = day_counts_by(officer_ids=params.officer_ids, start=params.start, end=params.end)

    # Labels resolved once in the active language, not once per cell.
    statuses = {value: str(label) for value, label in AttendanceDay.Status.choices}
    categories = {code: str(label) for code, label in CATEGORY_LABELS.items()}
    weekdays = {number: str(name) for number, name in WEEKDAYS_ABBR.items()}
    days = [params.start + timedelta(days=n) for n in range((params.end - params.start).days + 1)]

    sections = []
    for pk, name, unit in officers:
        found = by_officer.get(pk, {})
        rows: list[list[Cell]] = []
        late = early = worked = 0
        for day in days:
            record = found.get(day)
            if record is None:
                rows.append([day, weekdays[day.weekday()], *([None] * 8)])
                continue
            late += record[5]
            early += record[6]
            worked += record[7]
            rows.append(
                [
                    day,
                    weekdays[day.weekday()],
                    statuses.get(record[2], record[2]),
                    record[3],
                    record[4],
                    record[5],
                    record[6],
                    record[7],
                    _labels(record[8], categories),
                    _labels(record[9], categories),
                ]
            )
        totals = _totals(counts.get(pk, DayCounts()), late, early, worked)
        sections.append(Section(title=name, subtitle=unit, rows=rows, totals=totals))
    return ReportTable(
        title=_("Monthly attendance sheet"),
        columns=COLUMNS,
        sections=sections,
        facts=standard_facts(
            start=params.start,
            end=params.end,
            unit_id=params.unit_id,
            officer_id=params.officer_id,
            officers=len(officers),
        ),
        notes=[
            _(
                "Exceptions are those still unexcused; an accepted explanation moves them to "
                "Excused. A day without a status has no record yet."
            )
        ],
    )


SPEC = register(
    ReportSpec(
        slug="monthly-sheet",
        title=_("Monthly attendance sheet (Lembaran Kehadiran Bulanan)"),
        description=_(
            "For each officer, a calendar of the period with each day's status, times, "
            "minutes and exceptions, and totals."
        ),
        build=build,
    )
)
