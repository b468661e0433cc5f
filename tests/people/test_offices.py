"""Office locations and home locations (BDR): the org admin's pages, what officers see, and
the coordinate tester."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenant_apps.people import geo
from tenant_apps.people.models import HomeLocation, OfficeLocation, Officer, OrgUnit
from tenant_apps.people.office_services import OfficeData, home_location_set, office_create
from tenant_apps.people.officer_services import OfficerData, officer_create
from tenant_apps.people.services import unit_create
from tenants.models import Agency
from tests.conftest import PASSWORD, make_user

ADMIN = "850101165011"
OFFICER = "900202145022"
OTHER = "880303105033"
PUTRAJAYA = (2.9264, 101.6964)
SQUARE_TEXT = "2.900, 101.690\n2.900, 101.699\n2.909, 101.699\n2.909, 101.690"


def log_in(client: Client, mykad: str) -> Client:
    assert client.post("/login/", {"mykad": mykad, "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def admin_client(agency_a: Agency, client_a: Client) -> Client:
    make_user(agency_a, ADMIN, full_name="PENTADBIR A", roles=(Role.OFFICER, Role.ORG_ADMIN))
    return log_in(client_a, ADMIN)


def root(agency: Agency) -> OrgUnit:
    with schema_context(agency.schema_name):
        return OrgUnit.objects.get(parent=None)


def new_officer(agency: Agency, mykad: str, unit: OrgUnit, name: str = "PEGAWAI") -> Officer:
    with schema_context(agency.schema_name):
        officer = officer_create(
            data=OfficerData(login_id=mykad, full_name=name, org_unit=unit), actor=None
        )
        officer.user.set_password(PASSWORD)
        officer.user.save(update_fields=["password"])
        return officer


def circle_office(
    name: str, radius: float = 100, units: Sequence[OrgUnit] = (), officers: Sequence[Officer] = ()
) -> OfficeLocation:
    data = OfficeData(name=name, address="", fence=geo.Circle(*PUTRAJAYA, radius))
    return office_create(data=data, units=units, officers=officers, actor=None)


CIRCLE_POST = {"name": "Ibu Pejabat", "address": "Aras 5, Blok C, Putrajaya", "shape": "circle"}
CIRCLE_POST |= {"latitude": "2.9264", "longitude": "101.6964", "radius_m": "150", "polygon": ""}


def circle_post(**changes: object) -> dict[str, object]:
    return {**CIRCLE_POST, **changes}


def ids_in(html: bytes) -> set[str]:
    return set(re.findall(r'data-testid="([^"]+)"', html.decode()))


def verdict(client: Client, office: OfficeLocation, lat: float, lon: float) -> tuple[str, str]:
    """(data-inside, data-metres) of the detail page's coordinate test, or ("", "")."""
    page = client.get(f"/org/offices/{office.pk}/", {"lat": str(lat), "lon": str(lon)})
    html = page.content.decode()
    inside = re.search(r'data-testid="geofence-verdict" data-inside="(\w+)"', html)
    metres = re.search(r'data-testid="geofence-distance" data-metres="([\d.]+)"', html)
    return (inside[1] if inside else "", metres[1] if metres else "")


def test_admin_creates_a_circle_office_for_units_and_officers(
    agency_a: Agency, admin_client: Client
) -> None:
    with schema_context(agency_a.schema_name):
        unit = unit_create(name="Bahagian ICT", parent=root(agency_a))
    officer = new_officer(agency_a, OFFICER, root(agency_a))

    assert admin_client.get("/org/offices/new/").status_code == 200
    response = admin_client.post(
        "/org/offices/new/", circle_post(units=[unit.pk], officers=[officer.pk])
    )

    with schema_context(agency_a.schema_name):
        office = OfficeLocation.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/org/offices/{office.pk}/"
        fence = (office.shape, office.latitude, office.longitude, office.radius_m)
        assert fence == ("circle", 2.9264, 101.6964, 150)
        assert office.address == "Aras 5, Blok C, Putrajaya"
        assert list(office.units.all()) == [unit]
        assert list(office.officers.all()) == [officer]
    page = admin_client.get(f"/org/offices/{office.pk}/")
    assert 'data-testid="geofence-radius">150 m<' in page.content.decode()
    assert 'data-testid="sketch-circle"' in page.content.decode()


