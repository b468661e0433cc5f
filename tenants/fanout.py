"""Periodic work per agency: a beat task runs in the public schema and sends each active agency
its own tenant tasks, which then run in that agency's schema."""

from __future__ import annotations

from typing import Any

from django_tenants.utils import get_public_schema_name, schema_context

from tenants.models import Agency


def active_agency_schemas() -> list[str]:
    return list(
        Agency.objects.filter(status=Agency.Status.ACTIVE)
        .exclude(schema_name=get_public_schema_name())
        .values_list("schema_name", flat=True)
    )


def send_to_each_agency(*tasks: Any) -> int:
    """``task.delay()`` for every task, in every active agency's schema. Returns the number of
    agencies."""
    schemas = active_agency_schemas()
    for schema in schemas:
        with schema_context(schema):
            for task in tasks:
                task.delay()
    return len(schemas)
