"""Reads for the operator console: public-schema rows only, never a loop over agency schemas."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django_tenants.utils import get_public_schema_name

from provisioning.models import AuditEvent, ProvisioningRun
from tenants.models import Agency


def agency_overview(*, status: str | None, query: str | None) -> QuerySet[Agency]:
    agencies = (
        Agency.objects.exclude(schema_name=get_public_schema_name())
        .select_related("stats")
        .prefetch_related("domains")
    )
    if status:
        agencies = agencies.filter(status=status)
    if query:
        agencies = agencies.filter(
            Q(name__icontains=query) | Q(short_name__icontains=query) | Q(slug__icontains=query)
        )
    return agencies.order_by("name")


def platform_counts() -> dict[str, int]:
    by_status = dict(
        Agency.objects.exclude(schema_name=get_public_schema_name())
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    runs = dict(
        ProvisioningRun.objects.filter(
            status__in=[ProvisioningRun.Status.RUNNING, ProvisioningRun.Status.FAILED]
        )
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    from shared_apps.onboarding.models import AgencyApplication

    return {
        "agencies": sum(by_status.values()),
        "active": by_status.get(Agency.Status.ACTIVE, 0),
        "suspended": by_status.get(Agency.Status.SUSPENDED, 0),
        "archived": by_status.get(Agency.Status.ARCHIVED, 0),
        "applications_waiting": AgencyApplication.objects.filter(
            status=AgencyApplication.Status.SUBMITTED
        ).count(),
        "runs_running": runs.get(ProvisioningRun.Status.RUNNING, 0),
        "runs_failed": runs.get(ProvisioningRun.Status.FAILED, 0),
    }


def audit_list(*, action: str | None, query: str | None) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if action:
        events = events.filter(action=action)
    if query:
        events = events.filter(
            Q(agency_slug__icontains=query)
            | Q(agency_name__icontains=query)
            | Q(actor_name__icontains=query)
            | Q(application_reference__icontains=query)
        )
    return events
