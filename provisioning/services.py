"""Creating agencies and changing their lifecycle: the only code that bridges the public schema and
the agency schemas."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_create
from tenants.models import Agency, Domain


class ProvisioningError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def agency_schema_name(slug: str) -> str:
    """Schema names are derived from a validated slug, never taken from input as typed."""
    Agency._meta.get_field("slug").run_validators(slug)
    return "ag_" + slug.replace("-", "_")


def agency_host(slug: str) -> str:
    return f"{slug}.{settings.SPOTME_DOMAIN}"


@transaction.atomic
def public_tenant_ensure() -> Agency:
    """The public schema's tenant row and the platform domain. Idempotent."""
    public, _ = Agency.objects.get_or_create(
        schema_name=get_public_schema_name(),
        defaults={
            "name": "SPOT-Me Platform",
            "short_name": "JDN",
            "slug": "platform",
            "state_code": "16",
        },
    )
    Domain.objects.get_or_create(
        domain=settings.SPOTME_DOMAIN, defaults={"tenant": public, "is_primary": True}
    )
    return public


@dataclass(frozen=True)
class AgencySpec:
    slug: str
    name: str
    short_name: str
    state_code: str


def agency_create(*, spec: AgencySpec) -> Agency:
    """Create the agency, its schema and its domain, and seed its defaults. Running it again for the
    same slug changes nothing and returns the existing agency."""
    schema = agency_schema_name(spec.slug)
    with schema_context(get_public_schema_name()):
        agency = Agency.objects.filter(schema_name=schema).first()
        if agency is None:
            agency = Agency(
                schema_name=schema,
                slug=spec.slug,
                name=spec.name,
                short_name=spec.short_name,
                state_code=spec.state_code,
            )
            agency.full_clean()
            agency.save()  # creates and migrates the schema
        Domain.objects.get_or_create(
            domain=agency_host(spec.slug), defaults={"tenant": agency, "is_primary": True}
        )
        with schema_context(agency.schema_name):
            agency_roles_ensure()
    return agency


def agency_roles_ensure() -> None:
    """The four role groups in the current agency schema."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def agency_user_ensure(
    *, agency: Agency, login_id: str, full_name: str, password: str, roles: list[Role]
) -> User:
    """A person of the agency with the given roles; idempotent on the login ID."""
    with schema_context(agency.schema_name), transaction.atomic():
        user = User.objects.filter(login_id=login_id).first()
        if user is None:
            user = user_create(login_id=login_id, full_name=full_name, password=password)
        user.groups.set(Group.objects.filter(name__in=[role.value for role in roles]))
        return user


def operator_ensure(*, login_id: str, full_name: str, password: str) -> User:
    """A JDN operator in the public schema; idempotent on the login ID."""
    with schema_context(get_public_schema_name()):
        user = User.objects.filter(login_id=login_id).first()
        if user is None:
            user = user_create(
                login_id=login_id, full_name=full_name, password=password, is_staff=True
            )
        return user


def agency_status_set(*, agency: Agency, status: str) -> Agency:
    if status not in Agency.Status.values:
        raise ProvisioningError("invalid_status", f"Unknown agency status {status!r}.")
    Agency.objects.filter(pk=agency.pk).update(status=status)
    agency.refresh_from_db()
    return agency
