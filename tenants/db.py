"""Typed access to the connection's tenant state (django-tenants adds it to the connection)."""

from __future__ import annotations

from django.db import connection


def current_schema() -> str:
    return str(connection.schema_name)  # type: ignore[attr-defined]


def use_public_schema() -> None:
    connection.set_schema_to_public()  # type: ignore[attr-defined]
