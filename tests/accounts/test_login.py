from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import SecurityEvent, User
from tenants.models import Agency
from tests.conftest import PASSWORD, make_user

MYKAD = "880808-16-5123"


def test_login_page_is_in_malay_by_default(client_a: Client) -> None:
    response = client_a.get("/login/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "No. MyKad" in body
    assert "Kata laluan" in body
    assert '<html lang="ms">' in body


def test_home_sends_an_anonymous_visitor_to_login(client_a: Client) -> None:
    response = client_a.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_officer_logs_in_with_mykad_with_dashes(agency_a: Agency, client_a: Client) -> None:
    user = make_user(agency_a, "880808165123", full_name="MARLIANA BINTI RAMLI")

    response = client_a.post("/login/", {"mykad": MYKAD, "password": PASSWORD}, follow=True)

    assert response.status_code == 200
    assert "Selamat datang, MARLIANA BINTI RAMLI" in response.content.decode()
    assert "Pegawai" in response.content.decode()
    with schema_context(agency_a.schema_name):
        assert SecurityEvent.objects.filter(user=user, kind=SecurityEvent.Kind.LOGIN).count() == 1


def test_wrong_password_and_unknown_user_get_the_same_message(
    agency_a: Agency, client_a: Client
) -> None:
    make_user(agency_a, "880808165123")

    wrong_password = client_a.post("/login/", {"mykad": MYKAD, "password": "salah"})
    unknown_user = client_a.post("/login/", {"mykad": "770707-16-5555", "password": PASSWORD})

    message = "No. MyKad atau kata laluan tidak sah."
    assert message in wrong_password.content.decode()
    assert message in unknown_user.content.decode()
    assert "_auth_user_id" not in client_a.session
    with schema_context(agency_a.schema_name):
        failed = SecurityEvent.objects.filter(
            kind=SecurityEvent.Kind.LOGIN_FAILED,
            login_id_masked__in=["880808****23", "770707****55"],
        )
        assert failed.count() == 2


def test_inactive_user_cannot_log_in(agency_a: Agency, client_a: Client) -> None:
    user = make_user(agency_a, "880808165123")
    with schema_context(agency_a.schema_name):
        User.objects.filter(pk=user.pk).update(is_active=False)

    response = client_a.post("/login/", {"mykad": MYKAD, "password": PASSWORD})

    assert "No. MyKad atau kata laluan tidak sah." in response.content.decode()
    assert "_auth_user_id" not in client_a.session


def test_mykad_of_wrong_length_gets_a_specific_message(client_a: Client) -> None:
    response = client_a.post("/login/", {"mykad": "88080816512", "password": PASSWORD})

    assert response.status_code == 200
    assert "No. MyKad mesti mengandungi tepat 12 digit" in response.content.decode()


def test_mykad_that_is_not_a_date_gets_a_specific_message(client_a: Client) -> None:
    response = client_a.post("/login/", {"mykad": "881308-16-5123", "password": PASSWORD})

    assert "mestilah tarikh lahir yang sah" in response.content.decode()


def test_english_switch_translates_the_errors(agency_a: Agency, client_a: Client) -> None:
    switched = client_a.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert switched.status_code == 302

    response = client_a.post("/login/", {"mykad": "12345", "password": PASSWORD})

    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "A MyKad number has exactly 12 digits" in body


def test_login_does_not_redirect_to_another_site(agency_a: Agency, client_a: Client) -> None:
    make_user(agency_a, "880808165123")

    response = client_a.post(
        "/login/", {"mykad": MYKAD, "password": PASSWORD, "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_logout_is_a_post_and_ends_the_session(agency_a: Agency, client_a: Client) -> None:
    make_user(agency_a, "880808165123")
    client_a.post("/login/", {"mykad": MYKAD, "password": PASSWORD})

    assert client_a.get("/logout/").status_code == 405
    response = client_a.post("/logout/", follow=True)

    assert "Anda telah log keluar." in response.content.decode()
    assert client_a.get("/").status_code == 302


def test_password_change_replaces_the_old_password(agency_a: Agency, client_a: Client) -> None:
    make_user(agency_a, "880808165123")
    client_a.post("/login/", {"mykad": MYKAD, "password": PASSWORD})

    response = client_a.post(
        "/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Baharu.Kata.Laluan.77",
            "new_password2": "Baharu.Kata.Laluan.77",
        },
    )
    assert response.status_code == 302
    client_a.post("/logout/")

    old = client_a.post("/login/", {"mykad": MYKAD, "password": PASSWORD})
    new = client_a.post("/login/", {"mykad": MYKAD, "password": "Baharu.Kata.Laluan.77"})

    assert "No. MyKad atau kata laluan tidak sah." in old.content.decode()
    assert new.status_code == 302
    with schema_context(agency_a.schema_name):
        changed = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PASSWORD_CHANGED)
        assert list(changed.values_list("user__login_id", flat=True)) == ["880808165123"]


def test_password_change_with_wrong_old_password_changes_nothing(
    agency_a: Agency, client_a: Client
) -> None:
    user = make_user(agency_a, "880808165123")
    client_a.post("/login/", {"mykad": MYKAD, "password": PASSWORD})

    response = client_a.post(
        "/password/change/",
        {"old_password": "salah", "new_password1": "X.y.z.12345", "new_password2": "X.y.z.12345"},
    )

    assert response.status_code == 200
    with schema_context(agency_a.schema_name):
        user.refresh_from_db()
        assert user.check_password(PASSWORD)


def test_account_activity_lists_own_events_newest_first(agency_a: Agency, client_a: Client) -> None:
    make_user(agency_a, "880808165123")
    client_a.post("/login/", {"mykad": MYKAD, "password": "salah"})
    client_a.post("/login/", {"mykad": MYKAD, "password": PASSWORD})

    response = client_a.get("/account/activity/")

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<tr><td>") == 1  # the failed attempt is not tied to the account
    assert "Log masuk" in body


def test_expired_form_gets_a_page_that_says_what_to_do(agency_a: Agency) -> None:
    client = Client(HTTP_HOST="ujian-a.localhost", enforce_csrf_checks=True)

    response = client.post("/login/", {"mykad": MYKAD, "password": PASSWORD})

    assert response.status_code == 403
    assert "Borang telah tamat tempoh" in response.content.decode()