def test_admin_creates_a_polygon_office_stored_with_its_centroid(
    agency_a: Agency, admin_client: Client
) -> None:
    response = admin_client.post(
        "/org/offices/new/",
        circle_post(shape="polygon", latitude="", longitude="", radius_m="", polygon=SQUARE_TEXT),
    )

    assert response.status_code == 302
    with schema_context(agency_a.schema_name):
        office = OfficeLocation.objects.get()
    assert office.shape == "polygon"
    assert office.radius_m is None
    assert office.polygon == [[2.9, 101.69], [2.9, 101.699], [2.909, 101.699], [2.909, 101.69]]
    assert (office.latitude, office.longitude) == pytest.approx((2.9045, 101.6945), abs=1e-6)
    assert "sketch-polygon" in ids_in(admin_client.get(f"/org/offices/{office.pk}/").content)


BAD_POLYGONS = [
    "2.9, 101.69\n2.9 ; 101.699\n2.909, 101.699",  # a line that is not "lat, lon"
    "2.9, 101.69\n2.9, 101.699",  # two points
    "2.9, 101.69\n2.9, 101.695\n2.9, 101.699",  # on one line: no area
    "2.9, 101.69\n92.9, 101.695\n2.91, 101.699",  # a latitude out of range
    "",
]
BAD_INPUT = [
    ({"radius_m": "0"}, "radius_m"),
    ({"radius_m": "-10"}, "radius_m"),
    ({"radius_m": ""}, "radius_m"),
    ({"latitude": "95"}, "latitude"),
    ({"longitude": "-181"}, "longitude"),
    ({"latitude": "utara"}, "latitude"),
    ({"name": " "}, "name"),
    *(({"shape": "polygon", "polygon": text}, "polygon") for text in BAD_POLYGONS),
]


@pytest.mark.parametrize(("changes", "field"), BAD_INPUT)
def test_bad_input_is_shown_on_its_field_and_nothing_is_saved(
    agency_a: Agency, admin_client: Client, changes: dict[str, str], field: str
) -> None:
    response = admin_client.post("/org/offices/new/", circle_post(**changes))

    assert response.status_code == 400
    assert f"field-error-{field}" in ids_in(response.content)
    with schema_context(agency_a.schema_name):
        assert not OfficeLocation.objects.exists()


def test_admin_edits_the_fence_and_whom_it_applies_to(
    agency_a: Agency, admin_client: Client
) -> None:
    officer = new_officer(agency_a, OFFICER, root(agency_a))
    with schema_context(agency_a.schema_name):
        office = circle_office("Pejabat Lama", officers=[officer])

    form = admin_client.get(f"/org/offices/{office.pk}/edit/")
    refused = admin_client.post(f"/org/offices/{office.pk}/edit/", circle_post(radius_m="0"))
    saved = admin_client.post(
        f"/org/offices/{office.pk}/edit/",
        circle_post(name="Pejabat Baharu", shape="polygon", polygon=SQUARE_TEXT, officers=[]),
    )

    assert form.status_code == 200
    assert 'value="Pejabat Lama"' in form.content.decode()
    assert refused.status_code == 400
    assert saved.status_code == 302
    with schema_context(agency_a.schema_name):
        office.refresh_from_db()
        assert (office.name, office.shape, office.radius_m) == ("Pejabat Baharu", "polygon", None)
        assert len(office.polygon) == 4
        assert not office.officers.exists()


@pytest.mark.parametrize(
    ("offset_m", "expected"),
    [
        (0, ("true", "0")),
        (99.8, ("true", "0")),
        (101, ("false", "1.0")),
        (1100, ("false", "1000.0")),
    ],
)
def test_the_detail_page_tests_a_coordinate_against_a_circle(
    agency_a: Agency, admin_client: Client, offset_m: float, expected: tuple[str, str]
) -> None:
    with schema_context(agency_a.schema_name):
        office = circle_office("Ibu Pejabat", radius=100)

    lat, lon = geo.destination(*PUTRAJAYA, 135.0, offset_m)

    assert verdict(admin_client, office, lat, lon) == expected


