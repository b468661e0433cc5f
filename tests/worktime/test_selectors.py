"""Which policy version applies to an officer on a day, and the calendar reads the engine uses."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.people.officer_services import OfficerData, officer_create
from tenant_apps.people.services import unit_create
from tenant_apps.worktime.models import PublicHoliday, WorkPolicy
from tenant_apps.worktime.policy_services import (
    PolicyData,
    policy_assign_officer,
    policy_assign_unit,
    policy_version_create,
)
from tenant_apps.worktime.roster_services import (
    holiday_add,
    holiday_toggle,
    roster_assign,
    roster_create,
)
from tenant_apps.worktime.selectors import (
    holidays_between,
    policy_for,
    policy_version_on,
    region_on,
    worktime_settings,
)
from tenant_apps.worktime.services import region_ensure
from tenants.models import Agency

TODAY = timezone.localdate()


def shift(name: str, start: time, end: time, since: date) -> WorkPolicy:
    data = PolicyData(
        name=name, kind=WorkPolicy.Kind.SHIFT, effective_from=since, start_time=start, end_time=end
    )
    return policy_version_create(actor=None, data=data)


def officer_in(unit: OrgUnit, login_id: str = "800101165013") -> Officer:
    data = OfficerData(login_id=login_id, full_name="PEGAWAI SYIF", org_unit=unit)
    return officer_create(data=data, actor=None, effective_from=TODAY - timedelta(days=200))


def test_a_past_day_uses_the_version_then_in_force(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        first = shift("Syif Pagi", time(7, 0), time(15, 0), TODAY - timedelta(days=60))
        data = PolicyData(
            name="ignored",
            kind=WorkPolicy.Kind.SHIFT,
            effective_from=TODAY,
            start_time=time(6, 30),
            end_time=time(14, 30),
        )

        second = policy_version_create(actor=None, family=first, data=data)

        first.refresh_from_db()
        assert (second.name, first.effective_to) == ("Syif Pagi", TODAY - timedelta(days=1))
        assert first.start_time == time(7, 0)
        assert policy_version_on("Syif Pagi", TODAY - timedelta(days=1)) == first
        assert policy_version_on(first.pk, TODAY) == second
        assert policy_version_on(second.pk, TODAY - timedelta(days=60)) == first
        assert policy_version_on("Syif Pagi", TODAY - timedelta(days=61)) is None
        assert policy_version_on(999_999_999, TODAY) is None


def test_policy_for_follows_officer_roster_unit_and_default_in_that_order(
    agency_a: Agency,
) -> None:
    with schema_context(agency_a.schema_name):
        top = OrgUnit.objects.get(parent=None)
        bahagian = unit_create(name="Bahagian Operasi", parent=top)
        seksyen = unit_create(name="Seksyen Kawalan", parent=bahagian)
        officer = officer_in(seksyen)
        since = TODAY - timedelta(days=100)
        for_bahagian = shift("Syif Bahagian", time(8, 0), time(17, 0), since)
        for_seksyen = shift("Syif Seksyen", time(9, 0), time(18, 0), since)
        night = shift("Syif Malam", time(22, 0), time(7, 0), since)
        own = shift("Syif Sendiri", time(10, 0), time(19, 0), since)
        default = WorkPolicy.objects.get(is_default=True)

        assert policy_for(officer, TODAY) == default

        policy_assign_unit(
            actor=None,
            policy=for_bahagian,
            unit=bahagian,
            effective_from=TODAY - timedelta(days=30),
        )
        assert policy_for(officer, TODAY) == for_bahagian  # the parent unit's policy

        policy_assign_unit(
            actor=None, policy=for_seksyen, unit=seksyen, effective_from=TODAY - timedelta(days=10)
        )
        assert policy_for(officer, TODAY) == for_seksyen  # the nearest unit wins
        assert policy_for(officer, TODAY - timedelta(days=20)) == for_bahagian
        assert policy_for(officer, TODAY - timedelta(days=40)) == default

        roster = roster_create(
            actor=None, name="Dua hari", anchor=TODAY - timedelta(days=8), pattern=[night.pk, None]
        )
        roster_assign(
            actor=None, roster=roster, officer=officer, effective_from=TODAY - timedelta(days=8)
        )
        assert policy_for(officer, TODAY - timedelta(days=8)) == night
        assert policy_for(officer, TODAY - timedelta(days=7)) is None  # the roster's rest day
        assert policy_for(officer, TODAY - timedelta(days=9)) == for_seksyen

        policy_assign_officer(
            actor=None, policy=own, officer=officer, effective_from=TODAY - timedelta(days=5)
        )
        assert policy_for(officer, TODAY - timedelta(days=5)) == own  # a roster rest day too
        assert policy_for(officer, TODAY - timedelta(days=4)) == own
        assert policy_for(officer, TODAY - timedelta(days=6)) == night


def test_an_assignment_follows_its_policy_to_the_version_in_force(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        officer = officer_in(OrgUnit.objects.get(parent=None))
        first = shift("Syif Kaunter", time(8, 0), time(17, 0), TODAY - timedelta(days=30))
        policy_assign_officer(
            actor=None, policy=first, officer=officer, effective_from=TODAY - timedelta(days=30)
        )
        later = PolicyData(
            name="",
            kind=WorkPolicy.Kind.FIXED,
            effective_from=TODAY + timedelta(days=10),
            start_time=time(8, 30),
            end_time=time(17, 30),
        )

        second = policy_version_create(actor=None, family=first, data=later)

        assert policy_for(officer, TODAY) == first
        assert policy_for(officer, TODAY + timedelta(days=10)) == second


def test_a_day_before_any_default_policy_has_no_policy(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        officer = officer_in(OrgUnit.objects.get(parent=None))
        first_default = WorkPolicy.objects.filter(is_default=True).earliest("effective_from")

        with pytest.raises(WorkPolicy.DoesNotExist):
            policy_for(officer, first_default.effective_from - timedelta(days=1))


def test_holidays_between_prefers_the_agency_day_and_skips_switched_off_ones(
    agency_a: Agency,
) -> None:
    with schema_context(agency_a.schema_name):
        labour_day = PublicHoliday.objects.get(date=date(2026, 5, 1), is_active=True)
        holiday_toggle(actor=None, holiday=labour_day, active=False)
        holiday_add(actor=None, day=date(2026, 8, 31), name="Cuti Khas Agensi")
        holiday_add(actor=None, day=date(2026, 8, 28), name="Hari Keluarga", replacement=True)

        days = holidays_between(date(2026, 4, 1), date(2026, 8, 31))

        assert date(2026, 5, 1) not in days
        assert days[date(2026, 8, 31)] == "Cuti Khas Agensi"
        assert days[date(2026, 8, 28)] == "Hari Keluarga (cuti ganti)"
        assert all(day.month in (4, 5, 6, 7, 8) for day in days)
        assert PublicHoliday.objects.filter(date=date(2026, 8, 31), is_active=True).count() == 2


def test_holidays_of_one_source_on_one_date_are_joined(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        days = holidays_between(date(2026, 2, 1), date(2026, 2, 1))

        assert days == {date(2026, 2, 1): "Hari Thaipusam; Hari Wilayah Persekutuan"}


def test_region_on_follows_the_state_versions(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        region_ensure(state_code="01")

        johor_2024 = region_on("01", date(2024, 6, 6))
        johor_2025 = region_on("01", date(2025, 6, 5))
        putrajaya = region_on("16", TODAY)

        assert johor_2024 is not None
        assert johor_2024.weekend_days == [5, 6]
        assert johor_2025 is not None
        assert johor_2025.weekend_days == [6, 7]
        assert putrajaya is not None
        assert putrajaya.name == "W.P. Putrajaya"
        assert region_on("16", date(2000, 1, 3)) is None


def test_worktime_settings_are_created_once_with_the_defaults(agency_b: Agency) -> None:
    with schema_context(agency_b.schema_name):
        first = worktime_settings()
        again = worktime_settings()

        assert again.pk == first.pk
        assert first.counted_categories == ["LATE_IN", "EARLY_OUT", "INCOMPLETE"]
        assert (first.yellow_to_green, first.green_to_red, first.evaluation_day) == (3, 2, 1)
