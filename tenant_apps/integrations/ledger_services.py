"""The raw ledger's writes: a device push (``push_ingest``), a file previewed then imported
(``file_preview``, ``file_import``, ``batch_discard``) and a device user id mapped to an officer
(``user_map_set``), which applies that id's waiting lines. Applying is in ``ledger_apply``
(``raw_apply`` is re-exported here).

The ledger is append-only and keyed by (device, device user id, device time): a replayed push or a
file imported twice adds nothing and counts its lines as duplicates."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from tenant_apps.audit.services import audit_record
from tenant_apps.integrations.attlog import (
    USER_ID_RE,
    CsvMapping,
    LineError,
    ParsedLine,
    decode_text,
    dedupe,
    parse_attlog,
    parse_csv,
    recent_only,
)
from tenant_apps.integrations.errors import IntegrationError, messages_register
from tenant_apps.integrations.ledger_apply import (
    apply_soon,
    device_time_of,
    device_zone,
    existing_keys,
    ledger_write,
    mapped_user_ids,
    raw_apply,
)
from tenant_apps.integrations.models import Device, DeviceUserMap, ImportBatch, RawPunch
from tenant_apps.people.models import Officer

# Per-line errors kept on a batch (the count is always complete).
MAX_ERRORS_KEPT = 1000
# Pushes whose freshest line measures the device clock.
DRIFT_WINDOW = timedelta(hours=24)
# A lag up to this (seconds) is a live push read at once; a larger one needs a second push that
# agrees with it within DRIFT_AGREEMENT seconds before it is called the clock's drift.
DRIFT_BELIEVED_AT_ONCE = 300
DRIFT_AGREEMENT = 300
FILE_FORMATS = (ImportBatch.Source.DAT, ImportBatch.Source.CSV)

messages_register(
    {
        "file_format_unknown": _("Choose the file's format: ATTLOG (.dat) or CSV."),
        "csv_mapping_required": _(
            "Say which CSV columns hold the device user id and the date and time."
        ),
        "batch_not_preview": _(
            "This file was already imported or discarded; upload it again to import it."
        ),
        "device_user_id_invalid": _(
            "A device user id has 1 to 40 letters, digits, dashes or underscores."
        ),
        "device_user_id_mapped": _(
            "Device user id %(user_id)s on this device is already mapped to %(officer)s."
        ),
        "map_officer_inactive": _(
            "%(officer)s is not an active officer; only active officers can be mapped."
        ),
    }
)


def _errors_json(errors: list[LineError]) -> list[dict[str, object]]:
    return [error.to_dict() for error in errors[:MAX_ERRORS_KEPT]]


def _parse(
    source: str, text: str, mapping: CsvMapping | None, device: Device, now: datetime
) -> tuple[list[ParsedLine], list[LineError]]:
    if source == ImportBatch.Source.CSV:
        if mapping is None:
            raise IntegrationError("csv_mapping_required")
        lines, errors = parse_csv(text, mapping)
    else:
        lines, errors = parse_attlog(text)
    return recent_only(
        lines, errors, timezone.localtime(now, device_zone(device)).replace(tzinfo=None)
    )


# --- Device push -------------------------------------------------------------------------------


def _lag_seconds(lines: list[ParsedLine], device: Device, received_at: datetime) -> int | None:
    """Received time minus the freshest line's device time (read in the device's zone)."""
    if not lines:
        return None
    zone = device_zone(device)
    newest = max(device_time_of(line, zone) for line in lines)
    return round((received_at - newest).total_seconds())


def _drift_seconds(device: Device, now: datetime) -> int | None:
    """Device clock minus server clock, from the pushes of the last 24 hours: minus the smallest
    lag (by size). A device sends its lines as they happen, so its freshest line shows its clock's
    error, and a backlog upload (a large lag) never hides a live one. A small lag, or a line from
    the future, is believed at once; a large lag may be a backlog after the device was offline,
    so it counts only when another push agrees with it (a clock that is behind is behind on every
    push; a backlog's newest line ages with every chunk). Otherwise the drift is unknown."""
    lags = [
        int(lag)
        for lag in ImportBatch.objects.filter(
            device=device,
            source=ImportBatch.Source.PUSH,
            created_at__gte=now - DRIFT_WINDOW,
            created_at__lte=now,
            mapping__has_key="lag_seconds",
        ).values_list("mapping__lag_seconds", flat=True)
        if lag is not None
    ]
    if not lags:
        return None
    best = min(lags, key=abs)
    if best < 0 or best <= DRIFT_BELIEVED_AT_ONCE:
        return -best
    agreeing = sum(1 for lag in lags if abs(lag - best) <= DRIFT_AGREEMENT)
    return -best if agreeing >= 2 else None


def push_ingest(
    *,
    device: Device,
    body: str,
    stamp: str,
    ip: str | None,
    now: datetime | None = None,
) -> ImportBatch:
    """An ADMS ATTLOG push: one imported batch, its new lines into the ledger (mapped ones applied
    right away), per-line errors on the batch; the device's last upload, stamp and clock drift
    are updated. Raises ``IntegrationError`` only for a body that cannot be read at all."""
    now = now or timezone.now()
    lines, errors = _parse(ImportBatch.Source.PUSH, body, None, device, now)
    unique, _repeats = dedupe(lines)
    lag = _lag_seconds(lines, device, now)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            device=device,
            source=ImportBatch.Source.PUSH,
            status=ImportBatch.Status.IMPORTED,
            mapping={"lag_seconds": lag} if lag is not None else {},
            line_count=len(lines) + len(errors),
            error_count=len(errors),
            errors=_errors_json(errors),
            created_at=now,
            imported_at=now,
        )
        written = ledger_write(device=device, batch=batch, lines=unique, received_at=now)
        mapped = mapped_user_ids(device, {user_id for _id, user_id in written})
        batch.new_count = len(written)
        batch.duplicate_count = len(lines) - len(written)
        batch.unmapped_count = sum(1 for _id, user_id in written if user_id not in mapped)
        batch.save(update_fields=["new_count", "duplicate_count", "unmapped_count"])
        changes: dict[str, object] = {"last_seen_at": now, "last_upload_at": now}
        if ip:
            changes["last_seen_ip"] = ip
        if stamp:
            changes["attlog_stamp"] = stamp[:40]
        if lag is not None:
            changes["clock_drift_seconds"] = _drift_seconds(device, now)
        Device.objects.filter(pk=device.pk).update(**changes)
        for name, value in changes.items():
            setattr(device, name, value)
    batch.applied_count = apply_soon([pk for pk, user_id in written if user_id in mapped], now=now)
    return batch


