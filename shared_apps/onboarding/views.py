"""Public pages on the platform domain: apply, the confirmation and the status check. They parse,
call a service or selector and render; the rules live in forms, validators and services."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods

from shared_apps.onboarding.forms import AgencyApplicationForm, ApplicationStatusForm
from shared_apps.onboarding.links import agency_address, agency_host
from shared_apps.onboarding.models import AgencyApplication
from shared_apps.onboarding.selectors import application_by_reference
from shared_apps.onboarding.services import ApplicationError, application_submit
from shared_apps.onboarding.validators import subdomain_normalise, subdomain_problem
from tenants.models import Agency


@require_http_methods(["GET", "POST"])
def apply_view(request: HttpRequest) -> HttpResponse:
    form = AgencyApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = application_submit(
                cleaned=form.cleaned_data, language=translation.get_language() or ""
            )
        except ApplicationError as exc:
            form.add_error(None, forms.ValidationError(exc.message, code=exc.code))
        else:
            return redirect("onboarding:submitted", reference=application.reference)
    return render(request, "onboarding/apply.html", {"form": form})


@require_GET
def submitted_view(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_by_reference(reference)
    if application is None:
        raise Http404
    return render(request, "onboarding/submitted.html", {"application": application})


@require_GET
def status_view(request: HttpRequest) -> HttpResponse:
    form = ApplicationStatusForm(request.GET if "reference" in request.GET else None)
    application: AgencyApplication | None = None
    not_found = False
    if form.is_bound and form.is_valid():
        application = application_by_reference(form.cleaned_data["reference"])
        not_found = application is None
    agency_url = None
    if application and application.agency and application.agency.status == Agency.Status.ACTIVE:
        agency_url = agency_address(application.agency.slug)
    return render(
        request,
        "onboarding/status.html",
        {
            "form": form,
            "application": application,
            "not_found": not_found,
            "agency_url": agency_url,
        },
    )


@require_GET
def subdomain_check_view(request: HttpRequest) -> HttpResponse:
    """htmx: a line saying whether the typed subdomain can still be requested."""
    subdomain = subdomain_normalise(request.GET.get("subdomain", ""))[:64]
    problem = subdomain_problem(subdomain) if subdomain else None
    return render(
        request,
        "onboarding/_subdomain_check.html",
        {"address": agency_host(subdomain) if subdomain else "", "problem": problem},
    )
