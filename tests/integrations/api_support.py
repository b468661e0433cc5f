"""Keys and calls for the integration API tests. Keys are made by the service, in the agency's
schema, by its org admin; calls go to the agency's host like any client's."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from tenant_apps.integrations.api_keys import api_key_create
from tenant_apps.integrations.models import ApiCall, ApiKey
from tenants.models import Agency
from tests.conftest import host_of

ALL_READ = ("people:read", "attendance:read")


def make_key(
    agency: Agency,
    actor: User,
    scopes: Iterable[str] = ALL_READ,
    *,
    rate: int = 120,
    name: str = "Sistem HR",
) -> tuple[ApiKey, str]:
    with schema_context(agency.schema_name):
        return api_key_create(
            actor=actor,
            name=name,
            scopes=list(scopes),
            expires_at=timezone.now() + timedelta(days=30),
            rate_limit_per_minute=rate,
        )


def api_get(agency: Agency, path: str, raw_key: str | None, **params: Any) -> Any:
    client = Client(HTTP_HOST=host_of(agency), HTTP_ACCEPT_LANGUAGE="en")
    if raw_key is None:
        return client.get(path, params)
    return client.get(path, params, HTTP_X_API_KEY=raw_key)


def api_post(agency: Agency, path: str, raw_key: str, body: dict[str, Any]) -> Any:
    client = Client(HTTP_HOST=host_of(agency))
    return client.post(
        path,
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Api-Key {raw_key}",
        HTTP_ACCEPT_LANGUAGE="en",
    )


def calls_of(agency: Agency, key: ApiKey) -> list[tuple[str, str, int]]:
    with schema_context(agency.schema_name):
        return [
            (call.method, call.path, call.status_code)
            for call in ApiCall.objects.filter(key_id=key.pk).order_by("id")
        ]


def walk(agency: Agency, path: str, raw_key: str, **params: Any) -> list[dict[str, Any]]:
    """Every row of a list endpoint, following ``next_cursor`` page by page."""
    rows: list[dict[str, Any]] = []
    cursor = None
    for _ in range(1000):
        answer = api_get(agency, path, raw_key, **params, **({"cursor": cursor} if cursor else {}))
        assert answer.status_code == 200, answer.content
        data = answer.json()
        rows.extend(data["results"])
        cursor = data["next_cursor"]
        if cursor is None:
            assert data["next"] is None
            return rows
        assert data["next"].startswith("http://")
        assert f"cursor={cursor}" in data["next"]
    raise AssertionError("the walk did not end")