# --- Files -------------------------------------------------------------------------------------


def file_preview(
    *,
    actor: User | None,
    device: Device,
    filename: str,
    content: bytes,
    fmt: str,
    mapping: CsvMapping | None,
    now: datetime | None = None,
) -> ImportBatch:
    """Read an uploaded file and say what importing it would do: how many lines are new, already
    in the ledger (or twice in the file), wrong (each with its line and reason), and for device
    user ids nobody is mapped to. Keeps the text on a preview batch; writes no ledger line.
    A CSV file without a mapping uses the one saved on the device."""
    now = now or timezone.now()
    if fmt not in FILE_FORMATS:
        raise IntegrationError("file_format_unknown")
    if fmt != ImportBatch.Source.CSV:
        mapping = None
    elif mapping is None and device.csv_mapping:
        mapping = CsvMapping.from_dict(device.csv_mapping)
    device_zone(device)  # a device with a broken zone is refused now, not at import
    text = decode_text(content)
    lines, errors = _parse(fmt, text, mapping, device, now)
    unique, _repeats = dedupe(lines)
    known = existing_keys(device, unique)
    new = [line for line in unique if line.key not in known]
    mapped = mapped_user_ids(device, {line.device_user_id for line in new})
    return ImportBatch.objects.create(
        device=device,
        source=fmt,
        status=ImportBatch.Status.PREVIEW,
        filename=filename[:200],
        file_sha256=hashlib.sha256(content).hexdigest(),
        content=text,
        mapping=mapping.to_dict() if mapping is not None else {},
        line_count=len(lines) + len(errors),
        new_count=len(new),
        duplicate_count=len(lines) - len(new),
        error_count=len(errors),
        unmapped_count=sum(1 for line in new if line.device_user_id not in mapped),
        errors=_errors_json(errors),
        created_at=now,
        created_by=actor,
    )