def test_the_detail_page_tests_a_coordinate_against_a_polygon(
    agency_a: Agency, admin_client: Client
) -> None:
    admin_client.post("/org/offices/new/", circle_post(shape="polygon", polygon=SQUARE_TEXT))
    with schema_context(agency_a.schema_name):
        office = OfficeLocation.objects.get()
    east = geo.destination(2.9045, 101.699, 90.0, 250.0)

    bad = admin_client.get(f"/org/offices/{office.pk}/", {"lat": "91", "lon": "101.695"})

    assert verdict(admin_client, office, 2.905, 101.695) == ("true", "0")
    assert verdict(admin_client, office, 2.909, 101.699) == ("true", "0")  # a vertex
    assert verdict(admin_client, office, *east) == ("false", "250.0")
    assert "geofence-verdict" not in ids_in(bad.content)
    assert "field-error-lat" in ids_in(bad.content)


def test_an_officer_sees_only_the_offices_that_apply_to_them(
    agency_a: Agency, client_a: Client
) -> None:
    with schema_context(agency_a.schema_name):
        unit = unit_create(name="Bahagian ICT", parent=root(agency_a))
    officer = new_officer(agency_a, OFFICER, unit)
    colleague = new_officer(agency_a, OTHER, root(agency_a), name="RAKAN")
    with schema_context(agency_a.schema_name):
        by_unit = circle_office("Menara ICT", units=[unit])
        by_name = circle_office("Cawangan Johor", officers=[officer, colleague])
        elsewhere = circle_office("Pejabat Lain")
    log_in(client_a, OFFICER)

    listed = client_a.get("/org/offices/")
    detail = client_a.get(f"/org/offices/{by_name.pk}/")

    ids = ids_in(listed.content)
    assert {f"office-row-{by_unit.pk}", f"office-row-{by_name.pk}"} <= ids
    assert f"office-row-{elsewhere.pk}" not in ids
    assert "office-create" not in ids
    assert "office-empty" in ids_in(client_a.get("/org/offices/", {"q": "Lain"}).content)
    assert detail.status_code == 200
    assert "RAKAN" not in detail.content.decode()  # officers outside their reach stay hidden
    assert client_a.get(f"/org/offices/{elsewhere.pk}/").status_code == 404
    assert client_a.get(f"/org/offices/{by_unit.pk}/edit/").status_code == 404
    assert client_a.get("/org/offices/new/").status_code == 404
    assert client_a.post("/org/offices/new/", circle_post()).status_code == 404
    assert client_a.post(f"/org/offices/{by_unit.pk}/deactivate/").status_code == 404
    with schema_context(agency_a.schema_name):
        assert OfficeLocation.objects.count() == 3
        assert OfficeLocation.objects.filter(is_active=True).count() == 3


def test_an_inactive_office_is_hidden_from_officers(agency_a: Agency, admin_client: Client) -> None:
    officer = new_officer(agency_a, OFFICER, root(agency_a))
    with schema_context(agency_a.schema_name):
        office = circle_office("Ibu Pejabat", units=[officer.org_unit])

    response = admin_client.post(f"/org/offices/{office.pk}/deactivate/")
    officer_client = log_in(Client(HTTP_HOST=admin_client.defaults["HTTP_HOST"]), OFFICER)

    assert response.status_code == 302
    with schema_context(agency_a.schema_name):
        assert OfficeLocation.objects.get().is_active is False
    assert "office-empty" in ids_in(officer_client.get("/org/offices/").content)
    assert f"office-row-{office.pk}" in ids_in(admin_client.get("/org/offices/").content)


