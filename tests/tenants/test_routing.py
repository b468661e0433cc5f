from django.conf import settings
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import User
from provisioning.lifecycle import agency_status_set
from tenants.models import Agency
from tests.conftest import PASSWORD, host_of, make_user


def test_platform_host_shows_the_landing_page(client_public: Client) -> None:
    response = client_public.get("/")

    assert response.status_code == 200
    assert "Platform SPOT-Me" in response.content.decode()


def test_unknown_host_gets_a_friendly_not_found_page(db: None) -> None:
    response = Client(HTTP_HOST=f"tiada.{settings.SPOTME_DOMAIN}").get("/login/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "Tiada agensi di alamat ini." in body
    assert f"tiada.{settings.SPOTME_DOMAIN}" in body


def test_unknown_host_on_the_api_gets_json(db: None) -> None:
    response = Client(HTTP_HOST=f"tiada.{settings.SPOTME_DOMAIN}").get("/api/v1/me")

    assert response.status_code == 404
    assert response.json()["code"] == "unknown_host"


def test_host_outside_the_platform_domain_is_refused(db: None) -> None:
    response = Client(HTTP_HOST="evil.example").get("/")

    assert response.status_code in {400, 404}
    assert "Agensi" not in response.content.decode()


def test_suspended_agency_gets_a_403_page_and_no_data(suspended_agency: Agency) -> None:
    response = Client(HTTP_HOST=host_of(suspended_agency)).get("/login/")

    assert response.status_code == 403
    body = response.content.decode()
    assert "telah digantung" in body
    assert "No. MyKad" not in body  # no login form


def test_suspended_agency_refuses_logins_and_api_calls(agency_a: Agency) -> None:
    make_user(agency_a, "880808165123")
    agency_status_set(agency=agency_a, status=Agency.Status.SUSPENDED)
    client = Client(HTTP_HOST=host_of(agency_a))

    page = client.post("/login/", {"mykad": "880808165123", "password": PASSWORD})
    api = client.post(
        "/api/v1/auth/token",
        {"mykad": "880808165123", "password": PASSWORD},
        content_type="application/json",
    )

    assert page.status_code == 403
    assert api.status_code == 403
    assert api.json()["code"] == "agency_suspended"
    with schema_context(agency_a.schema_name):
        assert User.objects.filter(login_id="880808165123").exists()  # nothing lost


def test_resumed_agency_works_again(agency_a: Agency) -> None:
    agency_status_set(agency=agency_a, status=Agency.Status.SUSPENDED)
    agency_status_set(agency=agency_a, status=Agency.Status.ACTIVE)

    response = Client(HTTP_HOST=host_of(agency_a)).get("/login/")

    assert response.status_code == 200


def test_archived_agency_gets_its_own_message(agency_b: Agency) -> None:
    agency_status_set(agency=agency_b, status=Agency.Status.ARCHIVED)

    response = Client(HTTP_HOST=host_of(agency_b)).get("/")

    assert response.status_code == 403
    assert "telah diarkibkan" in response.content.decode()


def test_suspended_page_is_in_english_after_the_switch(suspended_agency: Agency) -> None:
    client = Client(HTTP_HOST=host_of(suspended_agency))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get("/")

    assert "access to SPOT-Me is suspended" in response.content.decode()
