"""Ringkasan unit (unit summary): one row per officer with the period's working days, days
present and absent, each exception's count, total late and early minutes and the attendance
rate; a totals row whose rate is the whole group's. Three queries whatever the number of
officers (the officers, their days aggregated in the database, the unit's name)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tenant_apps.people.models import Officer
from tenant_apps.reports.charts import bar_chart
from tenant_apps.reports.metrics import DayCounts, day_counts_by, standard_facts, summed
from tenant_apps.reports.registry import register
from tenant_apps.reports.table import Cell, Column, ReportParams, ReportSpec, ReportTable, Section

COLUMNS = (
    Column("name", _("Name")),
    Column("unit", _("Unit")),
    Column("working", _("Working days"), "int", total=True),
    Column("present", _("Present"), "int", total=True),
    Column("absent", _("Absent"), "int", total=True),
    Column("late_in", _("Late in"), "int", total=True),
    Column("early_out", _("Early out"), "int", total=True),
    Column("incomplete", _("Incomplete"), "int", total=True),
    Column("external", _("Outside the office"), "int", total=True),
    Column("late_minutes", _("Late minutes"), "int", total=True),
    Column("early_minutes", _("Early minutes"), "int", total=True),
    Column("rate", _("Attendance rate (%)"), "percent"),
)


def counts_row(counts: DayCounts) -> list[Cell]:
    """The numeric part of a row (every column after name and unit)."""
    return [
        counts.working,
        counts.present,
        counts.absent,
        counts.late_in,
        counts.early_out,
        counts.incomplete,
        counts.external,
        counts.late_minutes,
        counts.early_minutes,
        counts.attendance_rate,
    ]


def exceptions_chart(total: DayCounts) -> str:
    """The period's exceptions by kind: the same SVG on the page and in the PDF."""
    return bar_chart(
        [
            (str(_("Absent")), total.absent),
            (str(_("Late in")), total.late_in),
            (str(_("Early out")), total.early_out),
            (str(_("Incomplete")), total.incomplete),
            (str(_("Outside the office")), total.external),
        ],
        title=str(_("Exceptions in the period")),
        empty_text=str(_("No data")),
    )


def build(params: ReportParams) -> ReportTable:
    officers = list(
        Officer.objects.filter(pk__in=list(params.officer_ids))
        .order_by("org_unit__name", "user__full_name", "pk")
        .values_list("pk", "user__full_name", "org_unit__name")
    )
    counts = day_counts_by(officer_ids=params.officer_ids, start=params.start, end=params.end)
    rows: list[list[Cell]] = []
    for pk, name, unit in officers:
        rows.append([name, unit, *counts_row(counts.get(pk, DayCounts()))])
    total = summed(counts.get(pk, DayCounts()) for pk, _name, _unit in officers)
    section = Section(title="", rows=rows, totals=[None, None, *counts_row(total)])
    return ReportTable(
        title=_("Unit attendance summary"),
        columns=COLUMNS,
        sections=[section],
        facts=standard_facts(
            start=params.start,
            end=params.end,
            unit_id=params.unit_id,
            officer_id=params.officer_id,
            officers=len(officers),
        ),
        charts=[exceptions_chart(total)],
        notes=[
            _(
                "Attendance rate: days present (at the office or BDR) out of working days "
                "(present, BDR or absent; leave, weekends, holidays and rest days excluded). "
                "Exceptions count the days still unexcused."
            )
        ],
    )


SPEC = register(
    ReportSpec(
        slug="unit-summary",
        title=_("Unit attendance summary (Ringkasan Kehadiran Unit)"),
        description=_(
            "Per officer: working days, present, absent, each exception, late and early "
            "minutes and the attendance rate, with totals."
        ),
        build=build,
    )
)
