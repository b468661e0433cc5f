"""A report as an A4 PDF (WeasyPrint): the agency's name and logo, the title, the filters, when
and by whom it was generated, the charts, the table, and "Page X of Y" at the foot of each page.

WeasyPrint fetches the logo through ``StaticOnlyFetcher``: files of the app's own static folder
and ``data:`` URIs only, anything else (http, other files) is refused, so a value in a report can
never make the server fetch a URL (SSRF)."""

from __future__ import annotations

import base64
import logging
import mimetypes
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from tenant_apps.reports.render.cells import display
from tenant_apps.reports.render.html import (
    facts_markup,
    head_markup,
    notes_markup,
    section_markup,
)
from tenant_apps.reports.render.listing import Listing, Page
from tenant_apps.reports.table import ReportTable

# WeasyPrint logs every page it lays out at INFO: a 100-page report would flood the worker's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

WIDE_TABLE = 8  # more columns than this: landscape
# More rows than this: the body is a fixed-width listing rather than a table (see listing.py).
LISTING_ABOVE_ROWS = 800
PORTRAIT = Page(width=188, height=268)
LANDSCAPE = Page(width=275, height=181)


def static_root() -> Path:
    return Path(settings.STATICFILES_DIRS[0]).resolve()


class FetchRefused(ValueError):
    """A URL the PDF may not load (WeasyPrint skips the resource and logs it)."""


def _fetcher_class() -> type[Any]:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Serves ``data:`` URIs and files inside the static folder; refuses everything else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                root = static_root()
                if path.is_relative_to(root) and path.is_file():
                    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        url, body=path.read_bytes(), headers={"Content-Type": mime}
                    )
            raise FetchRefused(f"Refused to fetch {url[:200]!r} for a report.")

    return StaticOnlyFetcher


def static_only_fetcher() -> Any:
    return _fetcher_class()()


STYLE = """
@page { size: A4 %(orientation)s; margin: 14mm 11mm 15mm 11mm;
  @bottom-center { content: %(footer)s; font: 7.5pt "DejaVu Sans", sans-serif; color: #555; }
  @bottom-right { content: %(agency)s; font: 7.5pt "DejaVu Sans", sans-serif; color: #555; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 7pt; line-height: 1.2; color: #111; }
.doc-head { display: flex; align-items: center; gap: 3mm; border-bottom: 0.6pt solid #0b3d91;
  padding-bottom: 2mm; margin-bottom: 2mm; }
.doc-head img { width: 11mm; height: 11mm; }
.agency { font-size: 9pt; font-weight: bold; color: #0b3d91; margin: 0; }
h1 { font-size: 12pt; margin: 0.5mm 0 0; }
h2 { font-size: 9pt; margin: 3mm 0 1mm; break-after: avoid; }
h2 .sub, .section-title .sub { font-weight: normal; color: #555; }
.generated { color: #555; margin: 0 0 2mm; }
.report-facts { margin: 0 0 2mm; }
.report-facts div { display: inline-block; margin-right: 5mm; }
.report-facts dt, .report-facts dd { display: inline; margin: 0; }
.report-facts dt { font-weight: bold; }
.report-facts dt:after { content: ": "; }
figure { margin: 0 0 3mm; }
figure img { width: 100%%; max-height: 70mm; }
table { width: 100%%; border-collapse: collapse; table-layout: fixed; }
th, td { padding: 0.3mm 1mm; border-bottom: 0.3pt solid #bbb; text-align: left;
  overflow: hidden; }
tr { break-inside: avoid; }
h2.new-page { break-before: page; }
thead th { background: #e8eef8; border-bottom: 0.6pt solid #0b3d91; }
.num { text-align: right; }
tr.totals th { border-top: 0.6pt solid #111; background: #f3f3f3; }
.report-notes { color: #555; padding-left: 4mm; }
"""


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _footer() -> str:
    """``"Page " counter(page) " of " counter(pages)`` in the active language."""
    marker_page, marker_pages = "\x00P\x00", "\x00T\x00"
    text = _("Page %(n)s of %(total)s") % {"n": marker_page, "total": marker_pages}
    out = []
    for piece in (
        text.replace(marker_pages, "\x01pages\x01")
        .replace(marker_page, "\x01page\x01")
        .split("\x01")
    ):
        if piece in ("page", "pages"):
            out.append(f"counter({piece})")
        elif piece:
            out.append(_css_string(piece))
    return " ".join(out)


