"""Who may list, view and change whom, as a table. Anything outside an actor's reach answers 404,
never 403, so ids cannot be probed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenant_apps.people.models import OfficeLocation, Officer, OrgUnit
from tenant_apps.people.officer_services import OfficerData, acting_create, officer_create
from tenant_apps.people.services import executive_grant, unit_create
from tenants.models import Agency
from tests.conftest import PASSWORD, host_of, make_user


@dataclass
class World:
    ids: dict[str, int]
    logins: dict[str, str]


def _officer(login_id: str, name: str, unit: OrgUnit, supervisor: Officer | None = None) -> Officer:
    officer = officer_create(
        data=OfficerData(login_id=login_id, full_name=name, org_unit=unit, supervisor=supervisor),
        actor=None,
    )
    officer.user.set_password(PASSWORD)
    officer.user.save()
    return officer


@pytest.fixture
def world(agency_a: Agency) -> World:
    today = timezone.localdate()
    with schema_context(agency_a.schema_name):
        root = OrgUnit.objects.get(parent=None)
        bahagian = unit_create(name="Bahagian Khidmat Pengurusan", short_name="BKP", parent=root)
        seksyen1 = unit_create(name="Seksyen Kewangan", short_name="SKW", parent=bahagian)
        seksyen2 = unit_create(name="Seksyen ICT", short_name="SICT", parent=root)
        supervisor = _officer("800101165013", "PENYELIA SATU", bahagian)
        officer = _officer("900101165017", "PEGAWAI SATU", seksyen1, supervisor=supervisor)
        other = _officer("910101165019", "PEGAWAI DUA", seksyen2)
        acting = _officer("850101165025", "PEMANGKU KINI", seksyen2)
        acting_past = _officer("860101165027", "PEMANGKU LAMA", seksyen2)
        acting_create(
            acting=acting,
            for_supervisor=supervisor,
            starts_on=today - timedelta(days=1),
            ends_on=today + timedelta(days=1),
            reason="Cuti",
            actor=None,
        )
        acting_create(
            acting=acting_past,
            for_supervisor=supervisor,
            starts_on=today - timedelta(days=30),
            ends_on=today - timedelta(days=20),
            reason="Kursus",
            actor=None,
        )
        executive = make_user(agency_a, "750101165031", roles=(Role.OFFICER, Role.EXECUTIVE))
        executive_grant(executive=executive, unit=bahagian)
        make_user(agency_a, "700101165039", roles=(Role.OFFICER, Role.ORG_ADMIN))
        office1 = OfficeLocation.objects.create(
            name="Menara A", shape="circle", latitude=2.9, longitude=101.7, radius_m=100
        )
        office1.units.add(seksyen1)
        office2 = OfficeLocation.objects.create(
            name="Menara B", shape="circle", latitude=2.8, longitude=101.6, radius_m=80
        )
        office2.officers.add(other)
        return World(
            ids={
                "officer": officer.pk,
                "other": other.pk,
                "unit_seksyen1": seksyen1.pk,
                "unit_seksyen2": seksyen2.pk,
                "office1": office1.pk,
                "office2": office2.pk,
            },
            logins={
                "officer": "900101165017",
                "supervisor": "800101165013",
                "acting_now": "850101165025",
                "acting_past": "860101165027",
                "executive": "750101165031",
                "org_admin": "700101165039",
            },
        )


# actor → the objects they may view (everything else: 404). Offices follow the viewer's own unit
# or own assignment; units are the viewer's own unit plus an executive's granted subtree.
CAN_VIEW = {
    "officer": {"officer", "unit_seksyen1", "office1"},
    "supervisor": {"officer"},
    "acting_now": {"officer", "unit_seksyen2"},
    "acting_past": {"unit_seksyen2"},
    "executive": {"officer", "unit_seksyen1"},
    "org_admin": {"officer", "other", "unit_seksyen1", "unit_seksyen2", "office1", "office2"},
}


OBJECT_URLS = {
    "officer": "/org/officers/{}/",
    "other": "/org/officers/{}/",
    "unit_seksyen1": "/org/units/{}/",
    "unit_seksyen2": "/org/units/{}/",
    "office1": "/org/offices/{}/",
    "office2": "/org/offices/{}/",
}


def client_for(agency: Agency, login: str) -> Client:
    client = Client(HTTP_HOST=host_of(agency))
    assert client.post("/login/", {"mykad": login, "password": PASSWORD}).status_code == 302
    return client


@pytest.mark.parametrize("actor", list(CAN_VIEW))
def test_view_reach(world: World, agency_a: Agency, actor: str) -> None:
    client = client_for(agency_a, world.logins[actor])
    for name, url in OBJECT_URLS.items():
        status = client.get(url.format(world.ids[name])).status_code
        expected = 200 if name in CAN_VIEW[actor] else 404
        assert status == expected, f"{actor} viewing {name}: {status}"


@pytest.mark.parametrize("actor", list(CAN_VIEW))
def test_list_reach(world: World, agency_a: Agency, actor: str) -> None:
    client = client_for(agency_a, world.logins[actor])
    listed = client.get("/org/officers/").content.decode()
    for name, login in (("officer", "900101165017"), ("other", "910101165019")):
        shown = f'data-testid="officer-row-{login}"' in listed
        assert shown == (name in CAN_VIEW[actor]), f"{actor} listing {name}"
    tree = client.get("/org/units/").content.decode()
    for name, label in (("unit_seksyen1", "Seksyen Kewangan"), ("unit_seksyen2", "Seksyen ICT")):
        assert (label in tree) == (name in CAN_VIEW[actor]), f"{actor} listing {name}"
    offices = client.get("/org/offices/").content.decode()
    for name, label in (("office1", "Menara A"), ("office2", "Menara B")):
        assert (label in offices) == (name in CAN_VIEW[actor]), f"{actor} listing {name}"


@pytest.mark.parametrize("actor", list(CAN_VIEW))
def test_only_the_org_admin_changes(world: World, agency_a: Agency, actor: str) -> None:
    client = client_for(agency_a, world.logins[actor])
    officer_id = world.ids["officer"]
    details = {
        "full_name": "PEGAWAI SATU BARU",
        "email": "",
        "phone": "",
        "position": "",
        "grade": "N41",
        "gender": "male",
    }

    response = client.post(f"/org/officers/{officer_id}/details/", details)
    unit = client.post(f"/org/units/{world.ids['unit_seksyen1']}/rename/", {"name": "Baharu"})
    create = client.get("/org/officers/new/")
    office = client.get(f"/org/offices/{world.ids['office1']}/edit/")

    statuses = (response.status_code, unit.status_code, create.status_code, office.status_code)
    if actor == "org_admin":
        assert statuses == (302, 302, 200, 200)
    else:
        assert statuses == (404, 404, 404, 404)
    with schema_context(agency_a.schema_name):
        grade = Officer.objects.get(pk=officer_id).grade
    assert grade == ("N41" if actor == "org_admin" else "")


def test_nothing_of_agency_a_is_reachable_from_agency_b(
    world: World, agency_a: Agency, agency_b: Agency
) -> None:
    make_user(agency_b, "700101035035", roles=(Role.OFFICER, Role.ORG_ADMIN))
    client = client_for(agency_b, "700101035035")
    for name, url in OBJECT_URLS.items():
        assert client.get(url.format(world.ids[name])).status_code == 404, name
    assert "PEGAWAI SATU" not in client.get("/org/officers/").content.decode()


def test_an_office_of_a_unit_serves_the_units_below_it(world: World, agency_a: Agency) -> None:
    from tenant_apps.people.selectors import offices_for_officer

    with schema_context(agency_a.schema_name):
        seksyen1 = OrgUnit.objects.get(pk=world.ids["unit_seksyen1"])
        bahagian = seksyen1.parent
        assert bahagian is not None
        office = OfficeLocation.objects.create(
            name="Ibu Pejabat", shape="circle", latitude=2.9, longitude=101.7, radius_m=200
        )
        office.units.add(bahagian)
        officer = Officer.objects.get(pk=world.ids["officer"])  # in Seksyen 1, under Bahagian
        other = Officer.objects.get(pk=world.ids["other"])  # in Seksyen 2, under the root

        assert office in offices_for_officer(officer)
        assert office not in offices_for_officer(other)