def test_the_admin_list_searches_and_says_when_nothing_matches(
    agency_a: Agency, admin_client: Client
) -> None:
    with schema_context(agency_a.schema_name):
        hq = circle_office("Ibu Pejabat Putrajaya")
        branch = circle_office("Cawangan Johor Bahru")

    found = ids_in(admin_client.get("/org/offices/", {"q": "johor"}).content)
    nothing = ids_in(admin_client.get("/org/offices/", {"q": "sabah"}).content)

    assert f"office-row-{branch.pk}" in found
    assert f"office-row-{hq.pk}" not in found
    assert "office-empty" in nothing


def test_the_list_takes_as_many_queries_for_two_offices_as_for_eight(
    agency_a: Agency, admin_client: Client
) -> None:
    unit = root(agency_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get("/org/offices/").status_code == 200
        return len(captured)

    with schema_context(agency_a.schema_name):
        for n in range(2):
            circle_office(f"Pejabat {n}", units=[unit])
    few = queries()
    with schema_context(agency_a.schema_name):
        for n in range(2, 8):
            circle_office(f"Pejabat {n}", units=[unit])

    assert queries() == few


def test_home_location_is_set_by_the_admin_and_only_seen_by_the_officer(
    agency_a: Agency, admin_client: Client
) -> None:
    officer = new_officer(agency_a, OFFICER, root(agency_a))
    url = f"/org/offices/home/{officer.pk}/"
    form = {
        "action": "save",
        "address": "No. 1, Jalan Mawar",
        "latitude": "3",
        "longitude": "101.5",
    }

    refused = admin_client.post(url, {**form, "radius_m": "0"})
    saved = admin_client.post(url, {**form, "radius_m": "80"})
    officer_client = log_in(Client(HTTP_HOST=admin_client.defaults["HTTP_HOST"]), OFFICER)
    mine = officer_client.get("/org/offices/home/mine/")

    assert refused.status_code == 400
    assert "field-error-radius_m" in ids_in(refused.content)
    assert saved.status_code == 302
    assert {"home-location", "home-centre", "home-radius"} <= ids_in(mine.content)
    assert "No. 1, Jalan Mawar" in mine.content.decode()
    assert "<form" not in mine.content.decode().split('id="main"')[1]
    assert officer_client.post("/org/offices/home/mine/", {"latitude": "1"}).status_code == 405
    assert officer_client.get(url).status_code == 404
    assert officer_client.post(url, {"action": "clear"}).status_code == 404
    with schema_context(agency_a.schema_name):
        home = HomeLocation.objects.get(officer=officer)
        assert (home.latitude, home.longitude, home.radius_m) == (3.0, 101.5, 80)
        assert home.entered_by is not None
        assert home.entered_by.login_id == ADMIN


def test_the_admin_clears_a_home_location(agency_a: Agency, admin_client: Client) -> None:
    officer = new_officer(agency_a, OFFICER, root(agency_a))
    with schema_context(agency_a.schema_name):
        home_location_set(officer=officer, lat=3.0, lon=101.5, radius_m=100, address="", actor=None)

    page = admin_client.get(f"/org/offices/home/{officer.pk}/")
    cleared = admin_client.post(f"/org/offices/home/{officer.pk}/", {"action": "clear"})

    assert "home-clear" in ids_in(page.content)
    assert cleared.status_code == 302
    with schema_context(agency_a.schema_name):
        assert not HomeLocation.objects.filter(officer=officer).exists()


def test_an_office_of_another_agency_is_not_found(
    agency_a: Agency, agency_b: Agency, client_b: Client
) -> None:
    with schema_context(agency_a.schema_name):
        office = circle_office("Ibu Pejabat Agensi A")
    make_user(agency_b, ADMIN, full_name="PENTADBIR B", roles=(Role.OFFICER, Role.ORG_ADMIN))
    log_in(client_b, ADMIN)

    assert client_b.get(f"/org/offices/{office.pk}/").status_code == 404
    assert client_b.get(f"/org/offices/{office.pk}/edit/").status_code == 404
    assert client_b.post(f"/org/offices/{office.pk}/deactivate/").status_code == 404
    assert "Agensi A" not in client_b.get("/org/offices/").content.decode()
    with schema_context(agency_a.schema_name):
        assert OfficeLocation.objects.get().is_active is True
