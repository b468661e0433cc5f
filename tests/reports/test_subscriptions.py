"""Scheduled reports: when a subscription falls due (monthly on its day, weekly on its weekday,
never twice for one occurrence), the period it covers, the e-mail with the PDF whose text carries
the report's totals, the reach checked again at sending (a lost grant sends nothing and stops the
subscription), the subscribe rules, and the page (reach, own rows only, agency isolation, a query
count that does not grow with the rows)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import Role
from tenant_apps.attendance.models import AttendanceDay
from tenant_apps.audit.models import AuditEntry
from tenant_apps.people.services import executive_grant, executive_revoke
from tenant_apps.reports import registry
from tenant_apps.reports.models import ReportSubscription
from tenant_apps.reports.render.cells import display, section_totals
from tenant_apps.reports.scope import narrowed, scope_of
from tenant_apps.reports.subscriptions import (
    SubscriptionError,
    agency_subscriptions_send,
    subscription_create,
    subscription_period,
    subscription_send,
    subscriptions_due,
)
from tenant_apps.reports.table import Column, ReportParams, ReportSpec, ReportTable, Section
from tenant_apps.worktime.engine import MALAYSIA
from tenants.models import Agency
from tests.attendance_issues.helpers import World, build_world, client_for, late_day, punch
from tests.conftest import PASSWORD, host_of, make_user

SLUG = "test-days-present"
FRI_NOV_6 = date(2026, 11, 6)  # a monthly subscription's day
WED_NOV_25 = date(2026, 11, 25)


def _build(params: ReportParams) -> ReportTable:
    """A small report over the stored duty days: per officer, days present and late minutes."""
    from django.db.models import Count, Q, Sum

    rows = (
        AttendanceDay.objects.filter(
            officer_id__in=params.officer_ids, day__gte=params.start, day__lte=params.end
        )
        .values("officer__user__full_name")
        .annotate(present=Count("pk", filter=Q(status="PRESENT")), late=Sum("late_minutes"))
        .order_by("officer__user__full_name")
    )
    body = [[row["officer__user__full_name"], row["present"], row["late"]] for row in rows]
    columns = [
        Column("officer", "Officer"),
        Column("present", "Days present", "int", total=True),
        Column("late", "Late minutes", "int", total=True),
    ]
    return ReportTable(
        title="Days present",
        columns=columns,
        sections=[Section(title="Officers", rows=body)],
        facts=[("Period", f"{params.start:%d/%m/%Y} – {params.end:%d/%m/%Y}")],
    )


@pytest.fixture
def report() -> Iterator[ReportSpec]:
    registry.report_list()  # the real reports first, so ours is the only extra
    spec = ReportSpec(slug=SLUG, title="Days present", description="test", build=_build)
    registry.REPORTS[SLUG] = spec
    yield spec
    registry.REPORTS.pop(SLUG, None)


@pytest.fixture
def world(agency_a: Agency, settings: object, tmp_path: Path) -> Iterator[World]:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


def _subscribe(user: User, *, unit_id: int | None = None, **values: Any) -> ReportSubscription:
    arguments: dict[str, object] = {
        "report": SLUG,
        "unit_id": unit_id,
        "category": None,
        "frequency": "monthly",
        "day_of_month": FRI_NOV_6.day,
        "weekday": None,
    }
    arguments.update(values)
    subscription = subscription_create(user=user, **arguments)  # type: ignore[arg-type]
    # Made after October's day and before November's.
    made = datetime.combine(date(2026, 10, 20), time(9), MALAYSIA)
    ReportSubscription.objects.filter(pk=subscription.pk).update(created_at=made)
    subscription.refresh_from_db()
    return subscription


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


# --- When it falls due ---------------------------------------------------------------------------


def test_a_monthly_subscription_is_due_on_its_day_and_only_once(
    world: World, report: ReportSpec
) -> None:
    subscription = _subscribe(world.supervisor.user)

    assert subscriptions_due(FRI_NOV_6 - timedelta(days=1)) == []  # October's day came first
    assert subscriptions_due(FRI_NOV_6) == [subscription]
    assert subscription_send(subscription, FRI_NOV_6) == "sent"

    assert subscriptions_due(FRI_NOV_6) == []  # not twice a day
    assert subscription_send(subscription, FRI_NOV_6) == "not_due"
    assert subscriptions_due(FRI_NOV_6 + timedelta(days=1)) == []  # nor for the same occurrence
    assert len(mail.outbox) == 1
    assert subscriptions_due(date(2026, 12, 6)) == [subscription]


def test_a_weekly_subscription_is_due_on_its_weekday_and_a_missed_day_is_caught_up(
    world: World, report: ReportSpec
) -> None:
    subscription = _subscribe(
        world.supervisor.user, frequency="weekly", day_of_month=None, weekday=2
    )
    subscription.last_sent_on = date(2026, 11, 18)
    subscription.save()

    assert subscriptions_due(WED_NOV_25 - timedelta(days=1)) == []  # Tuesday
    assert subscriptions_due(WED_NOV_25) == [subscription]
    # The workers were down on Wednesday: Thursday sends it, for the same week.
    assert subscriptions_due(WED_NOV_25 + timedelta(days=1)) == [subscription]
    assert subscription_send(subscription, WED_NOV_25 + timedelta(days=1)) == "sent"
    assert subscriptions_due(WED_NOV_25 + timedelta(days=2)) == []


def test_the_period_is_the_previous_month_or_the_previous_monday_to_sunday(world: World) -> None:
    monthly = ReportSubscription(frequency="monthly", day_of_month=6)
    weekly = ReportSubscription(frequency="weekly", weekday=2)

    assert subscription_period(monthly, FRI_NOV_6) == (date(2026, 10, 1), date(2026, 10, 31))
    assert subscription_period(monthly, date(2026, 1, 6)) == (date(2025, 12, 1), date(2025, 12, 31))
    assert subscription_period(weekly, WED_NOV_25) == (date(2026, 11, 16), date(2026, 11, 22))
    monday = date(2026, 11, 23)
    assert subscription_period(weekly, monday) == (date(2026, 11, 16), date(2026, 11, 22))


def test_a_subscription_made_after_its_day_waits_for_the_next_one(
    world: World, report: ReportSpec
) -> None:
    subscription = subscription_create(
        user=world.supervisor.user,
        report=SLUG,
        unit_id=None,
        category=None,
        frequency="monthly",
        day_of_month=1,
        weekday=None,
    )
    assert subscriptions_due(date(2026, 11, 30)) == []  # made on the 27th, after the 1st
    assert subscriptions_due(date(2026, 12, 1)) == [subscription]


# --- Sending -----------------------------------------------------------------------------------


def test_the_report_is_e_mailed_as_pdf_with_the_reports_totals(
    world: World, report: ReportSpec, tmp_path: Path
) -> None:
    october = date(2026, 10, 14)  # a working Wednesday in October
    late_day(world.officer, october)  # present, 30 minutes late
    punch(world.colleague, "in", datetime.combine(october, time(8, 0), MALAYSIA))
    subscription = _subscribe(world.supervisor.user)

    assert agency_subscriptions_send(FRI_NOV_6) == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["supervisor@ujian.gov.my"]
    assert "Agensi Ujian A" in message.subject
    assert "Agensi Ujian A" in message.body
    assert message.body.count("-----") == 1  # Malay, then English
    assert message.body.count("/reports/subscriptions/") == 2
    [(file_name, content, mime)] = message.attachments
    assert (file_name, mime) == (f"{SLUG}-20261001-20261031.pdf", "application/pdf")
    table = _build(
        ReportParams(
            start=date(2026, 10, 1),
            end=date(2026, 10, 31),
            officer_ids=[world.officer.pk, world.colleague.pk],
        )
    )
    assert [list(row) for row in table.sections[0].rows] == [
        ["PEGAWAI ISU", 1, 30],
        ["RAKAN SEPASUKAN", 1, 0],
    ]
    text = _pdf_text(content, tmp_path)
    assert "PEGAWAI ISU" in text
    assert "RAKAN SEPASUKAN" in text
    assert "PENYELIA LUAR" not in text  # not supervised by the subscriber
    totals_line = [line for line in text.splitlines() if "Jumlah" in line or "Total" in line]
    assert totals_line
    assert totals_line[-1].split()[-2:] == ["2", "30"]
    subscription.refresh_from_db()
    assert subscription.last_sent_on == FRI_NOV_6
    entry = AuditEntry.objects.get(action="reports.subscription_send")
    assert entry.object_id == str(subscription.pk)
    assert entry.detail["file_name"] == file_name


def test_a_real_report_arrives_with_the_totals_of_the_same_report_built_directly(
    world: World, tmp_path: Path
) -> None:
    spec = registry.report_by_slug("unit-summary")
    assert spec is not None
    late_day(world.officer, date(2026, 10, 14))  # 30 minutes late
    late_day(world.colleague, date(2026, 10, 15))  # 30 minutes late
    late_day(world.outsider, date(2026, 10, 15))  # another unit: not in the executive's report
    subscription = _subscribe(world.executive.user, report="unit-summary", unit_id=world.unit.pk)

    assert subscription_send(subscription, FRI_NOV_6) == "sent"

    [message] = mail.outbox
    text = _pdf_text(message.attachments[0][1], tmp_path)
    assert "PENYELIA LUAR" not in text
    scope = scope_of(world.executive.user)
    table = spec.build(
        ReportParams(
            start=date(2026, 10, 1),
            end=date(2026, 10, 31),
            officer_ids=narrowed(scope, unit_id=world.unit.pk, officer_id=None),
            unit_id=world.unit.pk,
        )
    )
    totals = section_totals(table, table.sections[0])
    assert totals is not None
    by_key = {column.key: total for column, total in zip(table.columns, totals, strict=True)}
    assert (by_key["present"], by_key["late_in"], by_key["late_minutes"]) == (2, 2, 60)
    expected = [
        display(total, column.kind)
        for column, total in zip(table.columns, totals, strict=True)
        if total is not None
    ]
    assert expected[-1] == "100.0"  # the attendance rate of the totals row
    line = [row for row in text.splitlines() if "Jumlah" in row or "Total" in row][-1]
    assert line.split()[-len(expected) :] == expected


def test_an_executive_who_lost_the_grant_gets_nothing_and_the_subscription_stops(
    world: World, report: ReportSpec
) -> None:
    late_day(world.officer, date(2026, 10, 14))
    world.outsider.supervisor = world.executive  # so the executive still reaches someone
    world.outsider.save()
    subscription = _subscribe(world.executive.user, unit_id=world.unit.pk)
    executive_revoke(executive=world.executive.user, unit=world.unit)

    assert subscription_send(subscription, FRI_NOV_6) == "stopped"

    subscription.refresh_from_db()
    assert subscription.is_active is False
    assert subscription.last_sent_on is None
    [message] = mail.outbox  # only the notice, without any report
    assert message.attachments == []
    assert "PEGAWAI ISU" not in message.body
    assert "no longer" in message.body
    entry = AuditEntry.objects.get(action="reports.subscription_stop")
    assert entry.detail["code"] == "unit_out_of_reach"
    assert subscriptions_due(date(2026, 12, 6)) == []


def test_a_mail_server_error_leaves_the_subscription_due(
    world: World, report: ReportSpec, settings: object
) -> None:
    subscription = _subscribe(world.supervisor.user)
    settings.EMAIL_BACKEND = "tests.reports.test_subscriptions.FailingBackend"  # type: ignore[attr-defined]

    assert agency_subscriptions_send(FRI_NOV_6) == 0

    subscription.refresh_from_db()
    assert subscription.last_sent_on is None
    assert subscriptions_due(FRI_NOV_6) == [subscription]
    assert not AuditEntry.objects.filter(action="reports.subscription_send").exists()


class FailingBackend:
    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: object) -> int:
        raise OSError("mail server down")


# --- Subscribing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"report": "no-such-report"}, "report_unknown"),
        ({"day_of_month": 29}, "day_of_month"),
        ({"day_of_month": 0}, "day_of_month"),
        ({"frequency": "weekly", "weekday": 7}, "weekday"),
        ({"frequency": "daily"}, "frequency_unknown"),
    ],
)
def test_a_wrong_subscription_is_refused(
    world: World, report: ReportSpec, values: dict[str, Any], code: str
) -> None:
    with pytest.raises(SubscriptionError) as refused:
        _subscribe(world.supervisor.user, **values)
    assert refused.value.code == code
    assert not ReportSubscription.objects.exists()


def test_a_unit_outside_the_reach_is_refused(world: World, report: ReportSpec) -> None:
    with pytest.raises(SubscriptionError) as refused:
        _subscribe(world.executive.user, unit_id=world.other_unit.pk)
    assert refused.value.code == "unit_out_of_reach"
    with pytest.raises(SubscriptionError) as refused:
        _subscribe(world.officer.user)  # supervises no one
    assert refused.value.code == "no_reach"
    assert not ReportSubscription.objects.exists()


def test_a_subscriber_needs_an_e_mail_address_and_no_duplicate(
    world: World, report: ReportSpec
) -> None:
    _subscribe(world.supervisor.user)
    with pytest.raises(SubscriptionError) as refused:
        _subscribe(world.supervisor.user)
    assert refused.value.code == "duplicate"
    world.second.user.email = ""
    world.second.user.save()
    with pytest.raises(SubscriptionError) as refused:
        _subscribe(world.second.user)
    assert refused.value.code == "no_email"
    assert ReportSubscription.objects.count() == 1
    entry = AuditEntry.objects.get(action="reports.subscription_create")
    assert entry.actor == world.supervisor.user


# --- The page ----------------------------------------------------------------------------------


def test_the_page_lists_own_subscriptions_and_adds_one(
    world: World, report: ReportSpec, agency_a: Agency
) -> None:
    client = client_for(agency_a, "executive")
    response = client.get("/reports/subscriptions/")
    assert response.status_code == 200
    assert b'data-testid="subscription-empty"' in response.content

    response = client.post(
        "/reports/subscriptions/",
        {"report": SLUG, "unit": world.unit.pk, "frequency": "weekly", "weekday": 4},
    )

    assert response.status_code == 302
    subscription = ReportSubscription.objects.get(user=world.executive.user)
    assert (subscription.frequency, subscription.weekday) == ("weekly", 4)
    assert subscription.params == {"unit": world.unit.pk, "category": None}
    page = client.get("/reports/subscriptions/").content.decode()
    assert f'subscription-row-{subscription.pk}"' in page
    assert "Bahagian Kehadiran" in page


def test_the_page_refuses_a_unit_outside_the_reach(
    world: World, report: ReportSpec, agency_a: Agency
) -> None:
    client = client_for(agency_a, "executive")
    response = client.post(
        "/reports/subscriptions/",
        {"report": SLUG, "unit": world.other_unit.pk, "frequency": "monthly", "day_of_month": 3},
    )
    assert response.status_code == 400
    assert not ReportSubscription.objects.exists()


def test_an_officer_without_reach_gets_404(
    world: World, report: ReportSpec, agency_a: Agency
) -> None:
    client = client_for(agency_a, "officer")
    assert client.get("/reports/subscriptions/").status_code == 404
    response = client.post(
        "/reports/subscriptions/", {"report": SLUG, "frequency": "monthly", "day_of_month": 3}
    )
    assert response.status_code == 404
    assert not ReportSubscription.objects.exists()


def test_only_ones_own_subscription_can_be_removed(
    world: World, report: ReportSpec, agency_a: Agency
) -> None:
    mine = _subscribe(world.supervisor.user)
    theirs = _subscribe(world.second.user)
    client = client_for(agency_a, "supervisor")

    assert client.post(f"/reports/subscriptions/{theirs.pk}/delete/").status_code == 404
    assert client.get(f"/reports/subscriptions/{mine.pk}/delete/").status_code == 405
    assert client.post(f"/reports/subscriptions/{mine.pk}/delete/").status_code == 302

    assert list(ReportSubscription.objects.all()) == [theirs]
    assert AuditEntry.objects.filter(action="reports.subscription_delete").count() == 1


def test_a_subscription_of_agency_a_is_not_found_on_agency_b(
    world: World, report: ReportSpec, agency_a: Agency, agency_b: Agency
) -> None:
    subscription = _subscribe(world.supervisor.user)
    make_user(agency_b, "860606105013", roles=(Role.OFFICER, Role.ORG_ADMIN))
    client = Client(HTTP_HOST=host_of(agency_b))
    login = {"mykad": "860606105013", "password": PASSWORD}
    assert client.post("/login/", login).status_code == 302

    assert client.post(f"/reports/subscriptions/{subscription.pk}/delete/").status_code == 404
    with schema_context(agency_a.schema_name):
        assert ReportSubscription.objects.filter(pk=subscription.pk).exists()


def test_the_page_makes_the_same_number_of_queries_for_more_subscriptions(
    world: World, report: ReportSpec, agency_a: Agency
) -> None:
    world.outsider.supervisor = world.executive
    world.outsider.save()
    stopped = _subscribe(world.executive.user, unit_id=world.unit.pk, day_of_month=2)
    executive_revoke(executive=world.executive.user, unit=world.unit)
    assert subscription_send(stopped, date(2026, 12, 2)) == "stopped"
    executive_grant(executive=world.executive.user, unit=world.unit)
    _subscribe(world.executive.user, unit_id=world.unit.pk)
    client = client_for(agency_a, "executive")
    client.get("/reports/subscriptions/")
    with CaptureQueriesContext(connection) as two:
        assert client.get("/reports/subscriptions/").status_code == 200
    for day in (3, 4, 5, 7, 8):
        _subscribe(world.executive.user, unit_id=world.unit.pk, day_of_month=day)
    with CaptureQueriesContext(connection) as seven:
        response = client.get("/reports/subscriptions/")
    assert response.status_code == 200
    assert response.content.count(b'data-testid="subscription-row-') == 7
    assert b"subscription-stopped-" in response.content
    assert len(seven) == len(two)
