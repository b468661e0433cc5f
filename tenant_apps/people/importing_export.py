"""The officer file's template and the export of the agency's officers, in the import's format:
an export imported again changes nothing."""

from __future__ import annotations

from collections.abc import Iterator

from accounts.models import User
from tenant_apps.people.importing_files import csv_write, xlsx_write
from tenant_apps.people.importing_snapshot import Snapshot, units_load
from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.people.selectors import officer_list_visible_to


def login_shown(login_id: str, kind: str) -> str:
    """A MyKad with its dashes: a spreadsheet then keeps it as text, not as a number."""
    if kind == User.LoginKind.MYKAD and len(login_id) == 12 and login_id.isdigit():
        return f"{login_id[:6]}-{login_id[6:8]}-{login_id[8:]}"
    return login_id


def _of(officer: Officer | None) -> str:
    return login_shown(officer.user.login_id, officer.user.login_kind) if officer else ""


def _officer_rows(*, actor: User, snapshot: Snapshot) -> Iterator[list[str]]:
    officers = (
        officer_list_visible_to(actor=actor)
        .select_related("second_supervisor__user")
        .order_by("user__full_name", "pk")
    )
    for officer in officers.iterator(chunk_size=2000):
        user = officer.user
        yield [
            login_shown(user.login_id, user.login_kind),
            user.login_kind,
            user.full_name,
            user.email,
            officer.phone,
            officer.position,
            officer.grade,
            snapshot.unit_label(officer.org_unit_id),
            _of(officer.supervisor),
            _of(officer.second_supervisor),
            "" if officer.gender == Officer.Gender.UNKNOWN else officer.gender,
            officer.status,
        ]


def officer_export(*, actor: User, fmt: str) -> bytes:
    snapshot = Snapshot(officers={}, other_users={}, units=units_load())
    rows = _officer_rows(actor=actor, snapshot=snapshot)
    return xlsx_write(rows) if fmt == "xlsx" else csv_write(rows)


def import_template(*, fmt: str) -> bytes:
    """The header, one example row to replace, and (XLSX) a sheet of the agency's units."""
    units = units_load()
    snapshot = Snapshot(officers={}, other_users={}, units=units)
    active = sorted((u for u in units.values() if u.is_active), key=lambda u: u.name.lower())
    root = OrgUnit.objects.filter(parent__isnull=True).values_list("pk", flat=True).first()
    example = [
        "900215-10-5123",
        User.LoginKind.MYKAD.value,
        "NAMA PEGAWAI CONTOH",
        "pegawai@agensi.gov.my",
        "03-88881234",
        "Pegawai Teknologi Maklumat",
        "F41",
        snapshot.unit_label(root) if root else "",
        "",
        "",
        "",
        Officer.Status.ACTIVE.value,
    ]
    if fmt == "xlsx":
        return xlsx_write([example], units=[(u.short_name, u.name) for u in active])
    return csv_write([example])
