"""Peranti Biometrik: the org admin's device registry (add, edit, disable, rotate the secret), the
refused contacts of the push endpoint and the health settings. Anyone else gets 404. A device's
secret is rendered once, in the answer to the POST that made it, and never stored in clear."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import User
from tenant_apps.integrations.device_services import (
    device_create,
    device_secret_rotate,
    device_set_status,
    device_update,
    integration_settings,
    integration_settings_update,
    time_zones,
)
from tenant_apps.integrations.errors import IntegrationError
from tenant_apps.integrations.forms_devices import (
    ERROR_FIELDS,
    DeviceCreateForm,
    DeviceEditForm,
    SettingsForm,
    StatusForm,
)
from tenant_apps.integrations.models import Device, DeviceContact, ImportBatch
from tenant_apps.people.access import org_admin_required, request_user, visible_or_404

PAGE_SIZE = 25
MAPS_SHOWN = 200
BATCHES_SHOWN = 10
COMMON_ZONES = (
    "Asia/Kuala_Lumpur",
    "Asia/Kuching",
    "Asia/Singapore",
    "Asia/Jakarta",
    "Asia/Bangkok",
    "Asia/Manila",
    "Asia/Hong_Kong",
    "UTC",
)


def drift_text(seconds: int | None) -> str:
    """ "3 min ahead", "12 min behind", "on time" or "" (not measured)."""
    if seconds is None:
        return ""
    minutes = round(abs(seconds) / 60)
    if minutes == 0:
        return _("on time")
    if seconds > 0:
        return _("%(n)s min ahead") % {"n": minutes}
    return _("%(n)s min behind") % {"n": minutes}


def push_settings(request: HttpRequest, secret: str) -> dict[str, str]:
    """What to type into the terminal's Cloud Server (ADMS) settings."""
    host = request.get_host().split(":")[0]
    return {
        "server": host,
        "port": request.get_port(),
        "https": "yes" if request.is_secure() else "no",
        "path": "/iclock/",
        "key": f"key={secret}",
    }


def _zones_context() -> dict[str, Any]:
    return {"common_zones": COMMON_ZONES, "zone_count": len(time_zones())}


def _refused(form: Any, exc: IntegrationError) -> None:
    field = ERROR_FIELDS.get(exc.code)
    form.add_error(field if field in form.fields else None, exc.message)


def _secret_page(
    request: HttpRequest, device: Device, secret: str, *, rotated: bool
) -> HttpResponse:
    response = render(
        request,
        "integrations/devices/secret.html",
        {
            "device": device,
            "secret": secret,
            "rotated": rotated,
            "push": push_settings(request, secret),
            "section": "devices",
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@org_admin_required
def device_list_view(request: HttpRequest) -> HttpResponse:
    devices = Device.objects.select_related("office").order_by("name", "serial")
    page = Paginator(devices, PAGE_SIZE).get_page(request.GET.get("page"))
    for device in page:
        device.drift_label = drift_text(device.clock_drift_seconds)  # type: ignore[attr-defined]
    return render(request, "integrations/devices/list.html", {"page": page, "section": "devices"})


@org_admin_required
def device_create_view(request: HttpRequest) -> HttpResponse:
    actor = request_user(request)
    form = DeviceCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, secret = device_create(actor=actor, **form.cleaned_data)
        except IntegrationError as exc:
            _refused(form, exc)
        else:
            return _secret_page(request, device, secret, rotated=False)
    context = {"form": form, "section": "devices", **_zones_context()}
    status = 400 if form.errors else 200
    return render(request, "integrations/devices/create.html", context, status=status)


def _detail_page(
    request: HttpRequest,
    device: Device,
    *,
    form: DeviceEditForm | None = None,
    status: int = 200,
) -> HttpResponse:
    contacts = DeviceContact.objects.filter(device=device).order_by("-at", "-id")
    page = Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    maps = device.user_maps.select_related("officer__user").order_by("device_user_id")
    context = {
        "device": device,
        "drift_label": drift_text(device.clock_drift_seconds),
        "form": form
        or DeviceEditForm(
            initial={
                "name": device.name,
                "office": device.office_id,
                "time_zone": device.time_zone,
                "keyless_networks": device.keyless_networks,
            },
            current_office_id=device.office_id,
        ),
        "page": page,
        "batches": ImportBatch.objects.filter(device=device).order_by("-created_at", "-id")[
            :BATCHES_SHOWN
        ],
        "maps": maps[:MAPS_SHOWN],
        "maps_total": maps.count(),
        "maps_shown": MAPS_SHOWN,
        "section": "devices",
        **_zones_context(),
    }
    return render(request, "integrations/devices/detail.html", context, status=status)


@org_admin_required
def device_detail_view(request: HttpRequest, device_id: int) -> HttpResponse:
    actor = request_user(request)
    device = visible_or_404(Device.objects.select_related("office"), device_id)
    if request.method != "POST":
        return _detail_page(request, device)
    action = request.POST.get("action")
    if action == "rotate":
        secret = device_secret_rotate(actor=actor, device=device)
        device.refresh_from_db()
        return _secret_page(request, device, secret, rotated=True)
    if action == "status":
        return _status_change(request, actor, device)
    form = DeviceEditForm(request.POST, current_office_id=device.office_id)
    if form.is_valid():
        try:
            device_update(actor=actor, device=device, **form.cleaned_data)
        except IntegrationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The device %(name)s is saved.") % {"name": device.serial})
            return redirect("integrations:device-detail", device.pk)
    return _detail_page(request, device, form=form, status=400)


def _status_change(request: HttpRequest, actor: User, device: Device) -> HttpResponse:
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A device is either active or disabled."))
        return redirect("integrations:device-detail", device.pk)
    device = device_set_status(actor=actor, device=device, status=form.cleaned_data["status"])
    if device.status == Device.Status.DISABLED:
        text = _(
            "The device %(serial)s is disabled: its pushes are refused and logged. Nothing it "
            "sent is removed."
        )
    else:
        text = _("The device %(serial)s is active again.")
    messages.success(request, text % {"serial": device.serial})
    return redirect("integrations:device-detail", device.pk)


@org_admin_required
def device_contacts_view(request: HttpRequest) -> HttpResponse:
    refused = DeviceContact.objects.exclude(outcome=DeviceContact.Outcome.OK).order_by("-at", "-id")
    page = Paginator(refused, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "integrations/devices/contacts.html", {"page": page, "section": "contacts"}
    )


@org_admin_required
def settings_view(request: HttpRequest) -> HttpResponse:
    actor = request_user(request)
    row = integration_settings()
    initial = {
        "device_silent_minutes": row.device_silent_minutes,
        "device_drift_minutes": row.device_drift_minutes,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            integration_settings_update(actor=actor, values=form.cleaned_data)
        except IntegrationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The settings are saved."))
            return redirect("integrations:settings")
    status = 400 if form.errors else 200
    return render(
        request,
        "integrations/devices/settings.html",
        {"form": form, "section": "settings"},
        status=status,
    )
