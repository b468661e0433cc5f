"""Reads of agency applications, shaped for the pages and the operator console."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from shared_apps.onboarding.models import AgencyApplication, reference_normalise


def application_list(
    *, status: str | None = None, state_code: str | None = None, query: str | None = None
) -> QuerySet[AgencyApplication]:
    """Newest first. ``query`` matches the reference, names and subdomain, ignoring case."""
    applications = AgencyApplication.objects.select_related("agency", "decided_by")
    if status:
        applications = applications.filter(status=status)
    if state_code:
        applications = applications.filter(state_code=state_code)
    query = (query or "").strip()
    if query:
        applications = applications.filter(
            Q(reference__icontains=query)
            | Q(agency_name__icontains=query)
            | Q(short_name__icontains=query)
            | Q(subdomain__icontains=query)
        )
    return applications.order_by("-submitted_at", "-pk")


def application_by_reference(reference: str) -> AgencyApplication | None:
    """The application with this reference, as typed (any case, spaces around), or None."""
    normalised = reference_normalise(reference)
    if not normalised:
        return None
    return AgencyApplication.objects.select_related("agency").filter(reference=normalised).first()


def application_get(application_id: int) -> AgencyApplication | None:
    """The application with this id, or None."""
    return (
        AgencyApplication.objects.select_related("agency", "decided_by")
        .filter(pk=application_id)
        .first()
    )
