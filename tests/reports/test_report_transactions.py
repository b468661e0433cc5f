"""The punch transactions export over the shared world (tests/reports/conftest.py) with punches
made by the real services: every punch of the period (its edges in Malaysia time) with its
evidence to the second, a correction's reason and author, the hash chain, the filters, an
executive's scope, a constant query count, and the same rows in the HTML page, CSV and XLSX."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tenant_apps.attendance.models import AttendanceEvent
from tenant_apps.attendance.services import PunchInput, punch_correct, punch_record
from tenant_apps.people import geo
from tenant_apps.people.models import Officer
from tenant_apps.people.office_services import OfficeData, office_create
from tenant_apps.reports.registry import report_by_slug
from tenant_apps.reports.reports import transactions
from tenant_apps.reports.table import ReportParams, ReportTable
from tests.reports.conftest import AsUser, World, at, csv_rows, xlsx_rows
from tests.reports.test_report_exceptions import extra_officer, params_for, sql_count

# Monday 7 to Wednesday 9 April 2025.
START, END = date(2025, 4, 7), date(2025, 4, 9)
Query = dict[str, str | int]
PERIOD: Query = {"period": "custom", "start": START.isoformat(), "end": END.isoformat()}
OFFICE = (2.9264, 101.6964)  # Kompleks JDN, Putrajaya
FAR = (2.9714, 101.6964)  # 5 km away
ALI, SITI, BADRUL = "ALI BIN AHMAD", "SITI BINTI HASSAN", "BADRUL BIN KASIM"
TIME, KIND, SOURCE, PLACE, FLAGS, SKEW, REASON, BY, HASH = 0, 4, 5, 6, 11, 13, 15, 16, 17


def punch(
    officer: Officer,
    kind: str,
    when: datetime,
    where: tuple[float, float] | None = OFFICE,
    **extra: Any,
) -> AttendanceEvent:
    lat, lon = where if where is not None else (None, None)
    data = PunchInput(
        kind=kind,
        event_id=uuid.uuid4(),
        latitude=lat,
        longitude=lon,
        accuracy_m=12.0 if where else None,
        ip="10.1.2.3",
        **extra,
    )
    return punch_record(officer=officer, data=data, now=when).event


def seconds(day: date, hh: int, mm: int, ss: int) -> datetime:
    return at(day, hh, mm) + timedelta(seconds=ss)


@pytest.fixture
def punched(world: World) -> World:
    office_create(
        data=OfficeData("Kompleks JDN", "Putrajaya", geo.Circle(*OFFICE, 150.0)),
        units=[world.root],
        actor=None,
    )
    mon, tue, wed = START, START + timedelta(days=1), END
    punch(world.ali, "in", seconds(mon - timedelta(days=1), 23, 59, 59))  # before the period
    punch(world.ali, "in", seconds(mon, 8, 1, 15))
    punch(world.ali, "out", seconds(mon, 17, 30, 5), FAR)
    punch(world.ali, "in", at(tue, 8), None)  # no position
    skewed = at(wed, 8, 5)
    punch(world.ali, "in", skewed, device_time=skewed + timedelta(minutes=10))
    punch(world.ali, "in", at(wed + timedelta(days=1), 0))  # after the period
    punch(world.siti, "in", at(tue, 8, 10))
    punch_correct(
        officer=world.siti,
        kind="out",
        at=at(tue, 17),
        reason="Lupa daftar keluar",
        actor=world.admin,
        now=at(wed, 9),
    )
    punch(world.badrul, "in", at(tue, 8, 20))
    return world


def params(world: World, **narrow: Any) -> ReportParams:
    narrow.setdefault("start", START)
    narrow.setdefault("end", END)
    return params_for(narrow.pop("actor", world.admin), **narrow)


def build(params: ReportParams) -> ReportTable:
    with translation.override("en"):
        return transactions.build(params)


def test_every_punch_of_the_period_with_its_evidence(punched: World) -> None:
    table = build(params(punched))

    rows = table.sections[0].rows
    assert [(r[2], r[TIME], r[KIND], r[SOURCE], r[PLACE], r[FLAGS]) for r in rows] == [
        (ALI, "2025-04-07 08:01:15", "Check in", "Browser", "Inside office", ""),
        (ALI, "2025-04-07 17:30:05", "Check out", "Browser", "Outside office", ""),
        (ALI, "2025-04-08 08:00:00", "Check in", "Browser", "Outside office", "No position"),
        (ALI, "2025-04-09 08:05:00", "Check in", "Browser", "Inside office", "Device clock skew"),
        (BADRUL, "2025-04-08 08:20:00", "Check in", "Browser", "Inside office", ""),
        (SITI, "2025-04-08 08:10:00", "Check in", "Browser", "Inside office", ""),
        (SITI, "2025-04-08 17:00:00", "Check out", "Admin correction", "Inside office", ""),
    ]
    skewed = rows[3]
    assert skewed[1] == "2025-04-09 08:05:00"  # recorded at
    assert skewed[12:15] == ["2025-04-09 08:15:00", 600, "10.1.2.3"]
    assert rows[0][3] == "Seksyen Data"
    assert rows[0][7:11] == ["Kompleks JDN", 0.0, 12.0, "2.926400, 101.696400"]
    assert rows[1][8] == pytest.approx(4853.7, abs=200)  # outside: the distance to the office
    correction = rows[-1]
    assert correction[1] == "2025-04-09 09:00:00"  # recorded a day later
    assert correction[REASON : BY + 1] == ["Lupa daftar keluar", "PENTADBIR LAPORAN"]
    events = AttendanceEvent.objects.filter(officer=punched.siti).order_by("claimed_at")
    assert [r[HASH] for r in rows[-2:]] == [e.chain_hash for e in events]
    with translation.override("en"):
        facts = {str(label): value for label, value in table.facts}
    assert facts["Punches with flags"] == "2"


def test_filters_by_officer_unit_and_any_period(punched: World) -> None:
    tuesday = build(params(punched, start=date(2025, 4, 8), end=date(2025, 4, 8)))
    ali = build(params(punched, officer=punched.ali))
    kewangan = build(params(punched, unit=punched.kewangan))

    assert [(r[2], str(r[TIME])[11:]) for r in tuesday.sections[0].rows] == [
        (ALI, "08:00:00"),
        (BADRUL, "08:20:00"),
        (SITI, "08:10:00"),
        (SITI, "17:00:00"),
    ]
    assert ali.row_count == 4
    assert {r[2] for r in kewangan.sections[0].rows} == {BADRUL}


def test_executive_gets_nothing_of_an_ungranted_unit(punched: World, as_user: AsUser) -> None:
    table = build(params(punched, actor=punched.exec.user))

    assert {r[2] for r in table.sections[0].rows} == {ALI, SITI}
    assert table.row_count == 6
    with pytest.raises(Http404):
        params(punched, actor=punched.exec.user, officer=punched.badrul)
    query: Query = {**PERIOD, "unit": punched.kewangan.pk}
    assert as_user("exec").get("/reports/transactions/", query).status_code == 404


def test_registered_as_a_big_report() -> None:
    spec = report_by_slug("transactions")

    assert spec is transactions.SPEC
    assert spec.direct_limit < 20_000  # the default: this one grows fast


def test_query_count_does_not_grow_with_the_officers(punched: World) -> None:
    few = params(punched, unit=punched.operasi)
    with CaptureQueriesContext(connection) as small:
        transactions.build(few)
    for n in range(8):
        officer = extra_officer(n, punched.data)
        punch(officer, "in", at(START, 8, n))
        punch(officer, "out", at(START, 17, n), FAR)
    punch_correct(
        officer=officer, kind="in", at=at(END, 8), reason="Peranti rosak", actor=punched.admin
    )
    many = params(punched, unit=punched.operasi)
    with CaptureQueriesContext(connection) as big:
        table = transactions.build(many)

    assert table.row_count == 6 + 8 * 2 + 1
    assert sql_count(big) == sql_count(small) == 2  # the punches, the unit's name


def test_the_page_the_csv_and_the_xlsx_agree(punched: World, as_user: AsUser) -> None:
    client = as_user("admin")
    query: Query = PERIOD

    page = client.get("/reports/transactions/", query)
    csv = client.post("/reports/transactions/export/", query | {"format": "csv"})
    xlsx = client.post("/reports/transactions/export/", query | {"format": "xlsx"})

    assert page.status_code == csv.status_code == xlsx.status_code == 200
    hashes = set(
        AttendanceEvent.objects.filter(
            claimed_at__gte=at(START, 0), claimed_at__lt=at(END + timedelta(days=1), 0)
        ).values_list("chain_hash", flat=True)
    )
    assert len(hashes) == 7
    html = page.content.decode()
    assert html.count("<tr><td>") == 7
    assert all(value in html for value in hashes)
    rows = csv_rows(csv.content)
    assert len(rows) == 1 + 7  # no totals: nothing to add up
    assert {row[HASH] for row in rows[1:]} == hashes
    sheet = xlsx_rows(xlsx.content)
    assert {row[HASH] for row in sheet if row and len(row) > HASH and row[HASH] in hashes} == hashes
