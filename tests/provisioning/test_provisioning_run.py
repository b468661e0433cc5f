"""From an approved application to an open agency: steps, idempotency, failure and resume."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from accounts.models import Invitation, User
from provisioning.decisions import application_approve_and_provision
from provisioning.models import (
    STEPS,
    AuditEvent,
    ProvisioningRun,
    ProvisioningStep,
    TemplateScript,
)
from provisioning.runner import provisioning_run_execute, provisioning_run_retry
from provisioning.services import ProvisioningError
from provisioning.template import (
    template_ensure,
    template_fingerprint_in_database,
    template_schema_name,
    tenant_migration_fingerprint,
)
from shared_apps.onboarding.models import AgencyApplication
from tenant_apps.people.models import OrgUnit
from tenant_apps.worktime.models import PublicHoliday, Region, WorkPolicy
from tenants.models import Agency, Domain
from tests.conftest import make_user

MGMT_MYKAD = "850505035012"
ICT_MYKAD = "870707035024"


def application(subdomain: str = "pdt-bachok", **extra: Any) -> AgencyApplication:
    fields: dict[str, Any] = {
        "reference": f"SPM-2026-{subdomain[:8].upper().replace('-', '0'):0<8}",
        "agency_name": "Pejabat Daerah dan Tanah Bachok",
        "short_name": "PDTB",
        "ministry": "Kerajaan Negeri Kelantan",
        "state_code": "03",
        "subdomain": subdomain,
        "expected_officers": 120,
        "contact_name": "ROSNAH BINTI ALI",
        "contact_email": "rosnah@bachok.gov.my",
        "contact_phone": "09-7788123",
        "admin_mgmt_name": "AZMAN BIN YUSOF",
        "admin_mgmt_mykad": MGMT_MYKAD,
        "admin_mgmt_email": "azman@bachok.gov.my",
        "admin_ict_name": "NURUL HUDA BINTI ISA",
        "admin_ict_mykad": ICT_MYKAD,
        "admin_ict_email": "huda@bachok.gov.my",
        "has_sop": True,
        "language": "ms",
    }
    fields.update(extra)
    return AgencyApplication.objects.create(**fields)


@pytest.fixture
def operator(db: None) -> User:
    return make_user(None, "820909145091", full_name="OPERATOR JDN", is_staff=True)


def approve(app: AgencyApplication, operator: User, capture: Any) -> ProvisioningRun:
    with capture(execute=True):
        run = application_approve_and_provision(application_id=app.pk, actor=operator)
    run.refresh_from_db()
    return run


def test_approval_provisions_the_agency_with_its_defaults(
    operator: User, django_capture_on_commit_callbacks: Any
) -> None:
    app = application()

    run = approve(app, operator, django_capture_on_commit_callbacks)

    assert run.status == ProvisioningRun.Status.SUCCEEDED
    assert [s.status for s in run.steps.all()] == ["done"] * len(STEPS)
    agency = Agency.objects.get(slug="pdt-bachok")
    assert agency.status == Agency.Status.ACTIVE
    assert agency.schema_name == "ag_pdt_bachok"
    assert Domain.objects.filter(domain="pdt-bachok.localhost", tenant=agency).exists()
    app.refresh_from_db()
    assert app.agency == agency
    with schema_context(agency.schema_name):
        kelantan = Region.objects.get(state_code="03")
        assert kelantan.short_thursday
        assert sorted(kelantan.weekend_days) == [5, 6]
        years = {d.year for d in PublicHoliday.objects.values_list("date", flat=True)}
        assert len(years) == 2
        policy = WorkPolicy.objects.get(is_default=True)
        assert policy.kind == "wbf"
        assert set(Group.objects.values_list("name", flat=True)) == {
            "officer",
            "supervisor",
            "executive",
            "org_admin",
        }
        root = OrgUnit.objects.get(parent=None)
        assert root.name == "Pejabat Daerah dan Tanah Bachok"
        admins = User.objects.filter(groups__name="org_admin").order_by("login_id")
        assert [a.login_id for a in admins] == [MGMT_MYKAD, ICT_MYKAD]
        assert not any(a.has_usable_password() for a in admins)
        assert Invitation.objects.filter(used_at=None).count() == 2
    actions = list(
        AuditEvent.objects.filter(agency_slug="pdt-bachok").values_list("action", flat=True)
    )
    assert "application_approved" in actions
    assert "provisioning_succeeded" in actions
    # The control plane keeps only masked MyKads once the logins exist.
    assert MGMT_MYKAD not in str(run.admins)
    assert (app.admin_mgmt_mykad, app.admin_ict_mykad) == ("850505****12", "870707****24")


def test_each_admin_is_emailed_a_link_to_the_new_subdomain(
    operator: User, django_capture_on_commit_callbacks: Any
) -> None:
    app = application()
    mail.outbox.clear()

    approve(app, operator, django_capture_on_commit_callbacks)

    invitations = [m for m in mail.outbox if "Pentadbir Organisasi" in m.subject]
    assert sorted(m.to[0] for m in invitations) == ["azman@bachok.gov.my", "huda@bachok.gov.my"]
    for message in invitations:
        body = str(message.body)
        assert re.search(r"http://pdt-bachok\.localhost(:\d+)?/invitation/[\w-]{20,}/", body)
        assert "72" in body


def test_a_failed_step_is_retried_and_resumes_where_it_stopped(
    operator: User, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.SPOTME_PROVISIONING_FAULTS = frozenset({"calendar:1"})
    app = application()

    run = approve(app, operator, django_capture_on_commit_callbacks)

    assert run.status == ProvisioningRun.Status.FAILED
    steps = {s.name: s for s in run.steps.all()}
    assert steps["schema"].status == "done"
    assert steps["domain"].status == "done"
    assert steps["calendar"].status == "failed"
    assert "Injected fault" in steps["calendar"].error
    assert steps["roles"].status == "pending"
    assert Agency.objects.get(slug="pdt-bachok").status == Agency.Status.PROVISIONING
    assert AuditEvent.objects.filter(action="provisioning_failed", agency_slug="pdt-bachok")

    with django_capture_on_commit_callbacks(execute=True):
        provisioning_run_retry(run_id=run.pk, actor=operator)

    run.refresh_from_db()
    assert run.status == ProvisioningRun.Status.SUCCEEDED
    steps = {s.name: s for s in run.steps.all()}
    assert steps["schema"].attempts == 1  # not repeated
    assert steps["calendar"].attempts == 2
    assert Agency.objects.filter(slug="pdt-bachok").count() == 1
    assert Domain.objects.filter(domain="pdt-bachok.localhost").count() == 1
    assert Agency.objects.get(slug="pdt-bachok").status == Agency.Status.ACTIVE


def test_provisioning_the_same_application_twice_creates_nothing_twice(
    operator: User, django_capture_on_commit_callbacks: Any
) -> None:
    app = application()
    run = approve(app, operator, django_capture_on_commit_callbacks)
    mails = len(mail.outbox)

    again = provisioning_run_execute(run.pk)
    # Even a run whose steps are all reset is harmless: each step finds what exists.
    ProvisioningStep.objects.filter(run=run).update(status="pending")
    ProvisioningRun.objects.filter(pk=run.pk).update(status="failed")
    provisioning_run_execute(run.pk)

    assert again.status == ProvisioningRun.Status.SUCCEEDED
    assert ProvisioningRun.objects.filter(application=app).count() == 1
    agency = Agency.objects.get(slug="pdt-bachok")
    with schema_context(agency.schema_name):
        assert User.objects.count() == 2
        assert OrgUnit.objects.count() == 1
        assert WorkPolicy.objects.count() == 1
        assert Group.objects.count() == 4
    assert len(mail.outbox) == mails  # nobody is invited twice


def test_a_decided_application_cannot_be_approved_again(
    operator: User, django_capture_on_commit_callbacks: Any
) -> None:
    from shared_apps.onboarding.services import ApplicationError

    app = application()
    approve(app, operator, django_capture_on_commit_callbacks)

    with pytest.raises(ApplicationError):
        application_approve_and_provision(application_id=app.pk, actor=operator)
    assert ProvisioningRun.objects.filter(application=app).count() == 1


def test_only_a_failed_run_can_be_retried(
    operator: User, django_capture_on_commit_callbacks: Any
) -> None:
    run = approve(application(), operator, django_capture_on_commit_callbacks)

    with pytest.raises(ProvisioningError):
        provisioning_run_retry(run_id=run.pk, actor=operator)


def test_the_agency_schema_is_a_clone_of_the_template(
    operator: User, django_capture_on_commit_callbacks: Any
) -> None:
    approve(application(), operator, django_capture_on_commit_callbacks)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s",
            [template_schema_name()],
        )
        template_tables = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'ag_pdt_bachok'"
        )
        agency_tables = cursor.fetchone()[0]
    assert agency_tables == template_tables > 10
    # It was made by replaying the template's SQL script, which never touches the search path.
    script = TemplateScript.objects.get(fingerprint=tenant_migration_fingerprint()).sql
    assert "CREATE TABLE _tenant_template.accounts_user (" in script
    assert "set_config" not in script
    assert "CREATE SCHEMA" not in script
    # Sequences were copied too: a new row in the clone gets a fresh id.
    with schema_context("ag_pdt_bachok"):
        Group.objects.create(name="extra")


def test_changed_migrations_rebuild_the_template(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"COMMENT ON SCHEMA \"{template_schema_name()}\" IS 'spotme-template:old'")
    assert template_fingerprint_in_database() == "old"

    assert template_ensure() is True

    assert template_fingerprint_in_database() == tenant_migration_fingerprint()
    assert schema_exists(template_schema_name())
    assert template_ensure() is False
