from __future__ import annotations

from collections.abc import Iterator

import pytest
from django_tenants.utils import schema_context

from tenants.models import Agency
from tests.movements.helpers import World, build_world


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    """The world of agency A; the test runs inside its schema."""
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)
