"""Pemangkuan, self-service: a supervisor names an acting officer for a date range; inside it the
acting officer has the supervisor's reach (and so decides the subordinates' requests if they may
approve), and the grant ends by itself after its last day. Refusals change nothing; every
delegation and its end are audited; /org/delegation/ answers 404 to anyone else."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import Role
from tenant_apps.audit.models import AuditEntry
from tenant_apps.people.delegation import delegation_create, delegation_end
from tenant_apps.people.models import ActingSupervisor, Officer, OrgUnit
from tenant_apps.people.officer_services import OfficerData, officer_create
from tenant_apps.people.selectors import supervised_officer_ids, supervisor_users_of
from tenant_apps.people.services import PeopleError
from tenant_apps.worktime.arrangement_selectors import arrangements_to_decide, can_decide
from tenant_apps.worktime.arrangement_services import (
    WorktimeError,
    approver_grant,
    arrangement_apply,
    arrangement_decide,
)
from tenant_apps.worktime.models import Arrangement
from tenants.models import Agency
from tests.conftest import PASSWORD, host_of
from tests.movements.helpers import World, build_world, client_for, officer_new

STAND_IN = "850505165134"  # the acting officer (Pemangku)


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


@pytest.fixture
def stand_in(world: World) -> Officer:
    return officer_new(STAND_IN, "PEMANGKU PENYELIA")


def today() -> date:
    return timezone.localdate()


def delegate(world: World, acting: Officer, **overrides: Any) -> ActingSupervisor:
    values: dict[str, Any] = {
        "supervisor": world.supervisor,
        "acting": acting,
        "starts_on": today(),
        "ends_on": today() + timedelta(days=2),
        "reason": "Cuti tahunan",
        "actor": world.supervisor.user,
    }
    values.update(overrides)
    return delegation_create(**values)


def refused(code: str, call: Callable[..., Any], **arguments: Any) -> None:
    entries = AuditEntry.objects.count()
    with pytest.raises(PeopleError) as caught:
        call(**arguments)
    assert caught.value.code == code
    assert AuditEntry.objects.count() == entries


def on_day(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    """Make ``day`` the local date for everything that asks (reach, approvals)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


# --- Creating ----------------------------------------------------------------------------------


def test_a_supervisor_names_an_acting_officer_and_it_is_audited(
    world: World, stand_in: Officer
) -> None:
    delegation = delegate(world, stand_in, reason="  Kursus   di INTAN  ")

    assert (delegation.acting, delegation.for_supervisor) == (stand_in, world.supervisor)
    assert (delegation.reason, delegation.created_by) == ("Kursus di INTAN", world.supervisor.user)
    entry = AuditEntry.objects.get(action="people.delegation_create")
    assert entry.actor == world.supervisor.user
    assert entry.detail == {
        "delegation": delegation.pk,
        "acting": stand_in.pk,
        "starts_on": today().isoformat(),
        "ends_on": (today() + timedelta(days=2)).isoformat(),
        "reason": "Kursus di INTAN",
    }
    assert AuditEntry.objects.filter(action="people.acting_create").count() == 1
    assert stand_in.user.groups.filter(name=Role.SUPERVISOR.value).exists()


@pytest.mark.parametrize(
    ("code", "overrides"),
    [
        ("starts_past", {"starts_on": -1}),
        ("dates_order", {"starts_on": 3, "ends_on": 2}),
        ("too_long", {"starts_on": 0, "ends_on": 180}),
        ("reason_length", {"reason": "  ab "}),
        ("reason_length", {"reason": "x" * 201}),
    ],
)
def test_a_delegation_breaking_a_rule_is_refused(
    world: World, stand_in: Officer, code: str, overrides: dict[str, Any]
) -> None:
    # Integers are days from today.
    values = {
        key: today() + timedelta(days=value) if isinstance(value, int) else value
        for key, value in overrides.items()
    }

    refused(code, delegate, world=world, acting=stand_in, **values)

    assert not ActingSupervisor.objects.exists()


def test_180_days_is_the_longest_delegation(world: World, stand_in: Officer) -> None:
    delegation = delegate(world, stand_in, ends_on=today() + timedelta(days=179))

    assert (delegation.ends_on - delegation.starts_on).days + 1 == 180


def test_who_may_delegate_to_whom(world: World, stand_in: Officer) -> None:
    # The officer supervises nobody; the supervisor cannot act for themselves or name someone
    # inactive; nobody delegates in another supervisor's name.
    refused(
        "not_supervisor",
        delegate,
        world=world,
        acting=stand_in,
        supervisor=world.officer,
        actor=world.officer.user,
    )
    refused("not_supervisor", delegate, world=world, acting=stand_in, actor=world.outsider.user)
    refused("acting_self", delegate, world=world, acting=world.supervisor)
    Officer.objects.filter(pk=stand_in.pk).update(status=Officer.Status.INACTIVE)
    stand_in.refresh_from_db()
    refused("acting_inactive", delegate, world=world, acting=stand_in)

    assert not ActingSupervisor.objects.exists()


