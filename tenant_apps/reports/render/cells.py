"""What every renderer shares: the totals row of a section and a cell's text."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from tenant_apps.reports.table import Cell, Column, ReportTable, Section, totals_for


def has_totals(columns: Sequence[Column]) -> bool:
    return any(column.total for column in columns)


def section_totals(table: ReportTable, section: Section) -> list[Cell] | None:
    """The section's own totals row, or the sums of its ``total`` columns; None when the report
    has no totals."""
    if section.totals is not None:
        return list(section.totals)
    if not has_totals(table.columns):
        return None
    return totals_for(table.columns, section.rows)


def totals_label() -> str:
    return _("Total")


def local(value: datetime) -> datetime:
    """An aware time in Malaysia (the agency's business time zone)."""
    return timezone.localtime(value) if timezone.is_aware(value) else value


def display(value: Cell, kind: str) -> str:
    """A cell as people read it (HTML and PDF): 31/01/2026, 08:05, 95.5."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        moment = local(value)
        return moment.strftime("%H:%M") if kind == "time" else moment.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if kind in ("number", "percent") and isinstance(value, int | float | Decimal):
        return f"{Decimal(str(value)):.1f}"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def plain(value: Cell, kind: str) -> str:
    """A cell for machines (CSV): ISO dates, 24-hour times, a dot for decimals."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        moment = local(value)
        return moment.strftime("%H:%M") if kind == "time" else moment.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if kind in ("number", "percent") and isinstance(value, int | float | Decimal):
        return f"{Decimal(str(value)):.1f}"
    return str(value)


def is_numeric(kind: str) -> bool:
    return kind in ("int", "number", "percent")
