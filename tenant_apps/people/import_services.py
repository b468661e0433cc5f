"""Writes of the officer import: the previewed batch, starting it, and the run itself.

The run plans the file again against the agency as it is then (it may have changed since the
preview) and writes only if there is still nothing wrong. New officers are written in bulk: the
same rows as officer_create (a login without a password in the Officer group, the officer, the
first supervision line), all officers before any line, so a supervisor further down the file
exists when named. Changed officers go through officer_services, top of the chart first, so no
supervision check ever sees a half-applied chart. Unchanged rows write nothing: importing the
same file twice is harmless. Rows are written in chunks of ``CHUNK_ROWS``, one transaction each,
and the batch's ``processed_rows`` counts them for the progress bar."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.models import User
from tenant_apps.people.importing import (
    CREATE,
    DETAIL_COLUMNS,
    LINE_COLUMNS,
    UNCHANGED,
    UPDATE,
    ImportPlan,
    RowPlan,
    plan_build,
)
from tenant_apps.people.importing_bulk import (
    first_lines_bulk_create,
    officers_bulk_create,
    role_group_ids,
)
from tenant_apps.people.importing_files import MAX_BYTES, Issue, SheetError, format_of, sheet_read
from tenant_apps.people.importing_snapshot import snapshot_load
from tenant_apps.people.models import ImportBatch, Officer, OrgUnit
from tenant_apps.people.officer_services import (
    officer_details_update,
    officer_line_change,
    officer_status_set,
)
from tenant_apps.people.services import PeopleError

logger = logging.getLogger(__name__)

CHUNK_ROWS = 500
DIRECT_MAX_ROWS = 200  # imported while the org admin waits; larger files go to a worker
CHANGES_SHOWN = 500
RUN_MESSAGES = {
    "import_failed": gettext_noop(
        "The import stopped on an unexpected error. Rows written before it are kept: "
        "upload the file again to finish."
    ),
    "import_conflict": gettext_noop(
        "These officers were changed by someone else during the import. Rows written before "
        "it are kept: upload the file again to finish."
    ),
}


def import_preview(*, name: str, content: bytes, actor: User) -> ImportBatch:
    """Keep the file and what importing it would do. No officer, login or line is written."""
    fmt = format_of(name)
    plan = _plan_of(content, fmt)
    batch = ImportBatch(
        original_name=name[-255:],
        format=fmt or "",
        created_by=actor,
        total_rows=len(plan.rows),
        created_count=plan.count(CREATE),
        updated_count=plan.count(UPDATE),
        unchanged_count=plan.count(UNCHANGED),
        errors=[issue.as_json() for issue in plan.issues],
        changes=plan.changes(CHANGES_SHOWN),
    )
    if fmt and len(content) <= MAX_BYTES:
        batch.file.save(f"{uuid.uuid4().hex}.{fmt}", ContentFile(content), save=False)
    batch.save()
    return batch


def _plan_of(content: bytes, fmt: str | None) -> ImportPlan:
    try:
        if fmt is None:
            raise SheetError("bad_format")
        rows = sheet_read(content=content, fmt=fmt)
    except SheetError as exc:
        return ImportPlan(rows=[], file_issues=[exc.issue])
    return plan_build(rows, snapshot_load())


def import_batch_start(*, batch_id: int, actor: User) -> ImportBatch:
    """Import a previewed batch without errors: at once when small, else in a Celery task."""
    from tenant_apps.people.tasks import people_import_run

    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != ImportBatch.Status.PREVIEWED:
            raise PeopleError("import_started", "This file has already been imported.")
        if not batch.can_run:
            raise PeopleError("import_has_errors", "Correct the errors and upload the file again.")
        batch.status = ImportBatch.Status.QUEUED
        batch.save(update_fields=["status"])
        if batch.total_rows > DIRECT_MAX_ROWS:
            transaction.on_commit(partial(people_import_run.delay, batch.pk))
            return batch
    return import_batch_run(batch_id=batch.pk)


def import_batch_run(*, batch_id: int) -> ImportBatch:
    """The import itself (the Celery task's body). Runs a queued batch once; a second delivery
    of the same task finds it claimed and does nothing."""
    claimed = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.QUEUED).update(
        status=ImportBatch.Status.RUNNING, processed_rows=0
    )
    batch = ImportBatch.objects.get(pk=batch_id)
    if not claimed:
        return batch
    try:
        with batch.file.open("rb") as handle:
            content = handle.read()
        plan = _plan_of(content, batch.format)
        if plan.issues:
            return _finish(batch, ImportBatch.Status.FAILED, errors=plan.issues)
        _plan_apply(batch, plan)
    except _RowFailed as exc:
        return _finish(batch, ImportBatch.Status.FAILED, errors=[exc.issue])
    except IntegrityError:
        logger.warning("import %s: conflicting write", batch_id, exc_info=True)
        conflict = Issue(None, "", "import_conflict", RUN_MESSAGES["import_conflict"])
        return _finish(batch, ImportBatch.Status.FAILED, errors=[conflict])
    except Exception:
        # Not left "running" for ever with a page polling it; the worker logs the error.
        failed = Issue(None, "", "import_failed", RUN_MESSAGES["import_failed"])
        _finish(batch, ImportBatch.Status.FAILED, errors=[failed])
        raise
    batch.created_count, batch.updated_count = plan.count(CREATE), plan.count(UPDATE)
    batch.unchanged_count = plan.count(UNCHANGED)
    return _finish(batch, ImportBatch.Status.DONE, errors=[])


def _finish(batch: ImportBatch, status: str, *, errors: list[Issue]) -> ImportBatch:
    batch.refresh_from_db(fields=["processed_rows"])
    batch.status, batch.finished_at = status, timezone.now()
    batch.errors = [issue.as_json() for issue in errors]
    if status == ImportBatch.Status.DONE:
        batch.processed_rows = batch.total_rows
    batch.save(
        update_fields=[
            "status",
            "finished_at",
            "errors",
            "processed_rows",
            "created_count",
            "updated_count",
            "unchanged_count",
        ]
    )
    return batch


class _RowFailed(Exception):
    def __init__(self, row: RowPlan, error: PeopleError) -> None:
        super().__init__(str(error))
        self.issue = Issue(row.row, "", error.code, str(error))


def _chunks(rows: list[RowPlan]) -> Iterator[list[RowPlan]]:
    for start in range(0, len(rows), CHUNK_ROWS):
        yield rows[start : start + CHUNK_ROWS]


def _plan_apply(batch: ImportBatch, plan: ImportPlan) -> None:
    assert plan.snapshot is not None
    today = timezone.localdate()
    actor = batch.created_by
    done = plan.count(UNCHANGED)

    def progress(rows: int) -> None:
        nonlocal done
        done += rows
        ImportBatch.objects.filter(pk=batch.pk).update(processed_rows=done)

    progress(0)
    pks = {login: known.pk for login, known in plan.snapshot.officers.items()}
    groups = role_group_ids()
    new = [row for row in plan.rows if row.action == CREATE]
    for chunk in _chunks(new):
        with transaction.atomic():
            pks.update(officers_bulk_create(chunk, groups=groups, today=today))
        progress(len(chunk))
    for chunk in _chunks(new):
        with transaction.atomic():
            first_lines_bulk_create(chunk, pks=pks, groups=groups, actor=actor, today=today)
    changed = sorted((row for row in plan.rows if row.action == UPDATE), key=lambda r: r.depth)
    # Statuses first: a supervisor made active by this file can then be named in a line.
    for chunk in _chunks([row for row in changed if "status" in row.changed]):
        with transaction.atomic():
            _statuses_set(chunk, pks=pks, actor=actor, today=today)
    for chunk in _chunks(changed):
        with transaction.atomic():
            _officers_update(chunk, pks=pks, actor=actor, today=today)
        progress(len(chunk))


@contextmanager
def _refusal_of(row: RowPlan) -> Iterator[None]:
    try:
        yield
    except PeopleError as exc:
        raise _RowFailed(row, exc) from exc


def _statuses_set(
    rows: list[RowPlan], *, pks: dict[str, int], actor: User | None, today: date
) -> None:
    officers = Officer.objects.select_related("user").in_bulk([pks[r.login_id] for r in rows])
    for row in rows:
        with _refusal_of(row):
            officer = officers[pks[row.login_id]]
            officer_status_set(officer=officer, status=row.status, since=today, actor=actor)


def _officers_update(
    rows: list[RowPlan], *, pks: dict[str, int], actor: User | None, today: date
) -> None:
    officers = Officer.objects.select_related("user").in_bulk([pks[r.login_id] for r in rows])
    units = OrgUnit.objects.in_bulk({r.unit_id for r in rows})
    named = {pks[login] for r in rows for login in (r.supervisor, r.second_supervisor) if login}
    supervisors = Officer.objects.in_bulk(named)

    def supervisor(login: str) -> Officer | None:
        if not login:
            return None
        if pks[login] not in supervisors:  # its line changed since it was read: read it again
            supervisors[pks[login]] = Officer.objects.get(pk=pks[login])
        return supervisors[pks[login]]

    for row in rows:
        officer = officers[pks[row.login_id]]
        with _refusal_of(row):
            if any(column in row.changed for column in DETAIL_COLUMNS):
                officer_details_update(
                    officer=officer,
                    full_name=row.full_name,
                    email=row.email,
                    phone=row.phone,
                    position=row.position,
                    grade=row.grade,
                    gender=row.gender or officer.gender,
                )
            if any(column in row.changed for column in LINE_COLUMNS):
                officer_line_change(
                    officer=officer,
                    org_unit=units[row.unit_id],
                    supervisor=supervisor(row.supervisor),
                    second_supervisor=supervisor(row.second_supervisor),
                    effective_from=today,
                    actor=actor,
                )
                supervisors.pop(officer.pk, None)
