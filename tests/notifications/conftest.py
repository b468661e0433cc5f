"""People of agency A for the notification tests, and the seed's sentences."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import User
from tenant_apps.notifications.models import Kind, Notification
from tenant_apps.notifications.services import notification_send
from tenants.models import Agency
from tests.conftest import PASSWORD, make_user

SUPERVISOR = "760312145201"
OFFICER = "760312145202"
OTHER = "760312145203"

OUTSIDE_MS = "MARLIANA BINTI RAMLI telah mendaftar masuk dari luar kawasan pejabat."
OUTSIDE_EN = "MARLIANA BINTI RAMLI checked in from outside the office."
MOVEMENT_MS = 'MARLIANA BINTI RAMLI telah memasukkan pergerakan baru - "Mesyuarat di JDN"'
MOVEMENT_EN = 'MARLIANA BINTI RAMLI declared a new movement - "Mesyuarat di JDN"'


@dataclass(frozen=True)
class People:
    supervisor: User  # has an e-mail address
    officer: User  # has none
    other: User  # has an e-mail address


def _with_email(user: User, email: str) -> User:
    user.email = email
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def people(agency_a: Agency) -> Iterator[People]:
    supervisor = make_user(agency_a, SUPERVISOR, full_name="PENYELIA NOTIFIKASI")
    officer = make_user(agency_a, OFFICER, full_name="MARLIANA BINTI RAMLI")
    other = make_user(agency_a, OTHER, full_name="PEGAWAI LAIN")
    with schema_context(agency_a.schema_name):
        yield People(
            supervisor=_with_email(supervisor, "penyelia@agensi-a.gov.my"),
            officer=officer,
            other=_with_email(other, "lain@agensi-a.gov.my"),
        )


def send_outside(*recipients: User, link: str = "/attendance/") -> list[Notification]:
    """The seed's notification to a supervisor: a punch from outside the office."""
    return notification_send(
        recipients=recipients,
        kind=Kind.PUNCH_OUTSIDE,
        text_ms=OUTSIDE_MS,
        text_en=OUTSIDE_EN,
        link=link,
    )


def logged_in(client: Client, login_id: str) -> Client:
    response = client.post("/login/", {"mykad": login_id, "password": PASSWORD})
    assert response.status_code == 302
    return client
