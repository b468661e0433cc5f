"""Kunci API: the org admin's list of the agency's keys, making one (the key is shown once, on the
answer to the form), a key's calls, and revoking it. Anyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenant_apps.integrations.api_keys import api_key_create, api_key_revoke
from tenant_apps.integrations.errors import IntegrationError
from tenant_apps.integrations.forms_api_keys import ERROR_FIELDS, ApiKeyForm
from tenant_apps.integrations.models import ApiKey
from tenant_apps.integrations.models.api import Scope
from tenant_apps.people.access import org_admin_required, request_user, visible_or_404

CALLS_PER_PAGE = 50


def _scope_labels(key: ApiKey) -> list[str]:
    return [str(Scope(scope).label) if scope in Scope.values else scope for scope in key.scopes]


@org_admin_required
def api_key_list_view(request: HttpRequest) -> HttpResponse:
    keys = list(ApiKey.objects.select_related("created_by"))
    now = timezone.now()
    for key in keys:
        key.scope_labels = _scope_labels(key)  # type: ignore[attr-defined]
        key.is_expired = key.expires_at <= now  # type: ignore[attr-defined]
    return render(request, "integrations/api_keys/list.html", {"keys": keys})


@org_admin_required
def api_key_create_view(request: HttpRequest) -> HttpResponse:
    form = ApiKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            key, raw_key = api_key_create(actor=request_user(request), **form.service_arguments())
        except IntegrationError as exc:
            form.add_error(ERROR_FIELDS.get(exc.code), exc.message)
        else:
            # The only time the key is shown: it is stored hashed. Not a redirect (the key would
            # have to be kept somewhere to show it after one), and never cached.
            response = render(
                request,
                "integrations/api_keys/created.html",
                {
                    "key": key,
                    "raw_key": raw_key,
                    "scope_labels": _scope_labels(key),
                    "example_url": request.build_absolute_uri(_example_path(key)),
                },
            )
            response["Cache-Control"] = "no-store"
            return response
    status = 400 if form.errors else 200
    return render(request, "integrations/api_keys/form.html", {"form": form}, status=status)


def _example_path(key: ApiKey) -> str:
    if Scope.READ_PEOPLE in key.scopes:
        return "/api/v1/data/org-units?page_size=10"
    if Scope.READ_ATTENDANCE in key.scopes:
        return "/api/v1/data/days?page_size=10"
    return "/api/v1/kiosk/punches"


@org_admin_required
def api_key_detail_view(request: HttpRequest, key_id: int) -> HttpResponse:
    key = visible_or_404(ApiKey.objects.select_related("created_by", "revoked_by"), key_id)
    page = Paginator(key.calls.all(), CALLS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "integrations/api_keys/detail.html",
        {
            "key": key,
            "scope_labels": _scope_labels(key),
            "is_expired": key.expires_at <= timezone.now(),
            "page": page,
        },
    )


@org_admin_required
@require_POST
def api_key_revoke_view(request: HttpRequest, key_id: int) -> HttpResponse:
    key = visible_or_404(ApiKey.objects.all(), key_id)
    try:
        api_key_revoke(actor=request_user(request), key=key)
    except IntegrationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The key %(name)s is revoked: every call with it is now refused.")
            % {"name": key.name},
        )
    return redirect("integrations:api-key-detail", key_id=key.pk)
