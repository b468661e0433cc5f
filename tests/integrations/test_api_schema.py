"""The OpenAPI document and the docs page. Schemathesis reads /api/schema/ from the agency's host
and sends generated requests (valid ones, then invalid ones) with an API key to every read endpoint,
through the app's WSGI handler: no answer is a server error, and every answer is documented (its
status, content type and body shape). The docs page loads its scripts and styles from our own
static files."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tenant_apps.attendance.services import PunchInput, punch_record
from tenant_apps.movements.models import Movement
from tenants.models import Agency
from tests.attendance.support import OFFICE, World, build_world
from tests.conftest import host_of
from tests.integrations.api_support import make_key

READ_PATHS = [
    "/api/v1/data/officers",
    "/api/v1/data/org-units",
    "/api/v1/data/punches",
    "/api/v1/data/days",
    "/api/v1/data/issues",
    "/api/v1/data/movements",
]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    with schema_context(agency_a.schema_name):
        world = build_world(agency_a)
        punch_record(
            officer=world.officer,
            data=PunchInput(
                kind="in", event_id=uuid.uuid4(), latitude=OFFICE[0], longitude=OFFICE[1]
            ),
        )
        now = timezone.now()
        Movement.objects.create(
            officer=world.officer,
            purpose="Lawatan tapak",
            place="Cyberjaya",
            starts_at=now,
            ends_at=now + timedelta(hours=2),
        )
        yield world


def _document(agency: Agency) -> dict[str, Any]:
    answer = Client(HTTP_HOST=host_of(agency)).get("/api/schema/", {"format": "json"})
    assert answer.status_code == 200
    document: dict[str, Any] = answer.json()
    return document


def test_the_document_describes_the_integration_api(world: World, agency_a: Agency) -> None:
    document = _document(agency_a)
    scheme = document["components"]["securitySchemes"]["ApiKeyAuth"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "X-Api-Key"}
    for path in [*READ_PATHS, "/api/v1/kiosk/punches"]:
        [operation] = document["paths"][path].values()
        assert operation["security"] == [{"ApiKeyAuth": []}], path
        assert {"401", "403", "429"} <= set(operation["responses"]), path
    officers = document["paths"]["/api/v1/data/officers"]["get"]
    names = {parameter["name"] for parameter in officers["parameters"]}
    assert {"cursor", "page_size", "updated_since", "unit"} <= names
    kiosk = document["paths"]["/api/v1/kiosk/punches"]["post"]
    assert {"200", "201", "400", "404"} <= set(kiosk["responses"])


@pytest.mark.parametrize("path", READ_PATHS)
def test_generated_requests_get_no_server_error_and_documented_answers(
    world: World, agency_a: Agency, path: str
) -> None:
    _key, raw_key = make_key(agency_a, world.admin, rate=10_000)
    schema = schemathesis.openapi.from_dict(_document(agency_a))
    # The key is sent by the test itself, in every request: not a parameter to fuzz.
    schema.config.generation.update(with_security_parameters=False)
    operation = schema[path]["GET"]
    app = WSGIHandler()
    base_url = f"http://{host_of(agency_a)}"
    headers = {"X-Api-Key": raw_key, "Accept-Language": "en"}
    seen: set[int] = set()

    modes = st.sampled_from(
        [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
    )

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        mode = data.draw(modes)
        case = data.draw(operation.as_strategy(generation_mode=mode))
        response = case.call(base_url=base_url, headers=headers, app=app)
        seen.add(response.status_code)
        checks = [*CHECKS, negative_data_rejection] if mode.is_negative else CHECKS
        case.validate_response(response, checks=checks, headers=headers)

    # As Django's test client does: the handler must not close the test's connection (and so
    # its transaction) at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        run()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert 200 in seen, seen


def test_the_docs_page_is_served_from_our_own_static_files(agency_a: Agency) -> None:
    client = Client(HTTP_HOST=host_of(agency_a))
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger" in html.lower()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    scripts_and_styles = [a for a in assets if a.endswith((".js", ".css", ".png"))]
    assert scripts_and_styles, html
    for asset in scripts_and_styles:
        assert asset.startswith("/static/"), asset
        assert client.get(asset).status_code == 200, asset
    assert "cdn" not in html.lower()
    assert "unpkg" not in html.lower()
    # The page reads the schema of this host.
    assert "/api/schema/" in html
