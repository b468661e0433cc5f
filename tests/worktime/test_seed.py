"""What provisioning seeds into an agency's schema: its region, public holidays, default policy."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.db import IntegrityError, transaction
from django_tenants.utils import schema_context

from tenant_apps.worktime.models import PublicHoliday, Region, WorkPolicy
from tenant_apps.worktime.regions import REGION_VERSIONS
from tenant_apps.worktime.services import (
    default_work_policy_ensure,
    public_holidays_seed,
    region_ensure,
)
from tenants.models import STATE_CHOICES, Agency


def _region_on(state_code: str, day: date) -> Region:
    return Region.objects.filter(state_code=state_code, effective_from__lte=day).latest(
        "effective_from"
    )


def test_every_agency_state_has_a_region() -> None:
    assert sorted(REGION_VERSIONS) == sorted(code for code, _ in STATE_CHOICES)


def test_kelantan_agency_rests_on_friday_and_saturday(agency_b: Agency) -> None:
    with schema_context(agency_b.schema_name):
        regions = region_ensure(state_code="03")

        assert [r.name for r in regions] == ["Kelantan"]
        region = Region.objects.get(state_code="03")
        assert region.weekend_days == [5, 6]
        assert region.short_thursday is True
        assert region.friday_rest_start is None


def test_johor_region_changes_between_2024_and_2025(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        region_ensure(state_code="01")
        region_ensure(state_code="01")

        assert Region.objects.filter(state_code="01").count() == 3
        in_2024 = _region_on("01", date(2024, 6, 6))
        in_2025 = _region_on("01", date(2025, 6, 5))
        assert (in_2024.weekend_days, in_2024.short_thursday) == ([5, 6], True)
        assert in_2024.effective_to == date(2024, 12, 31)
        assert (in_2025.weekend_days, in_2025.short_thursday) == ([6, 7], False)
        assert (in_2025.friday_rest_start, in_2025.friday_rest_end) == (time(12, 15), time(14, 45))
        assert in_2025.effective_to is None


def test_putrajaya_holidays_2026_have_malay_and_english_names(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        public_holidays_seed(state_code="16", years=[2026])

        names = {
            (h.date, h.name): h.name_en
            for h in PublicHoliday.objects.filter(date__year=2026, is_active=True)
        }
        assert names[(date(2026, 2, 1), "Hari Wilayah Persekutuan")] == "Federal Territory Day"
        # Thaipusam falls on the same day and is kept as a row of its own.
        assert names[(date(2026, 2, 1), "Hari Thaipusam")] == "Thaipusam"
        assert names[(date(2026, 8, 31), "Hari Kebangsaan")] == "National Day"
        holiday = PublicHoliday.objects.get(date=date(2026, 8, 31), name="Hari Kebangsaan")
        assert holiday.source == PublicHoliday.Source.PACKAGE
        assert holiday.state_code == "16"


def test_seeding_twice_creates_nothing_the_second_time(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        before = PublicHoliday.objects.count()

        created = public_holidays_seed(state_code="16", years=[2026, 2027])
        after_first = PublicHoliday.objects.count()
        created_again = public_holidays_seed(state_code="16", years=[2026, 2027])

        assert created == after_first - before
        assert PublicHoliday.objects.filter(date__year__in=[2026, 2027]).count() >= 40
        assert created_again == 0
        assert PublicHoliday.objects.count() == after_first


def test_a_holiday_switched_off_stays_off_after_reseeding(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        public_holidays_seed(state_code="16", years=[2026])
        holiday = PublicHoliday.objects.get(date=date(2026, 8, 31), name="Hari Kebangsaan")
        holiday.is_active = False
        holiday.save(update_fields=["is_active"])

        public_holidays_seed(state_code="16", years=[2026])

        holiday.refresh_from_db()
        assert holiday.is_active is False
        assert PublicHoliday.objects.filter(date=date(2026, 8, 31)).count() == 1


def test_seeding_no_years_creates_nothing(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        assert public_holidays_seed(state_code="16", years=[]) == 0


def test_default_policy_is_wbf_with_the_circular_numbers(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        policy = default_work_policy_ensure(effective_from=date(2026, 1, 1))
        again = default_work_policy_ensure(effective_from=date(2027, 1, 1))

        assert again.pk == policy.pk
        assert WorkPolicy.objects.filter(is_default=True).count() == 1
        assert policy.name == "WBF (PP 5/2019)"
        assert policy.kind == WorkPolicy.Kind.WBF
        assert (policy.check_in_start, policy.check_in_end) == (time(7, 30), time(9, 0))
        assert policy.span_minutes == 540
        assert policy.short_day_span_minutes == 450
        assert policy.rest_minutes == 60
        assert policy.grace_minutes == 0


def test_a_check_in_window_that_closes_before_it_opens_is_refused(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        count = WorkPolicy.objects.count()

        with pytest.raises(IntegrityError), transaction.atomic():
            WorkPolicy.objects.create(
                name="Salah",
                effective_from=date(2026, 1, 1),
                check_in_start=time(9, 0),
                check_in_end=time(7, 30),
            )

        assert WorkPolicy.objects.count() == count
