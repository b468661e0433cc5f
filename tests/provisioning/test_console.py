"""The operator console: only JDN operators reach it; every decision lands in the audit log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from provisioning.models import AgencyExport, AuditEvent, ProvisioningRun
from shared_apps.onboarding.models import AgencyApplication
from tenants.models import Agency
from tests.conftest import PASSWORD, make_user
from tests.provisioning.test_provisioning_run import application

CONSOLE_PAGES = [
    "/operator/",
    "/operator/applications/",
    "/operator/audit/",
]


@pytest.fixture
def operator_client(client_public: Client) -> Client:
    make_user(None, "820909145091", full_name="OPERATOR JDN", is_staff=True)
    client_public.post("/login/", {"mykad": "820909145091", "password": PASSWORD})
    return client_public


@pytest.mark.parametrize("path", CONSOLE_PAGES)
def test_anonymous_visitor_is_sent_to_login(client_public: Client, path: str) -> None:
    response = client_public.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("path", CONSOLE_PAGES)
def test_a_platform_user_who_is_not_an_operator_gets_403(client_public: Client, path: str) -> None:
    make_user(None, "830303145099", full_name="BUKAN OPERATOR")
    client_public.post("/login/", {"mykad": "830303145099", "password": PASSWORD})

    assert client_public.get(path).status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        *CONSOLE_PAGES,
        "/operator/applications/1/",
        "/operator/agencies/1/",
        "/operator/runs/1/progress/",
        "/operator/exports/1/download/",
    ],
)
def test_the_console_does_not_exist_on_an_agency_host(
    agency_a: Agency, client_a: Client, path: str
) -> None:
    make_user(agency_a, "900101165011", is_staff=True)  # even an agency "staff" user
    client_a.post("/login/", {"mykad": "900101165011", "password": PASSWORD})

    assert client_a.get(path).status_code == 404


def test_applications_are_listed_and_filtered(operator_client: Client) -> None:
    application("pdt-bachok")
    application("pdt-pasir-mas", agency_name="Pejabat Daerah Pasir Mas", state_code="10")

    listed = operator_client.get("/operator/applications/").content.decode()
    filtered = operator_client.get("/operator/applications/?state=10").content.decode()
    searched = operator_client.get("/operator/applications/?q=bachok").content.decode()

    assert "pdt-bachok" in listed
    assert "pdt-pasir-mas" in listed
    assert "pdt-pasir-mas" in filtered
    assert "pdt-bachok" not in filtered
    assert "pdt-bachok" in searched
    assert "pdt-pasir-mas" not in searched


def test_approving_from_the_console_provisions_and_shows_progress(
    operator_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    app = application()

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(f"/operator/applications/{app.pk}/approve/")

    assert response.status_code == 302
    run = ProvisioningRun.objects.get(application=app)
    assert run.status == "succeeded"
    page = operator_client.get(f"/operator/applications/{app.pk}/").content.decode()
    assert 'data-testid="run-progress" data-status="succeeded"' in page
    fragment = operator_client.get(f"/operator/runs/{run.pk}/progress/").content.decode()
    assert "hx-trigger" not in fragment  # finished: the page stops polling
    event = AuditEvent.objects.get(action="application_approved")
    assert event.actor_name == "OPERATOR JDN"
    assert event.application_reference == app.reference
    assert any(app.contact_email in m.to for m in mail.outbox)


def test_rejecting_needs_a_reason_and_emails_it(
    operator_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    app = application()

    missing = operator_client.post(f"/operator/applications/{app.pk}/reject/", {"reason": ""})
    assert missing.status_code == 400
    app.refresh_from_db()
    assert app.status == AgencyApplication.Status.SUBMITTED

    reason = "Surat pelantikan Pentadbir Organisasi tidak dilampirkan."
    with django_capture_on_commit_callbacks(execute=True):
        operator_client.post(f"/operator/applications/{app.pk}/reject/", {"reason": reason})

    app.refresh_from_db()
    assert app.status == AgencyApplication.Status.REJECTED
    assert AuditEvent.objects.get(action="application_rejected").reason == reason
    assert any(reason in m.body for m in mail.outbox if app.contact_email in m.to)
    assert not ProvisioningRun.objects.filter(application=app).exists()


def test_a_failed_provisioning_is_retried_from_the_console(
    operator_client: Client, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.SPOTME_PROVISIONING_FAULTS = frozenset({"org_unit:1"})
    app = application()
    with django_capture_on_commit_callbacks(execute=True):
        operator_client.post(f"/operator/applications/{app.pk}/approve/")
    run = ProvisioningRun.objects.get(application=app)
    page = operator_client.get(f"/operator/applications/{app.pk}/").content.decode()
    assert run.status == "failed"
    assert 'data-testid="retry"' in page

    with django_capture_on_commit_callbacks(execute=True):
        operator_client.post(f"/operator/runs/{run.pk}/retry/")

    run.refresh_from_db()
    assert run.status == "succeeded"
    assert AuditEvent.objects.filter(action="provisioning_retried", actor__isnull=False).exists()


def test_lifecycle_from_the_console(
    operator_client: Client, agency_b: Agency, client_b: Client
) -> None:
    no_reason = operator_client.post(f"/operator/agencies/{agency_b.pk}/suspend/", {"reason": ""})
    assert no_reason.status_code == 400

    operator_client.post(f"/operator/agencies/{agency_b.pk}/suspend/", {"reason": "Audit JDN"})
    agency_b.refresh_from_db()
    assert agency_b.status == Agency.Status.SUSPENDED
    assert client_b.get("/login/").status_code == 403

    operator_client.post(f"/operator/agencies/{agency_b.pk}/resume/")
    agency_b.refresh_from_db()
    assert agency_b.status == Agency.Status.ACTIVE

    wrong = operator_client.post(f"/operator/agencies/{agency_b.pk}/purge/", {"short_name": "X"})
    assert wrong.status_code == 302
    assert Agency.objects.filter(pk=agency_b.pk).exists()  # not archived: nothing deleted

    audit = operator_client.get("/operator/audit/?q=ujian-b").content.decode()
    assert "Audit JDN" in audit


def test_export_from_the_console_is_downloadable_by_operators_only(
    operator_client: Client,
    agency_a: Agency,
    settings: Any,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
    client_public: Client,
) -> None:
    settings.SPOTME_EXPORT_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        operator_client.post(f"/operator/agencies/{agency_a.pk}/export/")
    export = AgencyExport.objects.get(agency=agency_a)
    assert export.status == AgencyExport.Status.READY

    download = operator_client.get(f"/operator/exports/{export.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content)[:2] == b"PK"  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(action="export_downloaded").exists()

    anonymous = Client(HTTP_HOST=settings.SPOTME_DOMAIN)
    assert anonymous.get(f"/operator/exports/{export.pk}/download/").status_code == 302


def test_overview_shows_counters_kept_in_the_public_schema(
    operator_client: Client, agency_a: Agency, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tenants.utils import schema_context

    with schema_context(agency_a.schema_name):
        before = User.objects.count()
    make_user(agency_a, "900101165011")
    operator_client.post("/operator/stats/refresh/")  # eager Celery: refreshed now

    page = operator_client.get("/operator/?q=ujian-a").content.decode()

    assert f'data-testid="users-ujian-a">{before + 1}<' in page
    assert "ujian-b" not in page


def test_unknown_ids_are_404_not_500(operator_client: Client) -> None:
    for path in [
        "/operator/applications/999999/",
        "/operator/agencies/999999/",
        "/operator/runs/999999/progress/",
        "/operator/exports/999999/download/",
    ]:
        assert operator_client.get(path).status_code == 404, path


def test_the_public_tenant_is_not_an_agency_in_the_console(operator_client: Client) -> None:
    public = Agency.objects.get(schema_name="public")
    assert operator_client.get(f"/operator/agencies/{public.pk}/").status_code == 404
    assert User.objects.filter(is_staff=True).exists()
