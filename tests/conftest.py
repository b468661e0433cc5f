"""Test agencies are created once per test session (schemas are slow to create); each test runs
in a transaction that is rolled back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.models import User
from accounts.roles import Role
from provisioning.lifecycle import agency_status_set
from provisioning.services import (
    AgencySpec,
    agency_create,
    agency_host,
    public_tenant_ensure,
)
from tenants.db import use_public_schema
from tenants.models import Agency

PASSWORD = "Ujian.Kata.Laluan.2026"

AGENCY_A = AgencySpec(slug="ujian-a", name="Agensi Ujian A", short_name="UJA", state_code="16")
AGENCY_B = AgencySpec(slug="ujian-b", name="Agensi Ujian B", short_name="UJB", state_code="03")
AGENCY_SUSPENDED = AgencySpec(
    slug="ujian-gantung", name="Agensi Digantung", short_name="UJG", state_code="10"
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        public_tenant_ensure()
        agency_create(spec=AGENCY_A)
        agency_create(spec=AGENCY_B)
        suspended = agency_create(spec=AGENCY_SUSPENDED)
        agency_status_set(agency=suspended, status=Agency.Status.SUSPENDED)


# Browser flows that build the agencies' organisation from scratch run before the flows that
# add committed officers and units of their own (which would otherwise show in their lists).
E2E_FIRST = ("test_login_flow.py", "test_onboarding_flow.py", "test_organisation_flow.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that commit their data (marked ``commits_data``) run after the others, and the
    browser tests last of all: they are the slowest and commit their data too."""
    items.sort(
        key=lambda item: (
            "tests/e2e/" in str(item.path),
            item.get_closest_marker("commits_data") is not None,
            "tests/e2e/" in str(item.path) and item.path.name not in E2E_FIRST,
        )
    )


@pytest.fixture(autouse=True)
def _back_to_public() -> Iterator[None]:
    yield
    use_public_schema()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    # A request leaves its language active in the thread; each test starts in Malay, as a
    # visitor does.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def agency_a(db: None) -> Agency:
    return Agency.objects.get(slug=AGENCY_A.slug)


@pytest.fixture
def agency_b(db: None) -> Agency:
    return Agency.objects.get(slug=AGENCY_B.slug)


@pytest.fixture
def suspended_agency(db: None) -> Agency:
    return Agency.objects.get(slug=AGENCY_SUSPENDED.slug)


def host_of(agency: Agency) -> str:
    return agency_host(agency.slug)


def make_user(
    agency: Agency | None,
    login_id: str,
    *,
    full_name: str = "PEGAWAI UJIAN",
    roles: tuple[Role, ...] = (Role.OFFICER,),
    is_staff: bool = False,
) -> User:
    """A user in the agency's schema (or the public schema for ``None``), made by the services."""
    from django.contrib.auth.models import Group

    from accounts.services import user_create

    schema = agency.schema_name if agency else get_public_schema_name()
    with schema_context(schema):
        user = user_create(
            login_id=login_id, full_name=full_name, password=PASSWORD, is_staff=is_staff
        )
        if agency:
            user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
    return user


@pytest.fixture
def client_a(agency_a: Agency) -> Client:
    return Client(HTTP_HOST=host_of(agency_a))


@pytest.fixture
def client_b(agency_b: Agency) -> Client:
    return Client(HTTP_HOST=host_of(agency_b))


@pytest.fixture
def client_public(db: None) -> Client:
    return Client(HTTP_HOST=settings.SPOTME_DOMAIN)
