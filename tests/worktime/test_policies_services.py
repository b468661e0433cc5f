"""The rules of policy versions and policy assignments; each refusal changes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.audit.models import AuditEntry
from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.people.officer_services import OfficerData, officer_create, officer_status_set
from tenant_apps.people.services import unit_create, unit_deactivate
from tenant_apps.worktime.models import PolicyAssignment, WorkPolicy
from tenant_apps.worktime.policy_services import (
    PolicyData,
    WorktimeAdminError,
    policy_assign_officer,
    policy_assign_unit,
    policy_validate,
    policy_version_create,
)
from tenants.models import Agency
from tests.conftest import make_user

TODAY = timezone.localdate()
WBF = PolicyData(name="WBF Kaunter", kind=WorkPolicy.Kind.WBF, effective_from=TODAY)
FIXED = replace(
    WBF, name="Tetap", kind=WorkPolicy.Kind.FIXED, start_time=time(8), end_time=time(17)
)
SHIFT = replace(FIXED, name="Syif", kind=WorkPolicy.Kind.SHIFT)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (replace(WBF, name=" x "), "policy_name"),
        (replace(WBF, kind="flexi"), "policy_kind"),
        (replace(WBF, grace_minutes=61), "grace_range"),
        (replace(WBF, grace_minutes=-1), "grace_range"),
        (replace(WBF, check_in_start=time(7, 0)), "wbf_window"),
        (replace(WBF, check_in_end=time(9, 30)), "wbf_window"),
        (replace(WBF, check_in_start=time(9), check_in_end=time(8)), "wbf_window"),
        (replace(WBF, check_in_start=time(8), check_in_end=time(8)), "wbf_window"),
        (replace(WBF, span_minutes=0), "span_range"),
        (replace(WBF, span_minutes=24 * 60 + 1), "span_range"),
        (replace(WBF, short_day_span_minutes=541), "short_day_span"),
        (replace(WBF, short_day_span_minutes=0), "short_day_span"),
        (replace(WBF, rest_minutes=540), "rest_range"),
        (replace(FIXED, end_time=None), "times_required"),
        (replace(SHIFT, start_time=None), "times_required"),
        (replace(FIXED, start_time=time(17), end_time=time(8)), "fixed_order"),
        (replace(FIXED, end_time=time(8)), "fixed_order"),
        (replace(SHIFT, end_time=time(8)), "shift_times"),
        (replace(SHIFT, day_split=time(12)), "day_split"),
        (replace(SHIFT, start_time=time(22), end_time=time(7), day_split=time(3)), "day_split"),
    ],
)
def test_a_policy_breaking_a_rule_is_refused_and_nothing_is_saved(
    agency_a: Agency, data: PolicyData, code: str
) -> None:
    with schema_context(agency_a.schema_name):
        before = (WorkPolicy.objects.count(), AuditEntry.objects.count())

        with pytest.raises(WorktimeAdminError) as refusal:
            policy_version_create(actor=None, data=data)

        assert refusal.value.code == code
        assert refusal.value.message
        assert (WorkPolicy.objects.count(), AuditEntry.objects.count()) == before


def test_fixed_hours_span_is_the_time_from_start_to_end() -> None:
    checked = policy_validate(replace(FIXED, end_time=time(16, 30), day_split=time(3)))

    assert (checked.span_minutes, checked.day_split) == (510, None)


def test_an_overnight_shift_spans_midnight() -> None:
    checked = policy_validate(
        replace(SHIFT, start_time=time(22), end_time=time(7), day_split=time(12))
    )

    assert (checked.span_minutes, checked.day_split) == (540, time(12))


def test_wbf_keeps_its_window_and_drops_times() -> None:
    checked = policy_validate(
        replace(WBF, name="  WBF   Kaunter ", start_time=time(8), grace_minutes=60)
    )

    assert (checked.name, checked.start_time, checked.grace_minutes) == ("WBF Kaunter", None, 60)
    assert (checked.check_in_start, checked.check_in_end) == (time(7, 30), time(9))


def test_a_new_version_closes_the_previous_one_and_is_audited(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        actor = make_user(agency_a, "700101165039", full_name="PENTADBIR A")
        first = policy_version_create(
            actor=actor, data=replace(WBF, effective_from=TODAY - timedelta(days=90))
        )

        second = policy_version_create(
            actor=actor, family=first, data=replace(WBF, name="Lain", grace_minutes=10)
        )

        first.refresh_from_db()
        assert first.effective_to == TODAY - timedelta(days=1)
        assert first.grace_minutes == 0
        assert (second.name, second.effective_from, second.effective_to) == (
            "WBF Kaunter",
            TODAY,
            None,
        )
        entries = AuditEntry.objects.filter(object_type="worktime.workpolicy").order_by("id")
        assert [(e.action, e.object_id, e.actor_id) for e in entries] == [
            ("worktime.policy_create", str(first.pk), actor.pk),
            ("worktime.policy_version_create", str(second.pk), actor.pk),
        ]
        assert entries.last().detail["previous_version"] == first.pk  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("offset", "code"), [(-1, "version_past"), (5, "version_order"), (4, "version_order")]
)
def test_a_version_in_the_past_or_before_the_latest_is_refused(
    agency_a: Agency, offset: int, code: str
) -> None:
    with schema_context(agency_a.schema_name):
        first = policy_version_create(
            actor=None, data=replace(WBF, effective_from=date(2026, 1, 1))
        )
        latest = policy_version_create(
            actor=None, family=first, data=replace(WBF, effective_from=TODAY + timedelta(days=5))
        )
        before = list(WorkPolicy.objects.filter(name=first.name).values_list("pk", "effective_to"))

        with pytest.raises(WorktimeAdminError) as refusal:
            policy_version_create(
                actor=None,
                family=latest,
                data=replace(WBF, effective_from=TODAY + timedelta(days=offset)),
            )

        assert refusal.value.code == code
        after = list(WorkPolicy.objects.filter(name=first.name).values_list("pk", "effective_to"))
        assert after == before


def test_a_new_policy_cannot_take_a_family_name(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        policy_version_create(actor=None, data=WBF)

        with pytest.raises(WorktimeAdminError) as refusal:
            policy_version_create(actor=None, data=replace(WBF, name="wbf kaunter"))

        assert refusal.value.code == "name_taken"


def test_a_second_default_over_the_same_days_is_refused_until_the_first_stops(
    agency_a: Agency,
) -> None:
    with schema_context(agency_a.schema_name):
        default = WorkPolicy.objects.get(is_default=True)
        wanted = replace(WBF, is_default=True, effective_from=TODAY + timedelta(days=1))

        with pytest.raises(WorktimeAdminError) as refusal:
            policy_version_create(actor=None, data=wanted)
        policy_version_create(
            actor=None, family=default, data=replace(WBF, effective_from=wanted.effective_from)
        )
        new_default = policy_version_create(actor=None, data=wanted)

        assert refusal.value.code == "default_taken"
        assert new_default.is_default
        assert WorkPolicy.objects.filter(is_default=True, effective_to__isnull=True).get() == (
            new_default
        )


def test_a_unit_assignment_closes_the_previous_one(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        unit = unit_create(name="Bahagian Khidmat", parent=OrgUnit.objects.get(parent=None))
        policy = policy_version_create(actor=None, data=FIXED)
        first = policy_assign_unit(
            actor=None, policy=policy, unit=unit, effective_from=TODAY - timedelta(days=10)
        )

        second = policy_assign_unit(actor=None, policy=policy, unit=unit, effective_from=TODAY)

        first.refresh_from_db()
        assert first.effective_to == TODAY - timedelta(days=1)
        assert (second.unit_id, second.officer_id, second.effective_to) == (unit.pk, None, None)
        assert AuditEntry.objects.filter(
            action="worktime.policy_assign_unit", object_id=str(second.pk)
        ).exists()

        with pytest.raises(WorktimeAdminError) as refusal:
            policy_assign_unit(actor=None, policy=policy, unit=unit, effective_from=TODAY)
        assert refusal.value.code == "assignment_order"
        assert PolicyAssignment.objects.filter(unit=unit).count() == 2


def test_inactive_units_and_officers_get_no_policy(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        top = OrgUnit.objects.get(parent=None)
        unit = unit_create(name="Bahagian Lama", parent=top)
        unit_deactivate(unit=unit)
        officer = officer_create(
            data=OfficerData(login_id="800101165013", full_name="PEGAWAI", org_unit=top),
            actor=None,
        )
        officer_status_set(officer=officer, status=Officer.Status.INACTIVE, since=TODAY, actor=None)
        policy = policy_version_create(actor=None, data=FIXED)

        with pytest.raises(WorktimeAdminError) as unit_refusal:
            policy_assign_unit(actor=None, policy=policy, unit=unit, effective_from=TODAY)
        with pytest.raises(WorktimeAdminError) as officer_refusal:
            policy_assign_officer(actor=None, policy=policy, officer=officer, effective_from=TODAY)

        assert (unit_refusal.value.code, officer_refusal.value.code) == (
            "unit_inactive",
            "officer_inactive",
        )
        assert not PolicyAssignment.objects.exists()
