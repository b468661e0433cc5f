"""An agency's life after provisioning: suspend and resume, export, archive, purge. Every change
is audited with its actor and reason."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from provisioning.audit import audit_record
from provisioning.models import AgencyExport, AuditEvent
from tenants.models import Agency

logger = logging.getLogger(__name__)


class LifecycleError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def agency_status_set(*, agency: Agency, status: str) -> Agency:
    """Set the status without the audit trail; for the services below and test set-up."""
    if status not in Agency.Status.values:
        raise LifecycleError("invalid_status", f"Unknown agency status {status!r}.")
    Agency.objects.filter(pk=agency.pk).update(status=status, updated_at=timezone.now())
    agency.refresh_from_db()
    return agency


def _locked(agency_id: int) -> Agency:
    return Agency.objects.select_for_update().get(pk=agency_id)


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if len(reason) < 5:
        raise LifecycleError("reason_required", "Give a reason of at least 5 characters.")
    return reason


@transaction.atomic
def agency_suspend(*, agency_id: int, actor: User | str | None, reason: str) -> Agency:
    """Its users see the suspended page and cannot log in or call the API; nothing is lost."""
    agency = _locked(agency_id)
    if agency.status != Agency.Status.ACTIVE:
        raise LifecycleError("not_active", "Only an active agency can be suspended.")
    agency_status_set(agency=agency, status=Agency.Status.SUSPENDED)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.AGENCY_SUSPENDED,
        agency_slug=agency.slug,
        agency_name=agency.name,
        reason=_require_reason(reason),
    )
    return agency


@transaction.atomic
def agency_resume(*, agency_id: int, actor: User | str | None, reason: str = "") -> Agency:
    """Back to active: from suspended, or from archived (undoing an archive)."""
    agency = _locked(agency_id)
    if agency.status not in {Agency.Status.SUSPENDED, Agency.Status.ARCHIVED}:
        raise LifecycleError("not_suspended", "Only a suspended or archived agency can be resumed.")
    previous = agency.status
    agency_status_set(agency=agency, status=Agency.Status.ACTIVE)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.AGENCY_RESUMED,
        agency_slug=agency.slug,
        agency_name=agency.name,
        reason=reason.strip(),
        detail={"from": previous},
    )
    return agency


@transaction.atomic
def agency_archive(*, agency_id: int, actor: User | str | None, reason: str) -> Agency:
    """Read-only: nobody can log in, no task writes to it, its data stays for export or purge."""
    agency = _locked(agency_id)
    if agency.status not in {Agency.Status.ACTIVE, Agency.Status.SUSPENDED}:
        raise LifecycleError("not_archivable", "Only an active or suspended agency is archived.")
    agency_status_set(agency=agency, status=Agency.Status.ARCHIVED)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.AGENCY_ARCHIVED,
        agency_slug=agency.slug,
        agency_name=agency.name,
        reason=_require_reason(reason),
    )
    return agency


def agency_purge(*, agency_id: int, actor: User | str | None, typed_short_name: str) -> None:
    """Drop an archived agency's schema, its domain and its exports. Irreversible, so the operator
    types the agency's short name to confirm."""
    with transaction.atomic():
        agency = _locked(agency_id)
        if agency.status != Agency.Status.ARCHIVED:
            raise LifecycleError("not_archived", "Only an archived agency can be purged.")
        if typed_short_name.strip() != agency.short_name:
            raise LifecycleError(
                "confirmation_mismatch", "The short name typed does not match the agency's."
            )
        files = [Path(e.file_path) for e in agency.exports.exclude(file_path="")]
        slug, name, schema = agency.slug, agency.name, agency.schema_name
        with connection.cursor() as cursor:
            # Deferred foreign-key checks still queued in this transaction would block DROP.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        agency.delete(force_drop=True)
        audit_record(
            actor=actor,
            action=AuditEvent.Action.AGENCY_PURGED,
            agency_slug=slug,
            agency_name=name,
            detail={"schema": schema, "exports_deleted": len(files)},
        )
    for path in files:
        path.unlink(missing_ok=True)


def agency_export_request(*, agency_id: int, actor: User | str | None) -> AgencyExport:
    with transaction.atomic():
        agency = Agency.objects.get(pk=agency_id)
        export = AgencyExport.objects.create(
            agency=agency, requested_by=actor if isinstance(actor, User) else None
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.EXPORT_REQUESTED,
            agency_slug=agency.slug,
            agency_name=agency.name,
            detail={"export": export.pk},
        )
        from provisioning.tasks import agency_export_build

        transaction.on_commit(lambda: agency_export_build.delay(export.pk))
    return export


def agency_export_run(*, export_id: int) -> AgencyExport:
    """Write the archive (provisioning.export) and record where it is."""
    from provisioning.export import ExportError, agency_export_write

    export = AgencyExport.objects.select_related("agency").get(pk=export_id)
    if export.status not in {AgencyExport.Status.PENDING, AgencyExport.Status.FAILED}:
        return export
    AgencyExport.objects.filter(pk=export.pk).update(status=AgencyExport.Status.RUNNING)
    agency = export.agency
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    destination = (
        Path(settings.SPOTME_EXPORT_ROOT) / agency.schema_name / f"{agency.slug}-{stamp}.zip"
    )
    try:
        result = agency_export_write(
            schema_name=agency.schema_name, agency_name=agency.name, destination=destination
        )
    except (ExportError, OSError) as exc:
        logger.exception("export of %s failed", agency.slug)
        AgencyExport.objects.filter(pk=export.pk).update(
            status=AgencyExport.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
    else:
        AgencyExport.objects.filter(pk=export.pk).update(
            status=AgencyExport.Status.READY,
            file_path=str(result.path),
            size=result.size,
            sha256=result.sha256,
            finished_at=timezone.now(),
        )
    export.refresh_from_db()
    return export


def agency_exports_expire() -> int:
    """Delete export files older than the keep period; the rows stay, marked deleted."""
    cutoff = timezone.now() - timedelta(days=settings.SPOTME_EXPORT_KEEP_DAYS)
    expired = AgencyExport.objects.filter(status=AgencyExport.Status.READY, created_at__lt=cutoff)
    count = 0
    for export in expired:
        Path(export.file_path).unlink(missing_ok=True)
        AgencyExport.objects.filter(pk=export.pk).update(
            status=AgencyExport.Status.DELETED, file_path=""
        )
        count += 1
    return count
