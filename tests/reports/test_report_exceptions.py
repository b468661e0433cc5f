"""The exceptions list over the shared world's March 2025 duty days (tests/reports/conftest.py)
with issues made here: hand-computed rows whose minutes add up to the unit summary's
(``EXPECTED_*``), the unit, officer and category filters, an executive's scope, a constant query
count, and the same rows and totals in the HTML page, the CSV and the XLSX.

The helpers ``params_for``, ``sql_count`` and ``extra_officer`` serve the other
``test_report_*`` files too."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts.models import User
from tenant_apps.attendance.models import AttendanceDay
from tenant_apps.attendance_issues.models import AttendanceIssue, IssueReason
from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.people.officer_services import OfficerData, officer_create
from tenant_apps.reports.registry import report_by_slug
from tenant_apps.reports.reports import exceptions
from tenant_apps.reports.scope import narrowed, scope_of
from tenant_apps.reports.table import ReportParams, ReportTable, totals_for
from tests.reports.conftest import (
    EXPECTED_AGENCY_TOTAL,
    EXPECTED_EXEC_TOTAL,
    MARCH,
    MONTH_END,
    MONTH_START,
    AsUser,
    World,
    at,
    csv_rows,
    day_row,
    pdf_text,
    xlsx_rows,
)

IssueStatus = AttendanceIssue.Status
OPEN, NONE = "Awaiting explanation", "No issue yet"
ALI, SITI, BADRUL = "ALI BIN AHMAD", "SITI BINTI HASSAN", "BADRUL BIN KASIM"
LATE, EARLY = 4, 5  # the minutes columns


def params_for(
    actor: User,
    *,
    unit: OrgUnit | None = None,
    officer: Officer | None = None,
    category: str | None = None,
    start: date = MONTH_START,
    end: date = MONTH_END,
) -> ReportParams:
    """What the filter form gives a report for this actor (404 outside their scope)."""
    unit_id = unit.pk if unit else None
    officer_id = officer.pk if officer else None
    ids = narrowed(scope_of(actor), unit_id=unit_id, officer_id=officer_id)
    return ReportParams(start, end, ids, unit_id, officer_id, category)


def sql_count(captured: CaptureQueriesContext) -> int:
    """The queries, without django-tenants' ``SET search_path`` before each."""
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET search_path"))


def extra_officer(n: int, unit: OrgUnit) -> Officer:
    """One more officer for the query-count tests (login IDs kept for these tests)."""
    data = OfficerData(login_id=f"8309191651{n:02d}", full_name=f"PEGAWAI {n:02d}", org_unit=unit)
    return officer_create(data=data, actor=None)


def d(n: int) -> date:
    """A day of the world's month (March 2025)."""
    return date(2025, 3, n)


def issue(officer: Officer, on: date, category: str, **values: Any) -> AttendanceIssue:
    return AttendanceIssue.objects.create(
        officer=officer, day=on, category=category, deadline=date(2025, 4, 10), **values
    )


@pytest.fixture
def issues(world: World) -> World:
    """The issues of the world's exceptions. Ali's 11 March has none yet (not synced)."""
    boss = world.supervisor.user
    issue(world.ali, d(3), "LATE_IN")
    issue(world.ali, d(5), "EARLY_OUT", status=IssueStatus.EXPLAINED, explanation="Klinik")
    issue(
        world.ali,
        d(6),
        "ABSENT",
        status=IssueStatus.REJECTED,
        decided_by=boss,
        decided_at=at(d(10), 9),
        decision_comment="Tiada bukti",
    )
    issue(
        world.ali,
        d(12),
        "LATE_IN",
        status=IssueStatus.ACCEPTED,
        reason=IssueReason.objects.get(code="KESESAKAN"),
        explanation="Jalan sesak di Persiaran Perdana",
        decided_by=boss,
        decided_at=at(d(13), 10, 30),
        decision_comment="Diterima",
    )
    issue(world.ali, d(4), "EXTERNAL", status=IssueStatus.WITHDRAWN)  # no longer found
    issue(world.siti, d(3), "EXTERNAL")
    issue(world.siti, d(4), "ABSENT", status=IssueStatus.ACCEPTED, decided_by=boss)
    issue(world.siti, d(5), "LATE_IN")
    issue(world.badrul, d(3), "LATE_IN")
    issue(world.badrul, d(4), "ABSENT")
    return world


def build(params: ReportParams) -> ReportTable:
    """The report in English (the engine's category and status labels)."""
    with translation.override("en"):
        return exceptions.build(params)


