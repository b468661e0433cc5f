"""Nothing of one agency is visible through another agency's host or the platform host."""

from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import SecurityEvent, User
from tenants.models import Agency
from tests.conftest import PASSWORD, make_user

MYKAD_A = "880808165123"


def test_user_of_agency_a_does_not_exist_in_agency_b_or_public(
    agency_a: Agency, agency_b: Agency
) -> None:
    make_user(agency_a, MYKAD_A)

    with schema_context(agency_b.schema_name):
        assert not User.objects.filter(login_id=MYKAD_A).exists()
    with schema_context("public"):
        assert not User.objects.filter(login_id=MYKAD_A).exists()


def test_user_of_agency_a_cannot_log_in_on_b_or_the_platform(
    agency_a: Agency, client_b: Client, client_public: Client
) -> None:
    make_user(agency_a, MYKAD_A)
    credentials = {"mykad": MYKAD_A, "password": PASSWORD}

    on_b = client_b.post("/login/", credentials)
    on_public = client_public.post("/login/", credentials)
    token_on_b = client_b.post("/api/v1/auth/token", credentials, content_type="application/json")

    assert "No. MyKad atau kata laluan tidak sah." in on_b.content.decode()
    assert "No. MyKad atau kata laluan tidak sah." in on_public.content.decode()
    assert token_on_b.status_code == 400


def test_session_cookie_of_agency_a_does_not_authenticate_on_b(
    agency_a: Agency, client_a: Client, client_b: Client
) -> None:
    make_user(agency_a, MYKAD_A)
    client_a.post("/login/", {"mykad": MYKAD_A, "password": PASSWORD})
    assert client_a.get("/").status_code == 200

    client_b.cookies["sessionid"] = client_a.cookies["sessionid"].value

    assert client_b.get("/").status_code == 302
    assert client_b.get("/account/activity/").status_code == 302
    assert client_b.get("/api/v1/me").status_code == 401


def test_session_cookie_is_host_only(agency_a: Agency, client_a: Client) -> None:
    make_user(agency_a, MYKAD_A)

    response = client_a.post("/login/", {"mykad": MYKAD_A, "password": PASSWORD})

    morsel = response.cookies["sessionid"]
    assert morsel["domain"] == ""
    assert morsel["httponly"] is True


def test_token_of_agency_a_is_refused_on_b_and_on_the_platform(
    agency_a: Agency, client_a: Client, client_b: Client, client_public: Client
) -> None:
    make_user(agency_a, MYKAD_A)
    token = client_a.post(
        "/api/v1/auth/token",
        {"mykad": MYKAD_A, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]

    assert client_a.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    assert client_b.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401
    assert client_public.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401


def test_records_of_agency_a_are_not_listed_on_b(
    agency_a: Agency, agency_b: Agency, client_a: Client, client_b: Client
) -> None:
    user_a = make_user(agency_a, MYKAD_A, full_name="RAHSIA AGENSI A")
    user_b = make_user(agency_b, MYKAD_A, full_name="PEGAWAI AGENSI B")  # same MyKad, other person
    client_a.post("/login/", {"mykad": MYKAD_A, "password": PASSWORD})
    client_a.post("/logout/")
    client_a.post("/login/", {"mykad": MYKAD_A, "password": PASSWORD})

    client_b.post("/login/", {"mykad": MYKAD_A, "password": PASSWORD})
    page = client_b.get("/account/activity/").content.decode()
    home = client_b.get("/").content.decode()
    api = client_b.get("/api/v1/me/activity").json()

    assert "RAHSIA AGENSI A" not in home
    assert "PEGAWAI AGENSI B" in home
    assert page.count("<tr><td>") == 1  # only B's own sign-in
    assert [event["kind"] for event in api["results"]] == ["login"]
    with schema_context(agency_b.schema_name):
        assert SecurityEvent.objects.filter(user=user_b).count() == 1
    with schema_context(agency_a.schema_name):
        assert SecurityEvent.objects.filter(user=user_a).count() == 3


def test_operator_console_is_for_operators_only(
    agency_a: Agency, client_public: Client, client_a: Client
) -> None:
    make_user(None, "700101145001", full_name="OPERATOR JDN", is_staff=True)
    make_user(None, "700101145002", full_name="BUKAN OPERATOR")

    anonymous = client_public.get("/operator/")
    on_agency_host = client_a.get("/operator/")
    client_public.post("/login/", {"mykad": "700101145002", "password": PASSWORD})
    not_staff = client_public.get("/operator/")
    client_public.post("/logout/")
    client_public.post("/login/", {"mykad": "700101145001", "password": PASSWORD})
    operator = client_public.get("/operator/")

    assert anonymous.status_code == 302
    assert on_agency_host.status_code == 404
    assert not_staff.status_code == 403
    assert operator.status_code == 200
    assert "Agensi Ujian A" in operator.content.decode()


def test_records_of_agency_a_are_not_listed_on_the_platform(
    agency_a: Agency, client_a: Client, client_public: Client
) -> None:
    make_user(agency_a, MYKAD_A)
    client_a.post("/login/", {"mykad": MYKAD_A, "password": PASSWORD})
    operator = make_user(None, "700101145001", full_name="OPERATOR JDN", is_staff=True)

    client_public.post("/login/", {"mykad": "700101145001", "password": PASSWORD})
    page = client_public.get("/account/activity/").content.decode()
    api = client_public.get("/api/v1/me/activity").json()

    assert page.count("<tr><td>") == 1  # the operator's own sign-in only
    assert [event["kind"] for event in api["results"]] == ["login"]
    with schema_context("public"):
        assert list(SecurityEvent.objects.values_list("user", flat=True)) == [operator.pk]
