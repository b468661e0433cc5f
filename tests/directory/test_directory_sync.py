"""The directory follows the people of every agency and never holds a MyKad number."""

from __future__ import annotations

import re
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.models import User
from accounts.services import user_login_id_change, users_bulk_written_notify
from shared_apps.directory.hashing import login_hash
from shared_apps.directory.models import DirectoryEntry
from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.people.officer_services import OfficerData, officer_create, officer_status_set
from tenants.models import Agency
from tests.conftest import make_user

MYKAD = "880808165123"
CORRECTED = "880808165125"


def hashes(agency: Agency) -> set[str]:
    with schema_context(get_public_schema_name()):
        return set(
            DirectoryEntry.objects.filter(agency=agency).values_list("login_hash", flat=True)
        )


def officer_make(agency: Agency, login_id: str = MYKAD) -> Officer:
    with schema_context(agency.schema_name):
        return officer_create(
            data=OfficerData(
                login_id=login_id, full_name="SITI", org_unit=OrgUnit.objects.get(parent=None)
            ),
            actor=None,
        )


def test_a_new_officer_is_listed_by_keyed_hash(agency_a: Agency) -> None:
    officer_make(agency_a)

    assert hashes(agency_a) == {login_hash(MYKAD)}


def test_no_mykad_number_is_stored_in_the_public_schema(agency_a: Agency) -> None:
    officer_make(agency_a)
    make_user(agency_a, "770707165555")

    with schema_context(get_public_schema_name()), connection.cursor() as cursor:
        cursor.execute("SELECT * FROM directory_directoryentry")
        rows = cursor.fetchall()
    assert len(rows) >= 2
    dump = " ".join(str(value) for row in rows for value in row)
    assert not re.search(r"(?<!\d)\d{12}(?!\d)", dump)
    assert MYKAD not in dump
    assert "770707165555" not in dump


def test_a_login_id_change_moves_the_entry(agency_a: Agency) -> None:
    officer = officer_make(agency_a)

    with schema_context(agency_a.schema_name):
        user_login_id_change(user=officer.user, login_id=CORRECTED, login_kind=User.LoginKind.MYKAD)

    assert hashes(agency_a) == {login_hash(CORRECTED)}


def test_a_change_to_a_passport_removes_the_entry(agency_a: Agency) -> None:
    officer = officer_make(agency_a)

    with schema_context(agency_a.schema_name):
        user_login_id_change(
            user=officer.user, login_id="A12345678", login_kind=User.LoginKind.PASSPORT
        )

    assert hashes(agency_a) == set()


def test_deactivation_removes_and_reactivation_restores(agency_a: Agency) -> None:
    officer = officer_make(agency_a)
    today = officer.status_since

    with schema_context(agency_a.schema_name):
        officer_status_set(officer=officer, status=Officer.Status.INACTIVE, since=today, actor=None)
    assert hashes(agency_a) == set()

    with schema_context(agency_a.schema_name):
        officer_status_set(officer=officer, status=Officer.Status.ACTIVE, since=today, actor=None)
    assert hashes(agency_a) == {login_hash(MYKAD)}


def test_a_deleted_user_leaves_the_directory(agency_a: Agency) -> None:
    user = make_user(agency_a, MYKAD)

    with schema_context(agency_a.schema_name):
        User.objects.get(pk=user.pk).delete()

    assert hashes(agency_a) == set()


def test_a_login_only_updates_nothing(agency_a: Agency) -> None:
    user = make_user(agency_a, MYKAD)
    with schema_context(get_public_schema_name()):
        before = DirectoryEntry.objects.get(agency=agency_a).updated_at

    with schema_context(agency_a.schema_name):
        user.full_name = "NAMA BAHARU"
        user.save(update_fields=["full_name", "last_login"])

    with schema_context(get_public_schema_name()):
        assert DirectoryEntry.objects.get(agency=agency_a).updated_at == before


def test_operators_in_the_public_schema_are_never_listed(db: None) -> None:
    make_user(None, MYKAD, is_staff=True)

    with schema_context(get_public_schema_name()):
        assert not DirectoryEntry.objects.exists()


def test_each_agency_keeps_its_own_entry(agency_a: Agency, agency_b: Agency) -> None:
    make_user(agency_a, MYKAD)
    make_user(agency_b, MYKAD)

    with schema_context(agency_b.schema_name):
        User.objects.filter(login_id=MYKAD).get().delete()

    assert hashes(agency_a) == {login_hash(MYKAD)}
    assert hashes(agency_b) == set()


def test_rebuild_recomputes_every_agency(agency_a: Agency, agency_b: Agency) -> None:
    make_user(agency_a, MYKAD)
    inactive = make_user(agency_b, CORRECTED)
    with schema_context(agency_b.schema_name):
        User.objects.filter(pk=inactive.pk).update(is_active=False)  # no signal: stale entry
    with schema_context(get_public_schema_name()):
        DirectoryEntry.objects.filter(agency=agency_a).update(login_hash="0" * 64)

    out = StringIO()
    call_command("directory_rebuild", stdout=out)

    assert hashes(agency_a) == {login_hash(MYKAD)}
    assert hashes(agency_b) == set()
    assert "ujian-a: 1 entries" in out.getvalue()


def test_users_written_in_bulk_are_listed_when_notified(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        users = User.objects.bulk_create(
            [
                User(login_id=MYKAD, full_name="A"),
                User(login_id=CORRECTED, full_name="B", is_active=False),
                User(login_id="A12345678", full_name="C", login_kind=User.LoginKind.PASSPORT),
            ]
        )
        assert hashes(agency_a) == set()  # bulk_create sends no post_save

        users_bulk_written_notify(user_ids=[user.pk for user in users])

    assert hashes(agency_a) == {login_hash(MYKAD)}
