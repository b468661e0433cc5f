"""Laporan BDR dan pulang awal: every arrangement (BDR, pregnancy early leave, Ramadan shortened
rest) that overlaps the period, whatever its status, and each officer's approved BDR days.

Days are calendar days of the arrangement inside the period; a morning or afternoon BDR counts
half a day."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from tenant_apps.reports.metrics import params_facts
from tenant_apps.reports.registry import register
from tenant_apps.reports.table import (
    Cell,
    Column,
    ReportParams,
    ReportSpec,
    ReportTable,
    Section,
)
from tenant_apps.worktime.models import Arrangement

Kind = Arrangement.Kind
Scope = Arrangement.Scope
Status = Arrangement.Status
HALF = Decimal("0.5")

COLUMNS = (
    Column("officer", _("Officer")),
    Column("unit", _("Unit")),
    Column("kind", _("Arrangement")),
    Column("scope", _("Scope")),
    Column("starts_on", _("From"), "date"),
    Column("ends_on", _("Until"), "date"),
    Column("days", _("Days in the period"), "number", total=True),
    Column("status", _("Status")),
    Column("decided_by", _("Decided by")),
    Column("decided_at", _("Decided at"), "datetime"),
    Column("note", _("Note")),
)


def days_in_period(arrangement: Arrangement, start: date, end: date) -> Decimal:
    """Calendar days of the arrangement between ``start`` and ``end`` (inclusive); half for a
    morning or afternoon BDR."""
    first = max(arrangement.starts_on, start)
    last = min(arrangement.ends_on, end)
    days = Decimal(max((last - first).days + 1, 0))
    return days * HALF if arrangement.scope != Scope.FULL else days


def build(params: ReportParams) -> ReportTable:
    """The arrangements by officer and start, then the approved BDR days per officer."""
    arrangements = (
        Arrangement.objects.filter(
            officer_id__in=params.officer_ids,
            starts_on__lte=params.end,
            ends_on__gte=params.start,
        )
        .select_related("officer__user", "officer__org_unit", "decided_by")
        .order_by("officer__user__full_name", "officer_id", "starts_on", "id")
    )
    rows: list[list[Cell]] = []
    bdr: dict[int, list[Arrangement]] = defaultdict(list)
    for arrangement in arrangements:
        rows.append(_row(arrangement, params))
        if arrangement.kind == Kind.BDR and arrangement.status == Status.APPROVED:
            bdr[arrangement.officer_id].append(arrangement)
    return ReportTable(
        title=_("BDR and early-leave report"),
        columns=COLUMNS,
        sections=[
            Section(title=str(_("Arrangements")), rows=rows),
            Section(
                title=str(_("Approved BDR days per officer")),
                rows=[_bdr_row(items, params) for items in bdr.values()],
            ),
        ],
        facts=params_facts(params),
        notes=(
            _(
                "Days are calendar days of the arrangement inside the period; a morning or "
                "afternoon BDR counts half a day."
            ),
            _("Only approved BDR counts in the days per officer."),
        ),
    )


def _row(arrangement: Arrangement, params: ReportParams) -> list[Cell]:
    return [
        arrangement.officer.user.full_name,
        arrangement.officer.org_unit.name,
        str(Kind(arrangement.kind).label),
        str(Scope(arrangement.scope).label),
        arrangement.starts_on,
        arrangement.ends_on,
        days_in_period(arrangement, params.start, params.end),
        str(Status(arrangement.status).label),
        arrangement.decided_by.full_name if arrangement.decided_by else "",
        timezone.localtime(arrangement.decided_at) if arrangement.decided_at else None,
        arrangement.decision_note,
    ]


def _bdr_row(items: list[Arrangement], params: ReportParams) -> list[Cell]:
    """One officer's approved BDR in the period: the first and last day inside it, the days."""
    first = items[0]
    return [
        first.officer.user.full_name,
        first.officer.org_unit.name,
        str(Kind.BDR.label),
        "",
        max(min(item.starts_on for item in items), params.start),
        min(max(item.ends_on for item in items), params.end),
        sum((days_in_period(item, params.start, params.end) for item in items), Decimal(0)),
        str(Status.APPROVED.label),
        "",
        None,
        _t("%(count)d approved BDR arrangement(s)") % {"count": len(items)},
    ]


SPEC = register(
    ReportSpec(
        slug="arrangements",
        title=_("BDR and early-leave report (Laporan BDR dan Pulang Awal)"),
        description=_(
            "Every work-from-home (BDR), pregnancy early-leave and Ramadan shortened-rest "
            "arrangement in the period with its decision, and the approved BDR days of each "
            "officer."
        ),
        build=build,
        direct_limit=100_000,
    )
)
