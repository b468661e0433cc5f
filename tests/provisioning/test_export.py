"""The agency export archive. Each test runs in a rolled-back transaction: rows made here reach the
CSVs (read on Django's own connection) but not pg_dump, which connects separately."""

import csv
import hashlib
import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.db import connection

from provisioning import export
from provisioning.export import ExportError, agency_export_write, pg_dump_binary
from tenants.models import Agency
from tests.conftest import make_user


def export_of(agency: Agency, folder: Path) -> tuple[export.ExportResult, zipfile.ZipFile]:
    result = agency_export_write(
        schema_name=agency.schema_name,
        agency_name=agency.name,
        destination=folder / "eksport" / f"{agency.slug}.zip",
    )
    return result, zipfile.ZipFile(result.path)


def csv_rows(archive: zipfile.ZipFile, table: str) -> list[dict[str, str]]:
    with archive.open(f"csv/{table}.csv") as raw:
        return list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")))


def test_archive_holds_the_schema_dump_csvs_and_manifest(agency_a: Agency, tmp_path: Path) -> None:
    result, archive = export_of(agency_a, tmp_path)

    assert archive.testzip() is None
    names = archive.namelist()
    assert {"schema.sql", "manifest.json", "csv/accounts_user.csv", "csv/auth_group.csv"} <= set(
        names
    )
    assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}
    dump = archive.read("schema.sql").decode()
    assert "CREATE TABLE ag_ujian_a.accounts_user (" in dump
    assert "COPY ag_ujian_a.auth_group " in dump  # the data, not only the table definitions
    for name in names:
        assert b"ag_ujian_b" not in archive.read(name), name
    # Size and digest describe the file on disk, and nothing half-written is left next to it.
    data = result.path.read_bytes()
    assert result.size == len(data)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert list(result.path.parent.iterdir()) == [result.path]


def test_role_groups_are_in_the_groups_csv(agency_a: Agency, tmp_path: Path) -> None:
    _, archive = export_of(agency_a, tmp_path)

    first_line = archive.read("csv/auth_group.csv").decode().splitlines()[0]
    assert first_line == "id,name"
    names = {row["name"] for row in csv_rows(archive, "auth_group")}
    assert {"officer", "supervisor", "executive", "org_admin"} <= names


def test_a_user_appears_only_in_their_own_agency_export(
    agency_a: Agency, agency_b: Agency, tmp_path: Path
) -> None:
    make_user(agency_a, "900101015555", full_name="SITI EKSPORT")

    _, archive_a = export_of(agency_a, tmp_path / "a")
    _, archive_b = export_of(agency_b, tmp_path / "b")

    users_a = {row["login_id"]: row for row in csv_rows(archive_a, "accounts_user")}
    assert users_a["900101015555"]["full_name"] == "SITI EKSPORT"
    assert "900101015555" not in {row["login_id"] for row in csv_rows(archive_b, "accounts_user")}
    assert b"900101015555" not in archive_b.read("csv/accounts_user.csv")


def test_manifest_counts_match_the_csvs(agency_a: Agency, tmp_path: Path) -> None:
    make_user(agency_a, "900101015555")

    result, archive = export_of(agency_a, tmp_path)

    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["schema"] == "ag_ujian_a"
    assert manifest["agency_name"] == agency_a.name
    assert manifest["generated_at"].endswith("+00:00")
    assert manifest["pg_dump_version"].startswith("pg_dump (PostgreSQL) ")
    assert manifest["postgres_server_version"]
    assert "PDPA" in manifest["personal_data_note"]
    # Inside the test's transaction pg_dump cannot share the CSVs' snapshot, and says so.
    assert manifest["consistent_snapshot"] is False
    csv_tables = {name[4:-4] for name in archive.namelist() if name.startswith("csv/")}
    assert set(manifest["tables"]) == csv_tables == set(result.tables)
    for table in csv_tables:
        assert manifest["tables"][table] == len(csv_rows(archive, table)), table
    assert manifest["tables"] == result.tables
    assert result.tables["accounts_user"] >= 1