def test_overlapping_delegations_are_refused(world: World, stand_in: Officer) -> None:
    delegate(
        world, stand_in, starts_on=today() + timedelta(days=5), ends_on=today() + timedelta(days=9)
    )

    for start, end in ((3, 5), (9, 12), (6, 7), (1, 20)):
        refused(
            "overlap",
            delegate,
            world=world,
            acting=world.man,
            starts_on=today() + timedelta(days=start),
            ends_on=today() + timedelta(days=end),
        )
    delegate(
        world,
        world.man,
        starts_on=today() + timedelta(days=10),
        ends_on=today() + timedelta(days=10),
    )

    assert ActingSupervisor.objects.count() == 2


# --- Reach in and out of the range: the grant ends by itself -----------------------------------


def test_the_acting_reach_holds_inside_the_range_only(world: World, stand_in: Officer) -> None:
    first = today() + timedelta(days=1)
    last = today() + timedelta(days=3)
    delegate(world, stand_in, starts_on=first, ends_on=last)
    team = {world.officer.pk, world.man.pk}

    assert supervised_officer_ids(stand_in.user, on=today()) == set()
    assert supervised_officer_ids(stand_in.user, on=first) == team
    assert supervised_officer_ids(stand_in.user, on=last) == team
    assert supervised_officer_ids(stand_in.user, on=last + timedelta(days=1)) == set()
    # Notifications about the team reach the acting officer on the same days.
    assert stand_in.user in supervisor_users_of(world.officer, on=last)
    assert stand_in.user not in supervisor_users_of(world.officer, on=last + timedelta(days=1))
    # The supervisor keeps their own reach throughout.
    assert supervised_officer_ids(world.supervisor.user, on=first) == team


def _approver(officer: Officer, world: World) -> User:
    approver_grant(user=officer.user, actor=world.admin)
    return User.objects.get(pk=officer.user_id)


def _bdr(officer: Officer) -> Arrangement:
    start = today() + timedelta(days=10)
    return arrangement_apply(
        officer=officer,
        kind=Arrangement.Kind.BDR,
        scope="full",
        starts_on=start,
        ends_on=start,
        expected_delivery=None,
        reason="Anak sakit",
        actor=officer.user,
    )


def test_approvals_reach_the_acting_supervisor_inside_the_range_only(
    world: World, stand_in: Officer, monkeypatch: pytest.MonkeyPatch
) -> None:
    acting = _approver(stand_in, world)
    first, last = today() + timedelta(days=1), today() + timedelta(days=2)
    delegate(world, stand_in, starts_on=first, ends_on=last)
    request = _bdr(world.officer)

    # Before the range: nothing to decide, and a decision is refused.
    assert list(arrangements_to_decide(acting)) == []
    with pytest.raises(WorktimeError) as caught:
        arrangement_decide(arrangement=request, approve=True, note="", actor=acting)
    assert caught.value.code == "not_approver"

    # The day after the range: the same.
    on_day(monkeypatch, last + timedelta(days=1))
    assert list(arrangements_to_decide(acting)) == []
    assert not can_decide(acting, request)

    # Inside the range (its last day): the request is in the acting officer's inbox.
    on_day(monkeypatch, last)
    assert list(arrangements_to_decide(acting)) == [request]
    decided = arrangement_decide(arrangement=request, approve=True, note="", actor=acting)

    assert (decided.status, decided.decided_by) == (Arrangement.Status.APPROVED, acting)


def test_an_ended_delegation_gives_no_approvals(world: World, stand_in: Officer) -> None:
    acting = _approver(stand_in, world)
    request = _bdr(world.man)
    ActingSupervisor.objects.create(
        acting=stand_in,
        for_supervisor=world.supervisor,
        starts_on=today() - timedelta(days=5),
        ends_on=today() - timedelta(days=1),
    )

    assert list(arrangements_to_decide(acting)) == []
    with pytest.raises(WorktimeError):
        arrangement_decide(arrangement=request, approve=False, note="Tidak sesuai", actor=acting)
    request.refresh_from_db()
    assert request.status == Arrangement.Status.PENDING


# --- Ending --------------------------------------------------------------------------------------


def test_a_delegation_not_started_is_cancelled(world: World, stand_in: Officer) -> None:
    delegation = delegate(
        world, stand_in, starts_on=today() + timedelta(days=4), ends_on=today() + timedelta(days=6)
    )

    assert delegation_end(delegation=delegation, actor=world.supervisor.user) is None

    assert not ActingSupervisor.objects.exists()
    entry = AuditEntry.objects.get(action="people.delegation_cancel")
    assert entry.detail["reason"] == "Cuti tahunan"
    assert entry.detail["ends_now"] is None


