"""The unit summary and the monthly sheet against hand-computed figures (tests/reports/conftest.py
``EXPECTED``), and the same totals in the HTML, CSV, XLSX and PDF of one report."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import timezone, translation

from tenant_apps.reports.metrics import DayCounts
from tenant_apps.reports.registry import report_by_slug
from tenant_apps.reports.render import render_csv, render_html, render_pdf, render_xlsx
from tenant_apps.reports.reports import monthly_sheet, unit_summary
from tenant_apps.reports.scope import narrowed, scope_of
from tenant_apps.reports.table import ReportParams, ReportTable
from tests.reports.conftest import (
    EXPECTED,
    EXPECTED_AGENCY_TOTAL,
    EXPECTED_EXEC_TOTAL,
    MONTH_END,
    MONTH_START,
    World,
    csv_rows,
    pdf_text,
    xlsx_rows,
)


def _params(world: World, actor_key: str = "admin", **narrow: int | None) -> ReportParams:
    actor = world.admin if actor_key == "admin" else getattr(world, actor_key).user
    ids = narrowed(
        scope_of(actor), unit_id=narrow.get("unit_id"), officer_id=narrow.get("officer_id")
    )
    return ReportParams(
        start=MONTH_START,
        end=MONTH_END,
        officer_ids=ids,
        unit_id=narrow.get("unit_id"),
        officer_id=narrow.get("officer_id"),
    )


def _rows_by_name(table: ReportTable) -> dict[str, list[object]]:
    return {str(row[0]): list(row) for row in table.sections[0].rows}


def test_both_reports_are_registered() -> None:
    assert report_by_slug("unit-summary") is unit_summary.SPEC
    assert report_by_slug("monthly-sheet") is monthly_sheet.SPEC


def test_unit_summary_matches_the_hand_computed_figures(world: World) -> None:
    table = unit_summary.build(_params(world))
    rows = _rows_by_name(table)
    for key, expected in EXPECTED.items():
        officer = getattr(world, key)
        assert tuple(rows[officer.user.full_name][2:]) == expected, key
    assert rows["ALI BIN AHMAD"][1] == "Seksyen Data"
    # An officer without a stored day has a row of zeros and no rate.
    assert rows["PEGAWAI BIASA"][2:] == [0, 0, 0, 0, 0, 0, 0, 0, 0, None]
    assert tuple(table.sections[0].totals[2:]) == EXPECTED_AGENCY_TOTAL  # type: ignore[index]


def test_unit_summary_of_a_unit_takes_the_units_below_it(world: World) -> None:
    table = unit_summary.build(_params(world, unit_id=world.operasi.pk))
    assert set(_rows_by_name(table)) == {
        "ALI BIN AHMAD",
        "SITI BINTI HASSAN",
        "PENYELIA OPERASI",
        "EKSEKUTIF OPERASI",
    }
    assert tuple(table.sections[0].totals[2:]) == EXPECTED_EXEC_TOTAL  # type: ignore[index]
    assert any(value.startswith("Bahagian Operasi") for _label, value in table.facts)


def test_an_executive_gets_only_the_granted_tree_and_its_totals(world: World) -> None:
    table = unit_summary.build(_params(world, "exec"))
    assert "BADRUL BIN KASIM" not in _rows_by_name(table)
    assert tuple(table.sections[0].totals[2:]) == EXPECTED_EXEC_TOTAL  # type: ignore[index]


def test_the_monthly_sheet_has_a_row_for_every_day_and_the_same_totals(world: World) -> None:
    table = monthly_sheet.build(_params(world, officer_id=world.ali.pk))
    assert len(table.sections) == 1
    section = table.sections[0]
    assert section.title == "ALI BIN AHMAD"
    assert section.subtitle == "Seksyen Data"
    assert [row[0] for row in section.rows] == [date(2025, 3, n) for n in range(1, 32)]
    with translation.override("en"):
        table = monthly_sheet.build(_params(world, officer_id=world.ali.pk))
    rows = {row[0]: row for row in table.sections[0].rows}
    third = rows[date(2025, 3, 3)]
    assert third[1] == "Mon"
    assert third[2] == "Present"
    assert timezone.localtime(third[3]).strftime("%H:%M") == "09:15"  # type: ignore[arg-type]
    assert third[5:8] == [15, 0, 480]
    assert third[8] == "Late in"
    assert rows[date(2025, 3, 11)][8] == "Late in, Incomplete"
    assert rows[date(2025, 3, 12)][9] == "Late in"  # excused
    assert rows[date(2025, 3, 6)][2] == "Absent"
    assert rows[date(2025, 3, 2)][2:] == [None] * 8  # no record
    totals = table.sections[0].totals
    assert totals is not None
    assert totals[5:8] == [30, 30, 2590]
    assert totals[2] == "Present 6 of 7 working days (85.7%)"
    assert totals[8] == ("Late in 2, early out 1, incomplete 1, outside 0, absent 1")


def test_the_monthly_sheet_has_one_section_per_officer_in_scope(world: World) -> None:
    table = monthly_sheet.build(_params(world, "supervisor"))
    assert [s.title for s in table.sections] == ["ALI BIN AHMAD", "SITI BINTI HASSAN"]
    siti = table.sections[1].totals
    assert siti is not None
    assert siti[5] == 20


@pytest.mark.parametrize("language", ["ms", "en"])
def test_every_format_carries_the_same_totals(world: World, language: str) -> None:
    with translation.override(language):
        table = unit_summary.build(_params(world, unit_id=world.operasi.pk))
        request = RequestFactory().get("/reports/unit-summary/")
        html = render_html(table, request)
        csv_content = render_csv(table)
        xlsx_content = render_xlsx(table)
    pdf = render_pdf(
        table,
        agency_name="Agensi Ujian A",
        generated_by="PENTADBIR LAPORAN",
        generated_at=timezone.now(),
        language=language,
    )
    # (working, present, absent, late in, early out, incomplete, outside, late, early, rate)
    expected = ["12", "10", "2", "3", "1", "1", "1", "50", "30", "83.3"]

    totals_html = html.split('data-testid="totals-row">')[1].split("</tr>")[0]
    cells = [cell.split(">")[1] for cell in totals_html.split("</th>") if ">" in cell]
    assert cells[2:] == expected

    rows = csv_rows(csv_content)
    totals_csv = [row for row in rows if row and row[0] in ("Total", "Jumlah")]
    assert len(totals_csv) == 1
    assert totals_csv[0][2:] == expected

    sheet = xlsx_rows(xlsx_content)
    totals_xlsx = [row for row in sheet if row and row[0] in ("Total", "Jumlah")]
    assert len(totals_xlsx) == 1
    numbers = list(totals_xlsx[0][2:12])
    assert numbers[:9] == [12, 10, 2, 3, 1, 1, 1, 50, 30]
    assert numbers[9] == pytest.approx(83.3)

    text = pdf_text(pdf)
    assert "Agensi Ujian A" in text
    assert "PENTADBIR LAPORAN" in text
    line = next(line for line in text.splitlines() if line.strip().startswith(cells[0]))
    assert line.split()[-10:] == expected
    footer = "Halaman 1 daripada 1" if language == "ms" else "Page 1 of 1"
    assert footer in text


def test_the_pdf_loads_no_url_from_outside_the_static_folder(world: World) -> None:
    from tenant_apps.reports.render.pdf import FetchRefused, static_only_fetcher, static_root

    fetcher = static_only_fetcher()
    logo = (static_root() / "img" / "logo.svg").as_uri()
    assert b"<svg" in fetcher.fetch(logo).read()
    assert fetcher.fetch("data:text/plain;base64,aGVsbG8=").read() == b"hello"
    for url in (
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/logo.png",
        "file:///etc/passwd",
        (static_root() / ".." / ".." / "manage.py").as_uri(),
        "ftp://example.com/x",
    ):
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)


def test_rates_are_rounded_half_up_to_one_decimal() -> None:
    from tenant_apps.reports.metrics import rate

    assert rate(6, 7) == Decimal("85.7")
    assert rate(2, 3) == Decimal("66.7")
    assert rate(1, 8) == Decimal("12.5")
    assert rate(1, 0) is None


def test_a_long_pdf_is_a_listing_with_the_same_totals() -> None:
    """Above 800 rows the PDF body is a fixed-width listing (fast): the values and totals are
    the same as the table's, and every page repeats the column headings."""
    from tenant_apps.reports.render.pdf import LISTING_ABOVE_ROWS
    from tenant_apps.reports.table import Section

    counts = DayCounts(working=18000, present=17100, absent=900, late_in=899, late_minutes=4495)
    rows = [
        [f"PEGAWAI {n:04d}", "Seksyen Data", 20, 19, 1, n % 3, 0, 0, 0, 5 * (n % 3), 0, None]
        for n in range(LISTING_ABOVE_ROWS + 100)
    ]
    table = ReportTable(
        title="Ringkasan",
        columns=unit_summary.COLUMNS,
        sections=[
            Section(title="", rows=rows, totals=[None, None, *unit_summary.counts_row(counts)])
        ],
    )
    pdf = render_pdf(
        table, agency_name="Agensi", generated_by="X", generated_at=timezone.now(), language="en"
    )
    text = pdf_text(pdf)
    assert "PEGAWAI 0899" in text
    lines = text.splitlines()
    total = next(line for line in lines if line.strip().startswith("Total"))
    assert total.split()[1:] == ["18000", "17100", "900", "899", "0", "0", "0", "4495", "0", "95.0"]
    pages = text.count("\f") + 1
    assert pages > 5
    assert sum(1 for line in lines if line.strip().startswith("Name")) >= pages - 1


def test_the_unit_summary_chart_is_the_same_on_the_page_and_in_the_pdf(world: World) -> None:
    with translation.override("en"):
        table = unit_summary.build(_params(world))
        [chart] = table.charts
        # Late in: 4 in the agency-wide totals, drawn as the bar's label.
        assert "Exceptions in the period" in chart
        assert ">4<" in chart
        page = render_html(table, RequestFactory().get("/"))
        pdf = render_pdf(
            table,
            agency_name="Agensi",
            generated_by="X",
            generated_at=timezone.now(),
            language="en",
        )
    assert chart in page
    assert "Exceptions in the period" in pdf_text(pdf)