def cells(table: ReportTable) -> list[tuple[Any, ...]]:
    """Date, officer, exception, late and early minutes, status of each row."""
    return [(r[0], r[1], r[3], r[4], r[5], r[6]) for r in table.sections[0].rows]


def minutes(table: ReportTable) -> tuple[Any, Any]:
    totals = totals_for(table.columns, table.sections[0].rows)
    return totals[LATE], totals[EARLY]


def test_lists_every_exception_of_the_period_with_its_issue(issues: World) -> None:
    table = build(params_for(issues.admin))

    assert cells(table) == [
        (d(3), ALI, "Late in", 15, None, OPEN),
        (d(3), BADRUL, "Late in", 45, None, OPEN),
        (d(3), SITI, "Outside the office", None, None, OPEN),
        (d(4), BADRUL, "Absent", None, None, OPEN),
        (d(4), SITI, "Absent", None, None, "Accepted"),
        (d(5), ALI, "Early out", None, 30, "Awaiting decision"),
        (d(5), SITI, "Late in", 20, None, OPEN),
        (d(6), ALI, "Absent", None, None, "Rejected"),
        (d(11), ALI, "Late in", 5, None, NONE),
        (d(11), ALI, "Incomplete (no check-out)", None, None, NONE),
        (d(12), ALI, "Late in", 10, None, "Accepted"),
    ]
    # The same minutes as the unit summary's (excused ones included).
    assert minutes(table) == (EXPECTED_AGENCY_TOTAL[7], EXPECTED_AGENCY_TOTAL[8]) == (95, 30)
    accepted = table.sections[0].rows[-1]
    assert accepted[2] == "Seksyen Data"
    assert accepted[7:] == [
        "KESESAKAN: Traffic jam or vehicle breakdown",
        "Jalan sesak di Persiaran Perdana",
        "PENYELIA OPERASI",
        "Diterima",
        at(d(13), 10, 30),
    ]
    assert table.sections[0].rows[8][7:] == ["", "", "", "", None]


def test_unexcused_rows_match_the_unit_summary_counts(issues: World) -> None:
    rows = build(params_for(issues.admin)).sections[0].rows

    late_unexcused = [r for r in rows if r[3] == "Late in" and r[6] != "Accepted"]
    absent = [r for r in rows if r[3] == "Absent"]
    assert len(late_unexcused) == EXPECTED_AGENCY_TOTAL[3] == 4
    assert len(absent) == EXPECTED_AGENCY_TOTAL[2] == 3


def test_reason_label_follows_the_active_language(issues: World) -> None:
    params = params_for(issues.admin, officer=issues.ali, category="LATE_IN")
    with translation.override("ms"):
        malay = exceptions.build(params)
    english = build(params)

    assert malay.sections[0].rows[-1][7] == "KESESAKAN: Kesesakan lalu lintas / kenderaan rosak"
    assert english.sections[0].rows[-1][7] == "KESESAKAN: Traffic jam or vehicle breakdown"


def test_category_filter_keeps_one_exception(issues: World) -> None:
    late = build(params_for(issues.admin, category="LATE_IN"))
    absent = build(params_for(issues.admin, category="ABSENT"))

    assert [(r[0], r[1]) for r in late.sections[0].rows] == [
        (d(3), ALI),
        (d(3), BADRUL),
        (d(5), SITI),
        (d(11), ALI),
        (d(12), ALI),
    ]
    assert minutes(late) == (95, 0)
    assert [(r[0], r[1]) for r in absent.sections[0].rows] == [
        (d(4), BADRUL),
        (d(4), SITI),
        (d(6), ALI),
    ]
    with translation.override("en"):
        assert ("Exception", "Absent") in [(str(k), v) for k, v in absent.facts]


def test_unit_filter_takes_the_units_below(issues: World) -> None:
    operasi = build(params_for(issues.admin, unit=issues.operasi))
    kewangan = build(params_for(issues.admin, unit=issues.kewangan))

    assert {r[1] for r in operasi.sections[0].rows} == {ALI, SITI}  # both in Seksyen Data
    assert operasi.row_count == 9
    assert [r[1] for r in kewangan.sections[0].rows] == [BADRUL, BADRUL]
    with translation.override("en"):
        facts = [(str(label), value) for label, value in kewangan.facts]
    assert ("Unit", "Bahagian Kewangan (and the units below it)") in facts


