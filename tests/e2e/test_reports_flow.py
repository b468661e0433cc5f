"""Laporan in a phone-sized browser. The org admin opens /reports/, picks the unit summary,
filters a past month for one unit, sees the table with its totals and downloads the XLSX at
once; then asks for the same unit over 12 months, which is too big to build on the request
(60 officers × 365 days is above the default limit of 20,000 officer-days), follows the
progress page and downloads the file the real Celery worker of the live server prepared.

The big report is made honestly big (committed officers and days) rather than by lowering the
limit: the live server's environment belongs to tests/e2e/conftest.py."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import AGENCY_A, PASSWORD
from tests.e2e.conftest import url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
HOST = f"{AGENCY_A.slug}.localhost"
UNIT_NAME = "Bahagian Laporan Pelayar"
OFFICERS = 60
MONTH_START, MONTH_END = date(2025, 6, 1), date(2025, 6, 30)
YEAR_START = date(2024, 7, 1)  # to MONTH_END: 365 days


def _mykad(n: int) -> str:
    return f"6409{1 + n % 28:02d}16{6000 + n:04d}"


@pytest.fixture(scope="module")
def report_unit(django_db_blocker: Any, e2e_people: dict[str, str]) -> int:
    """A unit of 60 officers (committed, idempotent) with June 2025's working days: each officer
    present on 21 days, late (10 minutes) on the first Monday. Returns the unit's id."""
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from accounts.models import User
    from tenant_apps.attendance.models import AttendanceDay
    from tenant_apps.people.models import Officer, OrgUnit
    from tenant_apps.worktime.engine import MALAYSIA
    from tenants.models import Agency

    agency = Agency.objects.get(slug=AGENCY_A.slug)
    with django_db_blocker.unblock(), schema_context(agency.schema_name):
        root = OrgUnit.objects.get(parent=None)
        unit, created = OrgUnit.objects.get_or_create(name=UNIT_NAME, parent=root)
        if created or not Officer.objects.filter(org_unit=unit).exists():
            users = User.objects.bulk_create(
                User(login_id=_mykad(n), full_name=f"PEGAWAI LAPORAN {n:02d}")
                for n in range(OFFICERS)
            )
            officers = Officer.objects.bulk_create(Officer(user=u, org_unit=unit) for u in users)
            now = timezone.now()
            rows = []
            day = MONTH_START
            while day <= MONTH_END:
                if day.weekday() < 5:
                    for officer in officers:
                        late = 10 if day == date(2025, 6, 2) else 0
                        rows.append(
                            AttendanceDay(
                                officer=officer,
                                day=day,
                                status="PRESENT",
                                categories=["LATE_IN"] if late else [],
                                late_minutes=late,
                                check_in=datetime.combine(day, time(8, late), MALAYSIA),
                                policy_kind="WBF",
                                ends_at=datetime.combine(day, time(23, 59), MALAYSIA),
                                computed_at=now,
                                closed=True,
                            )
                        )
                day += timedelta(days=1)
            AttendanceDay.objects.bulk_create(rows)
        return int(unit.pk)


def login(page: Any, mykad: str) -> None:
    page.locator("#id_mykad").fill(mykad)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def _filter(page: Any, unit_id: int, start: date, end: date) -> None:
    page.locator("#id_period").select_option("custom")
    page.locator("#id_start").fill(start.isoformat())
    page.locator("#id_end").fill(end.isoformat())
    page.locator("#id_unit").select_option(str(unit_id))
    page.get_by_test_id("report-show").click()


def test_the_org_admin_reads_and_downloads_a_report(
    live_url: str, page: Any, e2e_people: dict[str, str], report_unit: int
) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    page.goto(url(live_url, HOST, "/reports/"))
    login(page, e2e_people["admin_a"])
    page.get_by_test_id("report-link-unit-summary").click()
    expect(page.get_by_test_id("report-filters")).to_be_visible()

    # A past month: small, so the table is on the page and the file comes at once.
    _filter(page, report_unit, MONTH_START, MONTH_END)
    table = page.get_by_test_id("report-table")
    expect(table).to_be_visible()
    expect(table).to_contain_text("PEGAWAI LAPORAN 00")
    totals = page.get_by_test_id("totals-row")
    # 60 officers × 21 working days, all present; 60 late days of 10 minutes; 100%.
    expect(totals).to_contain_text("1260")
    expect(totals).to_contain_text("600")
    expect(totals).to_contain_text("100.0")
    with page.expect_download() as info:
        page.get_by_test_id("download-xlsx").click()
    download = info.value
    assert download.suggested_filename == "unit-summary_2025-06-01_2025-06-30.xlsx"
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    total = next(row for row in rows if row and row[0] in ("Total", "Jumlah"))
    assert list(total[2:4]) == [1260, 1260]
    assert total[9] == 600

    # Twelve months of the same unit: prepared in the background by the real worker.
    _filter(page, report_unit, YEAR_START, MONTH_END)
    expect(page.get_by_test_id("report-big")).to_be_visible()
    page.get_by_test_id("prepare-xlsx").click()
    expect(page.get_by_test_id("run-progress")).to_be_visible()
    link = page.get_by_test_id("run-download")
    expect(link).to_be_visible(timeout=60_000)  # htmx polls until the worker is done
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename == "unit-summary_2024-07-01_2025-06-30.xlsx"
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    total = next(row for row in rows if row and row[0] in ("Total", "Jumlah"))
    assert list(total[2:4]) == [1260, 1260]

    page.get_by_test_id("runs-link").click()
    expect(page.get_by_test_id("run-list")).to_contain_text("XLSX")