def test_no_pg_dump_new_enough_is_refused() -> None:
    with pytest.raises(ExportError) as error:
        pg_dump_binary(99)

    assert error.value.code == "pg_dump_missing"
    assert "postgresql-client-99" in str(error.value)


def test_the_chosen_pg_dump_can_dump_this_server(db: None) -> None:
    server_major = connection.cursor().connection.info.server_version // 10000

    version = subprocess.run(
        [pg_dump_binary(server_major), "--version"], capture_output=True, text=True, check=True
    ).stdout

    assert int(version.split(") ")[1].split(".")[0]) >= server_major


def test_the_closest_pg_dump_is_preferred(monkeypatch: pytest.MonkeyPatch) -> None:
    versions = {
        "/bundled/pg_dump": "pg_dump (PostgreSQL) 16.2",
        "/usr/lib/postgresql/17/bin/pg_dump": "pg_dump (PostgreSQL) 17.1",
        "/usr/lib/postgresql/15/bin/pg_dump": "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)",
        "/usr/bin/pg_dump": "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)",
        "/broken/pg_dump": None,
    }
    monkeypatch.setattr(export, "_pg_dump_candidates", lambda: list(versions))
    monkeypatch.setattr(export, "_pg_dump_version", versions.get)

    assert pg_dump_binary(15) == "/usr/lib/postgresql/15/bin/pg_dump"
    assert pg_dump_binary(16) == "/bundled/pg_dump"
    assert pg_dump_binary(17) == "/usr/lib/postgresql/17/bin/pg_dump"
    with pytest.raises(ExportError):
        pg_dump_binary(18)


@pytest.mark.parametrize(
    "schema_name",
    [
        "ag_ujian_a; DROP SCHEMA ag_ujian_b",
        'ag_ujian_a"',
        "AG_UJIAN_A",
        "ag_ujian_*",
        "ag_ujian_a\n",
        "",
        "a" * 64,
        "public",
        "pg_catalog",
        "information_schema",
    ],
)
def test_a_bad_schema_name_is_refused(schema_name: str, tmp_path: Path, db: None) -> None:
    with pytest.raises(ExportError) as error:
        agency_export_write(
            schema_name=schema_name, agency_name="X", destination=tmp_path / "x.zip"
        )

    assert error.value.code == "schema_invalid"
    assert list(tmp_path.iterdir()) == []


def test_a_missing_schema_leaves_no_file(tmp_path: Path, db: None) -> None:
    with pytest.raises(ExportError) as error:
        agency_export_write(schema_name="ag_tiada", agency_name="X", destination=tmp_path / "x.zip")

    assert error.value.code == "schema_missing"
    assert list(tmp_path.iterdir()) == []


def test_a_failing_pg_dump_is_reported_and_leaves_no_file(
    agency_a: Agency, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Django's connection is already open; only pg_dump reads the database name afresh.
    monkeypatch.setitem(connection.settings_dict, "NAME", "spotme_tiada")

    with pytest.raises(ExportError) as error:
        export_of(agency_a, tmp_path)

    assert error.value.code == "pg_dump_failed"
    assert "spotme_tiada" in str(error.value)  # pg_dump's own words reach the operator
    assert list((tmp_path / "eksport").iterdir()) == []


def test_live_sessions_and_api_tokens_are_not_exported(agency_a: Agency, tmp_path: Path) -> None:
    result = agency_export_write(
        schema_name=agency_a.schema_name, agency_name=agency_a.name, destination=tmp_path / "a.zip"
    )

    with zipfile.ZipFile(result.path) as archive:
        names = archive.namelist()
        dump = archive.read("schema.sql").decode()
    assert "csv/django_session.csv" not in names
    assert "csv/authtoken_token.csv" not in names
    assert "COPY ag_ujian_a.django_session" not in dump
    assert "CREATE TABLE ag_ujian_a.django_session" in dump
