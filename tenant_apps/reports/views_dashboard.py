"""Dashboard Eksekutif: today's tiles, this month's figures, the same by unit, and the last twelve
months' trend, as server-rendered SVG charts. The org admin sees the whole agency, an executive
the units granted to them, a supervisor their team; anyone with no one in reach, and a unit
filter outside the reach, get 404."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tenant_apps.people.access import request_user
from tenant_apps.reports import charts
from tenant_apps.reports.dashboard import CARD_COLOURS, ExecDashboard, exec_dashboard
from tenant_apps.reports.render import render_pdf
from tenant_apps.reports.scope import scope_of
from tenant_apps.reports.services import agency_name
from tenant_apps.reports.table import Column, ReportTable, Section

# Refresh today's tiles (htmx, the same page; only #today is swapped).
REFRESH_SECONDS = 60


def _now() -> datetime:
    """The moment the dashboard is for (a seam for tests)."""
    return timezone.now()


def _unit_id(request: HttpRequest) -> int | None:
    raw = request.GET.get("unit", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 10:
        raise Http404
    return int(raw)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _card_labels() -> dict[str, str]:
    return {"green": _("Green (hijau)"), "yellow": _("Yellow (kuning)"), "red": _("Red (merah)")}


def _charts(data: ExecDashboard) -> dict[str, str]:
    """The three charts; every label goes through charts.py, which escapes it."""
    no_data = _("No data for this period yet.")
    months = [date_format(point.month, "M Y") for point in data.trend]
    trend = charts.line_chart(
        [
            (_("Attendance rate"), [_number(p.attendance_rate) for p in data.trend]),
            (_("Late rate"), [_number(p.late_rate) for p in data.trend]),
        ],
        labels=months,
        title=_("Attendance and late rate, last 12 months"),
        percent=True,
        empty_text=no_data,
    )
    units = charts.bar_chart(
        [(row.name, _number(row.month.attendance_rate)) for row in data.rows],
        title=_("Attendance rate this month by unit"),
        percent=True,
        empty_text=no_data,
    )
    labels = _card_labels()
    cards = charts.stacked_bar(
        [row.name for row in data.rows],
        [
            (labels[colour], [row.month.cards[colour] for row in data.rows])
            for colour in CARD_COLOURS
        ],
        title=_("Card colours by unit"),
        colours={labels[colour]: charts.CARD_COLOURS[colour] for colour in CARD_COLOURS},
        empty_text=_("No card colours evaluated yet."),
    )
    return {"trend": trend, "units": units, "cards": cards}


@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """The executive dashboard for the actor's reach, optionally narrowed to one unit."""
    scope = scope_of(request_user(request))
    if not scope.officer_ids:
        raise Http404
    data = exec_dashboard(scope=scope, unit_id=_unit_id(request), now=_now())
    today = data.today
    labels = _card_labels()
    context: dict[str, Any] = {
        "data": data,
        "whole_agency": scope.whole_agency and data.unit is None,
        "scope_is_agency": scope.whole_agency,
        "refresh_seconds": REFRESH_SECONDS,
        "today_tiles": [
            ("expected", _("Expected today"), today.expected),
            ("present", _("Checked in"), today.present),
            ("late", _("Late in"), today.late),
            ("not_yet_in", _("Not yet in"), today.not_yet_in),
            ("bdr", _("Work from home (BDR)"), today.bdr),
            ("on_movement", _("On movement"), today.on_movement),
            ("outside", _("Outside the office"), today.outside),
        ],
        "cards": [(colour, labels[colour], data.month.cards[colour]) for colour in CARD_COLOURS],
        "charts": _charts(data),
    }
    if request.GET.get("format") == "pdf":
        return _pdf(request, data, context)
    return render(request, "reports/dashboard.html", context)


def _shown(value: Decimal | None) -> str:
    return "–" if value is None else str(value)


def _pdf(request: HttpRequest, data: ExecDashboard, context: dict[str, Any]) -> HttpResponse:
    """The same figures and the same SVG charts on A4, for a meeting or a file."""
    table = ReportTable(
        title=_("Statistics dashboard"),
        columns=[
            Column("unit", _("Unit")),
            Column("officers", _("Officers"), "int", total=True),
            Column("rate", _("Attendance rate (%)"), "percent"),
            Column("late", _("Late rate (%)"), "percent"),
            Column("late_minutes", _("Average late minutes"), "number"),
            Column("open", _("Open issues"), "int", total=True),
            Column("overdue", _("Overdue issues"), "int", total=True),
        ],
        sections=[
            Section(
                title=_("This month by unit"),
                rows=[
                    [
                        row.name,
                        row.officers,
                        row.month.attendance_rate,
                        row.month.late_rate,
                        row.month.average_late_minutes,
                        row.month.open_issues,
                        row.month.overdue_issues,
                    ]
                    for row in data.rows
                ],
            )
        ],
        facts=[
            *((label, str(value)) for _key, label, value in context["today_tiles"]),
            (_("Attendance rate this month (%)"), _shown(data.month.attendance_rate)),
            (_("Late rate this month (%)"), _shown(data.month.late_rate)),
            (_("Average late minutes"), _shown(data.month.average_late_minutes)),
            (_("Open issues"), str(data.month.open_issues)),
            (_("Overdue issues"), str(data.month.overdue_issues)),
        ],
        charts=list(context["charts"].values()),
    )
    content = render_pdf(
        table,
        agency_name=agency_name(),
        generated_by=request_user(request).full_name,
        generated_at=timezone.now(),
        language=get_language() or "ms",
    )
    response = HttpResponse(content, content_type="application/pdf")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="dashboard-{stamp}.pdf"'
    return response
