"""A report as an Excel workbook (openpyxl, write-only for speed): one sheet; the title and
filters on top, a bold header row, then each section as a block (its title row when there are
several, its rows, a bold totals row). Numbers are numbers, dates are dates, times are times in
Malaysia time."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.worksheet._write_only import WriteOnlyWorksheet  # type: ignore[import-untyped]

from tenant_apps.reports.render.cells import local, section_totals, totals_label
from tenant_apps.reports.table import Cell, Column, ReportTable

BOLD = Font(bold=True)
FORMATS = {
    "date": "dd/mm/yyyy",
    "time": "hh:mm",
    "datetime": "dd/mm/yyyy hh:mm",
    "number": "0.0",
    "percent": "0.0",
}


def _value(value: Cell, kind: str) -> Any:
    if isinstance(value, datetime):
        moment = local(value).replace(tzinfo=None)
        return moment.time() if kind == "time" else moment
    if isinstance(value, Decimal):
        return float(value)
    return value


def _cell(sheet: WriteOnlyWorksheet, value: Cell, kind: str, *, bold: bool = False) -> Any:
    converted = _value(value, kind)
    fmt = FORMATS.get(kind)
    if isinstance(converted, datetime):
        fmt = FORMATS["time"] if kind == "time" else FORMATS["datetime"]
    elif isinstance(converted, date):
        fmt = FORMATS["date"]
    elif isinstance(converted, time):
        fmt = FORMATS["time"]
    elif not isinstance(converted, float):
        fmt = None  # text and whole numbers need no style (General shows them as they are)
    if fmt is None and not bold:
        return converted  # a plain value: no cell object, much faster
    cell = WriteOnlyCell(sheet, value=converted)
    if fmt is not None:
        cell.number_format = fmt
    if bold:
        cell.font = BOLD
    return cell


def _row(
    sheet: WriteOnlyWorksheet, columns: Sequence[Column], row: Sequence[Cell], bold: bool = False
) -> list[Any]:
    return [_cell(sheet, v, c.kind, bold=bold) for c, v in zip(columns, row, strict=False)]


def _bold(sheet: WriteOnlyWorksheet, text: str) -> Any:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = BOLD
    return cell


def render_xlsx(table: ReportTable) -> bytes:
    """The report as .xlsx bytes, labels in the active language."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=str(_("Report"))[:31])
    columns = table.columns
    sheet.append([_bold(sheet, str(table.title))])
    for label, value in table.facts:
        sheet.append([str(label), value])
    sheet.append([])
    sheet.append([_bold(sheet, str(column.label)) for column in columns])
    titled = len(table.sections) > 1
    for section in table.sections:
        if titled:
            sheet.append([_bold(sheet, section.title), section.subtitle or None])
        for row in section.rows:
            sheet.append(_row(sheet, columns, row))
        totals = section_totals(table, section)
        if totals is not None:
            if totals and totals[0] is None:
                totals[0] = totals_label()
            sheet.append(_row(sheet, columns, totals, bold=True))
        if titled:
            sheet.append([])
    for note in table.notes:
        sheet.append([str(note)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
