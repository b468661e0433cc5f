"""Creating agencies: the only code that bridges the public schema and the agency schemas.

Every agency, from an approved application, the ``create_agency`` command or the demo, is made by
one path: a ProvisioningRun whose steps (provisioning.steps) clone the template schema and seed
the agency's defaults."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_create
from provisioning.audit import audit_record
from provisioning.models import AuditEvent, ProvisioningRun
from provisioning.runner import provisioning_run_execute, provisioning_steps_create
from provisioning.steps import agency_host, agency_roles_ensure, agency_schema_name
from tenants.models import Agency, Domain

__all__ = [
    "AgencyAdmin",
    "AgencySpec",
    "ProvisioningError",
    "agency_create",
    "agency_host",
    "agency_roles_ensure",
    "agency_schema_name",
    "agency_user_ensure",
    "operator_ensure",
    "provisioning_run_start",
    "public_tenant_ensure",
]


class ProvisioningError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


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
class AgencyAdmin:
    name: str
    login_id: str
    email: str


@dataclass(frozen=True)
class AgencySpec:
    slug: str
    name: str
    short_name: str
    state_code: str
    admins: tuple[AgencyAdmin, ...] = field(default=())
    language: str = "ms"


def agency_spec_validate(spec: AgencySpec) -> None:
    """The agency fields a provisioning will write, checked before anything is recorded."""
    Agency(
        schema_name=agency_schema_name(spec.slug),
        slug=spec.slug,
        name=spec.name,
        short_name=spec.short_name,
        state_code=spec.state_code,
    ).full_clean(validate_unique=False)


def _run_record(
    *, spec: AgencySpec, actor: User | None, application_id: int | None
) -> ProvisioningRun:
    """A new run with its steps, and the audit entry saying it started."""
    run = ProvisioningRun.objects.create(
        application_id=application_id,
        slug=spec.slug,
        name=spec.name,
        short_name=spec.short_name,
        state_code=spec.state_code,
        admins=[{"name": a.name, "login_id": a.login_id, "email": a.email} for a in spec.admins],
        language=spec.language,
        created_by=actor,
    )
    provisioning_steps_create(run)
    audit_record(
        actor=actor or ("create_agency" if application_id is None else None),
        action=AuditEvent.Action.PROVISIONING_STARTED,
        agency_slug=spec.slug,
        agency_name=spec.name,
    )
    return run


def provisioning_run_start(
    *, spec: AgencySpec, actor: User | None, application_id: int | None = None
) -> ProvisioningRun:
    """Record a provisioning and queue it (on commit). For one application there is only ever one
    run: asking again returns it."""
    agency_spec_validate(spec)
    with transaction.atomic():
        if application_id is not None:
            existing = ProvisioningRun.objects.filter(application_id=application_id).first()
            if existing is not None:
                return existing
        run = _run_record(spec=spec, actor=actor, application_id=application_id)
        from provisioning.tasks import provision_agency

        transaction.on_commit(lambda: provision_agency.delay(run.pk))
    return run


def agency_create(*, spec: AgencySpec, actor: User | None = None) -> Agency:
    """Provision an agency now, in this process, through the same steps as an application.
    Running it again for the same slug changes nothing and returns the existing agency."""
    schema = agency_schema_name(spec.slug)
    agency_spec_validate(spec)
    with schema_context(get_public_schema_name()):
        existing = Agency.objects.filter(schema_name=schema).first()
        if existing is not None and existing.status != Agency.Status.PROVISIONING:
            return existing
        run = (
            ProvisioningRun.objects.filter(slug=spec.slug)
            .exclude(status=ProvisioningRun.Status.SUCCEEDED)
            .first()
        )
        if run is None:
            run = _run_record(spec=spec, actor=actor, application_id=None)
        elif run.status == ProvisioningRun.Status.FAILED:
            run.status = ProvisioningRun.Status.PENDING
            run.save(update_fields=["status", "updated_at"])
        run = provisioning_run_execute(run.pk)
        if run.status != ProvisioningRun.Status.SUCCEEDED:
            raise ProvisioningError("provisioning_failed", run.last_error)
        return Agency.objects.get(schema_name=schema)


def agency_user_ensure(
    *, agency: Agency, login_id: str, full_name: str, password: str, roles: list[Role]
) -> User:
    """A person of the agency with the given roles; idempotent on the login ID."""
    from django.contrib.auth.models import Group

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
