"""Password reset by e-mail: a single-use, one-hour link for a known account, and the same answer
(and no e-mail) for an unknown one."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.core import mail
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import Invitation, SecurityEvent, User
from tenants.models import Agency
from tests.conftest import PASSWORD, make_user

OFFICER = "880808165123"
NEW_PASSWORD = "Kehadiran.Baharu.2026"


def officer_with_email(agency: Agency, email: str = "siti@agensi.gov.my") -> User:
    user = make_user(agency, OFFICER, full_name="SITI BINTI ALI")
    with schema_context(agency.schema_name):
        User.objects.filter(pk=user.pk).update(email=email)
    return user


def ask(client: Client, login_id: str, capture: Any) -> Any:
    with capture(execute=True):
        return client.post("/password/reset/", {"login_id": login_id})


def reset_path() -> str:
    found = re.search(
        r"http://ujian-a\.localhost(/password/reset/[\w-]+/)", str(mail.outbox[-1].body)
    )
    assert found is not None
    return found.group(1)


def test_a_known_account_gets_a_link_that_works_once(
    agency_a: Agency, client_a: Client, django_capture_on_commit_callbacks: Any
) -> None:
    user = officer_with_email(agency_a)

    response = ask(client_a, "880808-16-5123", django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == "/password/reset/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["siti@agensi.gov.my"]
    path = reset_path()
    assert client_a.get(path).status_code == 200
    done = client_a.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == "/login/"
    again = client_a.get(path)
    assert again.status_code == 410
    assert 'data-code="invitation_used"' in again.content.decode()
    login = client_a.post("/login/", {"mykad": OFFICER, "password": NEW_PASSWORD})
    assert login.status_code == 302
    with schema_context(agency_a.schema_name):
        kinds = set(SecurityEvent.objects.filter(user=user).values_list("kind", flat=True))
        assert {"password_reset_requested", "password_reset"} <= kinds
        link = Invitation.objects.get(user=user)
        assert link.expires_at - link.created_at == timedelta(hours=1)


def test_an_unknown_account_gets_the_same_answer_and_no_e_mail(
    agency_a: Agency, client_a: Client, django_capture_on_commit_callbacks: Any
) -> None:
    officer_with_email(agency_a)

    known = ask(client_a, OFFICER, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    unknown = ask(client_a, "770707165555", django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    sent_page = client_a.get(unknown["Location"])
    assert 'data-testid="password-reset-sent"' in sent_page.content.decode()
    with schema_context(agency_a.schema_name):
        assert Invitation.objects.count() == 1


def test_no_e_mail_for_an_inactive_account_or_one_without_an_address(
    agency_a: Agency, client_a: Client, django_capture_on_commit_callbacks: Any
) -> None:
    user = officer_with_email(agency_a, email="")
    other = make_user(agency_a, "770707165555")
    with schema_context(agency_a.schema_name):
        User.objects.filter(pk=other.pk).update(email="x@agensi.gov.my", is_active=False)

    first = ask(client_a, OFFICER, django_capture_on_commit_callbacks)
    second = ask(client_a, "770707165555", django_capture_on_commit_callbacks)

    assert first["Location"] == second["Location"] == "/password/reset/sent/"
    assert mail.outbox == []
    with schema_context(agency_a.schema_name):
        assert not Invitation.objects.filter(user__in=[user, other]).exists()


def test_asking_twice_in_a_row_sends_one_e_mail(
    agency_a: Agency, client_a: Client, django_capture_on_commit_callbacks: Any
) -> None:
    officer_with_email(agency_a)

    ask(client_a, OFFICER, django_capture_on_commit_callbacks)
    ask(client_a, OFFICER, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1


def test_an_expired_reset_link_is_refused(
    agency_a: Agency, client_a: Client, django_capture_on_commit_callbacks: Any
) -> None:
    user = officer_with_email(agency_a)
    ask(client_a, OFFICER, django_capture_on_commit_callbacks)
    with schema_context(agency_a.schema_name):
        Invitation.objects.filter(user=user).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )

    response = client_a.post(
        reset_path(), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 410
    with schema_context(agency_a.schema_name):
        user.refresh_from_db()
        assert user.check_password(PASSWORD)


def test_a_reset_link_is_no_invitation_link(
    agency_a: Agency, client_a: Client, django_capture_on_commit_callbacks: Any
) -> None:
    officer_with_email(agency_a)
    ask(client_a, OFFICER, django_capture_on_commit_callbacks)
    token = reset_path().rstrip("/").rsplit("/", 1)[1]

    assert client_a.get(f"/invitation/{token}/").status_code == 410


def test_a_reset_link_of_agency_a_means_nothing_on_agency_b(
    agency_a: Agency, client_a: Client, client_b: Client, django_capture_on_commit_callbacks: Any
) -> None:
    officer_with_email(agency_a)
    ask(client_a, OFFICER, django_capture_on_commit_callbacks)

    assert client_b.get(reset_path()).status_code == 410
