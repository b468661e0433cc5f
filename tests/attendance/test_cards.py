"""Card colours: the monthly evaluation from unexcused exceptions, due on the agency's evaluation
day; the org admin's override (audited, kept by a later evaluation); the officer's history page;
notifications of a change; reach and isolation of the pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from tenant_apps.attendance.models import AttendanceDay
from tenant_apps.attendance_issues.cards import card_override, cards_due, cards_evaluate
from tenant_apps.audit.models import AuditEntry
from tenant_apps.notifications.models import Notification
from tenant_apps.people.models import Officer
from tenant_apps.worktime.engine import MALAYSIA
from tenant_apps.worktime.models import CardColour
from tenants.models import Agency
from tests.attendance.support import LOGINS, World, build_world, client_for
from tests.conftest import PASSWORD, host_of

SEPTEMBER = date(2026, 9, 1)
OCTOBER = date(2026, 10, 1)


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    with schema_context(agency_a.schema_name):
        world = build_world(agency_a)
        # The officers have been with the agency since the summer.
        Officer.objects.update(created_at=datetime(2026, 6, 1, tzinfo=MALAYSIA))
        yield world


def days_with(officer: Officer, month: date, categories: list[list[str]]) -> None:
    for offset, found in enumerate(categories):
        AttendanceDay.objects.create(
            officer=officer,
            day=month + timedelta(days=offset),
            status="PRESENT",
            categories=found,
            ends_at=datetime.combine(month + timedelta(days=offset + 1), time(), MALAYSIA),
            closed=True,
            computed_at=datetime.combine(month, time(), MALAYSIA),
        )


def colour(officer: Officer, month: date) -> str:
    return CardColour.objects.get(officer=officer, month=month).colour


def test_three_unexcused_exceptions_turn_yellow_green_and_a_clean_month_steps_back(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    days_with(world.officer, SEPTEMBER, [["LATE_IN"], ["EARLY_OUT"], ["INCOMPLETE"], []])
    days_with(world.outsider, SEPTEMBER, [["LATE_IN"], ["LATE_IN"], ["EXTERNAL"]])
    with django_capture_on_commit_callbacks(execute=True):
        assert cards_evaluate(month=SEPTEMBER) == 3
    assert colour(world.officer, SEPTEMBER) == "green"
    assert colour(world.outsider, SEPTEMBER) == "yellow"  # 2 counted: EXTERNAL is not counted
    card = CardColour.objects.get(officer=world.officer, month=SEPTEMBER)
    assert card.counts["counted"] == 3
    assert card.rule_version.startswith("kad-v1:3/2")
    assert "hijau" in card.reason

    days_with(world.officer, OCTOBER, [[], []])
    cards_evaluate(month=OCTOBER)
    assert colour(world.officer, OCTOBER) == "yellow"


def test_a_change_of_colour_notifies_the_officer_and_the_supervisor(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    days_with(world.officer, SEPTEMBER, [["LATE_IN"]] * 3)
    with django_capture_on_commit_callbacks(execute=True):
        cards_evaluate(month=SEPTEMBER)
    own = Notification.objects.get(recipient=world.officer.user, kind="card_changed")
    assert own.text_ms == "Kad anda bagi September 2026 bertukar daripada kuning kepada hijau."
    told = Notification.objects.get(recipient=world.supervisor.user, kind="card_changed")
    assert "MARLIANA BINTI RAMLI" in told.text_ms
    # Evaluating again with the same records changes nothing and tells no one again.
    with django_capture_on_commit_callbacks(execute=True):
        cards_evaluate(month=SEPTEMBER)
    assert Notification.objects.filter(kind="card_changed").count() == 2


def test_an_excused_exception_is_not_counted(world: World) -> None:
    # An accepted explanation leaves the day without the category (it is in ``excused``).
    days_with(world.officer, SEPTEMBER, [["LATE_IN"], ["LATE_IN"], []])
    AttendanceDay.objects.filter(officer=world.officer, day=SEPTEMBER + timedelta(days=2)).update(
        excused=["LATE_IN"]
    )
    cards_evaluate(month=SEPTEMBER)
    assert colour(world.officer, SEPTEMBER) == "yellow"


def test_the_override_is_audited_and_kept_by_a_later_evaluation(world: World) -> None:
    days_with(world.officer, SEPTEMBER, [["LATE_IN"]] * 3)
    cards_evaluate(month=SEPTEMBER)
    card_override(
        officer=world.officer,
        month=SEPTEMBER,
        colour="yellow",
        reason="Kesesakan akibat banjir, disahkan",
        actor=world.admin,
    )
    cards_evaluate(month=SEPTEMBER)
    card = CardColour.objects.get(officer=world.officer, month=SEPTEMBER)
    assert card.colour == "yellow"
    assert card.overridden_by == world.admin
    assert AuditEntry.objects.filter(action="cards.override").count() == 1


def test_cards_are_due_from_the_evaluation_day_until_they_exist(world: World) -> None:
    assert cards_due(date(2026, 10, 1)) == SEPTEMBER
    cards_evaluate(month=SEPTEMBER)
    assert cards_due(date(2026, 10, 2)) is None


def _admin(agency: Agency) -> Client:
    client = Client(HTTP_HOST=host_of(agency))
    assert (
        client.post("/login/", {"mykad": LOGINS["admin"], "password": PASSWORD}).status_code == 302
    )
    return client


def test_the_pages_show_the_history_and_only_the_org_admin_overrides(
    world: World, agency_a: Agency
) -> None:
    with schema_context(agency_a.schema_name):
        days_with(world.officer, SEPTEMBER, [["LATE_IN"]] * 3)
        cards_evaluate(month=SEPTEMBER)
    own = client_for(agency_a, "officer").get("/attendance/cards/").content.decode()
    assert 'data-month="2026-09" data-colour="green"' in own
    url = f"/attendance/cards/officer/{world.officer.pk}/"
    supervisor = client_for(agency_a, "supervisor")
    assert supervisor.get(url).status_code == 200
    assert 'data-testid="card-override"' not in supervisor.get(url).content.decode()
    assert supervisor.post(url + "set/", {"month": "2026-09"}).status_code == 404
    assert client_for(agency_a, "outsider").get(url).status_code == 404

    admin = _admin(agency_a)
    refused = admin.post(url + "set/", {"month": "2026-09", "colour": "red", "reason": "x"})
    assert refused.status_code == 400
    done = admin.post(
        url + "set/", {"month": "2026-09", "colour": "red", "reason": "Semakan semula audit"}
    )
    assert done.status_code == 302
    with schema_context(agency_a.schema_name):
        assert colour(world.officer, SEPTEMBER) == "red"


def test_cards_of_agency_a_are_not_found_on_agency_b(
    world: World, agency_a: Agency, agency_b: Agency
) -> None:
    from accounts.roles import Role
    from tests.conftest import make_user

    make_user(agency_b, "690303035013", roles=(Role.OFFICER, Role.ORG_ADMIN))
    client = Client(HTTP_HOST=host_of(agency_b))
    client.post("/login/", {"mykad": "690303035013", "password": PASSWORD})
    assert client.get(f"/attendance/cards/officer/{world.officer.pk}/").status_code == 404
