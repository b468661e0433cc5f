"""A 10,000-row file: previewed in the request, imported by the Celery task (run in-process by the
test settings), in bounded time and a bounded number of queries."""

from __future__ import annotations

import time
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenant_apps.people.import_services import import_batch_start, import_preview
from tenant_apps.people.models import ImportBatch, Officer, OfficerLine
from tenants.models import Agency
from tests.people.test_import import (
    _media,  # noqa: F401 - autouse fixture
    admin,
    csv_file,
    mykad,
    row,
)

ROWS = 10_000


def staff(rows: int) -> list[dict[str, str]]:
    """A head of department, 99 supervisors under them, everyone else under a supervisor."""
    out = [row(mykad(0), "KETUA JABATAN", grade="JUSA C")]
    for n in range(1, rows):
        boss = mykad(0) if n < 100 else mykad(1 + n % 99)
        out.append(row(mykad(n), f"PEGAWAI {n:05d}", grade="N19", supervisor_login_id=boss))
    return out


def test_a_ten_thousand_row_file_is_imported_by_the_task(
    agency_a: Agency, django_capture_on_commit_callbacks: Any
) -> None:
    actor = admin(agency_a)
    content = csv_file(staff(ROWS))
    with schema_context(agency_a.schema_name):
        started = time.monotonic()
        batch = import_preview(name="semua-pegawai.csv", content=content, actor=actor)
        previewed = time.monotonic()
        assert batch.errors == []
        assert (batch.total_rows, batch.created_count) == (ROWS, ROWS)

        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True) as callbacks,
        ):
            queued = import_batch_start(batch_id=batch.pk, actor=actor)
        imported = time.monotonic()

        assert queued.status == ImportBatch.Status.QUEUED  # handed to the task, not run inline
        assert len(callbacks) == 1
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.DONE
        assert batch.processed_rows == ROWS
        assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (ROWS, 0, 0)
        assert Officer.objects.count() == ROWS
        assert OfficerLine.objects.count() == ROWS
        assert Officer.objects.filter(supervisor__isnull=False).count() == ROWS - 1
        supervisors = Officer.objects.filter(user__groups__name=Role.SUPERVISOR.value)
        assert supervisors.count() == 100
        # Bulk writes in 20 chunks of 500: about twenty statements per chunk (savepoints and the
        # login finder's update included), not several per row. django-tenants' "SET
        # search_path" not counted.
        sql = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SET ")]
        assert len(sql) < 500
        print(
            f"\n10,000 rows: preview {previewed - started:.1f} s,"
            f" import {imported - previewed:.1f} s, {len(sql)} queries"
        )
        assert imported - started < 60

        again = import_preview(name="semua-pegawai.csv", content=content, actor=actor)
        assert (again.unchanged_count, again.created_count, again.updated_count) == (ROWS, 0, 0)