def test_a_running_delegation_ends_now(world: World, stand_in: Officer) -> None:
    delegation = ActingSupervisor.objects.create(
        acting=stand_in,
        for_supervisor=world.supervisor,
        starts_on=today() - timedelta(days=2),
        ends_on=today() + timedelta(days=5),
        reason="Cuti sakit",
    )
    assert supervised_officer_ids(stand_in.user) == {world.officer.pk, world.man.pk}

    kept = delegation_end(delegation=delegation, actor=world.supervisor.user)

    assert kept is not None
    assert kept.ends_on == today() - timedelta(days=1)
    assert supervised_officer_ids(stand_in.user) == set()
    assert AuditEntry.objects.get(action="people.delegation_end").detail["ends_now"] == (
        (today() - timedelta(days=1)).isoformat()
    )
    refused("already_ended", delegation_end, delegation=kept, actor=world.supervisor.user)


def test_only_the_supervisor_ends_their_delegation(world: World, stand_in: Officer) -> None:
    delegation = delegate(world, stand_in)

    for actor in (stand_in.user, world.outsider.user, world.admin):
        refused("not_yours", delegation_end, delegation=delegation, actor=actor)

    assert ActingSupervisor.objects.filter(pk=delegation.pk).exists()


# --- The page ------------------------------------------------------------------------------------


def test_the_supervisor_delegates_and_cancels_on_the_page(
    world: World, stand_in: Officer, agency_a: Agency
) -> None:
    client = client_for(agency_a, "supervisor")
    form = {
        "action": "create",
        "acting": stand_in.pk,
        "starts_on": today().isoformat(),
        "ends_on": (today() + timedelta(days=1)).isoformat(),
        "reason": "Cuti tahunan",
    }

    page = client.get("/org/delegation/").content.decode()
    created = client.post("/org/delegation/", form)
    overlap = client.post("/org/delegation/", form | {"acting": world.man.pk})
    too_long = client.post(
        "/org/delegation/",
        form
        | {
            "starts_on": (today() + timedelta(days=10)).isoformat(),
            "ends_on": (today() + timedelta(days=200)).isoformat(),
        },
    )
    delegation = ActingSupervisor.objects.get()
    listed = client.get("/org/delegation/").content.decode()

    assert 'data-testid="delegation-form"' in page
    assert f'value="{world.supervisor.pk}"' not in page  # not oneself
    assert created.status_code == 302
    assert overlap.status_code == too_long.status_code == 400
    assert 'data-testid="field-error-starts_on"' in overlap.content.decode()
    assert 'data-testid="field-error-ends_on"' in too_long.content.decode()
    assert f'data-testid="delegation-{delegation.pk}"' in listed
    # The acting officer sees what they hold, but cannot end it.
    held = client_for(agency_a, STAND_IN).get("/org/delegation/").content.decode()
    assert f'data-testid="held-{delegation.pk}"' in held
    assert 'data-testid="delegation-form"' not in held
    assert (
        client_for(agency_a, STAND_IN)
        .post("/org/delegation/", {"action": "end", "delegation": delegation.pk})
        .status_code
        == 404
    )
    ended = client.post("/org/delegation/", {"action": "end", "delegation": delegation.pk})
    assert ended.status_code == 302
    assert not ActingSupervisor.objects.exists()  # it started today: removed


def test_the_page_is_404_for_anyone_else(world: World, agency_a: Agency) -> None:
    delegation = ActingSupervisor.objects.create(
        acting=world.man, for_supervisor=world.supervisor, starts_on=today(), ends_on=today()
    )

    for key in ("officer", "outsider", "head", "admin"):
        assert client_for(agency_a, key).get("/org/delegation/").status_code == 404
    # Another supervisor cannot end it by id.
    other = officer_new("860606165156", "PENYELIA KEDUA")
    officer_new("860606165167", "ANAK BUAH KEDUA", supervisor=other)
    response = client_for(agency_a, "860606165156").post(
        "/org/delegation/", {"action": "end", "delegation": delegation.pk}
    )
    assert response.status_code == 404
    assert ActingSupervisor.objects.filter(pk=delegation.pk).exists()


def test_a_delegation_of_agency_a_is_not_found_on_agency_b(
    world: World, stand_in: Officer, agency_a: Agency, agency_b: Agency
) -> None:
    delegation = delegate(world, stand_in)
    boss_login, staff_login = "870707165178", "870707165189"
    with schema_context(agency_b.schema_name):
        root = OrgUnit.objects.get(parent=None)
        boss = officer_create(data=OfficerData(boss_login, "PENYELIA B", root), actor=None)
        officer_create(
            data=OfficerData(staff_login, "PEGAWAI B", root, supervisor=boss), actor=None
        )
        boss.user.set_password(PASSWORD)
        boss.user.save()
        boss.user.groups.add(Group.objects.get(name=Role.OFFICER.value))
        assert not ActingSupervisor.objects.filter(pk=delegation.pk).exists()
    client = Client(HTTP_HOST=host_of(agency_b))
    assert client.post("/login/", {"mykad": boss_login, "password": PASSWORD}).status_code == 302

    page = client.get("/org/delegation/")
    response = client.post("/org/delegation/", {"action": "end", "delegation": delegation.pk})

    assert page.status_code == 200
    assert f'data-testid="delegation-{delegation.pk}"' not in page.content.decode()
    assert response.status_code == 404
    with schema_context(agency_a.schema_name):
        assert ActingSupervisor.objects.filter(pk=delegation.pk).exists()
