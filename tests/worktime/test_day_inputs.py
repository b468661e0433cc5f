"""From the agency's records to a verdict: the state's calendar, the policy in force, approved
arrangements and the agency's own holidays reach the engine."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.people.models import OrgUnit
from tenant_apps.people.officer_services import OfficerData, officer_create
from tenant_apps.worktime.day_inputs import day_evaluate
from tenant_apps.worktime.engine import MALAYSIA, Place, Punch, PunchKind, Status
from tenant_apps.worktime.models import Arrangement, PublicHoliday
from tenants.models import Agency

THURSDAY = date(2026, 11, 26)  # Kelantan: a short Thursday
FRIDAY = date(2026, 11, 27)  # Kelantan: weekend


def at(day: date, hh: int, mm: int, kind: PunchKind, place: Place = Place.OFFICE) -> Punch:
    return Punch(at=datetime.combine(day, time(hh, mm), MALAYSIA), kind=kind, place=place)


def test_a_kelantan_officer_gets_the_short_thursday_and_the_friday_weekend(
    agency_b: Agency,
) -> None:
    with schema_context(agency_b.schema_name):
        root = OrgUnit.objects.get(parent=None)
        officer = officer_create(data=OfficerData("900101035017", "PEGAWAI", root), actor=None)

        thursday = day_evaluate(
            officer,
            THURSDAY,
            [at(THURSDAY, 8, 0, PunchKind.IN), at(THURSDAY, 15, 30, PunchKind.OUT)],
        )
        friday = day_evaluate(officer, FRIDAY)

    assert thursday is not None
    assert thursday.status == Status.PRESENT
    assert thursday.categories == ()
    assert thursday.required_out is not None
    assert thursday.required_out.time() == time(15, 30)
    assert friday is not None
    assert friday.status == Status.WEEKEND


def test_approved_bdr_and_the_agency_holiday_reach_the_engine(agency_b: Agency) -> None:
    with schema_context(agency_b.schema_name):
        root = OrgUnit.objects.get(parent=None)
        officer = officer_create(data=OfficerData("900101035026", "PEGAWAI", root), actor=None)
        Arrangement.objects.create(
            officer=officer,
            kind=Arrangement.Kind.BDR,
            starts_on=THURSDAY,
            ends_on=THURSDAY,
            status=Arrangement.Status.APPROVED,
            decided_at=timezone.now(),
        )
        wednesday = date(2026, 11, 25)
        PublicHoliday.objects.create(date=wednesday, name="Cuti Peristiwa Agensi")

        bdr = day_evaluate(officer, THURSDAY, [at(THURSDAY, 8, 0, PunchKind.IN, Place.HOME)])
        holiday = day_evaluate(officer, wednesday)

    assert bdr is not None
    assert bdr.status == Status.BDR
    assert holiday is not None
    assert holiday.status == Status.PUBLIC_HOLIDAY
    assert any("Cuti Peristiwa Agensi" in reason.ms for reason in holiday.reasons)
