"""A reusable reporting world in agency A, for every report's tests (use the ``world`` fixture;
the test runs inside the agency's schema; ``as_user("exec")`` gives a logged-in client).

Units (below the agency's root unit)::

    Bahagian Operasi (``world.operasi``)          executive ``exec`` is granted this tree
      └─ Seksyen Data (``world.data``)
    Bahagian Kewangan (``world.kewangan``)        outside the executive's grant

People: ``supervisor`` (Bahagian Operasi) supervises ``ali`` and ``siti`` (Seksyen Data);
``badrul`` works in Bahagian Kewangan; ``exec`` is an executive (an officer of Bahagian
Operasi too); ``admin`` is the org admin (a login without an officer record); ``plain`` is an
officer supervising nobody.

Duty days (``AttendanceDay`` rows made directly) for MONTH (March 2025), with the figures a
person computed by hand in ``EXPECTED`` (see tenant_apps/reports/metrics.py for the
definitions). A row on 28 February checks that the period's bounds hold."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import Role
from tenant_apps.attendance.models import AttendanceDay
from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.people.officer_services import OfficerData, officer_create
from tenant_apps.people.services import executive_grant, unit_create
from tenants.models import Agency
from tests.conftest import PASSWORD, host_of, make_user

MONTH_START = date(2025, 3, 1)
MONTH_END = date(2025, 3, 31)

LOGINS = {
    "supervisor": "630601165011",
    "ali": "630602165013",
    "siti": "630603165024",
    "badrul": "630604165015",
    "exec": "630605165017",
    "plain": "630606165019",
    "admin": "630607165021",
}

# Hand-computed from the rows made in ``_days`` (March 2025).
#   (working, present, absent, late_in, early_out, incomplete, external, late min, early min, rate)
EXPECTED = {
    "ali": (7, 6, 1, 2, 1, 1, 0, 30, 30, Decimal("85.7")),
    "siti": (3, 2, 1, 1, 0, 0, 1, 20, 0, Decimal("66.7")),
    "supervisor": (2, 2, 0, 0, 0, 0, 0, 0, 0, Decimal("100.0")),
    "badrul": (2, 1, 1, 1, 0, 0, 0, 45, 0, Decimal("50.0")),
}
# The executive's reach (Bahagian Operasi and below: supervisor, ali, siti, exec) and the
# whole agency's (the same plus badrul).
EXPECTED_EXEC_TOTAL = (12, 10, 2, 3, 1, 1, 1, 50, 30, Decimal("83.3"))
EXPECTED_AGENCY_TOTAL = (14, 11, 3, 4, 1, 1, 1, 95, 30, Decimal("78.6"))


@dataclass
class World:
    root: OrgUnit
    operasi: OrgUnit
    data: OrgUnit
    kewangan: OrgUnit
    supervisor: Officer
    ali: Officer
    siti: Officer
    badrul: Officer
    exec: Officer
    plain: Officer
    admin: User


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def day_row(officer: Officer, day: date, status: str = "PRESENT", **values: Any) -> AttendanceDay:
    """A stored duty day as the engine would leave it (closed)."""
    defaults: dict[str, Any] = {
        "policy_kind": "WBF",
        "ends_at": at(day, 23, 59),
        "computed_at": timezone.now(),
        "closed": True,
    }
    if status in ("PRESENT", "BDR") and "check_in" not in values:
        defaults |= {"check_in": at(day, 8, 0), "check_out": at(day, 17, 0)}
    return AttendanceDay.objects.create(
        officer=officer, day=day, status=status, **(defaults | values)
    )


def _officer(key: str, name: str, unit: OrgUnit, **extra: Any) -> Officer:
    officer = officer_create(
        data=OfficerData(login_id=LOGINS[key], full_name=name, org_unit=unit, **extra), actor=None
    )
    officer.user.set_password(PASSWORD)
    officer.user.save()
    return officer


def _days(w: World) -> None:
    def d(n: int) -> date:
        return date(2025, 3, n)

    # Ali: 7 working days, 6 present (one BDR), 1 absent; late in twice (15 + 5 min) and an
    # excused late (10 min); one early out (30 min); one incomplete; a weekend and leave.
    day_row(
        w.ali,
        d(3),
        categories=["LATE_IN"],
        late_minutes=15,
        worked_minutes=480,
        check_in=at(d(3), 9, 15),
    )
    day_row(w.ali, d(4), worked_minutes=540)
    day_row(w.ali, d(5), categories=["EARLY_OUT"], early_minutes=30, worked_minutes=500)
    day_row(w.ali, d(6), "ABSENT")
    day_row(w.ali, d(7), "BDR", worked_minutes=540)
    day_row(w.ali, d(8), "WEEKEND", policy_kind="")
    day_row(w.ali, d(10), "LEAVE")
    day_row(w.ali, d(11), categories=["LATE_IN", "INCOMPLETE"], late_minutes=5, check_out=None)
    day_row(w.ali, d(12), excused=["LATE_IN"], late_minutes=10, worked_minutes=530)
    day_row(w.ali, date(2025, 2, 28), categories=["LATE_IN"], late_minutes=99)  # outside
    # Siti: 3 working days, 2 present, an excused absence, one late in (20), one outside.
    day_row(w.siti, d(3), categories=["EXTERNAL"], worked_minutes=480)
    day_row(w.siti, d(4), "ABSENT", excused=["ABSENT"])
    day_row(w.siti, d(5), categories=["LATE_IN"], late_minutes=20)
    # The supervisor: two clean days; a pending day does not count.
    day_row(w.supervisor, d(3))
    day_row(w.supervisor, d(4))
    day_row(w.supervisor, d(31), "PENDING", closed=False)
    # Badrul (outside the executive's grant): late 45 min, then absent.
    day_row(w.badrul, d(3), categories=["LATE_IN"], late_minutes=45)
    day_row(w.badrul, d(4), "ABSENT")


def build_world(agency: Agency) -> World:
    """Call inside agency A's schema."""
    root = OrgUnit.objects.get(parent=None)
    operasi = unit_create(name="Bahagian Operasi", short_name="BOP", parent=root)
    data = unit_create(name="Seksyen Data", short_name="SD", parent=operasi)
    kewangan = unit_create(name="Bahagian Kewangan", short_name="BKW", parent=root)
    supervisor = _officer("supervisor", "PENYELIA OPERASI", operasi)
    executive = _officer("exec", "EKSEKUTIF OPERASI", operasi)
    executive.user.groups.add(Group.objects.get(name=Role.EXECUTIVE.value))
    executive_grant(executive=executive.user, unit=operasi)
    world = World(
        root=root,
        operasi=operasi,
        data=data,
        kewangan=kewangan,
        supervisor=supervisor,
        ali=_officer("ali", "ALI BIN AHMAD", data, supervisor=supervisor),
        siti=_officer("siti", "SITI BINTI HASSAN", data, supervisor=supervisor),
        badrul=_officer("badrul", "BADRUL BIN KASIM", kewangan),
        exec=executive,
        plain=_officer("plain", "PEGAWAI BIASA", kewangan),
        admin=make_user(
            agency,
            LOGINS["admin"],
            full_name="PENTADBIR LAPORAN",
            roles=(Role.OFFICER, Role.ORG_ADMIN),
        ),
    )
    _days(world)
    return world