def test_officer_filter_and_any_period(issues: World) -> None:
    table = build(
        params_for(issues.admin, officer=issues.siti, start=date(2025, 3, 4), end=date(2025, 3, 5))
    )

    assert cells(table) == [
        (date(2025, 3, 4), SITI, "Absent", None, None, "Accepted"),
        (date(2025, 3, 5), SITI, "Late in", 20, None, OPEN),
    ]
    february = build(params_for(issues.admin, start=date(2025, 2, 1), end=date(2025, 2, 28)))
    assert cells(february) == [(date(2025, 2, 28), ALI, "Late in", 99, None, NONE)]


def test_executive_gets_nothing_of_an_ungranted_unit(issues: World) -> None:
    table = build(params_for(issues.exec.user))

    assert {r[1] for r in table.sections[0].rows} == {ALI, SITI}
    assert table.row_count == 9
    assert minutes(table) == (EXPECTED_EXEC_TOTAL[7], EXPECTED_EXEC_TOTAL[8]) == (50, 30)
    with pytest.raises(Http404):
        params_for(issues.exec.user, unit=issues.kewangan)
    with pytest.raises(Http404):
        params_for(issues.exec.user, officer=issues.badrul)


def test_executive_asking_for_an_ungranted_unit_on_the_page_gets_404(
    issues: World, as_user: AsUser
) -> None:
    client = as_user("exec")
    query: dict[str, str | int] = {**MARCH, "unit": issues.kewangan.pk}

    assert client.get("/reports/exceptions/", query).status_code == 404
    response = client.post("/reports/exceptions/export/", query | {"format": "csv"})
    assert response.status_code == 404


def test_registered_with_the_category_filter() -> None:
    spec = report_by_slug("exceptions")

    assert spec is exceptions.SPEC
    assert spec.uses_category


def test_query_count_does_not_grow_with_the_officers(issues: World) -> None:
    few = params_for(issues.admin, unit=issues.operasi)
    with CaptureQueriesContext(connection) as small:
        exceptions.build(few)
    for n in range(12):
        officer = extra_officer(n, issues.data)
        on = MONTH_START + timedelta(days=n)
        day_row(officer, on, categories=["LATE_IN", "EXTERNAL"], late_minutes=n + 1)
        issue(officer, on, "LATE_IN", reason=IssueReason.objects.get(code="KESESAKAN"))
        day_row(officer, on + timedelta(days=1), AttendanceDay.Status.ABSENT)
    many = params_for(issues.admin, unit=issues.operasi)
    with CaptureQueriesContext(connection) as big:
        table = exceptions.build(many)

    assert table.row_count == 9 + 12 * 3
    # The days, the issues, the officers' names and units, the unit's name.
    assert sql_count(big) == sql_count(small) == 4


def test_the_page_the_csv_and_the_xlsx_agree(issues: World, as_user: AsUser) -> None:
    client = as_user("admin")
    query: dict[str, str | int] = {**MARCH, "unit": issues.operasi.pk, "category": "LATE_IN"}

    page = client.get("/reports/exceptions/", query)
    csv = client.post("/reports/exceptions/export/", query | {"format": "csv"})
    xlsx = client.post("/reports/exceptions/export/", query | {"format": "xlsx"})
    pdf = client.post("/reports/exceptions/export/", query | {"format": "pdf"})

    assert page.status_code == csv.status_code == xlsx.status_code == pdf.status_code == 200
    html = page.content.decode()
    body = html.split('data-testid="totals-row">')[0].split("<tbody>")[1]
    assert body.count("<tr>") == 4  # Ali on the 3rd, 11th and 12th, Siti on the 5th
    totals = html.split('data-testid="totals-row">')[1].split("</tr>")[0]
    assert '<th class="num">50</th><th class="num">0</th>' in totals
    rows = csv_rows(csv.content)
    assert len(rows) == 1 + 4 + 1  # header, rows, totals
    assert rows[-1][LATE : EARLY + 1] == ["50", "0"]
    sheet = xlsx_rows(xlsx.content)
    dated = [row for row in sheet if row and isinstance(row[0], date)]
    assert len(dated) == 4
    assert sheet[sheet.index(dated[-1]) + 1][LATE : EARLY + 1] == (50, 0)
    lines = [line.split() for line in pdf_text(pdf.content).splitlines()]
    totals_pdf = [line for line in lines if line[:1] in (["Total"], ["Jumlah"])]
    assert [line[1:] for line in totals_pdf] == [["50", "0"]]
