"""Console pages for agency applications and their provisioning."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from provisioning.console.access import operator_required
from provisioning.console.forms import ReasonForm
from provisioning.decisions import application_approve_and_provision, application_reject_audited
from provisioning.models import ProvisioningRun
from provisioning.runner import provisioning_run_retry
from provisioning.services import ProvisioningError
from shared_apps.onboarding.models import AgencyApplication
from shared_apps.onboarding.selectors import application_get, application_list
from shared_apps.onboarding.services import ApplicationError
from tenants.models import STATE_CHOICES


def _operator(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _clean_choice(value: str | None, allowed: set[str]) -> str | None:
    return value if value in allowed else None


@operator_required
def application_list_view(request: HttpRequest) -> HttpResponse:
    status = _clean_choice(request.GET.get("status"), set(AgencyApplication.Status.values))
    state = _clean_choice(request.GET.get("state"), {code for code, _name in STATE_CHOICES})
    query = (request.GET.get("q") or "").strip()[:100] or None
    applications = application_list(status=status, state_code=state, query=query)
    page = Paginator(applications, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "console/application_list.html",
        {
            "page": page,
            "status": status,
            "state": state,
            "q": query or "",
            "statuses": AgencyApplication.Status.choices,
            "states": STATE_CHOICES,
        },
    )


def _application_or_404(application_id: int) -> AgencyApplication:
    application = application_get(application_id)
    if application is None:
        raise Http404
    return application


@operator_required
def application_detail_view(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application_or_404(application_id)
    run = ProvisioningRun.objects.filter(application=application).first()
    return render(
        request,
        "console/application_detail.html",
        {"application": application, "run": run, "reject_form": ReasonForm()},
    )


@operator_required
@require_POST
def application_approve_view(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application_or_404(application_id)
    try:
        application_approve_and_provision(application_id=application.pk, actor=_operator(request))
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Approved. Provisioning of %(agency)s has started.")
            % {"agency": application.agency_name},
        )
    return redirect("console:application-detail", application_id=application.pk)


@operator_required
@require_POST
def application_reject_view(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application_or_404(application_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        run = ProvisioningRun.objects.filter(application=application).first()
        return render(
            request,
            "console/application_detail.html",
            {"application": application, "run": run, "reject_form": form},
            status=400,
        )
    try:
        application_reject_audited(
            application_id=application.pk,
            actor=_operator(request),
            reason=form.cleaned_data["reason"],
        )
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Rejected. The applicant has been told the reason."))
    return redirect("console:application-detail", application_id=application.pk)


@operator_required
def run_progress_view(request: HttpRequest, run_id: int) -> HttpResponse:
    """The provisioning steps; the page polls this fragment until the run ends."""
    run = get_object_or_404(ProvisioningRun, pk=run_id)
    return render(request, "console/_run_progress.html", {"run": run})


@operator_required
@require_POST
def run_retry_view(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(ProvisioningRun, pk=run_id)
    try:
        provisioning_run_retry(run_id=run.pk, actor=_operator(request))
    except ProvisioningError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Provisioning resumes from the step that failed."))
    if run.application_id:
        return redirect("console:application-detail", application_id=run.application_id)
    return redirect("console:home")
