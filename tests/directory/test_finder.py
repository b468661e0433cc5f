"""The login finder on the platform domain: a MyKad number leads to the agency's login page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from shared_apps.directory import views
from tenants.models import Agency
from tests.conftest import make_user

MYKAD = "880808165123"


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def find(client: Client, mykad: str) -> object:
    return client.post("/find/", {"mykad": mykad})


def test_a_known_mykad_goes_to_its_agency_login(agency_a: Agency, client_public: Client) -> None:
    make_user(agency_a, MYKAD)

    response = client_public.post("/find/", {"mykad": "880808-16-5123"})

    assert response.status_code == 302
    assert response["Location"] == "http://ujian-a.localhost/login/"


def test_an_unknown_mykad_gets_the_generic_message(client_public: Client) -> None:
    form = client_public.get("/find/")
    response = client_public.post("/find/", {"mykad": "770707165555"})

    assert form.status_code == response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="find-problem"' in body
    assert 'data-testid="find-form"' in body


def test_known_and_unknown_run_the_same_queries(agency_a: Agency, client_public: Client) -> None:
    make_user(agency_a, MYKAD)
    client_public.get("/find/")

    with CaptureQueriesContext(connection) as known:
        client_public.post("/find/", {"mykad": MYKAD})
    with CaptureQueriesContext(connection) as unknown:
        client_public.post("/find/", {"mykad": "770707165555"})

    def shapes(queries: CaptureQueriesContext) -> list[str]:
        return [q["sql"].split("WHERE")[0] for q in queries.captured_queries]

    assert shapes(known) == shapes(unknown)


def test_a_mykad_in_two_agencies_gets_a_choice_of_names(
    agency_a: Agency, agency_b: Agency, client_public: Client
) -> None:
    make_user(agency_a, MYKAD)
    make_user(agency_b, MYKAD)

    response = client_public.post("/find/", {"mykad": MYKAD})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Agensi Ujian A" in body
    assert "Agensi Ujian B" in body
    assert 'href="http://ujian-a.localhost/login/"' in body
    assert 'href="http://ujian-b.localhost/login/"' in body


def test_a_suspended_agency_is_still_found(suspended_agency: Agency, client_public: Client) -> None:
    make_user(suspended_agency, MYKAD)

    response = client_public.post("/find/", {"mykad": MYKAD})

    assert response["Location"] == "http://ujian-gantung.localhost/login/"


def test_an_operator_of_the_public_schema_is_never_found(client_public: Client) -> None:
    make_user(None, MYKAD, roles=(Role.OFFICER,), is_staff=True)

    response = client_public.post("/find/", {"mykad": MYKAD})

    assert response.status_code == 200
    assert 'data-testid="find-problem"' in response.content.decode()


def test_a_malformed_mykad_gets_the_mykad_message(client_public: Client) -> None:
    client_public.post("/i18n/setlang/", {"language": "en", "next": "/find/"})

    response = client_public.post("/find/", {"mykad": "12345"})

    assert "A MyKad number has exactly 12 digits" in response.content.decode()


def test_lookups_are_limited_per_address(
    client_public: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "FIND_LIMIT", 2)

    answers = [client_public.post("/find/", {"mykad": MYKAD}).status_code for _ in range(3)]

    assert answers == [200, 200, 429]


def test_the_finder_does_not_exist_on_an_agency_host(client_a: Client) -> None:
    assert client_a.get("/find/").status_code == 404
