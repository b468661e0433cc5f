"""The unit summary and the monthly sheet read a constant number of queries: 30 officers cost
what 3 cost, whether built directly, shown on the page or downloaded."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from tenant_apps.attendance.models import AttendanceDay
from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.people.services import unit_create
from tenant_apps.reports.reports import monthly_sheet, unit_summary
from tenant_apps.reports.table import ReportParams
from tests.reports.conftest import MARCH, MONTH_END, MONTH_START, AsUser, World, at

SLUGS = ("unit-summary", "monthly-sheet")


def _team(unit: OrgUnit, first: int, count: int) -> list[int]:
    """``count`` officers in ``unit`` with a fortnight of stored days each, made in bulk."""
    users = User.objects.bulk_create(
        User(login_id=f"6308{10 + n % 18:02d}16{first + n:04d}", full_name=f"PEGAWAI {n:03d}")
        for n in range(count)
    )
    officers = Officer.objects.bulk_create(Officer(user=user, org_unit=unit) for user in users)
    now = timezone.now()
    days = []
    for n, officer in enumerate(officers):
        for offset in range(14):
            day = MONTH_START + timedelta(days=offset)
            days.append(
                AttendanceDay(
                    officer=officer,
                    day=day,
                    status="ABSENT" if (n + offset) % 9 == 0 else "PRESENT",
                    categories=["LATE_IN"] if (n + offset) % 4 == 0 else [],
                    late_minutes=7 if (n + offset) % 4 == 0 else 0,
                    check_in=at(day, 8, n % 50),
                    policy_kind="WBF",
                    ends_at=at(day, 23, 59),
                    computed_at=now,
                    closed=True,
                )
            )
    AttendanceDay.objects.bulk_create(days)
    return [officer.pk for officer in officers]


def _count(action: Any) -> int:
    """Statements run, without django-tenants' ``SET search_path``."""
    with CaptureQueriesContext(connection) as captured:
        action()
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET "))


@pytest.fixture
def teams(world: World) -> tuple[OrgUnit, OrgUnit]:
    small = unit_create(name="Unit Kecil", short_name="UK", parent=world.root)
    big = unit_create(name="Unit Besar", short_name="UB", parent=world.root)
    _team(small, 0, 3)
    _team(big, 100, 30)
    return small, big


def _params(unit: OrgUnit) -> ReportParams:
    ids = list(Officer.objects.filter(org_unit=unit).values_list("pk", flat=True))
    return ReportParams(start=MONTH_START, end=MONTH_END, officer_ids=ids, unit_id=unit.pk)


@pytest.mark.parametrize("report", [unit_summary, monthly_sheet])
def test_a_build_reads_the_same_queries_for_3_and_30_officers(
    teams: tuple[OrgUnit, OrgUnit], report: Any
) -> None:
    small, big = (_params(unit) for unit in teams)
    small_count = _count(lambda: report.build(small))
    assert small_count == _count(lambda: report.build(big))
    assert small_count <= 4


@pytest.mark.parametrize("slug", SLUGS)
def test_the_page_and_a_download_read_the_same_queries_for_3_and_30_officers(
    teams: tuple[OrgUnit, OrgUnit], as_user: AsUser, slug: str
) -> None:
    client = as_user("admin")
    small, big = teams

    def page(unit: OrgUnit) -> None:
        response = client.get(f"/reports/{slug}/", MARCH | {"unit": unit.pk})
        assert response.status_code == 200
        assert 'data-testid="report-table"' in response.content.decode()

    def download(unit: OrgUnit) -> None:
        response = client.post(
            f"/reports/{slug}/export/", MARCH | {"unit": unit.pk, "format": "xlsx"}
        )
        assert response.status_code == 200

    assert _count(lambda: page(small)) == _count(lambda: page(big))
    assert _count(lambda: download(small)) == _count(lambda: download(big))
    assert _count(lambda: page(big)) <= 30


def test_the_big_team_figures_add_up(teams: tuple[OrgUnit, OrgUnit]) -> None:
    table = unit_summary.build(_params(teams[1]))
    totals = table.sections[0].totals
    assert totals is not None
    rows = table.sections[0].rows
    assert len(rows) == 30
    assert totals[2] == 30 * 14  # working days
    assert totals[3] + totals[4] == totals[2]  # type: ignore[operator]
    assert totals[9] == 7 * totals[5]  # type: ignore[operator]
    assert date(2025, 3, 1) == MONTH_START
