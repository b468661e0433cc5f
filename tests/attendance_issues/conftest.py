from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django_tenants.utils import schema_context

from tenants.models import Agency
from tests.attendance_issues.helpers import World, build_world


@pytest.fixture
def world(agency_a: Agency, settings: object, tmp_path: Path) -> Iterator[World]:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)
