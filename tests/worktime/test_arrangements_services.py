"""Applying for an arrangement through the services: each rule of an application, and its audit
entry. A refused application leaves nothing behind. The world built here (units, officers, a head
of department, the org admin) serves the other arrangement tests too."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import Role
from tenant_apps.audit.models import AuditEntry
from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.people.officer_services import OfficerData, officer_create
from tenant_apps.people.services import executive_grant, unit_create
from tenant_apps.worktime.arrangement_services import (
    WorktimeError,
    arrangement_apply,
    arrangement_cancel,
    arrangement_decide,
)
from tenant_apps.worktime.models import Arrangement
from tenants.models import Agency
from tests.conftest import PASSWORD, make_user

Kind = Arrangement.Kind
Status = Arrangement.Status


@dataclass
class World:
    officer: Officer  # a woman in Seksyen Kewangan, supervised by ``supervisor``
    man: Officer  # also supervised by ``supervisor``
    supervisor: Officer
    outsider: Officer  # supervises nobody here
    head: Officer  # an executive granted Bahagian Khidmat Pengurusan
    other_unit: Officer  # in Seksyen ICT, outside the head's grant
    admin: User


LOGINS = {
    "officer": "920202165028",
    "man": "900101165017",
    "supervisor": "800101165013",
    "outsider": "810101165011",
    "head": "750101165031",
    "other_unit": "910101165019",
    "admin": "700101165039",
}


def _officer(key: str, name: str, unit: OrgUnit, **extra: Any) -> Officer:
    officer = officer_create(
        data=OfficerData(login_id=LOGINS[key], full_name=name, org_unit=unit, **extra),
        actor=None,
    )
    officer.user.set_password(PASSWORD)
    officer.user.save()
    return officer


def build_world(agency: Agency) -> World:
    """Call inside the agency's schema."""
    from django.contrib.auth.models import Group

    root = OrgUnit.objects.get(parent=None)
    bahagian = unit_create(name="Bahagian Khidmat Pengurusan", short_name="BKP", parent=root)
    kewangan = unit_create(name="Seksyen Kewangan", short_name="SKW", parent=bahagian)
    ict = unit_create(name="Seksyen ICT", short_name="SICT", parent=root)
    supervisor = _officer("supervisor", "PENYELIA SATU", bahagian, gender="male")
    head = _officer("head", "KETUA JABATAN", bahagian, gender="male")
    head.user.groups.add(Group.objects.get(name=Role.EXECUTIVE.value))
    executive_grant(executive=head.user, unit=bahagian)
    return World(
        officer=_officer(
            "officer", "PEGAWAI WANITA", kewangan, supervisor=supervisor, gender="female"
        ),
        man=_officer("man", "PEGAWAI LELAKI", kewangan, supervisor=supervisor, gender="male"),
        supervisor=supervisor,
        outsider=_officer("outsider", "PENYELIA LAIN", ict, gender="male"),
        head=head,
        other_unit=_officer("other_unit", "PEGAWAI ICT", ict, gender="female"),
        admin=make_user(agency, LOGINS["admin"], roles=(Role.OFFICER, Role.ORG_ADMIN)),
    )


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


def today() -> date:
    return timezone.localdate()


def apply(officer: Officer, **overrides: Any) -> Arrangement:
    values: dict[str, Any] = {
        "kind": Kind.BDR,
        "scope": "full",
        "starts_on": today() + timedelta(days=7),
        "ends_on": today() + timedelta(days=8),
        "expected_delivery": None,
        "reason": "Anak sakit",
        "actor": officer.user,
    }
    values.update(overrides)
    return arrangement_apply(officer=officer, **values)


def pregnancy(officer: Officer, **overrides: Any) -> Arrangement:
    delivery = today() + timedelta(weeks=10)
    values: dict[str, Any] = {
        "kind": Kind.PREGNANCY_EARLY_LEAVE,
        "starts_on": today(),
        "ends_on": delivery - timedelta(days=1),
        "expected_delivery": delivery,
    }
    values.update(overrides)
    return apply(officer, **values)


