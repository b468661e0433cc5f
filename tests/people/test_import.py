"""Bulk import of officers, the preview: every problem is reported with the spreadsheet's row
number (the header is row 1), and a preview writes no officer, login or supervision line."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import Workbook  # type: ignore[import-untyped]

from accounts.models import User
from accounts.roles import Role
from tenant_apps.people.import_services import import_batch_start, import_preview
from tenant_apps.people.importing_files import COLUMNS, MAX_ROWS, csv_write
from tenant_apps.people.models import ImportBatch, Officer, OfficerLine, OrgUnit
from tenant_apps.people.officer_services import OfficerData, officer_create, officer_status_set
from tenant_apps.people.services import PeopleError
from tenants.models import Agency
from tests.conftest import make_user

ADMIN_MYKAD = "850101165011"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    """Uploaded files go to a temporary MEDIA_ROOT (changing the relative root too makes the
    tenant storage forget the path it cached)."""
    settings.MEDIA_ROOT = str(tmp_path)
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"


def row(login_id: str, full_name: str = "PEGAWAI", **cells: str) -> dict[str, str]:
    return {"login_id": login_id, "full_name": full_name, "unit": "UJA", **cells}


def csv_file(rows: list[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> bytes:
    if columns == COLUMNS:
        return csv_write([[r.get(c, "") for c in COLUMNS] for r in rows])
    lines = [",".join(columns), *(",".join(r.get(c, "") for c in columns) for r in rows)]
    return "\n".join(lines).encode()


def xlsx_file(rows: list[dict[str, Any]]) -> bytes:
    """As a person would type it: numbers where Excel makes numbers."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    for r in rows:
        sheet.append([r.get(c) for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def mykad(n: int, *, born: date = date(1970, 1, 1)) -> str:
    """A distinct, valid MyKad for each n (a different birth date each)."""
    day = born + timedelta(days=n)
    return f"{day:%y%m%d}14{n % 10000:04d}"


def admin(agency: Agency) -> User:
    return make_user(
        agency, ADMIN_MYKAD, full_name="PENTADBIR ORGANISASI", roles=(Role.OFFICER, Role.ORG_ADMIN)
    )


def officer_make(
    login_id: str,
    full_name: str = "PEGAWAI SEDIA ADA",
    *,
    unit: OrgUnit | None = None,
    supervisor: Officer | None = None,
    since: date | None = None,
    **fields: Any,
) -> Officer:
    return officer_create(
        data=OfficerData(
            login_id=login_id,
            full_name=full_name,
            org_unit=unit or OrgUnit.objects.get(parent__isnull=True),
            supervisor=supervisor,
            **fields,
        ),
        actor=None,
        effective_from=since,
    )


def written() -> tuple[int, int, int]:
    return User.objects.count(), Officer.objects.count(), OfficerLine.objects.count()


def errors_of(batch: ImportBatch) -> set[tuple[int | None, str, str]]:
    return {(e["row"], e["column"], e["code"]) for e in batch.errors}


def test_every_row_error_is_reported_with_its_row_number(agency_a: Agency) -> None:
    actor = admin(agency_a)
    with schema_context(agency_a.schema_name):
        root = OrgUnit.objects.get(parent__isnull=True)
        OrgUnit.objects.create(name="Unit Kewangan", short_name="UK", parent=root)
        OrgUnit.objects.create(name="Unit Khidmat", short_name="UK", parent=root)
        gone = OrgUnit.objects.create(name="Unit Lama", short_name="UL", parent=root)
        parked = officer_make(mykad(90), "PEGAWAI DI UNIT LAMA", unit=gone)
        OrgUnit.objects.filter(pk=gone.pk).update(is_active=False)
        resting = officer_make(mykad(91), "PEGAWAI TIDAK AKTIF")
        officer_status_set(
            officer=resting, status="inactive", since=timezone.localdate(), actor=None
        )
        rows = [
            row("850101-14-501", "MYKAD PENDEK"),  # 2
            row("853201145011", "TARIKH TIADA"),  # 3
            row("A12", "PASPORT PENDEK", login_kind="passport"),  # 4
            row(mykad(1), "UNIT TIADA", unit="Tiada"),  # 5
            row(mykad(2), "PENYELIA TIADA", supervisor_login_id="700101145555"),  # 6
            row(mykad(3), "DUA KALI"),  # 7
            row(mykad(3), "DUA KALI JUGA"),  # 8
            row(mykad(4), "KITARAN A", supervisor_login_id=mykad(5)),  # 9
            row(mykad(5), "KITARAN B", supervisor_login_id=mykad(4)),  # 10
            row(mykad(6), "DIRI SENDIRI", supervisor_login_id=mykad(6)),  # 11
            row(mykad(7), ""),  # 12
            row(mykad(8), "EMEL SALAH", email="bukan-emel"),  # 13
            row(mykad(9), "STATUS SALAH", status="cuti"),  # 14
            row(mykad(10), "JANTINA SALAH", gender="lelaki"),  # 15
            row(mykad(11), "JENIS SALAH", login_kind="ic"),  # 16
            row("", "TIADA ID"),  # 17
            row(mykad(12), "GRED PANJANG", grade="G" * 21),  # 18
            row(mykad(13), "UNIT KABUR", unit="uk"),  # 19
            row(
                mykad(14), "SAMA", supervisor_login_id=mykad(1), second_supervisor_login_id=mykad(1)
            ),
            row(mykad(15), "PENYELIA TIDAK AKTIF", supervisor_login_id=resting.user.login_id),  # 21
            row(
                parked.user.login_id,
                "PEGAWAI DI UNIT LAMA",
                unit="UL",
                supervisor_login_id=mykad(1),
            ),
            row(mykad(16), "BETUL"),  # 23: nothing wrong
        ]

        batch = import_preview(name="pegawai.csv", content=csv_file(rows), actor=actor)

    assert errors_of(batch) == {
        (2, "login_id", "bad_mykad"),
        (3, "login_id", "bad_mykad"),
        (4, "login_id", "bad_passport"),
        (5, "unit", "unknown_unit"),
        (6, "supervisor_login_id", "unknown_supervisor"),
        (7, "login_id", "duplicate_login_id"),
        (8, "login_id", "duplicate_login_id"),
        (9, "supervisor_login_id", "supervisor_cycle"),
        (10, "supervisor_login_id", "supervisor_cycle"),
        (11, "supervisor_login_id", "own_supervisor"),
        (12, "full_name", "missing_name"),
        (13, "email", "bad_email"),
        (14, "status", "bad_status"),
        (15, "gender", "bad_gender"),
        (16, "login_kind", "bad_login_kind"),
        (17, "login_id", "missing_login_id"),
        (18, "grade", "too_long"),
        (19, "unit", "ambiguous_unit"),
        (20, "second_supervisor_login_id", "same_supervisors"),
        (21, "supervisor_login_id", "supervisor_inactive"),
        (22, "unit", "unit_inactive"),
    }
    by_row = {e["row"]: e["message"] for e in batch.errors}
    assert by_row[2] == "A MyKad number has exactly 12 digits, for example 850101-14-5011."
    assert by_row[3] == "The first six digits of a MyKad must be a real date of birth (YYMMDD)."
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert not batch.can_run


def test_a_cycle_through_officers_already_in_the_agency_is_found(agency_a: Agency) -> None:
    actor = admin(agency_a)
    with schema_context(agency_a.schema_name):
        top = officer_make(mykad(1), "KETUA")
        middle = officer_make(mykad(2), "PENOLONG", supervisor=top)
        officer_make(mykad(3), "PEGAWAI", supervisor=middle)
        # The file puts the head under the officer at the bottom of the chain.
        content = csv_file([row(mykad(1), "KETUA", supervisor_login_id=mykad(3))])

        batch = import_preview(name="kitaran.csv", content=content, actor=actor)

    assert errors_of(batch) == {(2, "supervisor_login_id", "supervisor_cycle")}


@pytest.mark.parametrize(
    ("name", "content", "code", "column"),
    [
        ("pegawai.txt", b"login_id,full_name,unit\n", "bad_format", ""),
        ("pegawai.csv", b"login_id,full_name\n850101145011,ALI\n", "missing_columns", ""),
        ("pegawai.csv", csv_write([]), "empty", ""),
        ("pegawai.csv", b"", "empty", ""),
        ("pegawai.xlsx", b"PK\x03\x04 not really a workbook", "unreadable", ""),
        ("pegawai.csv", b"unit," + csv_write([])[3:], "duplicate_column", "unit"),
    ],
)
def test_file_errors_are_reported_for_the_whole_file(
    agency_a: Agency, name: str, content: bytes, code: str, column: str
) -> None:
    actor = admin(agency_a)
    with schema_context(agency_a.schema_name):
        batch = import_preview(name=name, content=content, actor=actor)

    assert [(e["row"], e["code"]) for e in batch.errors] == [(None, code)]
    if code == "missing_columns":
        assert batch.errors[0]["column"] == (
            "email, phone, position, grade, unit, supervisor_login_id, second_supervisor_login_id"
        )
    elif column:
        assert batch.errors[0]["column"] == column
    assert batch.total_rows == 0


def test_too_many_rows_and_too_large_files_are_refused(agency_a: Agency) -> None:
    actor = admin(agency_a)
    many = csv_file([row(str(n)) for n in range(MAX_ROWS + 1)])
    huge = csv_file([row(mykad(1), "X" * (11 * 1024 * 1024))])
    with schema_context(agency_a.schema_name):
        too_many = import_preview(name="banyak.csv", content=many, actor=actor)
        too_large = import_preview(name="besar.csv", content=huge, actor=actor)

    assert [e["code"] for e in too_many.errors] == ["too_many_rows"]
    assert [e["code"] for e in too_large.errors] == ["too_large"]
    assert not too_large.file  # not even kept


def test_nothing_is_written_by_a_preview_with_errors_and_it_cannot_be_imported(
    agency_a: Agency,
) -> None:
    actor = admin(agency_a)
    with schema_context(agency_a.schema_name):
        before = written()
        content = csv_file([row(mykad(1), "BETUL"), row(mykad(2), "SALAH", unit="Tiada")])
        batch = import_preview(name="pegawai.csv", content=content, actor=actor)

        with pytest.raises(PeopleError) as refused:
            import_batch_start(batch_id=batch.pk, actor=actor)

        assert refused.value.code == "import_has_errors"
        assert written() == before
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.PREVIEWED


def test_a_clean_preview_counts_actions_and_writes_nothing(agency_a: Agency) -> None:
    actor = admin(agency_a)
    with schema_context(agency_a.schema_name):
        officer_make(mykad(1), "SAMA SEPERTI FAIL", grade="N19")
        officer_make(mykad(2), "AKAN DIKEMAS KINI")
        before = written()
        content = csv_file(
            [
                row(mykad(1), "SAMA SEPERTI FAIL", grade="N19"),
                row(mykad(2), "AKAN DIKEMAS KINI", grade="N22"),
                row(mykad(3), "BAHARU", supervisor_login_id=mykad(1)),
            ]
        )

        batch = import_preview(name="pegawai.csv", content=content, actor=actor)

        assert written() == before
    assert batch.errors == []
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (1, 1, 1)
    assert [(c["row"], c["action"], c["changed"]) for c in batch.changes] == [
        (3, "update", ["grade"]),
        (4, "create", []),
    ]
    assert batch.can_run


def test_xlsx_cells_typed_as_numbers_are_read_as_text(agency_a: Agency) -> None:
    """Excel turns a MyKad typed into a cell into a number, dropping a leading zero."""
    actor = admin(agency_a)
    with schema_context(agency_a.schema_name):
        content = xlsx_file(
            [
                {"login_id": 50101145012, "full_name": "LAHIR 2005", "unit": "UJA"},
                {"login_id": 850101145013, "full_name": "LAHIR 1985", "unit": "uja", "grade": 41},
            ]
        )

        batch = import_preview(name="pegawai.xlsx", content=content, actor=actor)

    assert batch.errors == []
    assert [c["login_id"] for c in batch.changes] == ["050101145012", "850101145013"]


def test_an_xlsx_that_unpacks_to_too_much_is_refused(agency_a: Agency, monkeypatch: Any) -> None:
    from tenant_apps.people import importing_files

    monkeypatch.setattr(importing_files, "MAX_XLSX_UNPACKED", 1000)
    actor = admin(agency_a)
    with schema_context(agency_a.schema_name):
        batch = import_preview(
            name="bom.xlsx", content=xlsx_file([row(mykad(1), "BOM")]), actor=actor
        )

    assert [(e["row"], e["code"]) for e in batch.errors] == [(None, "too_large")]
