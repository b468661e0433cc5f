"""The BDR and early-leave report over the shared world (tests/reports/conftest.py) with
arrangements made here: every arrangement overlapping the period with its days inside it (half
for a morning or afternoon BDR), each officer's approved BDR days, the filters, an executive's
scope, a constant query count, and the same rows and totals in the HTML page, CSV and XLSX."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tenant_apps.people.models import Officer
from tenant_apps.reports.registry import report_by_slug
from tenant_apps.reports.reports import arrangements
from tenant_apps.reports.table import ReportParams, ReportTable, totals_for
from tenant_apps.worktime.models import Arrangement
from tests.reports.conftest import AsUser, World, at, csv_rows, xlsx_rows
from tests.reports.test_report_exceptions import extra_officer, params_for, sql_count

Kind = Arrangement.Kind
Status = Arrangement.Status
# Any period, not a calendar month.
START, END = date(2025, 3, 15), date(2025, 4, 13)
Query = dict[str, str | int]
PERIOD: Query = {"period": "custom", "start": START.isoformat(), "end": END.isoformat()}
ALI, SITI, BADRUL = "ALI BIN AHMAD", "SITI BINTI HASSAN", "BADRUL BIN KASIM"
BDR, FULL = "Work from home (BDR)", "Full day"
DAYS = 6  # the days column


def d(month: int, day: int) -> date:
    return date(2025, month, day)


def arrange(officer: Officer, kind: str, first: date, last: date, **values: Any) -> Arrangement:
    values.setdefault("status", Status.APPROVED)
    return Arrangement.objects.create(
        officer=officer, kind=kind, starts_on=first, ends_on=last, **values
    )


@pytest.fixture
def arranged(world: World) -> World:
    ali, siti, badrul = world.ali, world.siti, world.badrul
    arrange(ali, Kind.BDR, d(3, 10), d(3, 14))  # before the period
    arrange(
        ali,
        Kind.BDR,
        d(3, 13),
        d(3, 16),
        decided_by=world.supervisor.user,
        decided_at=at(d(3, 12), 10),
        decision_note="Lulus",
    )  # 2 days in the period
    arrange(ali, Kind.BDR, d(3, 27), d(3, 28), scope="am")  # 2 × ½
    arrange(ali, Kind.PREGNANCY_EARLY_LEAVE, d(4, 1), d(6, 30))  # 13 days in the period
    arrange(ali, Kind.BDR, d(4, 5), d(4, 5), status=Status.REJECTED)
    arrange(ali, Kind.BDR, d(4, 14), d(4, 15))  # after the period
    arrange(siti, Kind.BDR, d(3, 19), d(3, 19))
    arrange(siti, Kind.BDR, d(4, 10), d(4, 20), status=Status.PENDING)  # 4 days in the period
    arrange(badrul, Kind.RAMADAN_SHORT_REST, d(3, 1), d(3, 31))  # 17 days in the period
    arrange(badrul, Kind.BDR, d(4, 2), d(4, 3))
    return world


def params(world: World, **narrow: Any) -> ReportParams:
    narrow.setdefault("start", START)
    narrow.setdefault("end", END)
    return params_for(narrow.pop("actor", world.admin), **narrow)


def build(params: ReportParams) -> ReportTable:
    with translation.override("en"):
        return arrangements.build(params)


def days_total(table: ReportTable, section: int) -> Any:
    return totals_for(table.columns, table.sections[section].rows)[DAYS]


def test_lists_every_arrangement_with_its_days_in_the_period(arranged: World) -> None:
    table = build(params(arranged))

    rows = table.sections[0].rows
    assert [(r[0], r[2], r[3], r[4], r[DAYS], r[7]) for r in rows] == [
        (ALI, BDR, FULL, d(3, 13), 2, "Approved"),
        (ALI, BDR, "Morning", d(3, 27), 1, "Approved"),
        (ALI, "Pregnancy early leave", FULL, d(4, 1), 13, "Approved"),
        (ALI, BDR, FULL, d(4, 5), 1, "Rejected"),
        (BADRUL, "Ramadan shortened rest", FULL, d(3, 1), 17, "Approved"),
        (BADRUL, BDR, FULL, d(4, 2), 2, "Approved"),
        (SITI, BDR, FULL, d(3, 19), 1, "Approved"),
        (SITI, BDR, FULL, d(4, 10), 4, "Waiting for approval"),
    ]
    assert days_total(table, 0) == 41
    assert rows[0][1] == "Seksyen Data"
    assert rows[0][5] == d(3, 16)
    assert rows[0][8:] == ["PENYELIA OPERASI", at(d(3, 12), 10), "Lulus"]
    assert rows[1][DAYS] == Decimal("1.0")


def test_approved_bdr_days_per_officer(arranged: World) -> None:
    table = build(params(arranged))

    per_officer = table.sections[1].rows
    assert [(r[0], r[4], r[5], r[DAYS]) for r in per_officer] == [
        (ALI, START, date(2025, 3, 28), Decimal("3.0")),
        (BADRUL, date(2025, 4, 2), date(2025, 4, 3), 2),
        (SITI, date(2025, 3, 19), date(2025, 3, 19), 1),
    ]
    assert days_total(table, 1) == 6
    assert per_officer[0][10] == "2 approved BDR arrangement(s)"


def test_days_are_clipped_to_any_period(arranged: World) -> None:
    table = build(
        params(arranged, officer=arranged.ali, start=date(2025, 3, 16), end=date(2025, 4, 2))
    )

    assert [(r[4], r[DAYS]) for r in table.sections[0].rows] == [
        (date(2025, 3, 13), 1),  # only the 16th
        (date(2025, 3, 27), 1),
        (date(2025, 4, 1), 2),
    ]
    assert [r[DAYS] for r in table.sections[1].rows] == [2]


def test_unit_filter_takes_the_units_below(arranged: World) -> None:
    operasi = build(params(arranged, unit=arranged.operasi))
    kewangan = build(params(arranged, unit=arranged.kewangan))

    assert {r[0] for r in operasi.sections[0].rows} == {ALI, SITI}  # in Seksyen Data
    assert operasi.row_count == 6 + 2
    assert (days_total(operasi, 0), days_total(operasi, 1)) == (22, 4)
    assert [r[DAYS] for r in kewangan.sections[0].rows] == [17, 2]
    assert [r[DAYS] for r in kewangan.sections[1].rows] == [2]


def test_executive_gets_nothing_of_an_ungranted_unit(arranged: World, as_user: AsUser) -> None:
    table = build(params(arranged, actor=arranged.exec.user))

    assert {r[0] for section in table.sections for r in section.rows} == {ALI, SITI}
    assert (days_total(table, 0), days_total(table, 1)) == (22, 4)
    with pytest.raises(Http404):
        params(arranged, actor=arranged.exec.user, officer=arranged.badrul)
    query: Query = {**PERIOD, "unit": arranged.kewangan.pk}
    assert as_user("exec").get("/reports/arrangements/", query).status_code == 404


def test_registered() -> None:
    assert report_by_slug("arrangements") is arrangements.SPEC


def test_query_count_does_not_grow_with_the_officers(arranged: World) -> None:
    few = params(arranged, unit=arranged.operasi)
    with CaptureQueriesContext(connection) as small:
        arrangements.build(few)
    for n in range(12):
        officer = extra_officer(n, arranged.data)
        day = START + timedelta(days=n)
        arrange(officer, Kind.BDR, day, day, decided_by=arranged.supervisor.user)
        arrange(officer, Kind.PREGNANCY_EARLY_LEAVE, day, day + timedelta(days=30))
    many = params(arranged, unit=arranged.operasi)
    with CaptureQueriesContext(connection) as big:
        table = arrangements.build(many)

    assert table.row_count == 8 + 24 + 12
    assert sql_count(big) == sql_count(small) == 2  # the arrangements, the unit's name


def test_the_page_the_csv_and_the_xlsx_agree(arranged: World, as_user: AsUser) -> None:
    client = as_user("admin")
    query: Query = PERIOD

    page = client.get("/reports/arrangements/", query)
    csv = client.post("/reports/arrangements/export/", query | {"format": "csv"})
    xlsx = client.post("/reports/arrangements/export/", query | {"format": "xlsx"})

    assert page.status_code == csv.status_code == xlsx.status_code == 200
    html = page.content.decode()
    totals = [part.split("</tr>")[0] for part in html.split('data-testid="totals-row">')[1:]]
    assert '<th class="num">41.0</th>' in totals[0]
    assert '<th class="num">6.0</th>' in totals[1]
    assert html.count("<tr><td>") == 8 + 3
    rows = csv_rows(csv.content)  # a first column names the section
    assert len(rows) == 1 + 8 + 1 + 3 + 1
    assert [row[1 + DAYS] for row in rows if row[1] in ("Total", "Jumlah")] == ["41.0", "6.0"]
    sheet = xlsx_rows(xlsx.content)
    assert len([row for row in sheet if row and row[0] in (ALI, SITI, BADRUL)]) == 8 + 3
    assert [row[DAYS] for row in sheet if row and row[0] in ("Total", "Jumlah")] == [41, 6]
