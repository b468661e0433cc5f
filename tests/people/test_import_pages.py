"""Bulk import of officers, the pages: only the org admin has them (404 for anyone else, and for
another agency's batch), upload → preview → import → progress and result; template and export."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tenants.utils import schema_context
from openpyxl import load_workbook  # type: ignore[import-untyped]

from accounts.roles import Role
from tenant_apps.people.importing_files import COLUMNS
from tenant_apps.people.models import ImportBatch, Officer, OrgUnit
from tenants.models import Agency
from tests.conftest import PASSWORD, make_user
from tests.people.test_import import (
    ADMIN_MYKAD,
    _media,  # noqa: F401 - autouse fixture
    admin,
    csv_file,
    mykad,
    row,
    written,
)

IMPORT_PAGES = [
    "/org/import/",
    "/org/import/1/",
    "/org/import/1/run/",
    "/org/import/1/progress/",
    "/org/import/template.csv",
    "/org/import/template.xlsx",
    "/org/import/export.csv",
    "/org/import/export.xlsx",
]


@pytest.fixture
def admin_a(agency_a: Agency, client_a: Client) -> Client:
    admin(agency_a)
    client_a.post("/login/", {"mykad": ADMIN_MYKAD, "password": PASSWORD})
    return client_a


def upload(client: Client, content: bytes, name: str = "pegawai.csv") -> Any:
    return client.post("/org/import/", {"file": SimpleUploadedFile(name, content)})


def batch_id(response: Any) -> int:
    assert response.status_code == 302, response.content.decode()[:2000]
    found = re.fullmatch(r"/org/import/(\d+)/", response["Location"])
    assert found
    return int(found.group(1))


def error_rows(page: str) -> list[tuple[str, str]]:
    return re.findall(r'data-testid="import-error" data-row="(\d*)" data-code="(\w+)"', page)


@pytest.mark.parametrize("path", IMPORT_PAGES)
def test_an_officer_who_is_not_org_admin_gets_404(
    agency_a: Agency, client_a: Client, path: str
) -> None:
    make_user(agency_a, "900101165011", roles=(Role.OFFICER, Role.SUPERVISOR, Role.EXECUTIVE))
    client_a.post("/login/", {"mykad": "900101165011", "password": PASSWORD})

    assert client_a.get(path).status_code == 404
    assert client_a.post(path).status_code == 404


@pytest.mark.parametrize("path", IMPORT_PAGES)
def test_an_anonymous_visitor_is_sent_to_login(client_a: Client, path: str) -> None:
    response = client_a.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_a_batch_of_agency_a_does_not_exist_on_agency_b(
    admin_a: Client, agency_b: Agency, client_b: Client
) -> None:
    pk = batch_id(upload(admin_a, csv_file([row(mykad(1), "PEGAWAI A")])))
    admin(agency_b)
    client_b.post("/login/", {"mykad": ADMIN_MYKAD, "password": PASSWORD})

    for path in (f"/org/import/{pk}/", f"/org/import/{pk}/progress/"):
        assert client_b.get(path).status_code == 404
    assert client_b.post(f"/org/import/{pk}/run/").status_code == 404
    with schema_context(agency_b.schema_name):
        assert not ImportBatch.objects.exists()
        assert not Officer.objects.exists()


def test_errors_are_listed_with_their_rows_and_there_is_no_import_button(
    admin_a: Client, agency_a: Agency
) -> None:
    content = csv_file(
        [row(mykad(1), "BETUL"), row("12345", "SALAH"), row(mykad(2), "", unit="Tiada")]
    )

    pk = batch_id(upload(admin_a, content))
    page = admin_a.get(f"/org/import/{pk}/").content.decode()

    assert error_rows(page) == [("3", "bad_mykad"), ("4", "missing_name"), ("4", "unknown_unit")]
    assert 'data-testid="import-has-errors"' in page
    assert 'data-testid="import-count-create" data-count="1"' in page  # rows with errors: none
    assert 'data-testid="import-run"' not in page
    refused = admin_a.post(f"/org/import/{pk}/run/", follow=True)
    assert refused.status_code == 200
    with schema_context(agency_a.schema_name):
        assert not Officer.objects.exists()


def test_the_preview_speaks_the_users_language(admin_a: Client) -> None:
    pk = batch_id(upload(admin_a, csv_file([row("12345", "SALAH")])))

    admin_a.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = admin_a.get(f"/org/import/{pk}/").content.decode()

    assert "A MyKad number has exactly 12 digits, for example 850101-14-5011." in english


def test_a_wrong_kind_of_file_is_refused_on_the_form(admin_a: Client) -> None:
    response = upload(admin_a, b"login_id\n", name="pegawai.txt")

    assert response.status_code == 400
    assert 'data-testid="field-error-file"' in response.content.decode()


def test_upload_preview_import_and_result(admin_a: Client, agency_a: Agency) -> None:
    content = csv_file(
        [row(mykad(1), "KETUA"), row(mykad(2), "PEGAWAI", supervisor_login_id=mykad(1))]
    )

    pk = batch_id(upload(admin_a, content))
    preview = admin_a.get(f"/org/import/{pk}/").content.decode()
    ran = admin_a.post(f"/org/import/{pk}/run/")
    result = admin_a.get(f"/org/import/{pk}/").content.decode()
    fragment = admin_a.get(f"/org/import/{pk}/progress/").content.decode()

    assert 'data-testid="import-count-create" data-count="2"' in preview
    assert 'data-testid="import-run"' in preview
    assert ran.status_code == 302
    assert 'data-testid="import-progress" data-status="done"' in result
    assert '<span data-testid="import-processed">2</span>' in fragment
    assert "hx-trigger" not in fragment  # finished: the page stops polling
    with schema_context(agency_a.schema_name):
        assert Officer.objects.count() == 2


def test_the_progress_fragment_polls_while_the_import_runs(
    admin_a: Client, agency_a: Agency
) -> None:
    with schema_context(agency_a.schema_name):
        batch = ImportBatch.objects.create(
            original_name="besar.csv",
            status=ImportBatch.Status.RUNNING,
            total_rows=1000,
            processed_rows=250,
        )

    fragment = admin_a.get(f"/org/import/{batch.pk}/progress/").content.decode()

    assert 'hx-trigger="every 1s"' in fragment
    assert f'hx-get="/org/import/{batch.pk}/progress/"' in fragment
    assert '<progress max="1000" value="250"' in fragment


def test_the_templates_name_the_columns_and_the_units(admin_a: Client, agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        root = OrgUnit.objects.get(parent__isnull=True)
        OrgUnit.objects.create(name="Bahagian Khidmat Pengurusan", short_name="BKP", parent=root)

    as_csv = admin_a.get("/org/import/template.csv")
    as_xlsx = admin_a.get("/org/import/template.xlsx")

    assert as_csv["Content-Disposition"] == 'attachment; filename="spotme-officers-template.csv"'
    header, example = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert tuple(header) == COLUMNS
    assert example[COLUMNS.index("unit")] == "UJA"
    book = load_workbook(io.BytesIO(as_xlsx.content), read_only=True)
    assert book.sheetnames == ["Officers", "Units"]
    assert list(book["Units"].iter_rows(values_only=True)) == [
        ("short_name", "name"),
        ("UJA", "Agensi Ujian A"),
        ("BKP", "Bahagian Khidmat Pengurusan"),
    ]
    # The example row imports as it is (one new officer).
    pk = batch_id(upload(admin_a, as_xlsx.content, name="templat.xlsx"))
    with schema_context(agency_a.schema_name):
        batch = ImportBatch.objects.get(pk=pk)
        assert (batch.errors, batch.created_count) == ([], 1)


def test_the_export_downloads_every_officer(admin_a: Client, agency_a: Agency) -> None:
    pk = batch_id(
        upload(
            admin_a,
            csv_file([row(mykad(1), "KETUA"), row("A7654321", "ASING", login_kind="passport")]),
        )
    )
    admin_a.post(f"/org/import/{pk}/run/")

    response = admin_a.get("/org/import/export.csv")

    assert response["Cache-Control"] == "no-store"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["login_id"], r["login_kind"], r["full_name"]) for r in rows] == [
        ("A7654321", "passport", "ASING"),
        (f"{mykad(1)[:6]}-{mykad(1)[6:8]}-{mykad(1)[8:]}", "mykad", "KETUA"),
    ]
    before = written_in(agency_a)
    again = batch_id(upload(admin_a, response.content, name="eksport.csv"))
    preview = admin_a.get(f"/org/import/{again}/").content.decode()
    assert 'data-testid="import-count-unchanged" data-count="2"' in preview
    assert written_in(agency_a) == before


def written_in(agency: Agency) -> tuple[int, int, int]:
    with schema_context(agency.schema_name):
        return written()
