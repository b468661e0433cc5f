"""The agency's own holidays and switching the package's holidays off and on."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import schema_context

from tenant_apps.audit.models import AuditEntry
from tenant_apps.worktime.models import PublicHoliday
from tenant_apps.worktime.policy_services import WorktimeAdminError
from tenant_apps.worktime.roster_services import holiday_add, holiday_toggle
from tenants.models import Agency
from tests.conftest import make_user


def test_the_agency_adds_its_own_holiday_and_a_replacement_day(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        actor = make_user(agency_a, "700101165039", full_name="PENTADBIR A")

        own = holiday_add(actor=actor, day=date(2026, 12, 24), name=" Cuti  Peristiwa ")
        replacement = holiday_add(
            actor=actor, day=date(2026, 12, 28), name="Hari Krismas", replacement=True
        )

        assert (own.name, own.source, own.is_active) == (
            "Cuti Peristiwa",
            PublicHoliday.Source.AGENCY,
            True,
        )
        assert replacement.name == "Hari Krismas (cuti ganti)"
        entries = AuditEntry.objects.filter(action="worktime.holiday_add").order_by("id")
        assert [(e.object_id, e.actor_id) for e in entries] == [
            (str(own.pk), actor.pk),
            (str(replacement.pk), actor.pk),
        ]


@pytest.mark.parametrize(
    ("name", "code"), [("X", "holiday_name"), ("Hari Kebangsaan", "holiday_exists")]
)
def test_a_holiday_without_a_name_or_already_there_is_refused(
    agency_a: Agency, name: str, code: str
) -> None:
    with schema_context(agency_a.schema_name):
        before = PublicHoliday.objects.count()

        with pytest.raises(WorktimeAdminError) as refusal:
            holiday_add(actor=None, day=date(2026, 8, 31), name=name)

        assert refusal.value.code == code
        assert PublicHoliday.objects.count() == before


def test_a_package_holiday_is_switched_off_and_on_again(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        holiday = PublicHoliday.objects.get(date=date(2026, 8, 31), name="Hari Kebangsaan")

        holiday_toggle(actor=None, holiday=holiday, active=False)
        holiday_toggle(actor=None, holiday=holiday, active=False)  # no change, no entry
        holiday.refresh_from_db()
        assert holiday.is_active is False
        holiday_toggle(actor=None, holiday=holiday, active=True)

        holiday.refresh_from_db()
        assert holiday.is_active is True
        actions = AuditEntry.objects.filter(object_id=str(holiday.pk)).order_by("id")
        assert [e.action for e in actions.filter(object_type="worktime.publicholiday")] == [
            "worktime.holiday_off",
            "worktime.holiday_on",
        ]
