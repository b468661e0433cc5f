"""Dashboard Eksekutif against hand-computed figures: today, this month, by unit, the trend; an
executive sees only their granted units in every figure (a unit outside answers 404); a
supervisor their team; the page's queries do not grow with the number of officers."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import Role
from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.attendance_issues.models import AttendanceIssue
from tenant_apps.movements.models import Movement
from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.people.officer_services import OfficerData, officer_create
from tenant_apps.people.services import executive_grant, unit_create
from tenant_apps.reports import views_dashboard
from tenant_apps.reports.dashboard import (
    ExecDashboard,
    TodayFigures,
    exec_dashboard,
    today_figures,
)
from tenant_apps.reports.scope import scope_of
from tenant_apps.worktime.day_inputs import calendar_on
from tenant_apps.worktime.engine import MALAYSIA
from tenant_apps.worktime.models import Arrangement, CardColour
from tenants.models import Agency
from tests.conftest import PASSWORD, host_of, make_user

Status = AttendanceDay.Status
Issue = AttendanceIssue.Status
TODAY = date(2026, 10, 21)  # a Wednesday, a working day in Putrajaya
LOGINS = {
    "supervisor": "860616165001",
    "aminah": "860616165002",
    "badrul": "860616165003",
    "chong": "860616165004",
    "devi": "860616165005",
    "embun": "860616165006",
    "farid": "860616165007",
    "gopal": "860616165008",
    "yusof": "860616165009",
    "executive": "860616165010",
    "admin": "860616165011",
    "admin_b": "860616165012",
    "officer_b": "860616165013",
}
SVG = "{http://www.w3.org/2000/svg}svg"


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), MALAYSIA)


NOW = at(TODAY, 10, 30)


@dataclass
class Org:
    x: OrgUnit  # Bahagian Teknologi Maklumat: granted to the executive
    x1: OrgUnit  # Seksyen Aplikasi, below X
    y: OrgUnit  # Bahagian Kewangan: not granted
    officers: dict[str, Officer]
    executive: User
    admin: User


def _officer(key: str, name: str, unit: OrgUnit, **extra: Any) -> Officer:
    officer = officer_create(
        data=OfficerData(login_id=LOGINS[key], full_name=name, org_unit=unit, **extra),
        actor=None,
    )
    officer.user.set_password(PASSWORD)
    officer.user.save()
    return officer


def day(officer: Officer, on: date, status: str = Status.PRESENT, **values: Any) -> None:
    AttendanceDay.objects.create(
        officer=officer,
        day=on,
        status=status,
        policy_kind="WBF",
        ends_at=at(on, 23, 59),
        computed_at=at(on, 23, 59),
        **values,
    )


def punch(officer: Officer, when: datetime, kind: str = "in", place: str = "office") -> None:
    AttendanceEvent.objects.create(
        officer=officer,
        kind=kind,
        source=AttendanceEvent.Source.WEB,
        place=place,
        recorded_at=when,
        claimed_at=when,
        chain_hash=hashlib.sha256(f"{officer.pk}{when}".encode()).hexdigest(),
    )


def issue(officer: Officer, on: date, category: str, status: str, deadline: date) -> None:
    AttendanceIssue.objects.create(
        officer=officer, day=on, category=category, status=status, deadline=deadline
    )


def card(officer: Officer, month: date, colour: str) -> None:
    CardColour.objects.create(officer=officer, month=month, colour=colour, rule_version="t")


def build_org(agency: Agency) -> Org:
    root = OrgUnit.objects.get(parent=None)
    x = unit_create(name="Bahagian Teknologi Maklumat", parent=root)
    x1 = unit_create(name="Seksyen Aplikasi", parent=x)
    y = unit_create(name="Bahagian Kewangan", parent=root)
    sup = _officer("supervisor", "PENYELIA KEWANGAN", y)
    people = {
        "supervisor": sup,
        "aminah": _officer("aminah", "AMINAH BINTI ALI", x, supervisor=sup),
        "badrul": _officer("badrul", "BADRUL BIN HASSAN", x1, supervisor=sup),
        "chong": _officer("chong", "CHONG WEI LING", x1),
        "devi": _officer("devi", "DEVI A/P RAMAN", x),
        "embun": _officer("embun", "EMBUN BINTI SALLEH", x1),
        "farid": _officer("farid", "FARID BIN ZAKARIA", x),
        "gopal": _officer("gopal", "GOPAL A/L MUTHU", x),
        "yusof": _officer("yusof", "YUSOF BIN IDRIS", y),
    }
    Officer.objects.filter(pk=people["gopal"].pk).update(status=Officer.Status.INACTIVE)
    executive = make_user(agency, LOGINS["executive"], roles=(Role.OFFICER, Role.EXECUTIVE))
    executive_grant(executive=executive, unit=x)
    admin = make_user(agency, LOGINS["admin"], roles=(Role.OFFICER, Role.ORG_ADMIN))
    return Org(x, x1, y, people, executive, admin)


def seed(org: Org) -> None:
    """The figures every test checks, computed by hand in the comments."""
    a, b, c = org.officers["aminah"], org.officers["badrul"], org.officers["chong"]
    d, e, f = org.officers["devi"], org.officers["embun"], org.officers["farid"]
    y = org.officers["yusof"]
    # Today (10:30): Aminah late in; Badrul not yet in (a cancelled movement does not count);
    # Chong on BDR, checked in at home; Devi out on a declared movement, her punch outside
    # covered by it; Embun checked in outside with no movement; Farid on leave; Gopal inactive.
    day(a, TODAY, categories=["LATE_IN"], late_minutes=20, check_in=at(TODAY, 9, 20))
    punch(a, at(TODAY, 9, 20))
    Movement.objects.create(
        officer=b,
        purpose="Dibatalkan",
        place="Putrajaya",
        starts_at=at(TODAY, 9),
        ends_at=at(TODAY, 12),
        status=Movement.Status.CANCELLED,
    )
    Arrangement.objects.create(
        officer=c,
        kind=Arrangement.Kind.BDR,
        status=Arrangement.Status.APPROVED,
        starts_on=TODAY - timedelta(days=2),
        ends_on=TODAY + timedelta(days=2),
        reason="BDR",
    )
    day(c, TODAY, Status.BDR, check_in=at(TODAY, 8, 30))
    punch(c, at(TODAY, 8, 30), place="home")
    day(d, TODAY, check_in=at(TODAY, 8))
    punch(d, at(TODAY, 8))
    Movement.objects.create(
        officer=d,
        purpose="Mesyuarat",
        place="Cyberjaya",
        starts_at=at(TODAY, 10),
        ends_at=at(TODAY, 12),
    )
    punch(d, at(TODAY, 10, 5), kind="out", place="outside")
    day(e, TODAY, check_in=at(TODAY, 8, 10))
    punch(e, at(TODAY, 8, 10), place="outside")
    day(f, TODAY, Status.LEAVE)
    day(y, TODAY, categories=["LATE_IN"], late_minutes=15, check_in=at(TODAY, 9, 15))
    punch(y, at(TODAY, 9, 15), place="outside")
    # Earlier this month.
    day(a, date(2026, 10, 12), categories=["LATE_IN"], late_minutes=30)
    day(a, date(2026, 10, 13))
    day(a, date(2026, 10, 14), Status.ABSENT, categories=["ABSENT"])
    day(c, date(2026, 10, 12), Status.BDR)
    day(c, date(2026, 10, 13), categories=["LATE_IN"], late_minutes=10)
    day(d, date(2026, 10, 12))
    day(d, date(2026, 10, 13), excused=["LATE_IN"], late_minutes=5)  # explained and accepted
    day(d, date(2026, 10, 17), Status.WEEKEND)
    day(e, date(2026, 10, 12), Status.LEAVE)
    day(y, date(2026, 10, 12), categories=["LATE_IN"], late_minutes=60)
    # Last month, and thirteen months ago (outside the trend, the same month number as today).
    day(a, date(2026, 9, 28))
    day(a, date(2026, 9, 29), Status.ABSENT, categories=["ABSENT"])
    day(y, date(2026, 9, 28), categories=["LATE_IN"], late_minutes=5)
    day(a, date(2025, 10, 15))
    # Issues: open now are open, explained and rejected ones; overdue past their deadline.
    issue(a, date(2026, 10, 12), "LATE_IN", Issue.OPEN, date(2026, 11, 10))
    issue(a, date(2026, 9, 29), "ABSENT", Issue.EXPLAINED, date(2026, 10, 10))
    issue(c, date(2026, 10, 13), "LATE_IN", Issue.ACCEPTED, date(2026, 11, 10))
    issue(e, date(2026, 9, 15), "INCOMPLETE", Issue.REJECTED, date(2026, 10, 10))
    issue(d, date(2026, 9, 14), "EARLY_OUT", Issue.WITHDRAWN, date(2026, 10, 10))
    issue(y, date(2026, 10, 12), "LATE_IN", Issue.OPEN, date(2026, 10, 20))
    # Cards: September is the last evaluated month; August's are older.
    card(a, date(2026, 9, 1), "yellow")
    card(c, date(2026, 9, 1), "green")
    card(d, date(2026, 9, 1), "green")
    card(y, date(2026, 9, 1), "red")
    card(a, date(2026, 8, 1), "red")
    card(e, date(2026, 8, 1), "red")


@pytest.fixture
def org(agency_a: Agency) -> Iterator[Org]:
    with schema_context(agency_a.schema_name):
        assert not calendar_on(TODAY).weekend
        assert calendar_on(TODAY).holiday is None
        org = build_org(agency_a)
        seed(org)
        yield org


def login(agency: Agency, login_id: str) -> Client:
    client = Client(HTTP_HOST=host_of(agency))
    assert client.post("/login/", {"mykad": login_id, "password": PASSWORD}).status_code == 302
    return client


def dashboard_of(user: User, unit: OrgUnit | None = None, now: datetime = NOW) -> ExecDashboard:
    return exec_dashboard(scope=scope_of(user), unit_id=unit.pk if unit else None, now=now)


def today_tuple(data: ExecDashboard) -> tuple[int, ...]:
    t = data.today
    return (
        t.officers,
        t.expected,
        t.present,
        t.late,
        t.not_yet_in,
        t.bdr,
        t.on_movement,
        t.outside,
    )


def month_tuple(data: ExecDashboard) -> tuple[Any, ...]:
    m = data.month
    return (
        m.counts.working,
        m.counts.present,
        m.attendance_rate,
        m.late_rate,
        m.average_late_minutes,
        m.open_issues,
        m.overdue_issues,
        dict(m.cards),
    )


# --- Figures ------------------------------------------------------------------------------------


def test_today_counts_only_the_executives_units(org: Org) -> None:
    data = dashboard_of(org.executive)

    # 6 active (Gopal inactive); expected 5 (Farid on leave); in: Aminah, Chong, Devi, Embun;
    # late: Aminah; not yet in: Badrul; BDR: Chong; moving: Devi; outside: Embun.
    assert today_tuple(data) == (6, 5, 4, 1, 1, 1, 1, 1)


def test_today_for_the_org_admin_counts_the_whole_agency(org: Org) -> None:
    data = dashboard_of(org.admin)

    # Plus Yusof (late, outside) and the supervisor (expected, not yet in).
    assert today_tuple(data) == (8, 7, 5, 2, 2, 1, 1, 2)


def test_one_officer_counts_as_numbers(org: Org) -> None:
    figures = today_figures(officer_ids=[org.officers["aminah"].pk], now=NOW)

    assert figures == TodayFigures(TODAY, NOW, 1, 1, 1, 1, 0, 0, 0, 0)
    assert all(type(value) is int for value in (figures.present, figures.bdr))


def test_before_nine_nobody_is_not_yet_in(org: Org) -> None:
    data = dashboard_of(org.admin, now=at(TODAY, 8, 45))

    assert data.today.not_yet_in == 0
    assert data.today.expected == 7


def test_this_month_for_the_executive(org: Org) -> None:
    data = dashboard_of(org.executive)

    # Working days: Aminah 4 (3 present), Chong 3, Devi 3 (the weekend not counted), Embun 1
    # (leave not counted) = 11, 10 present. Late: Aminah 30 + 20, Chong 10 = 3 days, 60 min
    # (Devi's late day was excused). Open issues: Aminah 2, Embun's rejected one; overdue:
    # Aminah's explained one and Embun's. Cards of September: Chong and Devi green, Aminah
    # yellow.
    assert data.month_start == date(2026, 10, 1)
    assert month_tuple(data) == (
        11,
        10,
        Decimal("90.9"),
        Decimal("30.0"),
        Decimal("20.0"),
        3,
        2,
        {"green": 2, "yellow": 1},
    )
    assert data.card_month == date(2026, 9, 1)


def test_this_month_for_the_org_admin(org: Org) -> None:
    data = dashboard_of(org.admin)

    # Plus Yusof: 2 working, 2 present, 2 late (60 + 15), an overdue issue, a red card.
    assert month_tuple(data) == (
        13,
        12,
        Decimal("92.3"),
        Decimal("41.7"),
        Decimal("27.0"),
        4,
        3,
        {"green": 2, "yellow": 1, "red": 1},
    )


def test_rows_by_unit_for_the_executive(org: Org) -> None:
    data = dashboard_of(org.executive)

    rows = [
        (
            row.name,
            row.direct,
            row.officers,
            row.month.counts.working,
            row.month.attendance_rate,
            row.month.late_rate,
            row.month.average_late_minutes,
            row.month.open_issues,
            row.month.overdue_issues,
            dict(row.month.cards),
        )
        for row in data.rows
    ]
    # X's own officers (Aminah, Devi, Farid active) first, then Seksyen Aplikasi.
    assert rows == [
        (
            "Bahagian Teknologi Maklumat",
            True,
            3,
            7,
            Decimal("85.7"),
            Decimal("33.3"),
            Decimal("25.0"),
            2,
            1,
            {"yellow": 1, "green": 1},
        ),
        (
            "Seksyen Aplikasi",
            False,
            3,
            4,
            Decimal("100.0"),
            Decimal("25.0"),
            Decimal("10.0"),
            1,
            1,
            {"green": 1},
        ),
    ]
    assert [unit.name for unit in data.units] == ["Bahagian Teknologi Maklumat", "Seksyen Aplikasi"]


def test_rows_by_unit_for_the_org_admin_are_the_top_units(org: Org) -> None:
    data = dashboard_of(org.admin)

    got = {row.name: (row.officers, row.month.counts.working) for row in data.rows}
    # The agency's root unit has no officer of its own, so no row; every top unit has one.
    assert got["Bahagian Teknologi Maklumat"] == (6, 11)
    assert got["Bahagian Kewangan"] == (2, 2)
    assert all(not row.direct for row in data.rows)
    assert sum(row.month.counts.working for row in data.rows) == data.month.counts.working


def test_trend_is_the_last_twelve_months(org: Org) -> None:
    data = dashboard_of(org.executive)

    assert [point.month for point in data.trend][:2] == [date(2025, 11, 1), date(2025, 12, 1)]
    assert data.trend[-1].month == date(2026, 10, 1)
    assert len(data.trend) == 12
    rates = {p.month: (p.attendance_rate, p.late_rate) for p in data.trend if p.counts.days}
    # October 2025 has the same month number as today's: it stays out.
    assert rates == {
        date(2026, 9, 1): (Decimal("50.0"), Decimal("0.0")),
        date(2026, 10, 1): (Decimal("90.9"), Decimal("30.0")),
    }
    assert data.trend[0].attendance_rate is None


def test_admin_trend_adds_the_other_unit(org: Org) -> None:
    september = next(p for p in dashboard_of(org.admin).trend if p.month == date(2026, 9, 1))

    assert (september.attendance_rate, september.late_rate) == (Decimal("66.7"), Decimal("50.0"))


def test_unit_filter_narrows_every_figure(org: Org) -> None:
    data = dashboard_of(org.executive, unit=org.x1)

    # Badrul, Chong, Embun.
    assert today_tuple(data) == (3, 3, 2, 0, 1, 1, 0, 1)
    assert month_tuple(data) == (
        4,
        4,
        Decimal("100.0"),
        Decimal("25.0"),
        Decimal("10.0"),
        1,
        1,
        {"green": 1},
    )
    assert [(row.name, row.direct) for row in data.rows] == [("Seksyen Aplikasi", False)]


def test_a_unit_outside_the_grant_is_not_found(org: Org) -> None:
    scope = scope_of(org.executive)
    root = OrgUnit.objects.get(parent=None)

    for unit_id in (org.y.pk, root.pk, 999_999):
        with pytest.raises(Http404):
            exec_dashboard(scope=scope, unit_id=unit_id, now=NOW)


def test_supervisor_sees_their_team(org: Org) -> None:
    data = dashboard_of(org.officers["supervisor"].user)

    # Aminah (late, in) and Badrul (not yet in).
    assert today_tuple(data) == (2, 2, 1, 1, 1, 0, 0, 0)
    assert data.month.counts.working == 4
    assert [unit.name for unit in data.units] == ["Bahagian Teknologi Maklumat", "Seksyen Aplikasi"]


# --- The page -----------------------------------------------------------------------------------


@pytest.fixture
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views_dashboard, "_now", lambda: NOW)


def _value(html: str, testid: str) -> str:
    """The <strong data-testid="value"> of the tile with ``testid``."""
    start = html.index(f'data-testid="{testid}"')
    strong = html.index('data-testid="value">', start) + len('data-testid="value">')
    return html[strong : html.index("</strong>", strong)]


def test_page_shows_tiles_table_and_charts(org: Org, agency_a: Agency, fixed_now: None) -> None:
    response = login(agency_a, LOGINS["executive"]).get("/reports/dashboard/")

    assert response.status_code == 200
    html = response.content.decode()
    assert _value(html, "today-expected") == "5"
    assert _value(html, "today-not_yet_in") == "1"
    assert _value(html, "month-attendance-rate") == "90.9%"
    assert _value(html, "month-overdue-issues") == "2"
    assert _value(html, "card-green") == "2"
    assert html.count('data-testid="unit-row"') == 2
    for testid in ("chart-trend", "chart-units", "chart-cards"):
        start = html.index("<svg", html.index(f'data-testid="{testid}"'))
        svg = ET.fromstring(html[start : html.index("</svg>", start) + 6])  # noqa: S314
        assert svg.tag == SVG
        assert svg.get("role") == "img"
    assert 'hx-trigger="every 60s"' in html


def test_the_pdf_carries_the_same_figures_and_charts(
    org: Org, agency_a: Agency, fixed_now: None
) -> None:
    from tests.reports.conftest import pdf_text

    client = login(agency_a, LOGINS["executive"])
    client.cookies["django_language"] = "en"
    response = client.get("/reports/dashboard/?format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "90.9" in text  # this month's attendance rate, as on the page
    assert "Attendance and late rate, last 12 months" in text  # the trend chart's title


def test_executive_without_a_grant_gets_nothing_of_the_unit(
    org: Org, agency_a: Agency, fixed_now: None
) -> None:
    client = login(agency_a, LOGINS["executive"])

    html = client.get("/reports/dashboard/").content.decode()
    assert client.get(f"/reports/dashboard/?unit={org.y.pk}").status_code == 404
    # Nothing of Bahagian Kewangan: not a choice, not a row, not in the totals (Yusof's late
    # day and overdue issue and red card would change these).
    assert "Bahagian Kewangan" not in html
    assert "YUSOF" not in html
    assert _value(html, "today-late") == "1"
    assert _value(html, "today-outside") == "1"
    assert _value(html, "month-late-rate") == "30.0%"
    assert _value(html, "card-red") == "0"


def test_unit_filter_on_the_page(org: Org, agency_a: Agency, fixed_now: None) -> None:
    client = login(agency_a, LOGINS["executive"])

    response = client.get(f"/reports/dashboard/?unit={org.x1.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert _value(html, "today-expected") == "3"
    assert f'<option value="{org.x1.pk}" selected>' in html
    for bad in ("abc", "-1", "1e3", "99999999999"):
        assert client.get(f"/reports/dashboard/?unit={bad}").status_code == 404


def test_officer_with_no_one_in_reach_gets_404(org: Org, agency_a: Agency) -> None:
    assert login(agency_a, LOGINS["yusof"]).get("/reports/dashboard/").status_code == 404


def test_anonymous_is_sent_to_log_in(agency_a: Agency) -> None:
    response = Client(HTTP_HOST=host_of(agency_a)).get("/reports/dashboard/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_org_admin_page_offers_every_unit(org: Org, agency_a: Agency, fixed_now: None) -> None:
    html = login(agency_a, LOGINS["admin"]).get("/reports/dashboard/").content.decode()

    assert _value(html, "today-expected") == "7"
    assert "Bahagian Kewangan" in html
    assert "The whole agency." in html or "seluruh agensi" in html.lower()


def test_a_unit_id_of_agency_a_is_not_found_on_agency_b(
    org: Org, agency_a: Agency, agency_b: Agency
) -> None:
    unit_id = org.x.pk
    with schema_context(agency_b.schema_name):
        assert not OrgUnit.objects.filter(pk=unit_id).exists()
        admin_b = make_user(agency_b, LOGINS["admin_b"], roles=(Role.OFFICER, Role.ORG_ADMIN))
        officer_create(
            data=OfficerData(
                login_id=LOGINS["officer_b"],
                full_name="PEGAWAI B",
                org_unit=OrgUnit.objects.get(parent=None),
            ),
            actor=None,
        )
        assert admin_b.pk
    client = login(agency_b, LOGINS["admin_b"])

    assert client.get("/reports/dashboard/").status_code == 200
    assert client.get(f"/reports/dashboard/?unit={unit_id}").status_code == 404


# --- Queries --------------------------------------------------------------------------------------


def _crowd(unit: OrgUnit, first: int, count: int) -> None:
    """``count`` officers in ``unit`` with today's day and punches, month days, a movement, a
    BDR arrangement, issues and cards (made in bulk: the dashboard only reads them)."""
    users = User.objects.bulk_create(
        User(login_id=f"8606171{first + n:05d}", full_name=f"PEGAWAI RAMAI {first + n:04d}")
        for n in range(count)
    )
    officers = Officer.objects.bulk_create(Officer(user=user, org_unit=unit) for user in users)
    days, punches, movements, arrangements, issues, cards = [], [], [], [], [], []
    for n, officer in enumerate(officers):
        for on in (date(2026, 10, 12), TODAY):
            days.append(
                AttendanceDay(
                    officer=officer,
                    day=on,
                    status=Status.PRESENT,
                    categories=["LATE_IN"] if n % 3 == 0 else [],
                    late_minutes=7 if n % 3 == 0 else 0,
                    check_in=at(on, 8, n % 50),
                    policy_kind="WBF",
                    ends_at=at(on, 23, 59),
                    computed_at=NOW,
                )
            )
        punches.append(
            AttendanceEvent(
                officer=officer,
                kind="in",
                source="web",
                place="outside" if n % 4 == 0 else "office",
                recorded_at=at(TODAY, 8),
                claimed_at=at(TODAY, 8),
                chain_hash=hashlib.sha256(str(officer.pk).encode()).hexdigest(),
            )
        )
        movements.append(
            Movement(
                officer=officer,
                purpose="Lawatan",
                place="Putrajaya",
                starts_at=at(TODAY, 10),
                ends_at=at(TODAY, 11),
            )
        )
        arrangements.append(
            Arrangement(
                officer=officer, kind="bdr", status="approved", starts_on=TODAY, ends_on=TODAY
            )
        )
        issues.append(
            AttendanceIssue(
                officer=officer, day=date(2026, 10, 12), category="LATE_IN", deadline=TODAY
            )
        )
        cards.append(
            CardColour(officer=officer, month=date(2026, 9, 1), colour="green", rule_version="t")
        )
    AttendanceDay.objects.bulk_create(days)
    AttendanceEvent.objects.bulk_create(punches)
    Movement.objects.bulk_create(movements)
    Arrangement.objects.bulk_create(arrangements)
    AttendanceIssue.objects.bulk_create(issues)
    CardColour.objects.bulk_create(cards)


def test_queries_do_not_grow_with_the_officers(org: Org, agency_a: Agency, fixed_now: None) -> None:
    client = login(agency_a, LOGINS["executive"])
    sub = unit_create(name="Seksyen Ramai", parent=org.x)
    _crowd(sub, 0, 5)
    client.get("/reports/dashboard/")  # warm caches (content types, permissions)

    with CaptureQueriesContext(connection) as few:
        assert client.get("/reports/dashboard/").status_code == 200
    _crowd(sub, 5, 45)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/reports/dashboard/")

    assert response.status_code == 200
    assert len(many) == len(few)
    # django-tenants sets the search path before each query; the rest is the page's own work.
    own = [q for q in few.captured_queries if not q["sql"].startswith("SET search_path")]
    assert len(own) <= 25
    assert _value(response.content.decode(), "today-expected") == str(5 + 50)
