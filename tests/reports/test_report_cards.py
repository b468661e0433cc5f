"""The card colour report over the shared world (tests/reports/conftest.py) with cards made
here: one row per officer per month overlapping the period, the per-month counts of each colour
(adding up to the same totals), overrides, the filters, an executive's scope, a constant query
count, and the same rows and totals in the HTML page, the CSV and the XLSX."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tenant_apps.people.models import Officer
from tenant_apps.reports.registry import report_by_slug
from tenant_apps.reports.reports import cards
from tenant_apps.reports.table import ReportParams, ReportTable, totals_for
from tenant_apps.worktime.models import CardColour
from tests.reports.conftest import AsUser, World, csv_rows, pdf_text, xlsx_rows
from tests.reports.test_report_exceptions import extra_officer, params_for, sql_count

# Any period: from the middle of February to the middle of April (three months' cards).
START, END = date(2025, 2, 10), date(2025, 4, 9)
Query = dict[str, str | int]
PERIOD: Query = {"period": "custom", "start": START.isoformat(), "end": END.isoformat()}
ALI, SITI, BADRUL = "ALI BIN AHMAD", "SITI BINTI HASSAN", "BADRUL BIN KASIM"
YELLOW, GREEN, RED = "Yellow (kuning)", "Green (hijau)", "Red (merah)"
COUNTS = slice(4, 8)  # yellow, green, red, exceptions counted
RULES = "Y3G2-LEI"


def card(officer: Officer, month: int, colour: str, counted: int = 0, **values: Any) -> None:
    values.setdefault("counts", {"LATE_IN": counted, "counted": counted})
    CardColour.objects.create(
        officer=officer, month=date(2025, month, 1), colour=colour, rule_version=RULES, **values
    )


@pytest.fixture
def carded(world: World) -> World:
    card(world.ali, 1, "yellow")  # before the period
    card(world.ali, 2, "green", 3)
    card(world.ali, 3, "red", 2)
    card(world.ali, 5, "red", 4)  # after the period
    card(world.siti, 2, "yellow")
    card(
        world.siti,
        3,
        "yellow",
        counts={},
        overridden_by=world.admin,
        override_reason="Kes kecemasan keluarga",
    )
    card(world.badrul, 3, "green", 3, counts={"EARLY_OUT": 3, "counted": 3})
    card(world.supervisor, 4, "yellow")
    return world


def params(world: World, **narrow: Any) -> ReportParams:
    narrow.setdefault("start", START)
    narrow.setdefault("end", END)
    return params_for(narrow.pop("actor", world.admin), **narrow)


def build(params: ReportParams) -> ReportTable:
    with translation.override("en"):
        return cards.build(params)


def totals(table: ReportTable, section: int) -> list[Any]:
    return totals_for(table.columns, table.sections[section].rows)[COUNTS]


def test_one_row_per_officer_and_month(carded: World) -> None:
    table = build(params(carded))

    rows = table.sections[0].rows
    assert [(r[0], r[1], r[3], *r[COUNTS]) for r in rows] == [
        ("02/2025", ALI, GREEN, 0, 1, 0, 3),
        ("02/2025", SITI, YELLOW, 1, 0, 0, 0),
        ("03/2025", ALI, RED, 0, 0, 1, 2),
        ("03/2025", BADRUL, GREEN, 0, 1, 0, 3),
        ("03/2025", SITI, YELLOW, 1, 0, 0, 0),
        ("04/2025", "PENYELIA OPERASI", YELLOW, 1, 0, 0, 0),
    ]
    assert totals(table, 0) == [3, 2, 1, 8]
    assert rows[0][2] == "Seksyen Data"
    assert rows[0][8:] == [RULES, "", ""]
    assert rows[4][8:] == [RULES, "PENTADBIR LAPORAN", "Kes kecemasan keluarga"]


def test_the_counts_per_month_add_up_to_the_same_totals(carded: World) -> None:
    table = build(params(carded))

    per_month = table.sections[1].rows
    assert [(r[0], *r[COUNTS]) for r in per_month] == [
        ("02/2025", 1, 1, 0, 3),
        ("03/2025", 1, 1, 1, 5),
        ("04/2025", 1, 0, 0, 0),
    ]
    assert totals(table, 1) == totals(table, 0) == [3, 2, 1, 8]


def test_filters_by_officer_and_unit(carded: World) -> None:
    siti = build(params(carded, officer=carded.siti))
    kewangan = build(params(carded, unit=carded.kewangan))
    operasi = build(params(carded, unit=carded.operasi))
    march = build(params(carded, start=date(2025, 3, 31), end=date(2025, 3, 31)))

    assert [(r[0], r[3]) for r in siti.sections[0].rows] == [
        ("02/2025", YELLOW),
        ("03/2025", YELLOW),
    ]
    assert [(r[1], r[3]) for r in kewangan.sections[0].rows] == [(BADRUL, GREEN)]
    assert {r[1] for r in operasi.sections[0].rows} == {ALI, SITI, "PENYELIA OPERASI"}
    assert [r[0] for r in march.sections[1].rows] == ["03/2025"]  # a one-day period


def test_executive_gets_nothing_of_an_ungranted_unit(carded: World, as_user: AsUser) -> None:
    table = build(params(carded, actor=carded.exec.user))

    assert BADRUL not in {r[1] for r in table.sections[0].rows}
    assert totals(table, 0) == totals(table, 1) == [3, 1, 1, 5]
    assert [(r[0], *r[COUNTS]) for r in table.sections[1].rows][1] == ("03/2025", 1, 0, 1, 2)
    with pytest.raises(Http404):
        params(carded, actor=carded.exec.user, unit=carded.kewangan)
    query: Query = {**PERIOD, "officer": carded.badrul.pk}
    assert as_user("exec").get("/reports/cards/", query).status_code == 404


def test_registered() -> None:
    assert report_by_slug("cards") is cards.SPEC


def test_query_count_does_not_grow_with_the_officers(carded: World) -> None:
    few = params(carded, unit=carded.operasi)
    with CaptureQueriesContext(connection) as small:
        cards.build(few)
    for n in range(12):
        officer = extra_officer(n, carded.data)
        card(officer, 2, "yellow", overridden_by=carded.admin, override_reason="Semakan")
        card(officer, 3, "green", 3)
    many = params(carded, unit=carded.operasi)
    with CaptureQueriesContext(connection) as big:
        table = cards.build(many)

    assert table.row_count == 5 + 24 + 3
    assert sql_count(big) == sql_count(small) == 2  # the cards, the unit's name


def test_the_page_the_csv_and_the_xlsx_agree(carded: World, as_user: AsUser) -> None:
    client = as_user("admin")
    query: Query = PERIOD

    page = client.get("/reports/cards/", query)
    csv = client.post("/reports/cards/export/", query | {"format": "csv"})
    xlsx = client.post("/reports/cards/export/", query | {"format": "xlsx"})
    pdf = client.post("/reports/cards/export/", query | {"format": "pdf"})

    assert page.status_code == csv.status_code == xlsx.status_code == pdf.status_code == 200
    html = page.content.decode()
    assert html.count("<tr><td>") == 6 + 3
    expected = '<th class="num">3</th><th class="num">2</th><th class="num">1</th>'
    assert html.count(expected) == 2  # the totals of both sections
    rows = csv_rows(csv.content)  # a first column names the section
    assert len(rows) == 1 + 6 + 1 + 3 + 1
    assert [row[5:9] for row in rows if row[1] in ("Total", "Jumlah")] == [["3", "2", "1", "8"]] * 2
    sheet = xlsx_rows(xlsx.content)
    assert len([row for row in sheet if row and str(row[0]).endswith("/2025")]) == 6 + 3
    assert [row[COUNTS] for row in sheet if row and row[0] in ("Total", "Jumlah")] == [
        (3, 2, 1, 8)
    ] * 2
    text = pdf_text(pdf.content)
    lines = [
        line.split() for line in text.splitlines() if line.split()[:1] in (["Total"], ["Jumlah"])
    ]
    assert [line[-4:] for line in lines] == [["3", "2", "1", "8"]] * 2
