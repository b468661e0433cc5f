"""A report as CSV: UTF-8 with a byte-order mark (Excel opens it with the right accents), one
header row, a first "section" column when the report has several sections (the monthly sheet:
the officer), and each totals row marked with the word "Total" in its first empty cell."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from tenant_apps.reports.render.cells import plain, section_totals, totals_label
from tenant_apps.reports.table import ReportTable


def render_csv(table: ReportTable) -> bytes:
    """The report as CSV bytes, labels in the active language."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = table.columns
    titled = len(table.sections) > 1
    head = [str(column.label) for column in columns]
    writer.writerow([str(_("Section")), *head] if titled else head)
    for section in table.sections:
        lead = [section.title] if titled else []
        for row in section.rows:
            cells = [plain(v, c.kind) for c, v in zip(columns, row, strict=False)]
            writer.writerow([*lead, *cells])
        totals = section_totals(table, section)
        if totals is not None:
            cells = [plain(v, c.kind) for c, v in zip(columns, totals, strict=False)]
            if cells and not cells[0]:
                cells[0] = totals_label()
            writer.writerow([*lead, *cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
