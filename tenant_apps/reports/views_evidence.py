"""Pakej bukti: the evidence pack of one officer for one month, as a PDF download, and a page to
find the officer. For disciplinary or audit use, so only the org admin and executives granted the
officer's unit may make one; anyone else, an unknown officer or a malformed or future month
answers 404. Each download is a new generation, recorded in the audit trail."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tenant_apps.people.access import request_user
from tenant_apps.people.models import Officer
from tenant_apps.people.selectors import executive_unit_ids, is_org_admin, officer_search
from tenant_apps.reports.evidence import evidence_officer_get, month_parse
from tenant_apps.reports.evidence_pdf import evidence_pack_generate

PAGE_SIZE = 20


@login_required
def evidence_view(request: HttpRequest) -> HttpResponse:
    """Find an officer (name or login ID) and pick the month; each result links to the pack."""
    actor = request_user(request)
    officers = Officer.objects.select_related("user", "org_unit")
    if not is_org_admin(actor):
        units = executive_unit_ids(actor)
        if not units:
            raise Http404
        officers = officers.filter(org_unit_id__in=units)
    today = timezone.localdate()
    month = request.GET.get("month", "")
    try:
        month_parse(month, today=today)
    except ValueError:
        month = f"{today:%Y-%m}"
    query = request.GET.get("q", "").strip()[:100]
    found = officer_search(officers, query=query, status=None, unit_id=None)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "month": month, "max_month": f"{today:%Y-%m}"}
    return render(request, "reports/evidence.html", context)


@login_required
def evidence_pack_view(request: HttpRequest, officer_id: int, month: str) -> HttpResponse:
    """The PDF, made now in the page's language."""
    actor = request_user(request)
    officer = evidence_officer_get(actor=actor, officer_id=officer_id)
    try:
        first = month_parse(month)
    except ValueError:
        raise Http404 from None
    pack = evidence_pack_generate(actor=actor, officer=officer, month=first)
    response = HttpResponse(pack.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pack.file_name}"'
    response["Cache-Control"] = "no-store"
    response["X-Evidence-SHA256"] = pack.digest
    return response
