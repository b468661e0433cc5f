"""Laporan (reports): the list of reports, a report's page (filters, the table, downloads), and
the runs of big reports (progress polled by htmx, the file for its requester only).

Who sees what comes from ``tenant_apps.reports.scope``: a user with no one in reach has no
reports (404), a unit or officer outside the scope answers 404, and a run belongs to the one
who asked for it (anyone else: 404)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenant_apps.people.access import request_user
from tenant_apps.reports.forms import ReportFilterForm
from tenant_apps.reports.models import Format, ReportRun
from tenant_apps.reports.registry import report_by_slug, report_list
from tenant_apps.reports.render import render_html
from tenant_apps.reports.scope import Scope, scope_of
from tenant_apps.reports.services import (
    FILE_FORMATS,
    ReportError,
    direct_limit,
    report_export,
    report_params,
    report_run_create,
    report_size,
)
from tenant_apps.reports.table import ReportParams, ReportSpec

POLL_SECONDS = 2


def _scope(request: HttpRequest) -> Scope:
    scope = scope_of(request_user(request))
    if not scope.officer_ids:
        raise Http404
    return scope


def _spec(slug: str) -> ReportSpec:
    spec = report_by_slug(slug)
    if spec is None:
        raise Http404
    return spec


def _params(form: ReportFilterForm, scope: Scope) -> ReportParams:
    data = form.cleaned_data
    return report_params(
        scope,
        start=data["start"],
        end=data["end"],
        unit_id=data.get("unit"),
        officer_id=data.get("officer"),
        category=data.get("category") or None,
    )


@login_required
def index_view(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    return render(
        request,
        "reports/index.html",
        {
            "reports": report_list(),
            "scope": scope,
            "officer_count": len(scope.officer_ids),
            # The evidence pack is for the org admin and executives (audit, discipline).
            "can_evidence": scope.whole_agency or bool(scope.unit_ids),
        },
    )


@login_required
def report_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The filter form; once filtered, the table (small reports) or the offer to prepare the
    files in the background (big ones)."""
    spec, scope = _spec(slug), _scope(request)
    bound = "period" in request.GET
    form = ReportFilterForm(request.GET if bound else None, spec=spec, scope=scope)
    context: dict[str, Any] = {"spec": spec, "form": form, "formats": _file_formats()}
    if bound and form.is_valid():
        params = _params(form, scope)
        size = report_size(params)
        context |= {"params": params, "big": size > direct_limit(spec), "size": size}
        if not context["big"]:
            table = spec.build(params)
            context["report_html"] = mark_safe(render_html(table, request))  # noqa: S308 - escaped
    return render(request, "reports/report.html", context)


def _file_formats() -> list[tuple[str, str]]:
    return [(value, label) for value, label in Format.choices if value in FILE_FORMATS]


@login_required
@require_POST
def export_view(request: HttpRequest, slug: str) -> HttpResponse:
    """A file of the filtered report: at once when small, else a run prepared in the background
    (redirects to its progress page)."""
    spec, scope = _spec(slug), _scope(request)
    form = ReportFilterForm(request.POST, spec=spec, scope=scope)
    fmt = request.POST.get("format", "")
    if not form.is_valid() or fmt not in FILE_FORMATS:
        messages.error(request, _("Check the filters, then choose the file again."))
        return render(
            request,
            "reports/report.html",
            {"spec": spec, "form": form, "formats": _file_formats()},
            status=400,
        )
    params = _params(form, scope)
    actor = request_user(request)
    language = get_language() or "ms"
    try:
        if report_size(params) > direct_limit(spec):
            run = report_run_create(
                actor=actor,
                spec=spec,
                params=params,
                values=form.values(),
                fmt=fmt,
                language=language,
            )
            return redirect("reports:run", run_id=run.pk)
        made = report_export(actor=actor, spec=spec, params=params, fmt=fmt, language=language)
    except ReportError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("reports:report", args=[slug]) + "?" + urlencode(form.values()))
    response = HttpResponse(made.content, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.name}"'
    response["X-Content-SHA256"] = made.sha256
    return response


def _run_or_404(request: HttpRequest, run_id: int) -> ReportRun:
    run = ReportRun.objects.filter(pk=run_id, requested_by=request_user(request)).first()
    if run is None:
        raise Http404
    return run


def run_context(run: ReportRun) -> dict[str, Any]:
    spec = report_by_slug(run.report)
    values = {k: v for k, v in run.params.items() if k != "language" and v not in (None, "")}
    again = ""
    if spec is not None:
        query = urlencode({"period": "custom", **values})
        again = reverse("reports:report", args=[spec.slug]) + "?" + query
    return {
        "run": run,
        "spec": spec,
        "again_url": again,
        "poll": POLL_SECONDS,
        "working": run.status in (ReportRun.Status.QUEUED, ReportRun.Status.RUNNING),
    }


@login_required
def runs_view(request: HttpRequest) -> HttpResponse:
    """The user's own report runs, newest first."""
    runs = ReportRun.objects.filter(requested_by=request_user(request))
    page = Paginator(runs, 20).get_page(request.GET.get("page"))
    titles = {spec.slug: spec.title for spec in report_list()}
    rows = [(run, titles.get(run.report, run.report)) for run in page.object_list]
    return render(request, "reports/runs.html", {"page": page, "rows": rows})


@login_required
def run_view(request: HttpRequest, run_id: int) -> HttpResponse:
    return render(request, "reports/run.html", run_context(_run_or_404(request, run_id)))


@login_required
def run_progress_view(request: HttpRequest, run_id: int) -> HttpResponse:
    """The progress fragment the run page polls until the file is ready."""
    return render(request, "reports/_run_progress.html", run_context(_run_or_404(request, run_id)))


@login_required
def run_download_view(request: HttpRequest, run_id: int) -> FileResponse:
    run = _run_or_404(request, run_id)
    if run.status != ReportRun.Status.READY or not run.file:
        raise Http404
    response = FileResponse(run.file.open("rb"), as_attachment=True, filename=run.file_name)
    response["X-Content-SHA256"] = run.sha256
    return response
