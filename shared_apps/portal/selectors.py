from __future__ import annotations

from django.db.models import QuerySet
from django_tenants.utils import get_public_schema_name

from tenants.models import Agency


def agency_list(*, status: str | None = None) -> QuerySet[Agency]:
    """Agencies on the platform (never the public tenant), with their primary domain."""
    agencies = Agency.objects.exclude(schema_name=get_public_schema_name()).prefetch_related(
        "domains"
    )
    if status:
        agencies = agencies.filter(status=status)
    return agencies.order_by("name")
