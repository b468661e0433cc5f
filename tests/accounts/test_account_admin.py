"""The org admin's actions on one login account: invitation, deactivation, reactivation, and who
may reach the pages."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import SecurityEvent, User
from accounts.roles import Role
from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.people.officer_services import OfficerData, officer_create
from tenants.models import Agency
from tests.conftest import PASSWORD, make_user

ADMIN = "700101165039"
OFFICER = "880808165123"
NEW_PASSWORD = "Kehadiran.Baharu.2026"


def login(client: Client, login_id: str, password: str = PASSWORD) -> int:
    return client.post("/login/", {"mykad": login_id, "password": password}).status_code


@pytest.fixture
def admin(agency_a: Agency) -> User:
    return make_user(agency_a, ADMIN, full_name="PENTADBIR A", roles=(Role.OFFICER, Role.ORG_ADMIN))


@pytest.fixture
def admin_client(admin: User, client_a: Client) -> Client:
    assert login(client_a, ADMIN) == 302
    return client_a


def officer_make(
    agency: Agency, login_id: str = OFFICER, email: str = "siti@agensi.gov.my"
) -> User:
    with schema_context(agency.schema_name):
        officer = officer_create(
            data=OfficerData(
                login_id=login_id,
                full_name="SITI BINTI ALI",
                email=email,
                org_unit=OrgUnit.objects.get(parent=None),
            ),
            actor=None,
        )
        return officer.user


def events(agency: Agency, user: User) -> list[str]:
    with schema_context(agency.schema_name):
        return list(
            SecurityEvent.objects.filter(user=user).order_by("id").values_list("kind", flat=True)
        )


def test_an_invited_officer_sets_a_password_with_the_link_once(
    agency_a: Agency,
    admin: User,
    admin_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    officer = officer_make(agency_a)

    with django_capture_on_commit_callbacks(execute=True):
        sent = admin_client.post(f"/org/accounts/{officer.pk}/invite/")

    assert sent.status_code == 302
    assert sent["Location"] == f"/org/accounts/{officer.pk}/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["siti@agensi.gov.my"]
    link = re.search(r"http://ujian-a\.localhost(/invitation/[\w-]+/)", str(mail.outbox[0].body))
    assert link is not None
    with schema_context(agency_a.schema_name):
        event = SecurityEvent.objects.get(user=officer, kind=SecurityEvent.Kind.INVITATION_SENT)
        assert event.actor == admin

    officer_client = Client(HTTP_HOST="ujian-a.localhost")
    path = link.group(1)
    done = officer_client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert officer_client.get(path).status_code == 410
    assert login(officer_client, OFFICER, NEW_PASSWORD) == 302


def test_an_account_without_e_mail_gets_no_invitation(
    agency_a: Agency, admin_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    officer = officer_make(agency_a, email="")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/org/accounts/{officer.pk}/invite/", follow=True)

    assert mail.outbox == []
    assert events(agency_a, officer) == []
    assert 'class="msg error"' in response.content.decode()


def test_a_deactivated_officer_cannot_log_in_and_keeps_their_history(
    agency_a: Agency, admin: User, admin_client: Client
) -> None:
    officer = officer_make(agency_a)
    with schema_context(agency_a.schema_name):
        officer.set_password(PASSWORD)
        officer.save()
    phone = Client(HTTP_HOST="ujian-a.localhost")
    token = phone.post(
        "/api/v1/auth/token",
        json.dumps({"mykad": OFFICER, "password": PASSWORD}),
        content_type="application/json",
    ).json()["token"]
    web = Client(HTTP_HOST="ujian-a.localhost")
    assert login(web, OFFICER) == 302

    confirm = admin_client.get(f"/org/accounts/{officer.pk}/deactivate/")
    assert confirm.status_code == 200
    done = admin_client.post(f"/org/accounts/{officer.pk}/deactivate/")

    assert done.status_code == 302
    with schema_context(agency_a.schema_name):
        officer.refresh_from_db()
        assert not officer.is_active
        assert Officer.objects.get(user=officer).status == Officer.Status.INACTIVE
        deactivated = SecurityEvent.objects.get(user=officer, kind=SecurityEvent.Kind.DEACTIVATED)
        assert deactivated.actor == admin
    assert events(agency_a, officer)[:2] == ["token_issued", "login"]
    assert web.get("/").status_code == 302  # the open session ended
    assert phone.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401
    assert login(Client(HTTP_HOST="ujian-a.localhost"), OFFICER) == 200
    refused = phone.post(
        "/api/v1/auth/token",
        json.dumps({"mykad": OFFICER, "password": PASSWORD}),
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid_login"


def test_a_reactivated_officer_logs_in_again(agency_a: Agency, admin_client: Client) -> None:
    officer = officer_make(agency_a)
    with schema_context(agency_a.schema_name):
        officer.set_password(PASSWORD)
        officer.save()
    admin_client.post(f"/org/accounts/{officer.pk}/deactivate/")

    done = admin_client.post(f"/org/accounts/{officer.pk}/activate/")

    assert done.status_code == 302
    with schema_context(agency_a.schema_name):
        assert Officer.objects.get(user=officer).status == Officer.Status.ACTIVE
    assert events(agency_a, officer) == ["deactivated", "reactivated"]
    assert login(Client(HTTP_HOST="ujian-a.localhost"), OFFICER) == 302


def test_a_user_without_an_officer_record_is_deactivated_too(
    agency_a: Agency, admin_client: Client
) -> None:
    other = make_user(agency_a, "770707165555", roles=(Role.EXECUTIVE,))

    admin_client.post(f"/org/accounts/{other.pk}/deactivate/")

    with schema_context(agency_a.schema_name):
        other.refresh_from_db()
        assert not other.is_active
    assert login(Client(HTTP_HOST="ujian-a.localhost"), "770707165555") == 200


def test_the_admin_cannot_deactivate_themselves(
    agency_a: Agency, admin: User, admin_client: Client
) -> None:
    admin_client.post(f"/org/accounts/{admin.pk}/deactivate/")

    with schema_context(agency_a.schema_name):
        admin.refresh_from_db()
        assert admin.is_active
        assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.DEACTIVATED).exists()


def test_the_detail_page_shows_the_account_and_its_activity(
    agency_a: Agency, admin_client: Client
) -> None:
    officer = officer_make(agency_a)
    admin_client.post(f"/org/accounts/{officer.pk}/deactivate/")

    page = admin_client.get(f"/org/accounts/{officer.pk}/")

    body = page.content.decode()
    assert page.status_code == 200
    assert "SITI BINTI ALI" in body
    assert 'data-testid="account-activate"' in body
    assert "PENTADBIR A" in body  # the actor of the deactivation


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("get", ""),
        ("post", "invite/"),
        ("get", "temporary-password/"),
        ("post", "deactivate/"),
        ("post", "activate/"),
    ],
)
def test_account_pages_are_404_for_anyone_but_the_org_admin(
    agency_a: Agency, client_a: Client, method: str, suffix: str
) -> None:
    officer = officer_make(agency_a)
    make_user(agency_a, "770707165555", roles=(Role.OFFICER, Role.SUPERVISOR, Role.EXECUTIVE))
    assert login(client_a, "770707165555") == 302

    response = getattr(client_a, method)(f"/org/accounts/{officer.pk}/{suffix}")

    assert response.status_code == 404
    with schema_context(agency_a.schema_name):
        officer.refresh_from_db()
        assert officer.is_active
    assert events(agency_a, officer) == []


def test_an_anonymous_visitor_is_sent_to_login(agency_a: Agency, client_a: Client) -> None:
    officer = officer_make(agency_a)

    response = client_a.get(f"/org/accounts/{officer.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_an_account_of_agency_a_is_404_on_agency_b(
    agency_a: Agency, agency_b: Agency, client_b: Client
) -> None:
    make_user(agency_b, ADMIN, roles=(Role.OFFICER, Role.ORG_ADMIN))
    with schema_context(agency_b.schema_name):
        ids_in_b = set(User.objects.values_list("pk", flat=True))
    target, n = make_user(agency_a, OFFICER), 0
    while target.pk in ids_in_b:  # ids are per schema: use one that B does not have
        n += 1
        target = make_user(agency_a, f"88080816{n:04d}")
    assert login(client_b, ADMIN) == 302

    for method, suffix in [("get", ""), ("post", "deactivate/"), ("post", "invite/")]:
        response = getattr(client_b, method)(f"/org/accounts/{target.pk}/{suffix}")
        assert response.status_code == 404

    with schema_context(agency_a.schema_name):
        target.refresh_from_db()
        assert target.is_active
        assert not SecurityEvent.objects.filter(user=target).exists()
