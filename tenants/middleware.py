"""Chooses the schema from the verified host only (never from a header or parameter), and answers
an unknown host or an agency that is not active with a page of its own."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name

from spotme_platform.locale import language_for
from tenants.db import use_public_schema
from tenants.models import Agency


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _activate_language(request: HttpRequest) -> None:
    # The language middleware has not run yet for these early answers.
    translation.activate(language_for(request))


class AgencyMiddleware(TenantMainMiddleware):
    def no_tenant_found(self, request: HttpRequest, hostname: str) -> HttpResponse:
        _activate_language(request)
        message = _("There is no agency at this address.")
        if _wants_json(request):
            return JsonResponse({"code": "unknown_host", "detail": message}, status=404)
        return render(request, "errors/unknown_host.html", {"hostname": hostname}, status=404)

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        response = super().process_request(request)
        if response is not None:
            return response
        agency: Agency = request.tenant  # type: ignore[attr-defined]
        if agency.schema_name == get_public_schema_name() or agency.is_active:
            return None
        # Not active: answer from the public schema so nothing of the agency is read.
        use_public_schema()
        _activate_language(request)
        if agency.status == Agency.Status.SUSPENDED:
            message = _("This agency's access to SPOT-Me is suspended. Contact JDN.")
            code = "agency_suspended"
        elif agency.status == Agency.Status.PROVISIONING:
            message = _("This agency is still being prepared. Try again in a few minutes.")
            code = "agency_provisioning"
        else:
            message = _("This agency has been archived and is no longer in use.")
            code = "agency_archived"
        if _wants_json(request):
            return JsonResponse({"code": code, "detail": message}, status=403)
        return render(
            request,
            "errors/agency_unavailable.html",
            {"agency_name": agency.name, "message": message, "code": code},
            status=403,
        )
