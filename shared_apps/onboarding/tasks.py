"""E-mails about an application, sent by Celery after the write commits, in the applicant's
language (not the operator's, who may decide in the other one)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from shared_apps.onboarding.links import agency_address, platform_url
from shared_apps.onboarding.models import AgencyApplication


def _context(application: AgencyApplication) -> dict[str, object]:
    return {
        "application": application,
        "domain": settings.SPOTME_DOMAIN,
        "agency_address": agency_address(application.subdomain),
        "status_url": platform_url("onboarding:status", query=f"reference={application.reference}"),
    }


def _send(
    application: AgencyApplication, *, subject: str, body: str, cc: list[str] | None = None
) -> None:
    # EmailMessage rather than send_mail: send_mail has no cc and no headers.
    EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[application.contact_email],
        cc=cc or [],
        headers={"Content-Language": application.language},
    ).send()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def application_received_email(application_id: int) -> None:
    """Tell the contact officer the reference and how to follow the application."""
    application = AgencyApplication.objects.filter(pk=application_id).first()
    if application is None:
        return
    with translation.override(application.language):
        subject = gettext("SPOT-Me application received: %(reference)s") % {
            "reference": application.reference
        }
        body = render_to_string(
            "onboarding/email/received.txt",
            _context(application),
        )
    _send(application, subject=subject, body=body)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def application_decision_email(application_id: int) -> None:
    """The decision, to the contact officer with both Pentadbir Organisasi in copy."""
    application = AgencyApplication.objects.filter(pk=application_id).first()
    if application is None or not application.is_decided:
        return
    approved = application.status == AgencyApplication.Status.APPROVED
    with translation.override(application.language):
        if approved:
            subject = gettext("SPOT-Me application approved: %(reference)s")
        else:
            subject = gettext("SPOT-Me application not approved: %(reference)s")
        subject %= {"reference": application.reference}
        body = render_to_string(
            "onboarding/email/approved.txt" if approved else "onboarding/email/rejected.txt",
            _context(application),
        )
    cc = sorted({application.admin_mgmt_email, application.admin_ict_email})
    _send(application, subject=subject, body=body, cc=cc)
