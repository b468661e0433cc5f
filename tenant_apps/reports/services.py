"""Making report files: a small report is built and rendered on the request
(``report_export``); a big one becomes a ``ReportRun`` that a Celery task builds with progress
updates (``report_run_create`` then ``report_run_build``), kept 7 days and then deleted
(``report_runs_expire``). Every export and every run is in the audit trail."""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.http import Http404
from django.utils import timezone, translation

from accounts.models import User
from tenant_apps.audit.services import audit_record
from tenant_apps.reports.models import Format, ReportRun
from tenant_apps.reports.registry import report_by_slug
from tenant_apps.reports.render import render_csv, render_pdf, render_xlsx
from tenant_apps.reports.scope import Scope, narrowed, scope_of
from tenant_apps.reports.table import ReportParams, ReportSpec, ReportTable

logger = logging.getLogger(__name__)

KEEP_DAYS = 7
STALE_AFTER = timedelta(hours=6)  # a run still queued or running after this has died
CONTENT_TYPES: dict[str, str] = {
    Format.PDF: "application/pdf",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.CSV: "text/csv; charset=utf-8",
}
FILE_FORMATS = tuple(CONTENT_TYPES)


class ReportError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    name: str  # the download's file name
    content_type: str
    sha256: str


def direct_limit(spec: ReportSpec) -> int:
    """Officers × days above which the report is built in the background. The setting
    ``SPOTME_REPORT_DIRECT_LIMIT`` (read on each request) overrides every report's own."""
    override = getattr(settings, "SPOTME_REPORT_DIRECT_LIMIT", None)
    return int(override) if override is not None else spec.direct_limit


def report_size(params: ReportParams) -> int:
    return len(params.officer_ids) * ((params.end - params.start).days + 1)


def report_params(
    scope: Scope,
    *,
    start: date,
    end: date,
    unit_id: int | None,
    officer_id: int | None,
    category: str | None,
) -> ReportParams:
    """The report's parameters with the officers narrowed to the scope (404 outside it)."""
    return ReportParams(
        start=start,
        end=end,
        officer_ids=narrowed(scope, unit_id=unit_id, officer_id=officer_id),
        unit_id=unit_id,
        officer_id=officer_id,
        category=category,
    )


def params_from_values(scope: Scope, values: dict[str, Any]) -> ReportParams:
    return report_params(
        scope,
        start=date.fromisoformat(values["start"]),
        end=date.fromisoformat(values["end"]),
        unit_id=values.get("unit"),
        officer_id=values.get("officer"),
        category=values.get("category"),
    )


def agency_name() -> str:
    tenant = getattr(connection, "tenant", None)
    return str(getattr(tenant, "name", "") or "SPOT-Me")


def file_name(spec: ReportSpec, params: ReportParams, fmt: str) -> str:
    return f"{spec.slug}_{params.start:%Y-%m-%d}_{params.end:%Y-%m-%d}.{fmt}"


def report_render(
    table: ReportTable, *, fmt: str, generated_by: str, generated_at: datetime, language: str
) -> bytes:
    """The table as a file in ``fmt`` (pdf, xlsx, csv), labels in ``language``."""
    if fmt == Format.PDF:
        return render_pdf(
            table,
            agency_name=agency_name(),
            generated_by=generated_by,
            generated_at=generated_at,
            language=language,
        )
    with translation.override(language):
        if fmt == Format.XLSX:
            return render_xlsx(table)
        if fmt == Format.CSV:
            return render_csv(table)
    raise ReportError("format", f"No file format {fmt!r}.")


def _audit_detail(spec: ReportSpec, params: ReportParams, fmt: str) -> dict[str, Any]:
    return {
        "report": spec.slug,
        "format": fmt,
        "start": params.start.isoformat(),
        "end": params.end.isoformat(),
        "unit": params.unit_id,
        "officer": params.officer_id,
        "category": params.category,
        "officers": len(params.officer_ids),
    }


def report_export(
    *, actor: User, spec: ReportSpec, params: ReportParams, fmt: str, language: str
) -> ReportFile:
    """Build and render a small report on the request, and record the export."""
    if fmt not in FILE_FORMATS:
        raise ReportError("format", f"No file format {fmt!r}.")
    now = timezone.now()
    content = report_render(
        spec.build(params),
        fmt=fmt,
        generated_by=actor.full_name,
        generated_at=now,
        language=language,
    )
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="reports.export",
            target=actor,
            summary=f"{spec.slug} {fmt} {params.start}–{params.end}",
            detail=_audit_detail(spec, params, fmt) | {"sha256": digest},
        )
    return ReportFile(content, file_name(spec, params, fmt), CONTENT_TYPES[fmt], digest)


