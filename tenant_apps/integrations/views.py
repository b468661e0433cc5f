"""Integrasi: the org admin's hub of devices, imports, API keys and webhooks."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tenant_apps.integrations.models import (
    ApiKey,
    Device,
    RawPunch,
    WebhookSubscription,
)
from tenant_apps.people.access import org_admin_required


@org_admin_required
def index_view(request: HttpRequest) -> HttpResponse:
    devices = Device.objects.all()
    return render(
        request,
        "integrations/index.html",
        {
            "devices_total": devices.count(),
            "devices_unhealthy": devices.filter(
                health__in=[Device.Health.SILENT, Device.Health.DRIFT],
                status=Device.Status.ACTIVE,
            ).count(),
            "unmapped_lines": RawPunch.objects.filter(status=RawPunch.Status.UNMAPPED).count(),
            "keys_active": ApiKey.objects.filter(revoked_at__isnull=True).count(),
            "webhooks_paused": WebhookSubscription.objects.filter(
                status=WebhookSubscription.Status.PAUSED
            ).count(),
            "webhooks_total": WebhookSubscription.objects.count(),
        },
    )