def file_import(
    *, actor: User | None, batch: ImportBatch, now: datetime | None = None
) -> ImportBatch:
    """Import a previewed file: its new lines go into the ledger under this batch (counted again,
    since the ledger may have grown since the preview), the mapped ones become punches, the CSV
    mapping is saved on the device and the file's text is let go."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            ImportBatch.objects.select_for_update(of=("self",))
            .select_related("device")
            .get(pk=batch.pk)
        )
        if locked.status != ImportBatch.Status.PREVIEW:
            raise IntegrationError("batch_not_preview")
        device = locked.device
        mapping = (
            CsvMapping.from_dict(locked.mapping)
            if locked.source == ImportBatch.Source.CSV
            else None
        )
        lines, errors = _parse(locked.source, locked.content, mapping, device, now)
        unique, _repeats = dedupe(lines)
        written = ledger_write(device=device, batch=locked, lines=unique, received_at=now)
        mapped = mapped_user_ids(device, {user_id for _id, user_id in written})
        locked.line_count = len(lines) + len(errors)
        locked.new_count = len(written)
        locked.duplicate_count = len(lines) - len(written)
        locked.error_count = len(errors)
        locked.errors = _errors_json(errors)
        locked.unmapped_count = sum(1 for _id, user_id in written if user_id not in mapped)
        locked.status = ImportBatch.Status.IMPORTED
        locked.imported_at = now
        locked.content = ""
        locked.save()
        # A file is the device's log uploaded by hand: its last upload, not a contact.
        changes: dict[str, object] = {"last_upload_at": now}
        if mapping is not None:
            changes["csv_mapping"] = mapping.to_dict()
        Device.objects.filter(pk=device.pk).update(**changes)
        for name, value in changes.items():
            setattr(device, name, value)
        audit_record(
            actor=actor,
            action="integrations.file_import",
            target=locked,
            summary=f"{device.serial}: {locked.filename} ({locked.new_count} new lines)",
            detail={
                "device": device.serial,
                "file": locked.filename,
                "sha256": locked.file_sha256,
                "lines": locked.line_count,
                "new": locked.new_count,
                "duplicates": locked.duplicate_count,
                "errors": locked.error_count,
                "unmapped": locked.unmapped_count,
            },
        )
        to_apply = [pk for pk, user_id in written if user_id in mapped]
    apply_soon(to_apply, now=now)
    locked.refresh_from_db()
    return locked


def batch_discard(*, actor: User | None, batch: ImportBatch) -> ImportBatch:
    """Drop a previewed file without importing it (its text is let go)."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != ImportBatch.Status.PREVIEW:
            raise IntegrationError("batch_not_preview")
        locked.status = ImportBatch.Status.DISCARDED
        locked.content = ""
        locked.save(update_fields=["status", "content"])
        audit_record(
            actor=actor,
            action="integrations.file_discard",
            target=locked,
            summary=f"{locked.device_id}: {locked.filename}",
            detail={"file": locked.filename, "sha256": locked.file_sha256},
        )
    return locked


# --- Device user ids ---------------------------------------------------------------------------


def user_map_set(
    *,
    actor: User | None,
    device: Device,
    device_user_id: str,
    officer: Officer,
    now: datetime | None = None,
) -> int:
    """Map a device user id of a device to an officer (once: a map is never moved), then apply
    the lines of that id waiting in the ledger: here when they are few, else in the background.
    Returns the number of lines applied here."""
    device_user_id = device_user_id.strip()
    if not USER_ID_RE.match(device_user_id):
        raise IntegrationError("device_user_id_invalid")
    if officer.status != Officer.Status.ACTIVE:
        raise IntegrationError("map_officer_inactive", officer=str(officer))
    with transaction.atomic():
        existing = (
            DeviceUserMap.objects.select_related("officer__user")
            .filter(device=device, device_user_id=device_user_id)
            .first()
        )
        if existing is not None:
            raise IntegrationError(
                "device_user_id_mapped", user_id=device_user_id, officer=str(existing.officer)
            )
        try:
            with transaction.atomic():
                user_map = DeviceUserMap.objects.create(
                    device=device,
                    device_user_id=device_user_id,
                    officer=officer,
                    created_by=actor,
                )
        except IntegrityError:  # mapped meanwhile
            other = DeviceUserMap.objects.select_related("officer__user").get(
                device=device, device_user_id=device_user_id
            )
            raise IntegrationError(
                "device_user_id_mapped", user_id=device_user_id, officer=str(other.officer)
            ) from None
        waiting = list(
            RawPunch.objects.filter(
                device=device,
                device_user_id=device_user_id,
                status=RawPunch.Status.UNMAPPED,
            ).values_list("id", flat=True)
        )
        audit_record(
            actor=actor,
            action="integrations.user_map",
            target=user_map,
            summary=f"{device.serial}: {device_user_id} → {officer}",
            detail={
                "device": device.serial,
                "device_user_id": device_user_id,
                "officer_id": officer.pk,
                "waiting_lines": len(waiting),
            },
        )
    return apply_soon(waiting, now=now)


__all__ = [
    "FILE_FORMATS",
    "batch_discard",
    "file_import",
    "file_preview",
    "push_ingest",
    "raw_apply",
    "user_map_set",
]