def report_run_create(
    *,
    actor: User,
    spec: ReportSpec,
    params: ReportParams,
    values: dict[str, Any],
    fmt: str,
    language: str,
) -> ReportRun:
    """Queue a big report; the file is built by the ``report_run_build`` task after commit."""
    from tenant_apps.reports import tasks

    if fmt not in FILE_FORMATS:
        raise ReportError("format", f"No file format {fmt!r}.")
    with transaction.atomic():
        run = ReportRun.objects.create(
            report=spec.slug,
            params=values | {"language": language},
            format=fmt,
            requested_by=actor,
            file_name=file_name(spec, params, fmt),
        )
        audit_record(
            actor=actor,
            action="reports.run_create",
            target=run,
            summary=f"{spec.slug} {fmt} {params.start}–{params.end}",
            detail=_audit_detail(spec, params, fmt),
        )
        run_id = run.pk
        transaction.on_commit(lambda: tasks.report_run_build.delay(run_id))
    return run


def _progress(run: ReportRun, percent: int, **values: Any) -> None:
    """Written at once (the task runs outside a transaction), so the polling page sees it."""
    ReportRun.objects.filter(pk=run.pk).update(progress=percent, **values)


def report_run_build(run_id: int) -> ReportRun | None:
    """Build a queued run's file: the scope is the requester's *now* (a user who lost their
    reach gets a failed run, not the data). Idempotent: a run no longer queued is left alone."""
    # Claimed with one conditional update: a second delivery of the task finds it taken.
    claimed = ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.QUEUED).update(
        status=ReportRun.Status.RUNNING, progress=5
    )
    run = ReportRun.objects.select_related("requested_by").filter(pk=run_id).first()
    if run is None or not claimed:
        return run
    try:
        content = _run_content(run)
    except (ReportError, Http404) as exc:
        message = getattr(exc, "message", "") or "The report is no longer within your reach."
        return _run_failed(run, message)
    except Exception:
        logger.exception("report run %s failed", run.pk)
        return _run_failed(run, "The report could not be prepared. Try again later.")
    now = timezone.now()
    run.file.save(f"{run.report}-{uuid.uuid4().hex}.{run.format}", ContentFile(content), save=False)
    run.sha256 = hashlib.sha256(content).hexdigest()
    run.status = ReportRun.Status.READY
    run.progress = 100
    run.finished_at = now
    run.expires_at = now + timedelta(days=KEEP_DAYS)
    run.save(update_fields=["file", "sha256", "status", "progress", "finished_at", "expires_at"])
    return run


def _run_content(run: ReportRun) -> bytes:
    spec = report_by_slug(run.report)
    actor = run.requested_by
    if spec is None or actor is None or not actor.is_active:
        raise ReportError("gone", "This report or its requester no longer exists.")
    params = params_from_values(scope_of(actor), run.params)
    _progress(run, 15)
    language = run.params.get("language") or settings.LANGUAGE_CODE
    with translation.override(language):
        table = spec.build(params)
    _progress(run, 60)
    return report_render(
        table,
        fmt=run.format,
        generated_by=actor.full_name,
        generated_at=timezone.now(),
        language=language,
    )


def _run_failed(run: ReportRun, message: str) -> ReportRun:
    run.status = ReportRun.Status.FAILED
    run.error = message[:300]
    run.finished_at = timezone.now()
    run.expires_at = run.finished_at + timedelta(days=KEEP_DAYS)
    run.save(update_fields=["status", "error", "finished_at", "expires_at"])
    return run


def report_runs_expire(*, now: datetime | None = None) -> int:
    """Delete the files of runs past their 7 days and mark them expired; runs stuck in the
    queue for hours (a lost worker) are marked failed. Returns how many runs expired."""
    now = now or timezone.now()
    ReportRun.objects.filter(
        status__in=[ReportRun.Status.QUEUED, ReportRun.Status.RUNNING],
        created_at__lt=now - STALE_AFTER,
    ).update(
        status=ReportRun.Status.FAILED,
        error="The report was interrupted. Try again.",
        finished_at=now,
        expires_at=now + timedelta(days=KEEP_DAYS),
    )
    due = ReportRun.objects.filter(
        status__in=[ReportRun.Status.READY, ReportRun.Status.FAILED], expires_at__lte=now
    ).order_by("pk")
    count = 0
    for run in due:
        if run.file:
            run.file.delete(save=False)
        run.status = ReportRun.Status.EXPIRED
        run.save(update_fields=["file", "status"])
        count += 1
    return count
