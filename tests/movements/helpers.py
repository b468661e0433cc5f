"""Shared by the movement and task note tests: the world of the arrangement tests (an officer and
her supervisor, an outsider, an officer of another unit, the org admin), logged-in clients and
local times."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from tenant_apps.movements.models import Movement
from tenant_apps.movements.services import movement_create
from tenant_apps.people.models import Officer
from tenant_apps.people.officer_services import OfficerData, officer_create
from tenants.models import Agency
from tests.conftest import PASSWORD, host_of
from tests.worktime.test_arrangements_services import LOGINS, World, build_world

__all__ = ["LOGINS", "World", "at", "build_world", "client_for", "declare", "officer_new", "today"]


def today() -> date:
    return timezone.localdate()


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """An aware datetime at a Malaysian wall-clock time."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def client_for(agency: Agency, key_or_login: str) -> Client:
    client = Client(HTTP_HOST=host_of(agency))
    login = LOGINS.get(key_or_login, key_or_login)
    response = client.post("/login/", {"mykad": login, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def declare(officer: Officer, **overrides: Any) -> Movement:
    """A movement tomorrow 10:00–12:00 unless told otherwise, declared by the officer."""
    tomorrow = today() + timedelta(days=1)
    values: dict[str, Any] = {
        "purpose": "Mesyuarat Jawatankuasa ICT",
        "place": "Bangunan Perdana Putra",
        "starts_at": at(tomorrow, 10),
        "ends_at": at(tomorrow, 12),
        "actor": officer.user,
    }
    values.update(overrides)
    return movement_create(officer=officer, **values)


def officer_new(login_id: str, name: str, **extra: Any) -> Officer:
    """One more officer in the first unit of the agency (call inside its schema)."""
    from tenant_apps.people.models import OrgUnit

    officer = officer_create(
        data=OfficerData(
            login_id=login_id, full_name=name, org_unit=OrgUnit.objects.get(parent=None), **extra
        ),
        actor=None,
    )
    officer.user.set_password(PASSWORD)
    officer.user.save()
    return officer
