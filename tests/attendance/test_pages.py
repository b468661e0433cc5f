"""The officer's dashboard and Transaksi Kehadiran; an officer's punches for their supervisor and
the org admin (anyone else: 404); the org admin's correction punch (audited, never an edit);
the attendance settings page; and nothing of agency A on agency B."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.attendance.models import AttendanceEvent
from tenant_apps.attendance.selectors import attendance_settings
from tenant_apps.audit.models import AuditEntry
from tenants.models import Agency
from tests.attendance.support import (
    FAR,
    LOGINS,
    World,
    build_world,
    client_for,
    post_punch,
    punch_body,
)
from tests.conftest import PASSWORD, host_of


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


def test_the_dashboard_shows_the_buttons_today_and_the_year(world: World, agency_a: Agency) -> None:
    client = client_for(agency_a, "officer")
    page = client.get("/").content.decode()
    for hook in (
        'data-testid="punch-in"',
        'data-testid="punch-out"',
        'data-testid="link-movement-new"',
        'data-testid="notes-panel"',
        'data-testid="movements-panel"',
        'data-testid="month-12"',
        'data-api="/api/v1/attendance/punches"',
        "menunggu sambungan",
    ):
        assert hook in page, hook
    post_punch(client, punch_body())
    fragment = client.get("/attendance/today/").content.decode()
    assert 'data-testid="check-in"' in fragment
    assert timezone.localtime().strftime("%H:") in fragment


def test_the_officer_reads_their_own_transactions_with_evidence(
    world: World, agency_a: Agency
) -> None:
    client = client_for(agency_a, "officer")
    post_punch(client, punch_body("in", FAR, accuracy=900))
    page = client.get("/attendance/transactions/").content.decode()
    assert page.count('data-testid="punch-row"') == 1
    assert 'data-place="outside"' in page
    assert 'data-testid="flag-poor_accuracy"' in page
    assert 'data-testid="correction"' not in page
    empty = client.get("/attendance/transactions/?month=2020-01").content.decode()
    assert 'data-testid="no-punches"' in empty


@pytest.mark.parametrize(("viewer", "expected"), [("supervisor", 200), ("outsider", 404)])
def test_who_reads_an_officers_punches(
    world: World, agency_a: Agency, viewer: str, expected: int
) -> None:
    post_punch(client_for(agency_a, "officer"), punch_body())
    answer = client_for(agency_a, viewer).get(f"/attendance/officers/{world.officer.pk}/")
    assert answer.status_code == expected
    if expected == 200:
        assert 'data-testid="punch-row"' in answer.content.decode()
        assert 'data-testid="correction"' not in answer.content.decode()


def _admin_client(agency: Agency) -> object:
    from django.test import Client

    client = Client(HTTP_HOST=host_of(agency))
    assert (
        client.post("/login/", {"mykad": LOGINS["admin"], "password": PASSWORD}).status_code == 302
    )
    return client


def test_the_org_admin_adds_a_correction_punch_and_it_is_audited(
    world: World, agency_a: Agency
) -> None:
    client = _admin_client(agency_a)
    when = timezone.localtime() - timedelta(hours=1)
    url = f"/attendance/officers/{world.officer.pk}/correct/"
    refused = client.post(  # type: ignore[attr-defined]
        url, {"kind": "in", "at": when.strftime("%Y-%m-%dT%H:%M"), "reason": ""}
    )
    assert refused.status_code == 400
    answer = client.post(  # type: ignore[attr-defined]
        url,
        {"kind": "in", "at": when.strftime("%Y-%m-%dT%H:%M"), "reason": "Lupa daftar, sah"},
    )
    assert answer.status_code == 302
    with schema_context(agency_a.schema_name):
        [event] = AttendanceEvent.objects.filter(officer=world.officer)
        assert event.source == "admin"
        assert event.created_by == world.admin
        assert event.reason == "Lupa daftar, sah"
        assert AuditEntry.objects.filter(action="attendance.correction").count() == 1
    page = client.get(f"/attendance/officers/{world.officer.pk}/").content.decode()  # type: ignore[attr-defined]
    assert "Lupa daftar, sah" in page


def test_a_future_correction_is_refused(world: World, agency_a: Agency) -> None:
    client = _admin_client(agency_a)
    later = timezone.localtime() + timedelta(hours=2)
    answer = client.post(  # type: ignore[attr-defined]
        f"/attendance/officers/{world.officer.pk}/correct/",
        {"kind": "out", "at": later.strftime("%Y-%m-%dT%H:%M"), "reason": "Salah"},
    )
    assert answer.status_code == 400
    with schema_context(agency_a.schema_name):
        assert not AttendanceEvent.objects.filter(officer=world.officer).exists()


def test_only_the_org_admin_corrects_or_changes_settings(world: World, agency_a: Agency) -> None:
    supervisor = client_for(agency_a, "supervisor")
    url = f"/attendance/officers/{world.officer.pk}/correct/"
    assert (
        supervisor.post(url, {"kind": "in", "at": "2026-11-25T08:00", "reason": "x"}).status_code
        == 404
    )
    assert supervisor.get("/attendance/settings/").status_code == 404


def test_the_settings_page_validates_and_audits(world: World, agency_a: Agency) -> None:
    client = _admin_client(agency_a)
    values = {
        "accept_without_position": "",
        "offline_window_hours": "0",
        "poor_accuracy_m": "200",
        "impossible_speed_kmh": "150",
        "clock_skew_minutes": "5",
        "repeated_coordinates_count": "5",
        "reminder_minutes_before": "15",
    }
    assert client.post("/attendance/settings/", values).status_code == 400  # type: ignore[attr-defined]
    values["offline_window_hours"] = "6"
    assert client.post("/attendance/settings/", values).status_code == 302  # type: ignore[attr-defined]
    with schema_context(agency_a.schema_name):
        settings = attendance_settings()
        assert settings.offline_window_hours == 6
        assert settings.accept_without_position is False
        assert AuditEntry.objects.filter(action="attendance.settings").exists()


def test_nothing_of_agency_a_is_found_on_agency_b(
    world: World, agency_a: Agency, agency_b: Agency
) -> None:
    post_punch(client_for(agency_a, "officer"), punch_body())
    from django.test import Client

    from accounts.roles import Role
    from tests.conftest import make_user

    make_user(agency_b, "690303035013", roles=(Role.OFFICER, Role.ORG_ADMIN))
    client_b = Client(HTTP_HOST=host_of(agency_b))
    assert (
        client_b.post("/login/", {"mykad": "690303035013", "password": PASSWORD}).status_code == 302
    )
    assert client_b.get(f"/attendance/officers/{world.officer.pk}/").status_code == 404
    assert (
        client_b.post(
            f"/attendance/officers/{world.officer.pk}/correct/",
            {"kind": "in", "at": "2026-11-25T08:00", "reason": "cuba"},
        ).status_code
        == 404
    )
    # A's session means nothing on B.
    session_a = client_for(agency_a, "officer")
    session_a.defaults["HTTP_HOST"] = host_of(agency_b)
    assert session_a.get("/attendance/transactions/").status_code == 302
    assert post_punch(session_a, punch_body()).status_code in (401, 403)
