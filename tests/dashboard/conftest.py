from __future__ import annotations

from collections.abc import Iterator

import pytest
from django_tenants.utils import schema_context

from tenants.models import Agency
from tests.dashboard.helpers import AsUser, World, build_world, client_for


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    """The world of agency A; the test runs inside its schema."""
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


@pytest.fixture
def as_user(agency_a: Agency) -> AsUser:
    """A client of agency A logged in as one of the world's people (by key) or a login ID."""
    return lambda key: client_for(agency_a, key)
