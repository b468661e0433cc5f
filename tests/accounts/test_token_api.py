import json

from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import SecurityEvent
from tenants.models import Agency
from tests.conftest import PASSWORD, make_user


def post_json(client: Client, path: str, data: dict[str, str]) -> tuple[int, dict[str, object]]:
    response = client.post(path, json.dumps(data), content_type="application/json")
    return response.status_code, response.json()


def test_token_is_issued_for_mykad_and_password(agency_a: Agency, client_a: Client) -> None:
    make_user(agency_a, "880808165123", full_name="PEGAWAI A")

    status, body = post_json(
        client_a, "/api/v1/auth/token", {"mykad": "880808-16-5123", "password": PASSWORD}
    )

    assert status == 200
    token = body["token"]
    me = client_a.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.status_code == 200
    assert me.json()["full_name"] == "PEGAWAI A"
    assert me.json()["mykad_masked"] == "880808-**-**23"
    assert me.json()["roles"] == ["officer"]
    assert me.json()["agency"] == agency_a.schema_name


def test_asking_twice_returns_the_same_token(agency_a: Agency, client_a: Client) -> None:
    make_user(agency_a, "880808165123")
    credentials = {"mykad": "880808165123", "password": PASSWORD}

    first = post_json(client_a, "/api/v1/auth/token", credentials)[1]["token"]
    second = post_json(client_a, "/api/v1/auth/token", credentials)[1]["token"]

    assert first == second


def test_wrong_password_and_unknown_user_get_the_same_api_error(
    agency_a: Agency, client_a: Client
) -> None:
    make_user(agency_a, "880808165123")

    wrong = post_json(client_a, "/api/v1/auth/token", {"mykad": "880808165123", "password": "x"})
    unknown = post_json(
        client_a, "/api/v1/auth/token", {"mykad": "770707165555", "password": PASSWORD}
    )

    assert wrong == unknown
    assert wrong[0] == 400
    assert wrong[1]["code"] == "invalid_login"
    assert wrong[1]["detail"] == "No. MyKad atau kata laluan tidak sah."


def test_bad_mykad_gets_a_field_error_with_a_stable_code(client_a: Client) -> None:
    status, body = post_json(
        client_a, "/api/v1/auth/token", {"mykad": "881399165123", "password": PASSWORD}
    )

    assert status == 400
    assert body["code"] == "mykad_birth_date"
    assert "mykad" in body["fields"]  # type: ignore[operator]


def test_missing_fields_are_named(client_a: Client) -> None:
    status, body = post_json(client_a, "/api/v1/auth/token", {})

    assert status == 400
    assert set(body["fields"]) == {"mykad", "password"}  # type: ignore[call-overload]


def test_api_answers_in_english_when_asked(agency_a: Agency, client_a: Client) -> None:
    response = client_a.post(
        "/api/v1/auth/token",
        json.dumps({"mykad": "1", "password": "x"}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.json()["detail"].startswith("A MyKad number has exactly 12 digits")


def test_me_without_a_token_is_refused(client_a: Client) -> None:
    response = client_a.get("/api/v1/me")

    assert response.status_code == 401
    assert response.json() == {
        "code": "not_authenticated",
        "detail": "Maklumat pengesahan tidak diberikan.",
    }


def test_activity_api_lists_only_own_events(agency_a: Agency, client_a: Client) -> None:
    make_user(agency_a, "880808165123")
    make_user(agency_a, "770707165555")
    token_1 = post_json(
        client_a, "/api/v1/auth/token", {"mykad": "880808165123", "password": PASSWORD}
    )[1]["token"]
    post_json(client_a, "/api/v1/auth/token", {"mykad": "770707165555", "password": PASSWORD})

    response = client_a.get("/api/v1/me/activity", HTTP_AUTHORIZATION=f"Token {token_1}")

    assert response.status_code == 200
    results = response.json()["results"]
    assert [event["kind"] for event in results] == ["token_issued"]
    with schema_context(agency_a.schema_name):
        assert SecurityEvent.objects.filter(kind="token_issued").count() == 2


def test_deleting_the_token_signs_the_phone_out(agency_a: Agency, client_a: Client) -> None:
    make_user(agency_a, "880808165123")
    token = post_json(
        client_a, "/api/v1/auth/token", {"mykad": "880808165123", "password": PASSWORD}
    )[1]["token"]

    deleted = client_a.delete("/api/v1/auth/token", HTTP_AUTHORIZATION=f"Token {token}")

    assert deleted.status_code == 204
    assert client_a.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401
    assert client_a.delete("/api/v1/auth/token").status_code == 401
