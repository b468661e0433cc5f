"""Every write of agency applications. Each runs in one transaction and schedules its e-mail only
after the commit, so a rolled-back decision never mails anyone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import login_id_mask
from shared_apps.onboarding.models import (
    REFERENCE_CONSTRAINT,
    SUBDOMAIN_CLAIM_CONSTRAINT,
    AgencyApplication,
    reference_new,
)
from shared_apps.onboarding.tasks import application_decision_email, application_received_email
from tenants.models import Agency

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# What an applicant provides; anything else in ``cleaned`` is ignored.
APPLICANT_FIELDS = (
    "agency_name",
    "short_name",
    "ministry",
    "state_code",
    "subdomain",
    "expected_officers",
    "contact_name",
    "contact_email",
    "contact_phone",
    "admin_mgmt_name",
    "admin_mgmt_mykad",
    "admin_mgmt_email",
    "admin_ict_name",
    "admin_ict_mykad",
    "admin_ict_email",
    "has_sop",
)
REFERENCE_ATTEMPTS = 5
REASON_MIN_LENGTH = 10


class ApplicationError(Exception):
    """A refused action on an application: ``code`` is stable, ``message`` translated."""

    def __init__(self, code: str, message: StrOrPromise) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message


def _violated_constraint(exc: IntegrityError) -> str | None:
    diag = getattr(exc.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None)


@transaction.atomic
def application_submit(*, cleaned: dict[str, Any], language: str) -> AgencyApplication:
    """Record a validated application and mail its reference to the contact officer."""
    if language not in AgencyApplication.Language.values:
        language = AgencyApplication.Language.MALAY
    data = {name: cleaned[name] for name in APPLICANT_FIELDS}
    submitted_at = timezone.now()
    year = timezone.localtime(submitted_at).year
    for _attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                application = AgencyApplication.objects.create(
                    **data,
                    reference=reference_new(year=year),
                    status=AgencyApplication.Status.SUBMITTED,
                    language=language,
                    submitted_at=submitted_at,
                )
            break
        except IntegrityError as exc:
            constraint = _violated_constraint(exc)
            if constraint == SUBDOMAIN_CLAIM_CONSTRAINT:
                # Someone else asked for the same subdomain between validation and now.
                raise ApplicationError(
                    "subdomain_requested",
                    _(
                        "%(subdomain)s has just been requested by another application. "
                        "Choose another subdomain."
                    )
                    % {"subdomain": data["subdomain"]},
                ) from None
            if constraint != REFERENCE_CONSTRAINT:
                raise
    else:  # pragma: no cover - 5 collisions in 32**8 is not going to happen
        raise ApplicationError("reference_exhausted", _("Try again in a moment."))
    application_id = application.pk
    transaction.on_commit(lambda: application_received_email.delay(application_id))
    return application


def _decidable(*, application_id: int, actor: User) -> AgencyApplication:
    if not (actor.is_active and actor.is_staff):
        raise ApplicationError("not_allowed", _("Only JDN platform operators decide applications."))
    try:
        application = AgencyApplication.objects.select_for_update().get(pk=application_id)
    except AgencyApplication.DoesNotExist:
        raise ApplicationError(
            "application_not_found", _("There is no such application.")
        ) from None
    if application.status != AgencyApplication.Status.SUBMITTED:
        raise ApplicationError(
            "application_decided",
            _("This application has already been decided (%(status)s).")
            % {"status": application.get_status_display()},
        )
    return application


def _decide(
    application: AgencyApplication, *, status: str, actor: User, reason: str
) -> AgencyApplication:
    application.status = status
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.decision_reason = reason
    application.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
    application_id = application.pk
    transaction.on_commit(lambda: application_decision_email.delay(application_id))
    return application


@transaction.atomic
def application_approve(*, application_id: int, actor: User) -> AgencyApplication:
    """Accept an application. Provisioning then creates the agency and links it."""
    application = _decidable(application_id=application_id, actor=actor)
    if Agency.objects.filter(slug=application.subdomain).exists():
        raise ApplicationError(
            "subdomain_taken",
            _("%(subdomain)s is already the address of an agency on the platform.")
            % {"subdomain": application.subdomain},
        )
    return _decide(application, status=AgencyApplication.Status.APPROVED, actor=actor, reason="")


@transaction.atomic
def application_reject(*, application_id: int, actor: User, reason: str) -> AgencyApplication:
    """Refuse an application with a reason the applicant will read. Frees its subdomain."""
    reason = reason.strip()
    if len(reason) < REASON_MIN_LENGTH:
        raise ApplicationError(
            "reason_required",
            _("Give the applicant a reason of at least %(count)d characters.")
            % {"count": REASON_MIN_LENGTH},
        )
    application = _decidable(application_id=application_id, actor=actor)
    return _decide(
        application, status=AgencyApplication.Status.REJECTED, actor=actor, reason=reason
    )


@transaction.atomic
def application_agency_link(*, application_id: int, agency: Agency) -> None:
    """Record which agency an approved application became. Idempotent for the same agency."""
    application = AgencyApplication.objects.select_for_update().get(pk=application_id)
    if application.status != AgencyApplication.Status.APPROVED:
        raise ApplicationError(
            "application_not_approved", _("Only an approved application becomes an agency.")
        )
    if application.agency_id not in (None, agency.pk):
        raise ApplicationError(
            "application_linked", _("This application is already linked to another agency.")
        )
    application.agency = agency
    # The admins' logins exist now: the control plane keeps only masked MyKads (PDPA).
    application.admin_mgmt_mykad = login_id_mask(application.admin_mgmt_mykad)
    application.admin_ict_mykad = login_id_mask(application.admin_ict_mykad)
    application.save(update_fields=["agency", "admin_mgmt_mykad", "admin_ict_mykad"])
