"""Big reports: a run is queued, built by the Celery task (eager here) with its progress, and
downloaded by its requester only; after 7 days its file is deleted and the run says so."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.audit.models import AuditEntry
from tenant_apps.people.models import OrgUnit
from tenant_apps.people.officer_services import OfficerData, officer_create
from tenant_apps.reports.models import ReportRun
from tenant_apps.reports.services import report_run_build, report_runs_expire
from tenants.models import Agency
from tests.conftest import PASSWORD, host_of, make_user
from tests.reports.conftest import MARCH, AsUser, World, csv_rows, pdf_text, xlsx_rows


@pytest.fixture
def small_limit(settings: Any) -> None:
    """Every report counts as big (officers × days above 1)."""
    settings.SPOTME_REPORT_DIRECT_LIMIT = 1


def _start(client: Client, captured: Any, fmt: str = "xlsx", **extra: Any) -> ReportRun:
    with captured(execute=True):
        response = client.post("/reports/unit-summary/export/", MARCH | {"format": fmt} | extra)
    assert response.status_code == 302
    run = ReportRun.objects.latest("pk")
    assert response["Location"] == f"/reports/runs/{run.pk}/"
    return run


def test_a_big_report_is_built_in_the_background_and_downloaded(
    world: World, as_user: AsUser, small_limit: None, django_capture_on_commit_callbacks: Any
) -> None:
    client = as_user("exec")
    page = client.get("/reports/unit-summary/", MARCH).content.decode()
    assert 'data-testid="report-big"' in page
    assert 'data-testid="report-table"' not in page  # not built on the request
    run = _start(client, django_capture_on_commit_callbacks)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.READY
    assert run.progress == 100
    assert run.requested_by == world.exec.user
    assert run.params["start"] == "2025-03-01"
    assert run.file_name == "unit-summary_2025-03-01_2025-03-31.xlsx"
    assert run.expires_at == run.finished_at + timedelta(days=7)  # type: ignore[operator]
    assert len(run.sha256) == 64
    assert AuditEntry.objects.filter(action="reports.run_create", object_id=str(run.pk)).exists()

    detail = client.get(f"/reports/runs/{run.pk}/").content.decode()
    assert 'data-testid="run-download"' in detail
    assert "hx-trigger" not in detail  # done: no more polling
    download = client.get(f"/reports/runs/{run.pk}/download/")
    assert download.status_code == 200
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert 'filename="unit-summary_2025-03-01_2025-03-31.xlsx"' in download["Content-Disposition"]
    rows = xlsx_rows(content)
    totals = next(row for row in rows if row and row[0] in ("Total", "Jumlah"))
    assert list(totals[2:11]) == [12, 10, 2, 3, 1, 1, 1, 50, 30]
    assert not any(row and row[0] == "BADRUL BIN KASIM" for row in rows)
    listing = client.get("/reports/runs/").content.decode()
    assert f'data-testid="run-row-{run.pk}"' in listing


@pytest.mark.parametrize("fmt", ["csv", "pdf"])
def test_every_format_can_be_prepared(
    world: World,
    as_user: AsUser,
    small_limit: None,
    django_capture_on_commit_callbacks: Any,
    fmt: str,
) -> None:
    client = as_user("admin")
    run = _start(client, django_capture_on_commit_callbacks, fmt, unit=world.operasi.pk)
    content = b"".join(client.get(f"/reports/runs/{run.pk}/download/").streaming_content)  # type: ignore[attr-defined]
    if fmt == "csv":
        totals = next(row for row in csv_rows(content) if row[0] in ("Total", "Jumlah"))
        assert totals[2:] == ["12", "10", "2", "3", "1", "1", "1", "50", "30", "83.3"]
    else:
        text = pdf_text(content)
        assert "PENTADBIR LAPORAN" in text
        assert "83.3" in text


def test_a_queued_run_shows_progress_that_polls(
    world: World, as_user: AsUser, small_limit: None, django_capture_on_commit_callbacks: Any
) -> None:
    client = as_user("exec")
    # Without running the on-commit callbacks the task is not sent: the run stays queued.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post("/reports/unit-summary/export/", MARCH | {"format": "csv"})
    assert len(callbacks) == 1
    run = ReportRun.objects.get(requested_by=world.exec.user)
    assert run.status == ReportRun.Status.QUEUED
    fragment = client.get(f"/reports/runs/{run.pk}/progress/").content.decode()
    assert f'hx-get="/reports/runs/{run.pk}/progress/"' in fragment
    assert 'hx-trigger="every 2s"' in fragment
    assert client.get(f"/reports/runs/{run.pk}/download/").status_code == 404
    report_run_build(run.pk)
    assert report_run_build(run.pk).status == ReportRun.Status.READY  # type: ignore[union-attr]
    assert (
        'data-testid="run-download"'
        in client.get(f"/reports/runs/{run.pk}/progress/").content.decode()
    )


def test_a_run_belongs_to_its_requester(
    world: World, as_user: AsUser, small_limit: None, django_capture_on_commit_callbacks: Any
) -> None:
    run = _start(as_user("exec"), django_capture_on_commit_callbacks)
    other = as_user("admin")  # even the org admin: files are personal
    for path in ("", "progress/", "download/"):
        assert other.get(f"/reports/runs/{run.pk}/{path}").status_code == 404
    assert f"run-row-{run.pk}" not in other.get("/reports/runs/").content.decode()


def test_a_run_fails_when_the_requester_lost_the_reach(
    world: World, as_user: AsUser, small_limit: None, django_capture_on_commit_callbacks: Any
) -> None:
    from tenant_apps.people.services import executive_revoke

    client = as_user("exec")
    with django_capture_on_commit_callbacks(execute=False):
        client.post(
            "/reports/unit-summary/export/", MARCH | {"format": "csv", "unit": world.data.pk}
        )
    run = ReportRun.objects.get(requested_by=world.exec.user)
    executive_revoke(executive=world.exec.user, unit=world.operasi)
    report_run_build(run.pk)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED
    assert not run.file
    assert 'data-testid="run-error"' in client.get(f"/reports/runs/{run.pk}/").content.decode()


def test_expiry_deletes_the_file_and_says_so(
    world: World, as_user: AsUser, small_limit: None, django_capture_on_commit_callbacks: Any
) -> None:
    client = as_user("exec")
    run = _start(client, django_capture_on_commit_callbacks)
    run.refresh_from_db()
    stored = run.file.name
    assert default_storage.exists(stored)
    report_runs_expire(now=timezone.now() + timedelta(days=6))
    run.refresh_from_db()
    assert run.status == ReportRun.Status.READY
    assert report_runs_expire(now=timezone.now() + timedelta(days=7, minutes=1)) >= 1
    run.refresh_from_db()
    assert run.status == ReportRun.Status.EXPIRED
    assert not run.file
    assert not default_storage.exists(stored)
    assert client.get(f"/reports/runs/{run.pk}/download/").status_code == 404
    assert 'data-testid="run-expired"' in client.get(f"/reports/runs/{run.pk}/").content.decode()


def test_a_run_stuck_for_hours_is_marked_failed(world: World, as_user: AsUser) -> None:
    run = ReportRun.objects.create(report="unit-summary", format="csv", params=MARCH)
    ReportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(hours=7))
    report_runs_expire()
    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED


def test_the_expiry_task_runs_in_every_agency(world: World) -> None:
    from tenant_apps.reports.tasks import reports_tick_all

    assert reports_tick_all.delay().get() >= 2


def test_a_run_of_agency_a_is_404_on_agency_b(
    world: World,
    as_user: AsUser,
    agency_b: Agency,
    small_limit: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    run = _start(as_user("exec"), django_capture_on_commit_callbacks)
    make_user(agency_b, "630605165017", full_name="EKSEKUTIF B")  # the same MyKad, in B
    with schema_context(agency_b.schema_name):
        officer_create(
            data=OfficerData("630610165027", "PEGAWAI B", OrgUnit.objects.get(parent=None)),
            actor=None,
        )
    client = Client(HTTP_HOST=host_of(agency_b))
    assert (
        client.post("/login/", {"mykad": "630605165017", "password": PASSWORD}).status_code == 302
    )
    for path in ("", "progress/", "download/"):
        assert client.get(f"/reports/runs/{run.pk}/{path}").status_code == 404
