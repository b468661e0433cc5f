"""The org admin's holiday calendar page: by year, switching package holidays, adding the
agency's own."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenant_apps.worktime.models import PublicHoliday
from tenants.models import Agency
from tests.conftest import PASSWORD, make_user

ADMIN = "700101165039"


@pytest.fixture
def admin_client(agency_a: Agency, client_a: Client) -> Client:
    make_user(agency_a, ADMIN, full_name="PENTADBIR A", roles=(Role.OFFICER, Role.ORG_ADMIN))
    assert client_a.post("/login/", {"mykad": ADMIN, "password": PASSWORD}).status_code == 302
    return client_a


def national_day(agency: Agency) -> PublicHoliday:
    with schema_context(agency.schema_name):
        return PublicHoliday.objects.get(date=date(2026, 8, 31), name="Hari Kebangsaan")


def test_the_year_shows_its_holidays_and_links_the_years_around_it(
    admin_client: Client, agency_a: Agency
) -> None:
    holiday = national_day(agency_a)

    page = admin_client.get("/worktime/holidays/?year=2026").content.decode()
    other = admin_client.get("/worktime/holidays/?year=2031").content.decode()

    assert 'data-testid="holiday-year">2026<' in page
    assert f'data-testid="holiday-row-{holiday.pk}"' in page
    assert 'href="?year=2025"' in page
    assert 'href="?year=2027"' in page
    assert 'data-testid="holiday-empty"' in other
    assert f'data-testid="holiday-row-{holiday.pk}"' not in other


def test_a_package_holiday_is_switched_off_and_on_in_the_page(
    admin_client: Client, agency_a: Agency
) -> None:
    holiday = national_day(agency_a)

    off = admin_client.post(f"/worktime/holidays/{holiday.pk}/toggle/", {"active": "0"})
    page = admin_client.get("/worktime/holidays/?year=2026").content.decode()
    with schema_context(agency_a.schema_name):
        holiday.refresh_from_db()
        assert holiday.is_active is False
    admin_client.post(f"/worktime/holidays/{holiday.pk}/toggle/", {"active": "1"})

    assert off.status_code == 302
    assert off["Location"].endswith("/worktime/holidays/?year=2026")
    assert 'data-testid="holiday-off"' in page
    with schema_context(agency_a.schema_name):
        holiday.refresh_from_db()
        assert holiday.is_active is True


def test_the_agency_adds_its_own_holiday_which_replaces_the_package_one(
    admin_client: Client, agency_a: Agency
) -> None:
    holiday = national_day(agency_a)

    added = admin_client.post(
        "/worktime/holidays/add/",
        {"name": "Cuti Khas", "date": "2026-08-31", "replacement": "on", "year": "2026"},
    )
    page = admin_client.get("/worktime/holidays/?year=2026").content.decode()

    assert added.status_code == 302
    with schema_context(agency_a.schema_name):
        own = PublicHoliday.objects.get(source=PublicHoliday.Source.AGENCY)
        assert (own.name, own.date) == ("Cuti Khas (cuti ganti)", date(2026, 8, 31))
    row = page.split(f'data-testid="holiday-row-{holiday.pk}"')[1].split("</tr>")[0]
    assert 'data-testid="holiday-overridden"' in row


def test_a_refused_holiday_is_shown_on_its_field(admin_client: Client, agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        before = PublicHoliday.objects.count()

    same = admin_client.post(
        "/worktime/holidays/add/", {"name": "Hari Kebangsaan", "date": "2026-08-31"}
    )
    no_date = admin_client.post("/worktime/holidays/add/", {"name": "Cuti", "date": ""})

    assert (same.status_code, no_date.status_code) == (400, 400)
    assert 'data-testid="field-error-date"' in same.content.decode()
    assert 'data-testid="field-error-date"' in no_date.content.decode()
    with schema_context(agency_a.schema_name):
        assert PublicHoliday.objects.count() == before


def test_the_year_takes_as_many_queries_with_more_holidays(
    admin_client: Client, agency_a: Agency
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get("/worktime/holidays/?year=2026").status_code == 200
        return len(captured)

    first = queries()
    with schema_context(agency_a.schema_name):
        for day in range(1, 6):
            PublicHoliday.objects.create(date=date(2026, 12, day), name=f"Cuti {day}")

    assert queries() == first