@pytest.fixture
def world(agency_a: Agency, settings: Any, tmp_path: Path) -> Iterator[World]:
    """The world in agency A; report files go to a temporary media folder."""
    settings.MEDIA_ROOT = str(tmp_path)
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


def client_for(agency: Agency, key: str) -> Client:
    client = Client(HTTP_HOST=host_of(agency))
    response = client.post("/login/", {"mykad": LOGINS[key], "password": PASSWORD})
    assert response.status_code == 302, key
    return client


AsUser = Callable[[str], Client]


@pytest.fixture
def as_user(agency_a: Agency) -> AsUser:
    """A client of agency A logged in as one of the world's people (by key)."""
    return lambda key: client_for(agency_a, key)


MARCH = {"period": "custom", "start": "2025-03-01", "end": "2025-03-31"}


def pdf_text(content: bytes) -> str:
    """The PDF's text as ``pdftotext -layout`` reads it."""
    import subprocess

    assert content.startswith(b"%PDF")
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return done.stdout.decode()


def csv_rows(content: bytes) -> list[list[str]]:
    import csv
    import io

    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(content: bytes) -> list[tuple[Any, ...]]:
    import io

    from openpyxl import load_workbook  # type: ignore[import-untyped]

    book = load_workbook(io.BytesIO(content), read_only=True)
    return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]
