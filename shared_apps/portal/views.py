from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shared_apps.portal.selectors import agency_list
from tenants.models import Agency


def landing_view(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/landing.html")


@login_required
def operator_home_view(request: HttpRequest) -> HttpResponse:
    if not request.user.is_staff:
        raise PermissionDenied
    status = request.GET.get("status") or None
    if status not in {None, *Agency.Status.values}:
        status = None
    page = Paginator(agency_list(status=status), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/operator_home.html",
        {"page": page, "status": status, "statuses": Agency.Status.choices},
    )
