"""The movements report over the shared world (tests/reports/conftest.py) with movements made
here: every movement overlapping the period (its edges in Malaysia time), its hours, the
filters, an executive's scope, a constant query count, and the same rows and totals in the HTML
page, the CSV and the XLSX."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tenant_apps.movements.models import Movement
from tenant_apps.people.models import Officer
from tenant_apps.reports.registry import report_by_slug
from tenant_apps.reports.reports import movements
from tenant_apps.reports.table import ReportParams, ReportTable, totals_for
from tests.reports.conftest import AsUser, World, at, csv_rows, xlsx_rows
from tests.reports.test_report_exceptions import extra_officer, params_for, sql_count

# Any period, not a calendar month.
START, END = date(2025, 3, 10), date(2025, 4, 9)
Query = dict[str, str | int]
PERIOD: Query = {"period": "custom", "start": START.isoformat(), "end": END.isoformat()}
ALI, SITI, BADRUL = "ALI BIN AHMAD", "SITI BINTI HASSAN", "BADRUL BIN KASIM"
HOURS = 4  # the hours column


def march(n: int) -> date:
    return date(2025, 3, n)


def move(officer: Officer, start: datetime, end: datetime, **values: Any) -> Movement:
    values = {"purpose": "Mesyuarat", "place": "MAMPU", **values}
    return Movement.objects.create(officer=officer, starts_at=start, ends_at=end, **values)


@pytest.fixture
def moves(world: World) -> World:
    ali, siti, badrul = world.ali, world.siti, world.badrul
    move(ali, at(march(9), 15), at(march(9), 17))  # before the period
    move(ali, at(march(9), 22), at(START, 1), purpose="Operasi malam")  # 3 h, across midnight
    move(
        ali,
        at(march(20), 9),
        at(march(20), 11, 30),
        acknowledged_by=world.supervisor.user,
        acknowledged_at=at(march(20), 9, 15),
    )  # 2.5 h
    move(
        ali,
        at(march(22), 14),
        at(march(22), 16),
        status=Movement.Status.CANCELLED,
        cancelled_at=at(march(22), 13),
    )  # no hours
    move(siti, at(END, 16), at(END, 18, 30), place="JPA")  # 2.5 h on the last day
    move(siti, at(END + timedelta(days=1), 0), at(END + timedelta(days=1), 2))  # after
    move(badrul, at(march(20), 9), at(march(20), 13))  # 4 h
    return world


def params(world: World, **narrow: Any) -> ReportParams:
    narrow.setdefault("start", START)
    narrow.setdefault("end", END)
    return params_for(narrow.pop("actor", world.admin), **narrow)


def build(params: ReportParams) -> ReportTable:
    with translation.override("en"):
        return movements.build(params)


def hours(table: ReportTable) -> Any:
    return totals_for(table.columns, table.sections[0].rows)[HOURS]


def test_lists_the_movements_overlapping_the_period(moves: World) -> None:
    table = build(params(moves))

    rows = table.sections[0].rows
    assert [(r[0], r[2], r[HOURS], r[7]) for r in rows] == [
        (ALI, at(date(2025, 3, 9), 22), 3.0, "Declared"),
        (ALI, at(date(2025, 3, 20), 9), 2.5, "Declared"),
        (ALI, at(date(2025, 3, 22), 14), None, "Cancelled"),
        (BADRUL, at(date(2025, 3, 20), 9), 4.0, "Declared"),
        (SITI, at(END, 16), 2.5, "Declared"),
    ]
    assert hours(table) == 12.0
    acknowledged = rows[1]
    assert acknowledged[1] == "Seksyen Data"
    assert acknowledged[3] == at(date(2025, 3, 20), 11, 30)
    assert acknowledged[5:7] == ["Mesyuarat", "MAMPU"]
    assert acknowledged[9:] == ["PENYELIA OPERASI", at(date(2025, 3, 20), 9, 15)]
    assert rows[0][9:] == ["", None]


def test_unit_filter_takes_the_units_below(moves: World) -> None:
    operasi = build(params(moves, unit=moves.operasi))
    kewangan = build(params(moves, unit=moves.kewangan))

    assert {r[0] for r in operasi.sections[0].rows} == {ALI, SITI}  # in Seksyen Data
    assert (operasi.row_count, hours(operasi)) == (4, 8.0)
    assert [(r[0], r[HOURS]) for r in kewangan.sections[0].rows] == [(BADRUL, 4.0)]


def test_officer_filter_and_a_short_period(moves: World) -> None:
    table = build(params(moves, officer=moves.ali, start=date(2025, 3, 20), end=date(2025, 3, 22)))

    assert [r[2] for r in table.sections[0].rows] == [
        at(date(2025, 3, 20), 9),
        at(date(2025, 3, 22), 14),
    ]
    assert hours(table) == 2.5


def test_executive_gets_nothing_of_an_ungranted_unit(moves: World, as_user: AsUser) -> None:
    table = build(params(moves, actor=moves.exec.user))

    assert {r[0] for r in table.sections[0].rows} == {ALI, SITI}
    assert hours(table) == 8.0
    with pytest.raises(Http404):
        params(moves, actor=moves.exec.user, unit=moves.kewangan)
    query: Query = {**PERIOD, "unit": moves.kewangan.pk}
    assert as_user("exec").get("/reports/movements/", query).status_code == 404


def test_registered() -> None:
    assert report_by_slug("movements") is movements.SPEC


def test_query_count_does_not_grow_with_the_officers(moves: World) -> None:
    few = params(moves, unit=moves.operasi)
    with CaptureQueriesContext(connection) as small:
        movements.build(few)
    for n in range(12):
        officer = extra_officer(n, moves.data)
        day = START + timedelta(days=n)
        move(officer, at(day, 9), at(day, 10), acknowledged_by=moves.supervisor.user)
        move(officer, at(day, 14), at(day, 15))
    many = params(moves, unit=moves.operasi)
    with CaptureQueriesContext(connection) as big:
        table = movements.build(many)

    assert table.row_count == 4 + 24
    assert sql_count(big) == sql_count(small) == 2  # the movements, the unit's name


def test_the_page_the_csv_and_the_xlsx_agree(moves: World, as_user: AsUser) -> None:
    client = as_user("admin")
    query: Query = PERIOD

    page = client.get("/reports/movements/", query)
    csv = client.post("/reports/movements/export/", query | {"format": "csv"})
    xlsx = client.post("/reports/movements/export/", query | {"format": "xlsx"})

    assert page.status_code == csv.status_code == xlsx.status_code == 200
    html = page.content.decode()
    body = html.split('data-testid="totals-row">')[0].split("<tbody>")[1]
    assert body.count("<tr>") == 5
    assert '<th class="num">12.0</th>' in html.split('data-testid="totals-row">')[1]
    rows = csv_rows(csv.content)
    assert len(rows) == 1 + 5 + 1
    assert rows[-1][HOURS] == "12.0"
    sheet = xlsx_rows(xlsx.content)
    names = [row for row in sheet if row and row[0] in (ALI, SITI, BADRUL)]
    assert len(names) == 5
    assert sheet[sheet.index(names[-1]) + 1][HOURS] == 12.0
