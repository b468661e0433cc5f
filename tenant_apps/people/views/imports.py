"""The org admin's bulk import of officers: upload, preview (errors per row, nothing written),
import with progress; the template and the export in the same format. Anyone else gets 404."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tenant_apps.people.access import org_admin_required, request_user
from tenant_apps.people.import_services import import_batch_start, import_preview
from tenant_apps.people.importing_export import import_template, officer_export
from tenant_apps.people.importing_files import MAX_BYTES, format_of
from tenant_apps.people.models import ImportBatch
from tenant_apps.people.services import PeopleError

ERRORS_SHOWN = 500
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File of officers (CSV or XLSX)"),
        help_text=gettext_lazy("At most 10 MB and 20,000 rows, with the template's header row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if format_of(upload.name or "") is None:
            raise forms.ValidationError(
                gettext_lazy("Upload a .csv or .xlsx file."), code="bad_format"
            )
        if (upload.size or 0) > MAX_BYTES:
            raise forms.ValidationError(
                gettext_lazy("The file is larger than 10 MB. Split it into smaller files."),
                code="too_large",
            )
        return upload


@org_admin_required
def import_upload_view(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm()
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            batch = import_preview(
                name=upload.name, content=upload.read(), actor=request_user(request)
            )
            return redirect("people:import-batch", batch_id=batch.pk)
    recent = ImportBatch.objects.select_related("created_by")[:10]
    return render(
        request,
        "people/import_upload.html",
        {"form": form, "recent": recent, "section": "import"},
        status=400 if form.errors else 200,
    )


def _batch_or_404(batch_id: int) -> ImportBatch:
    # Batches live in the agency's schema: another agency's id is simply not here.
    batch = ImportBatch.objects.select_related("created_by").filter(pk=batch_id).first()
    if batch is None:
        raise Http404
    return batch


def _batch_context(batch: ImportBatch) -> dict[str, Any]:
    errors = [
        {**error, "message": _(str(error.get("message", "")))}
        for error in batch.errors[:ERRORS_SHOWN]
    ]
    return {
        "batch": batch,
        "errors": errors,
        "errors_hidden": max(0, len(batch.errors) - ERRORS_SHOWN),
        "section": "import",
    }


@org_admin_required
def import_batch_view(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch_or_404(batch_id)
    if batch.status == ImportBatch.Status.PREVIEWED:
        return render(request, "people/import_preview.html", _batch_context(batch))
    return render(request, "people/import_result.html", _batch_context(batch))


@org_admin_required
def import_progress_view(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The progress fragment the result page polls (htmx, every second) until the run ends."""
    return render(request, "people/import_progress.html", _batch_context(_batch_or_404(batch_id)))


@org_admin_required
@require_POST
def import_run_view(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch_or_404(batch_id)
    try:
        import_batch_start(batch_id=batch.pk, actor=request_user(request))
    except PeopleError as exc:
        messages.error(request, _start_refusal(exc.code))
    return redirect("people:import-batch", batch_id=batch.pk)


def _start_refusal(code: str) -> str:
    return {
        "import_started": _("This file has already been imported."),
        "import_has_errors": _("Correct the errors in the file and upload it again."),
    }.get(code, _("This file cannot be imported."))


def _download(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "no-store"  # a list of the agency's staff
    return response


@org_admin_required
def import_template_view(request: HttpRequest, fmt: str) -> HttpResponse:
    return _download(import_template(fmt=fmt), fmt, "spotme-officers-template")


@org_admin_required
def import_export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    content = officer_export(actor=request_user(request), fmt=fmt)
    return _download(content, fmt, f"spotme-officers-{timezone.localdate():%Y%m%d}")
