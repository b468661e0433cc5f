import json

from django.test import Client

from tenants.models import Agency
from tests.conftest import PASSWORD, make_user

MYKAD = "880808165123"


def fail_five_times(client: Client) -> None:
    for _ in range(5):
        client.post("/login/", {"mykad": MYKAD, "password": "salah"})


def test_five_failures_pause_sign_in_even_with_the_right_password(
    agency_a: Agency, client_a: Client
) -> None:
    make_user(agency_a, MYKAD)
    fail_five_times(client_a)

    response = client_a.post("/login/", {"mykad": "880808-16-5123", "password": PASSWORD})

    assert response.status_code == 429
    assert "Terlalu banyak cubaan log masuk" in response.content.decode()
    assert "_auth_user_id" not in client_a.session


def test_lockout_also_holds_for_the_api(agency_a: Agency, client_a: Client) -> None:
    make_user(agency_a, MYKAD)
    fail_five_times(client_a)

    response = client_a.post(
        "/api/v1/auth/token",
        json.dumps({"mykad": MYKAD, "password": PASSWORD}),
        content_type="application/json",
    )

    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"


def test_lockout_of_one_officer_does_not_lock_another(agency_a: Agency, client_a: Client) -> None:
    make_user(agency_a, MYKAD)
    make_user(agency_a, "770707165555")
    fail_five_times(client_a)

    response = client_a.post("/login/", {"mykad": "770707165555", "password": PASSWORD})

    assert response.status_code == 302


def test_lockout_in_one_agency_does_not_lock_the_same_mykad_in_another(
    agency_a: Agency, agency_b: Agency, client_a: Client, client_b: Client
) -> None:
    make_user(agency_a, MYKAD)
    make_user(agency_b, MYKAD)
    fail_five_times(client_a)

    response = client_b.post("/login/", {"mykad": MYKAD, "password": PASSWORD})

    assert response.status_code == 302


def test_four_failures_then_success_clears_the_count(agency_a: Agency, client_a: Client) -> None:
    make_user(agency_a, MYKAD)
    for _ in range(4):
        client_a.post("/login/", {"mykad": MYKAD, "password": "salah"})
    assert client_a.post("/login/", {"mykad": MYKAD, "password": PASSWORD}).status_code == 302
    client_a.post("/logout/")

    for _ in range(4):
        client_a.post("/login/", {"mykad": MYKAD, "password": "salah"})

    assert client_a.post("/login/", {"mykad": MYKAD, "password": PASSWORD}).status_code == 302
