"""Console pages for agencies: the platform overview and each agency's lifecycle."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tenants.utils import get_public_schema_name

from accounts.models import User
from provisioning.audit import audit_record
from provisioning.console.access import operator_required
from provisioning.console.forms import LifecycleReasonForm, PurgeForm
from provisioning.console.selectors import agency_overview, audit_list, platform_counts
from provisioning.lifecycle import (
    LifecycleError,
    agency_archive,
    agency_export_request,
    agency_purge,
    agency_resume,
    agency_suspend,
)
from provisioning.models import AgencyExport, AuditEvent, ProvisioningRun
from provisioning.tasks import agency_stats_refresh_all
from tenants.models import Agency


def _operator(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@operator_required
def overview_view(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    if status not in {None, *Agency.Status.values}:
        status = None
    query = (request.GET.get("q") or "").strip()[:100] or None
    page = Paginator(agency_overview(status=status, query=query), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "console/overview.html",
        {
            "page": page,
            "status": status,
            "q": query or "",
            "statuses": Agency.Status.choices,
            "counts": platform_counts(),
        },
    )


@operator_required
@require_POST
def stats_refresh_view(request: HttpRequest) -> HttpResponse:
    agency_stats_refresh_all.delay()
    messages.success(request, _("The counters are being refreshed."))
    return redirect("console:home")


def _agency_or_404(agency_id: int) -> Agency:
    agency = Agency.objects.exclude(schema_name=get_public_schema_name()).filter(pk=agency_id)
    found = agency.select_related("stats").first()
    if found is None:
        raise Http404
    return found


@operator_required
def agency_detail_view(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = _agency_or_404(agency_id)
    return render(request, "console/agency_detail.html", _agency_context(agency))


def _agency_context(agency: Agency, **forms: object) -> dict[str, object]:
    # Not "agency": that name is the current tenant in every template (the page header).
    return {
        "managed": agency,
        "exports": agency.exports.all()[:10],
        "runs": ProvisioningRun.objects.filter(agency=agency)[:3],
        "events": AuditEvent.objects.filter(agency_slug=agency.slug)[:20],
        "reason_form": forms.get("reason_form") or LifecycleReasonForm(),
        "purge_form": forms.get("purge_form") or PurgeForm(),
        "failed_action": forms.get("failed_action"),
    }


@operator_required
@require_POST
def agency_action_view(request: HttpRequest, agency_id: int, action: str) -> HttpResponse:
    agency = _agency_or_404(agency_id)
    actor = _operator(request)
    try:
        if action == "export":
            agency_export_request(agency_id=agency.pk, actor=actor)
            messages.success(request, _("The export is being prepared."))
        elif action == "resume":
            agency_resume(agency_id=agency.pk, actor=actor, reason=request.POST.get("reason", ""))
            messages.success(request, _("The agency is active again."))
        elif action in {"suspend", "archive"}:
            form = LifecycleReasonForm(request.POST)
            if not form.is_valid():
                context = _agency_context(agency, reason_form=form, failed_action=action)
                return render(request, "console/agency_detail.html", context, status=400)
            change = agency_suspend if action == "suspend" else agency_archive
            change(agency_id=agency.pk, actor=actor, reason=form.cleaned_data["reason"])
            messages.success(
                request,
                _("The agency is suspended.")
                if action == "suspend"
                else _("The agency is archived."),
            )
        elif action == "purge":
            typed = request.POST.get("short_name", "")
            agency_purge(agency_id=agency.pk, actor=actor, typed_short_name=typed)
            messages.success(request, _("%(agency)s has been purged.") % {"agency": agency.name})
            return redirect("console:home")
        else:
            raise Http404
    except LifecycleError as exc:
        messages.error(request, _lifecycle_message(exc.code))
    return redirect("console:agency-detail", agency_id=agency.pk)


def _lifecycle_message(code: str) -> str:
    return {
        "not_active": _("Only an active agency can be suspended."),
        "not_suspended": _("Only a suspended or archived agency can be resumed."),
        "not_archivable": _("Only an active or suspended agency can be archived."),
        "not_archived": _("Only an archived agency can be purged. Archive it first."),
        "confirmation_mismatch": _("The short name you typed does not match. Nothing was deleted."),
        "reason_required": _("Give a reason of at least 5 characters."),
    }.get(code, code)


@operator_required
def export_download_view(request: HttpRequest, export_id: int) -> FileResponse:
    export = get_object_or_404(
        AgencyExport.objects.select_related("agency"),
        pk=export_id,
        status=AgencyExport.Status.READY,
    )
    path = Path(export.file_path).resolve()
    if not path.is_relative_to(Path(settings.SPOTME_EXPORT_ROOT).resolve()) or not path.exists():
        raise Http404
    audit_record(
        actor=_operator(request),
        action=AuditEvent.Action.EXPORT_DOWNLOADED,
        agency_slug=export.agency.slug,
        agency_name=export.agency.name,
        detail={"export": export.pk, "sha256": export.sha256},
    )
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@operator_required
def audit_view(request: HttpRequest) -> HttpResponse:
    action = request.GET.get("action") or None
    if action not in {None, *AuditEvent.Action.values}:
        action = None
    query = (request.GET.get("q") or "").strip()[:100] or None
    page = Paginator(audit_list(action=action, query=query), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "console/audit.html",
        {"page": page, "action": action, "q": query or "", "actions": AuditEvent.Action.choices},
    )
