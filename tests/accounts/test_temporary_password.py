"""A temporary password set by the org admin must be changed at the first login: until then every
page leads to the password change and the API answers 403 ``password_change_required``."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import SecurityEvent, User
from accounts.roles import Role
from tenants.models import Agency
from tests.conftest import PASSWORD, make_user

ADMIN = "700101165039"
OFFICER = "880808165123"
TEMPORARY = "Sementara.Laluan.4417"
OWN = "Pilihan.Sendiri.2026"


@pytest.fixture
def officer(agency_a: Agency, client_a: Client) -> User:
    """An officer whose admin set a temporary password on the account page."""
    make_user(agency_a, ADMIN, full_name="PENTADBIR A", roles=(Role.OFFICER, Role.ORG_ADMIN))
    user = make_user(agency_a, OFFICER, full_name="SITI BINTI ALI")
    client_a.post("/login/", {"mykad": ADMIN, "password": PASSWORD})
    page = client_a.get(f"/org/accounts/{user.pk}/temporary-password/")
    assert page.status_code == 200
    done = client_a.post(
        f"/org/accounts/{user.pk}/temporary-password/",
        {"new_password1": TEMPORARY, "new_password2": TEMPORARY},
    )
    assert done.status_code == 302
    return user


def test_setting_a_temporary_password_is_recorded(agency_a: Agency, officer: User) -> None:
    with schema_context(agency_a.schema_name):
        officer.refresh_from_db()
        assert officer.must_change_password
        assert officer.check_password(TEMPORARY)
        event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.TEMPORARY_PASSWORD_SET)
        assert event.user == officer
        assert event.actor is not None
        assert event.actor.login_id == ADMIN


def test_a_weak_temporary_password_is_refused(agency_a: Agency, client_a: Client) -> None:
    make_user(agency_a, ADMIN, roles=(Role.OFFICER, Role.ORG_ADMIN))
    user = make_user(agency_a, OFFICER)
    client_a.post("/login/", {"mykad": ADMIN, "password": PASSWORD})

    page = client_a.post(
        f"/org/accounts/{user.pk}/temporary-password/",
        {"new_password1": "123", "new_password2": "123"},
    )

    assert page.status_code == 400
    with schema_context(agency_a.schema_name):
        user.refresh_from_db()
        assert user.check_password(PASSWORD)
        assert not user.must_change_password


def test_the_first_login_leads_to_the_password_change(officer: User) -> None:
    web = Client(HTTP_HOST="ujian-a.localhost")

    login = web.post("/login/", {"mykad": OFFICER, "password": TEMPORARY})

    assert login.status_code == 302
    assert login["Location"] == "/password/change/"
    for path in ("/", "/account/activity/", "/org/officers/", f"/org/accounts/{officer.pk}/"):
        response = web.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/password/change/"
    assert web.get("/password/change/").status_code == 200
    htmx = web.get("/account/activity/", HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == "/password/change/"


def test_the_api_answers_403_until_the_password_is_changed(officer: User) -> None:
    web = Client(HTTP_HOST="ujian-a.localhost")
    web.post("/login/", {"mykad": OFFICER, "password": TEMPORARY})
    phone = Client(HTTP_HOST="ujian-a.localhost")
    token = phone.post(
        "/api/v1/auth/token",
        json.dumps({"mykad": OFFICER, "password": TEMPORARY}),
        content_type="application/json",
    ).json()["token"]

    by_token = phone.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {token}")
    by_session = web.get("/api/v1/me")

    for response in (by_token, by_session):
        assert response.status_code == 403
        assert response.json()["code"] == "password_change_required"

    changed = web.post(
        "/password/change/",
        {"old_password": TEMPORARY, "new_password1": OWN, "new_password2": OWN},
    )
    assert changed.status_code == 302
    assert phone.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    assert web.get("/api/v1/me").status_code == 200


def test_after_the_change_pages_open_and_the_flag_is_gone(agency_a: Agency, officer: User) -> None:
    web = Client(HTTP_HOST="ujian-a.localhost")
    web.post("/login/", {"mykad": OFFICER, "password": TEMPORARY})

    same = web.post(
        "/password/change/",
        {"old_password": TEMPORARY, "new_password1": TEMPORARY, "new_password2": TEMPORARY},
    )
    assert same.status_code == 200
    assert 'data-testid="field-error-new_password1"' in same.content.decode()

    changed = web.post(
        "/password/change/",
        {"old_password": TEMPORARY, "new_password1": OWN, "new_password2": OWN},
    )

    assert changed.status_code == 302
    assert web.get("/").status_code == 200
    with schema_context(agency_a.schema_name):
        officer.refresh_from_db()
        assert not officer.must_change_password
        assert SecurityEvent.objects.filter(
            user=officer, kind=SecurityEvent.Kind.PASSWORD_CHANGED
        ).exists()


def test_logout_works_with_a_temporary_password(officer: User) -> None:
    web = Client(HTTP_HOST="ujian-a.localhost")
    web.post("/login/", {"mykad": OFFICER, "password": TEMPORARY})

    response = web.post("/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert "_auth_user_id" not in web.session
