"""The login form takes a MyKad number or a passport login ID."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import SecurityEvent, User
from accounts.services import user_create
from tenants.models import Agency
from tests.conftest import PASSWORD


def passport_user(agency: Agency, login_id: str) -> User:
    with schema_context(agency.schema_name):
        return user_create(
            login_id=login_id,
            full_name="JOHN SMITH",
            password=PASSWORD,
            login_kind=User.LoginKind.PASSPORT,
        )


@pytest.mark.parametrize("typed", ["A12345678", "a12345678", " A1234 5678 "])
def test_an_officer_logs_in_with_a_passport_login_id(
    agency_a: Agency, client_a: Client, typed: str
) -> None:
    passport_user(agency_a, "A12345678")

    response = client_a.post("/login/", {"mykad": typed, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_passport_number_of_digits_only_logs_in(agency_a: Agency, client_a: Client) -> None:
    passport_user(agency_a, "123456789")

    response = client_a.post("/login/", {"mykad": "123456789", "password": PASSWORD})

    assert response.status_code == 302


def test_a_wrong_passport_password_gets_the_usual_message(
    agency_a: Agency, client_a: Client
) -> None:
    passport_user(agency_a, "A12345678")

    response = client_a.post("/login/", {"mykad": "A12345678", "password": "salah"})

    assert "No. MyKad atau kata laluan tidak sah." in response.content.decode()
    with schema_context(agency_a.schema_name):
        failed = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOGIN_FAILED)
        assert failed.login_id_masked == "A12345*78"


def test_a_passport_login_id_of_the_wrong_shape_says_so(client_a: Client) -> None:
    client_a.post("/i18n/setlang/", {"language": "en", "next": "/login/"})

    response = client_a.post("/login/", {"mykad": "AB12", "password": PASSWORD})

    assert "A passport login ID has 6 to 20 letters and digits." in response.content.decode()


def test_a_mistyped_mykad_still_gets_the_mykad_message(agency_a: Agency, client_a: Client) -> None:
    response = client_a.post("/login/", {"mykad": "880808-16-512", "password": PASSWORD})

    assert "No. MyKad mesti mengandungi tepat 12 digit" in response.content.decode()
    with schema_context(agency_a.schema_name):
        assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGIN_FAILED).count() == 1
