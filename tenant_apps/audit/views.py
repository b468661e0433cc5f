"""The agency's audit trail for the Pentadbir Organisasi: who changed what, when."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tenant_apps.audit.models import AuditEntry
from tenant_apps.people.access import org_admin_required


@org_admin_required
def audit_list_view(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.all()
    query = (request.GET.get("q") or "").strip()[:100]
    if query:
        entries = entries.filter(
            Q(summary__icontains=query)
            | Q(actor_name__icontains=query)
            | Q(action__icontains=query)
        )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/audit_list.html", {"page": page, "q": query})
