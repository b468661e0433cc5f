"""An operator's decision on an agency application, audited; approval starts provisioning."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from provisioning.audit import audit_record
from provisioning.models import AuditEvent, ProvisioningRun
from provisioning.services import AgencyAdmin, AgencySpec, provisioning_run_start
from shared_apps.onboarding.services import application_approve, application_reject


@transaction.atomic
def application_approve_and_provision(*, application_id: int, actor: User) -> ProvisioningRun:
    application = application_approve(application_id=application_id, actor=actor)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.APPLICATION_APPROVED,
        agency_slug=application.subdomain,
        agency_name=application.agency_name,
        application_reference=application.reference,
    )
    spec = AgencySpec(
        slug=application.subdomain,
        name=application.agency_name,
        short_name=application.short_name,
        state_code=application.state_code,
        admins=(
            AgencyAdmin(
                name=application.admin_mgmt_name,
                login_id=application.admin_mgmt_mykad,
                email=application.admin_mgmt_email,
            ),
            AgencyAdmin(
                name=application.admin_ict_name,
                login_id=application.admin_ict_mykad,
                email=application.admin_ict_email,
            ),
        ),
        language=application.language,
    )
    return provisioning_run_start(spec=spec, actor=actor, application_id=application.pk)


@transaction.atomic
def application_reject_audited(*, application_id: int, actor: User, reason: str) -> None:
    application = application_reject(application_id=application_id, actor=actor, reason=reason)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.APPLICATION_REJECTED,
        agency_slug=application.subdomain,
        agency_name=application.agency_name,
        application_reference=application.reference,
        reason=application.decision_reason,
    )
