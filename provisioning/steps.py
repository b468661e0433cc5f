"""The steps of provisioning one agency. Each is idempotent: it checks what exists and makes only
what is missing, so running a step again after a failure (or twice) creates nothing twice."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context, schema_exists

from accounts.models import User
from accounts.roles import Role
from accounts.services import invitation_issue, user_create
from provisioning.models import ProvisioningRun
from provisioning.stats import agency_stats_refresh
from provisioning.template import schema_clone_from_template, template_ensure
from provisioning.urls_out import agency_url
from tenant_apps.people.services import role_permissions_ensure, root_org_unit_ensure
from tenant_apps.worktime.services import (
    default_work_policy_ensure,
    public_holidays_seed,
    region_ensure,
)
from tenants.models import Agency, Domain


def agency_schema_name(slug: str) -> str:
    """Schema names are derived from a validated slug, never taken from input as typed."""
    Agency._meta.get_field("slug").run_validators(slug)
    return "ag_" + slug.replace("-", "_")


def agency_host(slug: str) -> str:
    return f"{slug}.{settings.SPOTME_DOMAIN}"


def _agency(run: ProvisioningRun) -> Agency:
    assert run.agency_id is not None, "the schema step links the agency"
    return Agency.objects.get(pk=run.agency_id)


def step_template(run: ProvisioningRun) -> None:
    template_ensure()


def step_schema(run: ProvisioningRun) -> None:
    schema = agency_schema_name(run.slug)
    with transaction.atomic():
        agency = Agency.objects.select_for_update().filter(schema_name=schema).first()
        if agency is None:
            agency = Agency(
                schema_name=schema,
                slug=run.slug,
                name=run.name,
                short_name=run.short_name,
                state_code=run.state_code,
                status=Agency.Status.PROVISIONING,
            )
            agency.full_clean()
            agency.auto_create_schema = False  # cloned below, in the same transaction
            agency.save()
        if not schema_exists(schema):
            schema_clone_from_template(schema)
        ProvisioningRun.objects.filter(pk=run.pk).update(agency=agency)
        run.agency = agency


def step_domain(run: ProvisioningRun) -> None:
    agency = _agency(run)
    Domain.objects.get_or_create(
        domain=agency_host(agency.slug), defaults={"tenant": agency, "is_primary": True}
    )


def step_calendar(run: ProvisioningRun) -> None:
    agency = _agency(run)
    this_year = timezone.localdate().year
    with schema_context(agency.schema_name):
        region_ensure(state_code=agency.state_code)
        public_holidays_seed(state_code=agency.state_code, years=[this_year, this_year + 1])


def step_work_policy(run: ProvisioningRun) -> None:
    agency = _agency(run)
    with schema_context(agency.schema_name):
        default_work_policy_ensure(effective_from=timezone.localdate().replace(month=1, day=1))


def step_roles(run: ProvisioningRun) -> None:
    with schema_context(_agency(run).schema_name):
        agency_roles_ensure()
        role_permissions_ensure()


def agency_roles_ensure() -> None:
    """The four role groups in the current agency schema."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def step_org_unit(run: ProvisioningRun) -> None:
    agency = _agency(run)
    with schema_context(agency.schema_name):
        root_org_unit_ensure(name=agency.name, short_name=agency.short_name)


def step_org_admins(run: ProvisioningRun) -> None:
    """The first Pentadbir Organisasi, without a password, each e-mailed a single-use link."""
    agency = _agency(run)
    hours = settings.SPOTME_INVITATION_HOURS
    with schema_context(agency.schema_name):
        groups = Group.objects.filter(name__in=[Role.OFFICER.value, Role.ORG_ADMIN.value])
        for admin in run.admins:
            if "*" in admin["login_id"]:
                continue  # masked once provisioning succeeded: that login exists already
            with transaction.atomic():
                user = User.objects.filter(login_id=admin["login_id"]).first()
                if user is None:
                    user = user_create(
                        login_id=admin["login_id"],
                        full_name=admin["name"],
                        email=admin["email"],
                        password=None,
                    )
                user.groups.add(*groups)
                if user.has_usable_password():
                    continue  # already accepted an invitation: nothing to send
                token = invitation_issue(user=user, hours=hours)
            _invitation_email(run, agency, user, token, hours)


def _invitation_email(
    run: ProvisioningRun, agency: Agency, user: User, token: str, hours: int
) -> None:
    link = agency_url(agency.slug, f"/invitation/{token}/")
    with translation.override(run.language):
        subject = _("SPOT-Me: you are Pentadbir Organisasi of %(agency)s") % {"agency": agency.name}
        body = _(
            "Dear %(name)s,\n\n"
            "%(agency)s now uses SPOT-Me, and you are one of its Pentadbir Organisasi.\n"
            "Set your password with this link (it works once and expires in %(hours)s hours):\n\n"
            "%(link)s\n\n"
            "Then log in at %(home)s with your MyKad number.\n\n"
            "Jabatan Digital Negara"
        ) % {
            "name": user.full_name,
            "agency": agency.name,
            "hours": hours,
            "link": link,
            "home": agency_url(agency.slug, "/"),
        }
    send_mail(subject, body, None, [user.email])


def step_activate(run: ProvisioningRun) -> None:
    agency = _agency(run)
    if agency.status == Agency.Status.PROVISIONING:
        Agency.objects.filter(pk=agency.pk).update(status=Agency.Status.ACTIVE)
    agency_stats_refresh(agency=agency)  # the overview shows the new agency's numbers at once


STEP_FUNCTIONS: dict[str, Callable[[ProvisioningRun], None]] = {
    "template": step_template,
    "schema": step_schema,
    "domain": step_domain,
    "calendar": step_calendar,
    "work_policy": step_work_policy,
    "roles": step_roles,
    "org_unit": step_org_unit,
    "org_admins": step_org_admins,
    "activate": step_activate,
}
