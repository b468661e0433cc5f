"""Bulk import of officers, the import itself: new officers get the same rows officer_create
writes, matched officers (by MyKad) are updated through the officer services, and importing the
same file again writes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import Role
from tenant_apps.people.import_services import import_batch_run, import_batch_start, import_preview
from tenant_apps.people.importing_export import officer_export
from tenant_apps.people.models import ImportBatch, Officer, OfficerLine, OrgUnit
from tenant_apps.people.officer_services import officer_status_set
from tenant_apps.people.services import PeopleError
from tenants.models import Agency
from tests.conftest import PASSWORD
from tests.people.test_import import (
    _media,  # noqa: F401 - autouse fixture
    admin,
    csv_file,
    mykad,
    officer_make,
    row,
    written,
    xlsx_file,
)


def imported(actor: User, content: bytes, name: str = "pegawai.csv") -> ImportBatch:
    batch = import_preview(name=name, content=content, actor=actor)
    assert batch.errors == []
    return import_batch_start(batch_id=batch.pk, actor=actor)


def chart() -> dict[str, tuple[str, str, str]]:
    return {
        o.user.login_id: (
            o.org_unit.name,
            o.supervisor.user.login_id if o.supervisor else "",
            o.second_supervisor.user.login_id if o.second_supervisor else "",
        )
        for o in Officer.objects.select_related(
            "user", "org_unit", "supervisor__user", "second_supervisor__user"
        )
    }


STAFF = [
    row(
        mykad(3), "PEGAWAI BAWAH", supervisor_login_id=mykad(2), second_supervisor_login_id=mykad(1)
    ),
    row(mykad(2), "PENYELIA", supervisor_login_id=mykad(1), unit="Unit Kewangan"),
    row(mykad(1), "KETUA", email="ketua@agensi.gov.my", phone="+60 3-8888 1234", grade="JUSA C"),
    row("A1234567", "PEGAWAI ASING", login_kind="passport", gender="female", status="inactive"),
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_file_creates_officers_with_their_supervision_lines(agency_a: Agency, fmt: str) -> None:
    actor = admin(agency_a)
    content = csv_file(STAFF) if fmt == "csv" else xlsx_file(STAFF)
    with schema_context(agency_a.schema_name):
        root = OrgUnit.objects.get(parent__isnull=True)
        OrgUnit.objects.create(name="Unit Kewangan", short_name="", parent=root)

        batch = imported(actor, content, name=f"pegawai.{fmt}")

        assert batch.status == ImportBatch.Status.DONE
        assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (4, 0, 0)
        assert batch.processed_rows == batch.total_rows == 4
        assert chart() == {
            mykad(1): (root.name, "", ""),
            mykad(2): ("Unit Kewangan", mykad(1), ""),
            mykad(3): (root.name, mykad(2), mykad(1)),
            "A1234567": (root.name, "", ""),
        }
        today = timezone.localdate()
        lines = OfficerLine.objects.filter(effective_to__isnull=True, effective_from=today)
        assert lines.count() == OfficerLine.objects.count() == 4
        line = lines.get(officer__user__login_id=mykad(3))
        assert line.supervisor is not None
        assert (line.supervisor.user.login_id, line.recorded_by) == (mykad(2), actor)
        head = Officer.objects.select_related("user").get(user__login_id=mykad(1))
        assert (head.user.email, head.phone, head.grade) == (
            "ketua@agensi.gov.my",
            "+60 3-8888 1234",
            "JUSA C",
        )
        foreign = Officer.objects.select_related("user").get(user__login_id="A1234567")
        assert (foreign.user.login_kind, foreign.gender, foreign.status) == (
            "passport",
            "female",
            "inactive",
        )
        assert not foreign.user.is_active


def test_imported_officers_have_what_officer_create_gives(agency_a: Agency) -> None:
    actor = admin(agency_a)
    with schema_context(agency_a.schema_name):
        root = OrgUnit.objects.get(parent__isnull=True)
        OrgUnit.objects.create(name="Unit Kewangan", parent=root)
        imported(actor, csv_file(STAFF[1:3]))

        for login_id in (mykad(1), mykad(2)):
            user = User.objects.get(login_id=login_id)
            assert not user.has_usable_password()
            assert user.is_active
            assert user.login_kind == "mykad"

        def groups(login_id: str) -> set[str]:
            return set(User.objects.get(login_id=login_id).groups.values_list("name", flat=True))

        assert groups(mykad(1)) == {Role.OFFICER.value, Role.SUPERVISOR.value}
        assert groups(mykad(2)) == {Role.OFFICER.value}
        # The MyKad's last digit says the gender when the file does not: 0001 odd, 0002 even.
        genders = dict(Officer.objects.values_list("user__login_id", "gender"))
        assert genders == {mykad(1): "male", mykad(2): "female"}


def test_importing_the_same_file_again_changes_nothing(agency_a: Agency) -> None:
    actor = admin(agency_a)
    with schema_context(agency_a.schema_name):
        root = OrgUnit.objects.get(parent__isnull=True)
        OrgUnit.objects.create(name="Unit Kewangan", parent=root)
        content = csv_file(STAFF)
        imported(actor, content)
        before = written()
        stamps = dict(Officer.objects.values_list("pk", "updated_at"))
        users = list(User.objects.order_by("pk").values())

        again = imported(actor, content)

        assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 4)
        assert again.status == ImportBatch.Status.DONE
        assert again.processed_rows == 4
        assert written() == before
        assert dict(Officer.objects.values_list("pk", "updated_at")) == stamps
        assert list(User.objects.order_by("pk").values()) == users


def test_an_edited_file_updates_the_officers_it_matches(agency_a: Agency) -> None:
    actor = admin(agency_a)
    month_ago = timezone.localdate() - timedelta(days=30)
    with schema_context(agency_a.schema_name):
        head = officer_make(mykad(1), "KETUA", since=month_ago)
        deputy = officer_make(mykad(2), "TIMBALAN", since=month_ago)
        clerk = officer_make(mykad(3), "KERANI", grade="N19", supervisor=head, since=month_ago)
        lines_before = OfficerLine.objects.count()
        edited = csv_file(
            [
                row(f"{mykad(1)[:6]}-{mykad(1)[6:8]}-{mykad(1)[8:]}", "KETUA"),  # dashes: same
                row(mykad(2), "TIMBALAN"),
                row(mykad(3), "KERANI KANAN", grade="N22", supervisor_login_id=mykad(2)),
            ]
        )

        batch = imported(actor, edited)

        assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (0, 1, 2)
        clerk.refresh_from_db()
        clerk.user.refresh_from_db()
        assert (clerk.user.full_name, clerk.grade, clerk.supervisor) == (
            "KERANI KANAN",
            "N22",
            deputy,
        )
        assert OfficerLine.objects.count() == lines_before + 1
        old, new = clerk.lines.order_by("effective_from")
        today = timezone.localdate()
        assert (old.supervisor, old.effective_from, old.effective_to) == (
            head,
            month_ago,
            today - timedelta(days=1),
        )
        assert (new.supervisor, new.effective_from, new.effective_to) == (deputy, today, None)
        assert new.recorded_by == actor
        assert deputy.user.groups.filter(name=Role.SUPERVISOR.value).exists()
        assert not head.user.groups.filter(name=Role.SUPERVISOR.value).exists()


def test_supervisors_can_swap_places_in_one_file(agency_a: Agency) -> None:
    """Applied top of the chart first, no line change ever sees a half-applied circle."""
    actor = admin(agency_a)
    with schema_context(agency_a.schema_name):
        first = officer_make(mykad(1), "PERTAMA")
        second = officer_make(mykad(2), "KEDUA", supervisor=first)
        officer_make(mykad(3), "KETIGA", supervisor=second)
        swapped = csv_file(
            [
                row(mykad(3), "KETIGA", supervisor_login_id=mykad(1)),
                row(mykad(1), "PERTAMA", supervisor_login_id=mykad(2)),
                row(mykad(2), "KEDUA"),
            ]
        )

        batch = imported(actor, swapped)

        assert batch.status == ImportBatch.Status.DONE
        assert {k: v[1] for k, v in chart().items()} == {
            mykad(1): mykad(2),
            mykad(2): "",
            mykad(3): mykad(1),
        }


def test_a_status_change_and_a_new_subordinate_in_one_file(agency_a: Agency) -> None:
    actor = admin(agency_a)
    with schema_context(agency_a.schema_name):
        resting = officer_make(mykad(1), "KEMBALI BERTUGAS")
        officer_status_set(
            officer=resting, status="inactive", since=timezone.localdate(), actor=None
        )
        content = csv_file(
            [
                row(mykad(2), "BAHARU", supervisor_login_id=mykad(1)),
                row(mykad(1), "KEMBALI BERTUGAS", status="active"),
            ]
        )

        batch = imported(actor, content)

        resting.refresh_from_db()
        assert batch.status == ImportBatch.Status.DONE
        assert resting.status == "active"
        assert User.objects.get(login_id=mykad(1)).is_active
        assert chart()[mykad(2)][1] == mykad(1)


def test_a_login_without_an_officer_record_becomes_an_officer(agency_a: Agency) -> None:
    """The org admin usually lists themselves in the first file: their login is kept."""
    actor = admin(agency_a)
    with schema_context(agency_a.schema_name):
        batch = imported(actor, csv_file([row("850101-16-5011", "PENTADBIR ORGANISASI")]))

        assert batch.created_count == 1
        officer = Officer.objects.select_related("user").get()
        assert officer.user == actor
        assert officer.user.check_password(PASSWORD)
        assert officer.user.groups.filter(name=Role.ORG_ADMIN.value).exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imported_again_changes_nothing(agency_a: Agency, fmt: str) -> None:
    actor = admin(agency_a)
    with schema_context(agency_a.schema_name):
        root = OrgUnit.objects.get(parent__isnull=True)
        twin_a = OrgUnit.objects.create(name="Unit Kembar A", short_name="UK", parent=root)
        OrgUnit.objects.create(name="Unit Kembar B", short_name="UK", parent=root)
        gone = OrgUnit.objects.create(name="Unit Lama", short_name="UL", parent=root)
        head = officer_make(mykad(1), "=KETUA", email="ketua@agensi.gov.my", phone="0388881234")
        officer_make(mykad(2), "-PENYELIA", unit=twin_a, supervisor=head, grade="N41")
        officer_make("0501011450" + "12", "LAHIR 2005", unit=gone, position="Pembantu")
        officer_make("P998877", "PEGAWAI ASING", login_kind="passport", gender="female")
        OrgUnit.objects.filter(pk=gone.pk).update(is_active=False)
        officer_status_set(
            officer=Officer.objects.get(user__login_id="050101145012"),
            status="transferred_out",
            since=timezone.localdate(),
            actor=None,
        )
        exported = officer_export(actor=actor, fmt=fmt)
        before = written()

        batch = imported(actor, exported, name=f"eksport.{fmt}")

        assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (0, 0, 4)
        assert written() == before


def test_a_batch_is_run_once_however_often_the_task_is_delivered(agency_a: Agency) -> None:
    actor = admin(agency_a)
    with schema_context(agency_a.schema_name):
        batch = imported(actor, csv_file([row(mykad(1), "SEKALI")]))

        again = import_batch_run(batch_id=batch.pk)
        with pytest.raises(PeopleError) as refused:
            import_batch_start(batch_id=batch.pk, actor=actor)

        assert again.status == ImportBatch.Status.DONE
        assert refused.value.code == "import_started"
        assert Officer.objects.count() == 1


def test_a_file_made_wrong_since_its_preview_fails_without_writing(
    agency_a: Agency, settings: Any
) -> None:
    """The run plans the file again: a unit deactivated after the preview stops it."""
    actor = admin(agency_a)
    with schema_context(agency_a.schema_name):
        unit = OrgUnit.objects.create(
            name="Unit Sementara", parent=OrgUnit.objects.get(parent__isnull=True)
        )
        batch = import_preview(
            name="pegawai.csv",
            content=csv_file([row(mykad(1), unit="Unit Sementara")]),
            actor=actor,
        )
        OrgUnit.objects.filter(pk=unit.pk).update(is_active=False)
        before = written()

        ran = import_batch_start(batch_id=batch.pk, actor=actor)

        assert ran.status == ImportBatch.Status.FAILED
        assert [(e["row"], e["code"]) for e in ran.errors] == [(2, "unknown_unit")]
        assert written() == before


def test_imported_officers_are_found_by_the_login_finder(agency_a: Agency) -> None:
    from shared_apps.directory.models import DirectoryEntry

    actor = admin(agency_a)
    before = DirectoryEntry.objects.filter(agency=agency_a).count()
    with schema_context(agency_a.schema_name):
        imported(actor, csv_file([row(mykad(41), "PEGAWAI IMPORT"), row(mykad(42), "KEDUA")]))

    assert DirectoryEntry.objects.filter(agency=agency_a).count() == before + 2
