"""File imports (upload → preview with per-line errors → import or discard) and the queue of
device user ids nobody is mapped to yet. Org admin only (404 for anyone else). Nothing is written
to the ledger before the admin pressed Import on the preview."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tenant_apps.integrations.attlog import CsvMapping
from tenant_apps.integrations.errors import MESSAGES, IntegrationError
from tenant_apps.integrations.forms_devices import (
    MAPPING_FIELDS,
    ImportUploadForm,
    UnmappedResolveForm,
)
from tenant_apps.integrations.ledger_selectors import batch_errors_page, unmapped_groups
from tenant_apps.integrations.ledger_services import (
    batch_discard,
    file_import,
    file_preview,
    user_map_set,
)
from tenant_apps.integrations.models import Device, ImportBatch
from tenant_apps.people.access import org_admin_required, request_user, visible_or_404
from tenant_apps.people.models import Officer

PAGE_SIZE = 25
FILE_SOURCES = (ImportBatch.Source.DAT, ImportBatch.Source.CSV)


def _file_batches() -> Any:
    return ImportBatch.objects.filter(source__in=FILE_SOURCES).select_related("device")


def _in_language(error: dict[str, Any]) -> dict[str, Any]:
    """A stored line error with its message in the page's language (stored in the language of
    the preview's request)."""
    text = MESSAGES.get(str(error.get("code")))
    params = error.get("params")
    if text is None or not isinstance(params, dict):
        return error
    try:
        return {**error, "message": str(text) % params if params else str(text)}
    except (KeyError, TypeError, ValueError):
        return error


def _upload_page(
    request: HttpRequest, form: ImportUploadForm, *, status: int = 200
) -> HttpResponse:
    batches = _file_batches().order_by("-created_at", "-id")
    page = Paginator(batches, PAGE_SIZE).get_page(request.GET.get("page"))
    saved = {
        str(pk): mapping
        for pk, mapping in Device.objects.values_list("pk", "csv_mapping")
        if mapping
    }
    context = {
        "form": form,
        "page": page,
        "saved_mappings": saved,
        "mapping_fields": [form[name] for name in MAPPING_FIELDS],
        "section": "import",
    }
    return render(request, "integrations/devices/import_upload.html", context, status=status)


def _initial(request: HttpRequest) -> dict[str, Any]:
    """?device=<id> chooses the device and fills its saved CSV mapping."""
    chosen = request.GET.get("device", "")
    device = Device.objects.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    if device is None:
        return {}
    initial: dict[str, Any] = {"device": device.pk}
    if device.csv_mapping:
        initial["fmt"] = "csv"
        initial.update({k: v for k, v in device.csv_mapping.items() if k in MAPPING_FIELDS})
    return initial


def _mapping(form: ImportUploadForm) -> CsvMapping | None:
    """The mapping typed in; None when every mapping field was left blank (the service then uses
    the device's saved one)."""
    typed = form.mapping_values()
    return CsvMapping.from_dict(typed) if typed else None


@org_admin_required
def import_upload_view(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _upload_page(request, ImportUploadForm(initial=_initial(request)))
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    device: Device = form.cleaned_data["device"]
    upload = form.cleaned_data["file"]
    fmt = form.cleaned_data["fmt"]
    try:
        mapping = _mapping(form) if fmt == "csv" else None
        batch = file_preview(
            actor=request_user(request),
            device=device,
            filename=upload.name or "",
            content=upload.read(),
            fmt=fmt,
            mapping=mapping,
        )
    except IntegrationError as exc:
        form.add_error(None, exc.message)
        return _upload_page(request, form, status=400)
    return redirect("integrations:import-preview", batch.pk)


@org_admin_required
def import_preview_view(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = visible_or_404(_file_batches(), batch_id)
    page = batch_errors_page(batch, request.GET.get("page"))
    page.object_list = [_in_language(error) for error in page.object_list]
    mapping = batch.mapping if batch.source == ImportBatch.Source.CSV else {}
    context = {
        "batch": batch,
        "page": page,
        "mapping": {k: v for k, v in (mapping or {}).items() if v},
        "waiting": batch.unmapped_count,
        "section": "import",
    }
    return render(request, "integrations/devices/import_preview.html", context)


@org_admin_required
@require_POST
def import_confirm_view(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = visible_or_404(_file_batches(), batch_id)
    try:
        batch = file_import(actor=request_user(request), batch=batch)
    except IntegrationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            ngettext("%(n)s new line imported.", "%(n)s new lines imported.", batch.new_count)
            % {"n": batch.new_count},
        )
    return redirect("integrations:import-preview", batch.pk)


@org_admin_required
@require_POST
def import_discard_view(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = visible_or_404(_file_batches(), batch_id)
    try:
        batch_discard(actor=request_user(request), batch=batch)
    except IntegrationError as exc:
        messages.error(request, exc.message)
        return redirect("integrations:import-preview", batch.pk)
    messages.success(
        request,
        _("The file %(name)s is discarded: nothing was imported.") % {"name": batch.filename},
    )
    return redirect("integrations:import-upload")


def _row_key(device_id: int, device_user_id: str) -> str:
    return f"{device_id}:{device_user_id}"


def _unmapped_page(
    request: HttpRequest,
    *,
    failed: UnmappedResolveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    groups = unmapped_groups()
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    failed_key = (
        _row_key(int(failed.data.get("device") or 0), str(failed.data.get("device_user_id")))
        if failed is not None
        else ""
    )
    rows = []
    for group in page:
        key = _row_key(group.device.pk, group.device_user_id)
        form = (
            failed
            if key == failed_key and failed is not None
            else UnmappedResolveForm(
                initial={"device": group.device.pk, "device_user_id": group.device_user_id},
                auto_id=f"id_{group.device.pk}_{group.device_user_id}_%s",
            )
        )
        rows.append({"group": group, "form": form, "key": key})
    context = {"page": page, "rows": rows, "section": "unmapped", "failed": failed}
    return render(request, "integrations/devices/unmapped.html", context, status=status)


@org_admin_required
def unmapped_list_view(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _unmapped_page(request)
    data = request.POST
    form = UnmappedResolveForm(
        data, auto_id=f"id_{data.get('device', '')}_{data.get('device_user_id', '')}_%s"
    )
    if not form.is_valid():
        return _unmapped_page(request, failed=form, status=400)
    device = Device.objects.filter(pk=form.cleaned_data["device"]).first()
    if device is None:
        form.add_error(None, _("This device is not registered here."))
        return _unmapped_page(request, failed=form, status=400)
    login_id = form.cleaned_data["mykad"]
    officer = Officer.objects.select_related("user").filter(user__login_id=login_id).first()
    if officer is None:
        form.add_error(
            "mykad",
            _("No officer of this agency has the MyKad %(id)s.") % {"id": data.get("mykad", "")},
        )
        return _unmapped_page(request, failed=form, status=400)
    user_id = form.cleaned_data["device_user_id"]
    try:
        applied = user_map_set(
            actor=request_user(request), device=device, device_user_id=user_id, officer=officer
        )
    except IntegrationError as exc:
        form.add_error("mykad", exc.message)
        return _unmapped_page(request, failed=form, status=400)
    messages.success(
        request,
        ngettext(
            "Device user id %(id)s is %(name)s: %(n)s line applied.",
            "Device user id %(id)s is %(name)s: %(n)s lines applied.",
            applied,
        )
        % {"id": user_id, "name": officer.user.full_name, "n": applied},
    )
    return redirect("integrations:unmapped-list")
