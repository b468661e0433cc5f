"""The org admin's pages for units and officers, and the rules behind them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import Role
from tenant_apps.people.models import Officer, OfficerLine, OrgUnit
from tenant_apps.people.officer_services import OfficerData, officer_create, officer_line_change
from tenant_apps.people.selectors import officer_line_on
from tenant_apps.people.services import PeopleError, unit_create, unit_move
from tenants.models import Agency
from tests.conftest import PASSWORD, make_user

ADMIN = "700101165039"


@pytest.fixture
def admin_client(agency_a: Agency, client_a: Client) -> Client:
    make_user(agency_a, ADMIN, full_name="PENTADBIR A", roles=(Role.OFFICER, Role.ORG_ADMIN))
    assert client_a.post("/login/", {"mykad": ADMIN, "password": PASSWORD}).status_code == 302
    return client_a


def root(agency: Agency) -> OrgUnit:
    with schema_context(agency.schema_name):
        return OrgUnit.objects.get(parent=None)


def test_a_unit_cannot_move_under_its_own_descendant(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        top = OrgUnit.objects.get(parent=None)
        bahagian = unit_create(name="Bahagian A", parent=top)
        seksyen = unit_create(name="Seksyen A1", parent=bahagian)
        unit = unit_create(name="Unit A1a", parent=seksyen)

        for target in (bahagian, seksyen, unit):
            with pytest.raises(PeopleError) as error:
                unit_move(unit=bahagian, new_parent=target)
            assert error.value.code == "move_cycle"
        moved = unit_move(unit=unit, new_parent=top)
        assert moved.parent == top


def test_units_are_created_renamed_moved_and_deactivated_in_pages(
    agency_a: Agency, admin_client: Client
) -> None:
    top = root(agency_a)

    admin_client.post(
        f"/org/units/{top.pk}/add/", {"child-name": "Bahagian ICT", "child-short_name": "BICT"}
    )
    with schema_context(agency_a.schema_name):
        bict = OrgUnit.objects.get(short_name="BICT")
    admin_client.post(f"/org/units/{top.pk}/add/", {"child-name": "Bahagian Kewangan"})
    with schema_context(agency_a.schema_name):
        kewangan = OrgUnit.objects.get(name="Bahagian Kewangan")

    renamed = admin_client.post(
        f"/org/units/{bict.pk}/rename/", {"name": "Bahagian Digital", "short_name": "BD"}
    )
    assert renamed.status_code == 302
    admin_client.post(f"/org/units/{bict.pk}/move/", {"parent": kewangan.pk})
    cycle = admin_client.post(f"/org/units/{kewangan.pk}/move/", {"parent": bict.pk}, follow=True)
    assert "sendiri" in cycle.content.decode() or "itself" in cycle.content.decode()
    admin_client.post(f"/org/units/{bict.pk}/deactivate/")

    with schema_context(agency_a.schema_name):
        bict.refresh_from_db()
        kewangan.refresh_from_db()
        assert (bict.name, bict.parent_id, bict.is_active) == (
            "Bahagian Digital",
            kewangan.pk,
            False,
        )
        assert kewangan.parent_id == top.pk
    tree = admin_client.get("/org/units/").content.decode()
    assert "Bahagian Digital" in tree


def test_an_empty_unit_name_is_refused_and_nothing_changes(
    agency_a: Agency, admin_client: Client
) -> None:
    top = root(agency_a)

    response = admin_client.post(f"/org/units/{top.pk}/add/", {"child-name": ""})

    assert response.status_code == 400
    assert 'data-testid="field-error-name"' in response.content.decode()
    with schema_context(agency_a.schema_name):
        assert OrgUnit.objects.count() == 1


def test_admin_adds_an_officer_with_a_passport_and_a_supervisor(
    agency_a: Agency, admin_client: Client
) -> None:
    top = root(agency_a)
    with schema_context(agency_a.schema_name):
        officer_create(
            data=OfficerData(login_id="800101165013", full_name="PENYELIA", org_unit=top),
            actor=None,
        )

    response = admin_client.post(
        "/org/officers/new/",
        {
            "login_kind": "passport",
            "login_id": "a1234-5678",
            "full_name": "JOHN DOE",
            "email": "john@example.gov.my",
            "position": "Pegawai Kontrak",
            "grade": "",
            "phone": "",
            "gender": "",
            "org_unit": top.pk,
            "supervisor": "800101-16-5013",
            "second_supervisor": "",
        },
    )

    assert response.status_code == 302
    with schema_context(agency_a.schema_name):
        john = Officer.objects.get(user__login_id="A12345678")
        assert john.user.login_kind == User.LoginKind.PASSPORT
        assert john.gender == Officer.Gender.UNKNOWN
        assert john.supervisor is not None
        assert john.supervisor.user.groups.filter(name="supervisor").exists()
        assert john.lines.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message_code"),
    [
        ("login_id", "900231-16-5011", "field-error-login_id"),  # 31 February
        ("supervisor", "111111-11-1111", "field-error-supervisor"),  # nobody
        ("full_name", "", "field-error-full_name"),
    ],
)
def test_officer_form_errors_are_specific(
    agency_a: Agency, admin_client: Client, field: str, value: str, message_code: str
) -> None:
    data = {
        "login_kind": "mykad",
        "login_id": "900101165017",
        "full_name": "PEGAWAI",
        "gender": "",
        "org_unit": root(agency_a).pk,
        field: value,
    }

    response = admin_client.post("/org/officers/new/", data)

    assert response.status_code == 400
    assert f'data-testid="{message_code}"' in response.content.decode()
    with schema_context(agency_a.schema_name):
        assert not Officer.objects.exists()


def test_gender_hint_comes_from_the_mykad(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        top = OrgUnit.objects.get(parent=None)
        man = officer_create(data=OfficerData("900101165017", "A", top), actor=None)
        woman = officer_create(data=OfficerData("900101165026", "B", top), actor=None)
        assert (man.gender, woman.gender) == ("male", "female")


def test_history_keeps_the_line_in_force_on_a_past_day(agency_a: Agency) -> None:
    today = timezone.localdate()
    with schema_context(agency_a.schema_name):
        top = OrgUnit.objects.get(parent=None)
        new_unit = unit_create(name="Seksyen Baharu", parent=top)
        boss1 = officer_create(data=OfficerData("800101165013", "BOS 1", top), actor=None)
        boss2 = officer_create(data=OfficerData("810101165015", "BOS 2", top), actor=None)
        officer = officer_create(
            data=OfficerData("900101165017", "PEGAWAI", top, supervisor=boss1),
            actor=None,
            effective_from=today - timedelta(days=60),
        )

        officer_line_change(
            officer=officer,
            org_unit=new_unit,
            supervisor=boss2,
            second_supervisor=None,
            effective_from=today - timedelta(days=10),
            actor=None,
        )

        assert officer_line_on(officer, today - timedelta(days=30)) == (top.pk, boss1.pk, None)
        assert officer_line_on(officer, today) == (new_unit.pk, boss2.pk, None)
        assert OfficerLine.objects.filter(officer=officer).count() == 2
        # boss1 supervises nobody any more: no longer a Penyelia.
        assert not boss1.user.groups.filter(name="supervisor").exists()
        with pytest.raises(PeopleError) as error:
            officer_line_change(
                officer=boss2,
                org_unit=top,
                supervisor=officer,
                second_supervisor=None,
                effective_from=today,
                actor=None,
            )
        assert error.value.code == "supervisor_cycle"


def test_a_deactivated_officer_cannot_log_in(agency_a: Agency, admin_client: Client) -> None:
    top = root(agency_a)
    with schema_context(agency_a.schema_name):
        officer = officer_create(data=OfficerData("900101165017", "PEGAWAI", top), actor=None)
        officer.user.set_password(PASSWORD)
        officer.user.save()

    admin_client.post(
        f"/org/officers/{officer.pk}/status/",
        {"status": "transferred_out", "since": timezone.localdate().isoformat()},
    )

    other = Client(HTTP_HOST=f"{agency_a.slug}.localhost")
    refused = other.post("/login/", {"mykad": "900101165017", "password": PASSWORD})
    assert refused.status_code == 200  # the form again, with the generic error
    with schema_context(agency_a.schema_name):
        officer.refresh_from_db()
        assert officer.status == "transferred_out"
        assert OfficerLine.objects.filter(officer=officer).exists()  # history stays


def test_organisation_changes_are_in_the_agency_audit_trail(
    agency_a: Agency, admin_client: Client
) -> None:
    from tenant_apps.audit.models import AuditEntry

    top = root(agency_a)
    admin_client.post(f"/org/units/{top.pk}/add/", {"child-name": "Bahagian Audit"})
    with schema_context(agency_a.schema_name):
        unit = OrgUnit.objects.get(name="Bahagian Audit")
    admin_client.post(f"/org/units/{unit.pk}/rename/", {"name": "Bahagian Audit Dalam"})

    with schema_context(agency_a.schema_name):
        entries = list(
            AuditEntry.objects.filter(object_id=str(unit.pk)).order_by("created_at", "pk")
        )
    assert [e.action for e in entries] == ["people.unit_create", "people.unit_rename"]
    assert {e.actor_name for e in entries} == {"PENTADBIR A"}
