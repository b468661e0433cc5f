"""One shape for every report: a ``ReportTable`` is computed once by the report's query and then
rendered as HTML, PDF, XLSX or CSV, so every format carries the same numbers by construction.

A report module (``tenant_apps/reports/reports/<name>.py``) defines a ``ReportSpec`` and a
``build(params: ReportParams) -> ReportTable`` function, and registers it in
``tenant_apps/reports/registry.py``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils.functional import Promise

# A cell is plain data; renderers format it (dates as d/m/Y, minutes as numbers, None as "").
Cell = str | int | float | Decimal | date | datetime | None
Text = str | Promise  # a translatable label: rendered in the active language


@dataclass(frozen=True)
class Column:
    key: str
    label: Text
    kind: str = "text"  # text, int, number (1 decimal), percent (1 decimal), date, time, datetime
    total: bool = False  # sum this column in the totals row


@dataclass(frozen=True)
class Section:
    """A titled block of rows (the monthly sheet has one section per officer)."""

    title: str
    rows: Sequence[Sequence[Cell]]
    totals: Sequence[Cell] | None = None  # computed by ``ReportTable.with_totals`` when None
    subtitle: str = ""


@dataclass(frozen=True)
class ReportParams:
    """What the filter form gives a report. ``officer_ids`` is already limited to what the
    requesting user may see (the scope); a report never widens it."""

    start: date
    end: date  # inclusive; at most 12 months after start
    officer_ids: Sequence[int]
    unit_id: int | None = None
    officer_id: int | None = None
    category: str | None = None  # LATE_IN, EARLY_OUT, INCOMPLETE, ABSENT, EXTERNAL or None


@dataclass(frozen=True)
class ReportTable:
    title: Text
    columns: Sequence[Column]
    sections: Sequence[Section]
    # Facts printed above the table (period, unit, filters), as (label, value) pairs.
    facts: Sequence[tuple[Text, str]] = ()
    notes: Sequence[Text] = ()
    # Optional server-rendered SVG charts (strings) shown in HTML and PDF, not in XLSX/CSV.
    charts: Sequence[str] = ()

    @property
    def row_count(self) -> int:
        return sum(len(section.rows) for section in self.sections)


@dataclass(frozen=True)
class ReportSpec:
    slug: str  # URL name: /reports/<slug>/
    title: Text
    description: Text
    build: Callable[[ReportParams], ReportTable]
    # Above this many officers in scope × days in the period the report is built by a Celery
    # task with a progress bar instead of on the request.
    direct_limit: int = 20_000
    uses_category: bool = False
    needs_officer: bool = False  # e.g. the evidence-style per-officer reports
    extra: dict[str, object] = field(default_factory=dict)


def totals_for(columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> list[Cell]:
    """The totals row: the sum of every ``total`` column, blank elsewhere."""
    totals: list[Cell] = []
    for index, column in enumerate(columns):
        if not column.total:
            totals.append(None)
            continue
        values = [row[index] for row in rows if isinstance(row[index], int | float | Decimal)]
        totals.append(sum(values) if values else 0)  # type: ignore[arg-type]
    return totals