def refused(code: str, call: Any, *args: Any, **kwargs: Any) -> None:
    entries = AuditEntry.objects.count()
    with pytest.raises(WorktimeError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code
    assert AuditEntry.objects.count() == entries


def test_an_application_is_pending_and_audited(world: World) -> None:
    arrangement = apply(world.officer, scope="am")

    assert (arrangement.status, arrangement.scope) == (Status.PENDING, "am")
    assert arrangement.created_by == world.officer.user
    entry = AuditEntry.objects.get(object_type="worktime.arrangement", object_id=arrangement.pk)
    assert entry.action == "worktime.arrangement_apply"
    assert entry.actor == world.officer.user
    assert "BDR (am)" in entry.summary
    assert "PEGAWAI WANITA" in entry.summary


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"ends_on": -1}, "dates_order"),
        ({"starts_on": -31, "ends_on": -31}, "too_far_back"),
        ({"scope": "evening"}, "scope"),
        ({"kind": "holiday"}, "kind"),
        ({"kind": Kind.RAMADAN_SHORT_REST, "scope": "am"}, "scope_bdr_only"),
        ({"expected_delivery": 60}, "delivery_pregnancy_only"),
    ],
)
def test_an_application_breaking_a_rule_is_refused(
    world: World, overrides: dict[str, Any], code: str
) -> None:
    # Integers are days from today.
    values = {
        key: today() + timedelta(days=value) if isinstance(value, int) else value
        for key, value in overrides.items()
    }

    refused(code, apply, world.officer, **values)

    assert not Arrangement.objects.exists()


def test_a_request_may_start_up_to_30_days_ago(world: World) -> None:
    start = today() - timedelta(days=30)

    arrangement = apply(world.officer, starts_on=start, ends_on=start)

    assert arrangement.starts_on == start


def test_a_request_may_not_overlap_another_pending_or_approved_one_of_its_kind(
    world: World,
) -> None:
    first = apply(world.officer)
    refused("overlap", apply, world.officer, starts_on=first.ends_on, ends_on=first.ends_on)
    arrangement_decide(arrangement=first, approve=True, note="", actor=world.admin)
    refused("overlap", apply, world.officer, scope="pm")

    # Another kind on the same days, and the same days once the first is cancelled, are fine.
    pregnancy(world.officer)
    arrangement_cancel(arrangement=first, actor=world.officer.user)
    assert apply(world.officer).status == Status.PENDING


def test_pregnancy_early_leave_is_for_women_or_officers_whose_gender_is_not_stated(
    world: World,
) -> None:
    refused("pregnancy_gender", pregnancy, world.man)
    Officer.objects.filter(pk=world.man.pk).update(gender=Officer.Gender.UNKNOWN)
    world.man.refresh_from_db()

    assert pregnancy(world.man).status == Status.PENDING
    assert pregnancy(world.other_unit).status == Status.PENDING


def test_pregnancy_early_leave_needs_the_expected_delivery_date(world: World) -> None:
    refused("delivery_missing", pregnancy, world.officer, expected_delivery=None)


def test_pregnancy_early_leave_ends_the_day_before_the_expected_delivery(world: World) -> None:
    delivery = today() + timedelta(weeks=10)
    refused("pregnancy_end", pregnancy, world.officer, ends_on=delivery, expected_delivery=delivery)

    arrangement = pregnancy(world.officer, expected_delivery=delivery)

    assert arrangement.ends_on == delivery - timedelta(days=1)
    assert arrangement.expected_delivery == delivery


def test_pregnancy_early_leave_starts_from_the_22nd_week(world: World) -> None:
    delivery = today() + timedelta(weeks=20)
    week_22 = delivery - timedelta(weeks=18)
    refused(
        "pregnancy_too_early",
        pregnancy,
        world.officer,
        starts_on=week_22 - timedelta(days=1),
        expected_delivery=delivery,
    )

    assert pregnancy(world.officer, starts_on=week_22, expected_delivery=delivery)


def test_the_ramadan_rest_covers_at_most_30_days(world: World) -> None:
    start = today() + timedelta(days=3)
    ramadan = {"kind": Kind.RAMADAN_SHORT_REST, "starts_on": start}
    refused("ramadan_too_long", apply, world.officer, ends_on=start + timedelta(days=30), **ramadan)

    assert apply(world.officer, ends_on=start + timedelta(days=29), **ramadan).scope == "full"


def test_only_the_officer_or_the_org_admin_applies(world: World) -> None:
    refused("not_own", apply, world.officer, actor=world.supervisor.user)

    assert apply(world.officer, actor=world.admin).created_by == world.admin
