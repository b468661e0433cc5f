"""Suspend, resume, archive, purge, export: what an agency's users and the operator see."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django_tenants.utils import schema_exists

from provisioning.lifecycle import (
    LifecycleError,
    agency_archive,
    agency_purge,
    agency_resume,
    agency_suspend,
)
from provisioning.models import AgencyExport, AuditEvent
from provisioning.services import AgencySpec, agency_create
from tenants.models import Agency, Domain
from tests.conftest import PASSWORD, make_user


def login(client: Client, mykad: str) -> int:
    return client.post("/login/", {"mykad": mykad, "password": PASSWORD}).status_code


def test_suspended_agency_refuses_logins_and_api_calls(agency_a: Agency, client_a: Client) -> None:
    make_user(agency_a, "900101165011")
    agency_suspend(agency_id=agency_a.pk, actor="test", reason="Unpaid onboarding review")

    assert client_a.get("/login/").status_code == 403
    assert login(client_a, "900101165011") == 403
    api = client_a.post(
        "/api/v1/auth/token",
        {"mykad": "900101165011", "password": PASSWORD},
        content_type="application/json",
    )
    assert api.status_code == 403
    assert api.json()["code"] == "agency_suspended"
    event = AuditEvent.objects.get(action="agency_suspended", agency_slug="ujian-a")
    assert event.reason == "Unpaid onboarding review"

    agency_resume(agency_id=agency_a.pk, actor="test")
    assert login(client_a, "900101165011") == 302  # nothing was lost


def test_archived_agency_is_read_only_and_nobody_logs_in(
    agency_a: Agency, client_a: Client
) -> None:
    make_user(agency_a, "900101165011")
    agency_archive(agency_id=agency_a.pk, actor="test", reason="Agency merged into another")

    assert login(client_a, "900101165011") == 403
    response = client_a.get("/")
    assert response.status_code == 403
    assert "diarkibkan" in response.content.decode()  # archived, in Malay
    with pytest.raises(LifecycleError):
        agency_suspend(agency_id=agency_a.pk, actor="test", reason="anything")


def test_a_reason_is_required(agency_a: Agency) -> None:
    with pytest.raises(LifecycleError) as error:
        agency_suspend(agency_id=agency_a.pk, actor="test", reason=" ")
    assert error.value.code == "reason_required"
    agency_a.refresh_from_db()
    assert agency_a.status == Agency.Status.ACTIVE


def test_purge_needs_an_archived_agency_and_its_short_name(db: None) -> None:
    agency = agency_create(
        spec=AgencySpec(
            slug="untuk-hapus", name="Agensi Dihapus", short_name="AGH", state_code="10"
        )
    )
    with pytest.raises(LifecycleError) as error:
        agency_purge(agency_id=agency.pk, actor="test", typed_short_name="AGH")
    assert error.value.code == "not_archived"

    agency_archive(agency_id=agency.pk, actor="test", reason="Closed down")
    with pytest.raises(LifecycleError) as error:
        agency_purge(agency_id=agency.pk, actor="test", typed_short_name="agh")
    assert error.value.code == "confirmation_mismatch"
    assert schema_exists("ag_untuk_hapus")

    agency_purge(agency_id=agency.pk, actor="test", typed_short_name="AGH")

    assert not schema_exists("ag_untuk_hapus")
    assert not Agency.objects.filter(slug="untuk-hapus").exists()
    assert not Domain.objects.filter(domain__startswith="untuk-hapus.").exists()
    purged = AuditEvent.objects.get(action="agency_purged", agency_slug="untuk-hapus")
    assert purged.agency_name == "Agensi Dihapus"


def test_export_command_writes_a_dump_and_csvs(
    agency_a: Agency, settings: Any, tmp_path: Path, capsys: Any
) -> None:
    settings.SPOTME_EXPORT_ROOT = tmp_path

    call_command("export_agency", "ujian-a")

    path = Path(capsys.readouterr().out.splitlines()[0])
    assert path.parent == tmp_path / "ag_ujian_a"
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert "schema.sql" in names
        assert "csv/accounts_user.csv" in names
    export = AgencyExport.objects.get(agency=agency_a)
    assert export.status == AgencyExport.Status.READY
    assert len(export.sha256) == 64


def test_suspend_and_resume_commands(agency_b: Agency, capsys: Any) -> None:
    call_command("suspend_agency", "ujian-b", "--reason", "Maintenance window")
    agency_b.refresh_from_db()
    assert agency_b.status == Agency.Status.SUSPENDED

    call_command("resume_agency", "ujian-b")
    agency_b.refresh_from_db()
    assert agency_b.status == Agency.Status.ACTIVE

    with pytest.raises(CommandError, match="No agency"):
        call_command("suspend_agency", "tiada-agensi", "--reason", "whatever")


def test_create_agency_command_provisions_by_the_same_path(db: None, capsys: Any) -> None:
    call_command(
        "create_agency",
        "jpn-kelantan",
        "--name",
        "Jabatan Pendaftaran Negara Kelantan",
        "--short-name",
        "JPNKTN",
        "--state",
        "03",
        "--admin",
        "SITI AMINAH,850101-03-5011,siti@jpn.gov.my",
    )

    agency = Agency.objects.get(slug="jpn-kelantan")
    assert agency.status == Agency.Status.ACTIVE
    assert "jpn-kelantan.localhost" in capsys.readouterr().out
    assert agency.provisioning_runs.get().status == "succeeded"

    with pytest.raises(CommandError, match="12 digit"):
        call_command(
            "create_agency", "jpn-x", "--name", "X Agency", "--short-name", "X",
            "--state", "03", "--admin", "A,123,a@b.my",
        )  # fmt: skip
