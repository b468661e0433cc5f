"""The board, its polled rows and the year grid read a constant number of queries: a supervisor
of 200 officers costs what a supervisor of 10 costs. Officers and their rows are made in bulk
(the pages only read them)."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.movements.models import Movement
from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.worktime.models import Arrangement, CardColour
from tests.dashboard.helpers import AsUser, World, at, officer_new

MAX_QUERIES = 30
PAGES = ("/supervision/", "/supervision/board/rows/", "/supervision/year/")


def _team(boss: Officer, first: int, count: int) -> list[Officer]:
    """``count`` officers under ``boss`` with today's day, a punch, and for some a movement, a
    BDR arrangement, past days and cards."""
    root = OrgUnit.objects.get(parent=None)
    users = User.objects.bulk_create(
        User(login_id=f"76080816{first + n:04d}", full_name=f"PEGAWAI RAMAI {first + n:04d}")
        for n in range(count)
    )
    officers = Officer.objects.bulk_create(
        Officer(user=user, org_unit=root, supervisor=boss) for user in users
    )
    today = timezone.localdate()
    now = timezone.now()
    days, punches, movements, arrangements, cards = [], [], [], [], []
    for n, officer in enumerate(officers):
        in_at = at(today, 0, 1 + n % 50)
        days.append(
            AttendanceDay(
                officer=officer,
                day=today,
                status="PRESENT",
                categories=["LATE_IN"] if n % 3 == 0 else [],
                check_in=in_at,
                policy_kind="WBF",
                ends_at=at(today, 23, 59),
                computed_at=now,
            )
        )
        punches.append(
            AttendanceEvent(
                officer=officer,
                kind="in",
                source="web",
                place="outside" if n % 4 == 0 else "office",
                recorded_at=in_at,
                claimed_at=in_at,
                chain_hash=hashlib.sha256(str(officer.pk).encode()).hexdigest(),
            )
        )
        if n % 5 == 0:
            movements.append(
                Movement(
                    officer=officer,
                    purpose="Lawatan",
                    place="Putrajaya",
                    starts_at=at(today, 0),
                    ends_at=at(today, 23),
                )
            )
        if n % 7 == 0:
            arrangements.append(
                Arrangement(
                    officer=officer, kind="bdr", status="approved", starts_on=today, ends_on=today
                )
            )
        for month in range(1, today.month):
            first_day = date(today.year, month, 1)
            days += [
                AttendanceDay(
                    officer=officer,
                    day=first_day + timedelta(days=offset),
                    status="BDR" if offset == 0 else "PRESENT",
                    policy_kind="WBF",
                    ends_at=at(first_day, 23),
                    computed_at=now,
                )
                for offset in range(2)
            ]
            cards.append(
                CardColour(
                    officer=officer, month=first_day, colour="green", counts={}, rule_version="v1"
                )
            )
    AttendanceDay.objects.bulk_create(days)
    AttendanceEvent.objects.bulk_create(punches)
    Movement.objects.bulk_create(movements)
    Arrangement.objects.bulk_create(arrangements)
    CardColour.objects.bulk_create(cards)
    return officers


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_the_pages_cost_the_same_for_10_and_200_officers(world: World, as_user: AsUser) -> None:
    small_boss = officer_new("760808165001", "PENYELIA KECIL")
    big_boss = officer_new("760808165013", "PENYELIA BESAR")
    _team(small_boss, 100, 10)
    _team(big_boss, 1000, 200)
    small, big = as_user("760808165001"), as_user("760808165013")
    assert small.get("/supervision/").content.decode().count('data-testid="board-row"') == 10
    assert big.get("/supervision/").content.decode().count('data-testid="board-row"') == 50

    for url in PAGES:
        few = _count(small, url)
        many = _count(big, url)

        assert few == many, url
        assert many <= MAX_QUERIES, url
