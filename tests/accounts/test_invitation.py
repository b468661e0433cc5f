"""The invitation link: single use, expires, sets the first password."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import Invitation, SecurityEvent, User
from accounts.services import invitation_issue, user_create
from tenants.models import Agency

NEW_PASSWORD = "Kehadiran.Baharu.2026"


def invited(agency: Agency, login_id: str = "880808035036") -> tuple[User, str]:
    with schema_context(agency.schema_name):
        user = user_create(login_id=login_id, full_name="PENTADBIR BAHARU", password=None)
        return user, invitation_issue(user=user, hours=72)


def test_the_link_sets_a_password_once(agency_a: Agency, client_a: Client) -> None:
    user, token = invited(agency_a)

    page = client_a.get(f"/invitation/{token}/")
    assert page.status_code == 200
    assert "PENTADBIR BAHARU" in page.content.decode()

    done = client_a.post(
        f"/invitation/{token}/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done["Location"] == "/login/"
    with schema_context(agency_a.schema_name):
        user.refresh_from_db()
        assert user.check_password(NEW_PASSWORD)
        assert SecurityEvent.objects.filter(user=user, kind="invitation_accepted").exists()

    again = client_a.get(f"/invitation/{token}/")
    assert again.status_code == 410
    assert 'data-code="invitation_used"' in again.content.decode()

    login = client_a.post("/login/", {"mykad": "880808-03-5036", "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_an_expired_link_is_refused(agency_a: Agency, client_a: Client) -> None:
    user, token = invited(agency_a)
    with schema_context(agency_a.schema_name):
        Invitation.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(1))

    page = client_a.post(
        f"/invitation/{token}/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert page.status_code == 410
    with schema_context(agency_a.schema_name):
        user.refresh_from_db()
        assert not user.has_usable_password()


def test_a_new_link_cancels_the_old_one(agency_a: Agency, client_a: Client) -> None:
    user, old = invited(agency_a)
    with schema_context(agency_a.schema_name):
        invitation_issue(user=user, hours=72)

    assert client_a.get(f"/invitation/{old}/").status_code == 410


def test_a_weak_password_is_refused_with_the_reason(agency_a: Agency, client_a: Client) -> None:
    _, token = invited(agency_a)

    page = client_a.post(f"/invitation/{token}/", {"new_password1": "123", "new_password2": "123"})

    assert page.status_code == 200
    assert 'data-testid="field-error-new_password2"' in page.content.decode()


def test_a_link_of_agency_a_means_nothing_on_agency_b(agency_a: Agency, client_b: Client) -> None:
    _, token = invited(agency_a)

    assert client_b.get(f"/invitation/{token}/").status_code == 410


def test_a_made_up_link_is_refused(client_a: Client) -> None:
    page = client_a.get("/invitation/not-a-real-token-at-all/")

    assert page.status_code == 410