def _colgroup(table: ReportTable) -> str:
    """Column widths from the header's longest word and the longest value among the first
    rows (a fixed layout is much faster for WeasyPrint than measuring every cell)."""
    columns = table.columns
    sample = [row for section in table.sections[:3] for row in section.rows[:40]]
    weights = []
    for index, column in enumerate(columns):
        longest = max((len(word) for word in str(column.label).split()), default=4)
        for row in sample:
            if index < len(row):
                longest = max(longest, len(display(row[index], column.kind)))
        weights.append(min(max(longest, 4), 30))
    whole = sum(weights) or 1
    cols = "".join(f'<col style="width:{100 * w / whole:.2f}%">' for w in weights)
    return f"<colgroup>{cols}</colgroup>"


def _chart(svg: str) -> str:
    data = base64.b64encode(svg.encode()).decode()
    return f'<figure><img src="data:image/svg+xml;base64,{data}" alt=""></figure>'


def document_html(
    table: ReportTable, *, agency_name: str, generated_by: str, generated_at: datetime
) -> str:
    """The PDF's HTML in the active language."""
    columns = table.columns
    titled = len(table.sections) > 1
    at = timezone.localtime(generated_at).strftime("%d/%m/%Y %H:%M")
    generated = _("Generated on %(at)s by %(name)s") % {"at": at, "name": generated_by}
    landscape = len(columns) > WIDE_TABLE
    style = STYLE % {
        "orientation": "landscape" if landscape else "portrait",
        "footer": _footer(),
        "agency": _css_string(agency_name),
    }
    listing = None
    if table.row_count > LISTING_ABOVE_ROWS:
        listing = Listing(table, LANDSCAPE if landscape else PORTRAIT)
        style += listing.style()
    parts = [
        '<header class="doc-head"><img src="img/logo.svg" alt="">'
        f'<div><p class="agency">{escape(agency_name)}</p><h1>{escape(table.title)}</h1></div>'
        "</header>",
        f'<p class="generated">{escape(generated)}</p>',
        facts_markup(table),
        *(_chart(chart) for chart in table.charts),
    ]
    if table.row_count == 0:
        nothing = escape(_("Nothing to show for these filters."))
        parts.append(f"<p>{nothing}</p>")
    head = "" if listing else _colgroup(table) + head_markup(columns)
    first = True
    first_block = True
    for section in table.sections:
        if not section.rows:
            continue
        if titled:
            sub = (
                f' <span class="sub">{escape(section.subtitle)}</span>' if section.subtitle else ""
            )
            # A long block (an officer's month) starts its own page: one sheet per officer.
            css = ' class="new-page"' if not first and len(section.rows) > 15 else ""
            parts.append(f"<h2{css}>{escape(section.title)}{sub}</h2>")
            first = False
        if listing is not None:
            totals = listing.totals[id(section)]
            parts.extend(listing.blocks(section.rows, totals, first=first_block))
        else:
            body = section_markup(table, section, section.rows, titled=False)
            parts.append(f"<table>{head}{body}</table>")
        first_block = False
    parts.append(notes_markup(table))
    language = translation.get_language() or settings.LANGUAGE_CODE
    return (
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        f"<title>{escape(table.title)}</title><style>{style}</style></head>"
        f"<body>{''.join(parts)}</body></html>"
    )


def render_pdf(
    table: ReportTable,
    *,
    agency_name: str,
    generated_by: str,
    generated_at: datetime,
    language: str,
) -> bytes:
    """The report as PDF bytes, with headings in ``language`` (ms or en)."""
    from weasyprint import HTML

    with translation.override(language):
        markup = document_html(
            table, agency_name=agency_name, generated_by=generated_by, generated_at=generated_at
        )
    document = HTML(
        string=markup, base_url=static_root().as_uri() + "/", url_fetcher=static_only_fetcher()
    )
    pdf: bytes = document.write_pdf()
    return pdf
