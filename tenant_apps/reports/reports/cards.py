"""Laporan warna kad (card colour report): each officer's card for every month in the period,
with the exceptions it counted, the rule version and any override; then the number of yellow,
green and red cards per month.

The yellow, green and red columns hold 1 for the card's colour, so their totals are the counts of
each colour, and the second section's rows (one per month) add up to the same totals."""

from __future__ import annotations

from collections import Counter
from datetime import date

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
from tenant_apps.worktime.models import CardColour

Colour = CardColour.Colour
COLOURS = (Colour.YELLOW, Colour.GREEN, Colour.RED)

COLUMNS = (
    Column("month", _("Month")),
    Column("officer", _("Officer")),
    Column("unit", _("Unit")),
    Column("colour", _("Card colour")),
    Column("yellow", _("Yellow"), "int", total=True),
    Column("green", _("Green"), "int", total=True),
    Column("red", _("Red"), "int", total=True),
    Column("counted", _("Exceptions counted"), "int", total=True),
    Column("rule_version", _("Rule version")),
    Column("overridden_by", _("Overridden by")),
    Column("override_reason", _("Override reason")),
)


def build(params: ReportParams) -> ReportTable:
    """Cards of the months that overlap the period, by month and officer."""
    cards = (
        CardColour.objects.filter(
            officer_id__in=params.officer_ids,
            month__gte=params.start.replace(day=1),
            month__lte=params.end,
        )
        .select_related("officer__user", "officer__org_unit", "overridden_by")
        .order_by("month", "officer__user__full_name", "officer_id")
    )
    rows: list[list[Cell]] = []
    per_month: dict[date, Counter[str]] = {}
    for card in cards:
        rows.append(_row(card))
        tally = per_month.setdefault(card.month, Counter())
        tally[card.colour] += 1
        tally["counted"] += _counted(card)
    months: list[list[Cell]] = [
        [f"{month:%m/%Y}", "", "", "", *(tally[c] for c in COLOURS), tally["counted"], "", "", ""]
        for month, tally in per_month.items()
    ]
    return ReportTable(
        title=_("Card colour report"),
        columns=COLUMNS,
        sections=[
            Section(title=str(_("Cards of each officer")), rows=rows),
            Section(title=str(_("Cards per month")), rows=months),
        ],
        facts=params_facts(params),
        notes=(
            _(
                "A month's card is judged from that month's unexcused exceptions. Months not yet "
                "evaluated have no cards."
            ),
            _("An overridden card shows who set it and why; later evaluations keep it."),
        ),
    )


def _counted(card: CardColour) -> int:
    value = (card.counts or {}).get("counted", 0)
    return value if isinstance(value, int) else 0


def _row(card: CardColour) -> list[Cell]:
    return [
        f"{card.month:%m/%Y}",
        card.officer.user.full_name,
        card.officer.org_unit.name,
        str(Colour(card.colour).label),
        *(int(card.colour == colour) for colour in COLOURS),
        _counted(card),
        card.rule_version,
        card.overridden_by.full_name if card.overridden_by else "",
        card.override_reason,
    ]


SPEC = register(
    ReportSpec(
        slug="cards",
        title=_("Card colour report (Laporan Warna Kad)"),
        description=_(
            "Each officer's yellow, green or red card for every month in the period, with the "
            "exceptions counted and any override, and the number of each colour per month."
        ),
        build=build,
        direct_limit=100_000,
    )
)
