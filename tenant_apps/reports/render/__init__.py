"""The four renderers of a ``ReportTable``. Every format is made from the same table, so the
HTML, PDF, XLSX and CSV of one report carry the same numbers."""

from tenant_apps.reports.render.csv import render_csv
from tenant_apps.reports.render.html import render_html
from tenant_apps.reports.render.pdf import render_pdf
from tenant_apps.reports.render.xlsx import render_xlsx

__all__ = ["render_csv", "render_html", "render_pdf", "render_xlsx"]
