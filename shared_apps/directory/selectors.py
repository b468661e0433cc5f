"""Reads of the login finder."""

from __future__ import annotations

from django.db.models import QuerySet
from django_tenants.utils import get_public_schema_name

from shared_apps.directory.hashing import login_hash
from tenants.models import Agency


def agency_list_for_mykad(*, mykad: str) -> QuerySet[Agency]:
    """The agencies where this MyKad (12 digits) has an active login, by name. The keyed hash is
    computed and the same query runs whether or not the number is known, so the answer takes the
    same time either way."""
    return (
        Agency.objects.filter(directory_entries__login_hash=login_hash(mykad))
        .exclude(schema_name=get_public_schema_name())
        .order_by("name", "pk")
    )
