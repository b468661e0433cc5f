"""Shared by the lifecycle commands: find the agency by its slug."""

from django.core.management.base import CommandError
from django_tenants.utils import get_public_schema_name

from tenants.models import Agency


def agency_by_slug(slug: str) -> Agency:
    agency = Agency.objects.exclude(schema_name=get_public_schema_name()).filter(slug=slug).first()
    if agency is None:
        raise CommandError(f"No agency with the subdomain {slug!r}.")
    return agency
