"""Deciding and cancelling arrangement requests through the services: who may decide (a
supervisor or head of department with the permission, within reach; the org admin; never one's
own), the rejection note, the officer's cancellation, and the org admin's approvers. A refused
change leaves nothing behind."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import Role
from tenant_apps.audit.models import AuditEntry
from tenant_apps.people.models import Officer
from tenant_apps.worktime.arrangement_selectors import (
    approved_arrangements_on,
    arrangements_of,
    arrangements_to_decide,
    can_decide,
)
from tenant_apps.worktime.arrangement_services import (
    approver_grant,
    approver_revoke,
    arrangement_cancel,
    arrangement_decide,
)
from tenant_apps.worktime.models import Arrangement
from tenants.models import Agency
from tests.worktime.test_arrangements_services import World, apply, build_world, refused, today

Status = Arrangement.Status


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


def make_approver(world: World, officer: Officer) -> User:
    approver_grant(user=officer.user, actor=world.admin)
    return User.objects.get(pk=officer.user_id)


def test_a_supervisor_with_the_permission_approves_a_subordinate(world: World) -> None:
    arrangement = apply(world.officer)
    approver = make_approver(world, world.supervisor)

    assert list(arrangements_to_decide(approver)) == [arrangement]
    decided = arrangement_decide(arrangement=arrangement, approve=True, note="", actor=approver)

    arrangement.refresh_from_db()
    assert (arrangement.status, arrangement.decided_by) == (Status.APPROVED, approver)
    assert decided.decided_at is not None
    assert list(approved_arrangements_on(world.officer, arrangement.starts_on)) == [arrangement]
    assert not approved_arrangements_on(world.officer, arrangement.ends_on + timedelta(days=1))
    entry = AuditEntry.objects.get(action="worktime.arrangement_approve")
    assert (entry.object_id, entry.actor) == (str(arrangement.pk), approver)


def test_a_supervisor_without_the_permission_cannot_decide(world: World) -> None:
    arrangement = apply(world.officer)
    supervisor = world.supervisor.user

    assert not arrangements_to_decide(supervisor).exists()
    refused(
        "not_approver",
        arrangement_decide,
        arrangement=arrangement,
        approve=True,
        note="",
        actor=supervisor,
    )
    arrangement.refresh_from_db()
    assert arrangement.status == Status.PENDING


def test_an_approver_cannot_decide_outside_their_reach(world: World) -> None:
    arrangement = apply(world.officer)
    outsider = make_approver(world, world.outsider)

    assert not can_decide(outsider, arrangement)
    refused(
        "not_approver",
        arrangement_decide,
        arrangement=arrangement,
        approve=True,
        note="",
        actor=outsider,
    )


def test_a_head_of_department_approves_the_units_granted(world: World) -> None:
    inside = apply(world.officer)
    outside = apply(world.other_unit)
    head = make_approver(world, world.head)

    assert list(arrangements_to_decide(head)) == [inside]
    assert can_decide(head, inside)
    assert not can_decide(head, outside)
    arrangement_decide(arrangement=inside, approve=False, note="Tiada keperluan", actor=head)
    inside.refresh_from_db()
    assert (inside.status, inside.decision_note) == (Status.REJECTED, "Tiada keperluan")


def test_nobody_decides_their_own_request(world: World) -> None:
    supervisor = make_approver(world, world.supervisor)
    own = apply(world.supervisor)
    own_admin = Officer.objects.create(user=world.admin, org_unit=world.officer.org_unit)
    admins_own = apply(own_admin)

    refused(
        "own_request", arrangement_decide, arrangement=own, approve=True, note="", actor=supervisor
    )
    refused(
        "own_request",
        arrangement_decide,
        arrangement=admins_own,
        approve=True,
        note="",
        actor=world.admin,
    )
    assert own not in arrangements_to_decide(supervisor)
    assert admins_own not in arrangements_to_decide(world.admin)
    assert own in arrangements_to_decide(world.admin)


def test_a_rejection_needs_a_note_of_five_characters(world: World) -> None:
    arrangement = apply(world.officer)

    refused(
        "note_required",
        arrangement_decide,
        arrangement=arrangement,
        approve=False,
        note=" abc ",
        actor=world.admin,
    )
    arrangement_decide(arrangement=arrangement, approve=False, note="Tidak", actor=world.admin)

    arrangement.refresh_from_db()
    assert arrangement.status == Status.REJECTED
    entry = AuditEntry.objects.get(action="worktime.arrangement_reject")
    assert entry.detail["note"] == "Tidak"


def test_only_a_pending_request_is_decided(world: World) -> None:
    arrangement = apply(world.officer)
    arrangement_decide(arrangement=arrangement, approve=True, note="", actor=world.admin)

    refused(
        "not_pending",
        arrangement_decide,
        arrangement=arrangement,
        approve=False,
        note="Salah pilih",
        actor=world.admin,
    )


def test_the_officer_cancels_a_pending_or_future_approved_request(world: World) -> None:
    pending = apply(world.officer)
    refused("cancel_not_own", arrangement_cancel, arrangement=pending, actor=world.admin)
    arrangement_cancel(arrangement=pending, actor=world.officer.user)
    approved = apply(world.officer)
    arrangement_decide(arrangement=approved, approve=True, note="", actor=world.admin)
    arrangement_cancel(arrangement=approved, actor=world.officer.user)

    statuses = set(arrangements_of(world.officer).values_list("status", flat=True))
    assert statuses == {Status.CANCELLED}
    assert AuditEntry.objects.filter(action="worktime.arrangement_cancel").count() == 2


def test_an_approved_request_already_started_or_a_decided_one_cannot_be_cancelled(
    world: World,
) -> None:
    started = apply(world.officer, starts_on=today(), ends_on=today())
    arrangement_decide(arrangement=started, approve=True, note="", actor=world.admin)
    rejected = apply(world.officer)
    arrangement_decide(arrangement=rejected, approve=False, note="Tidak perlu", actor=world.admin)

    refused("cannot_cancel", arrangement_cancel, arrangement=started, actor=world.officer.user)
    refused("cannot_cancel", arrangement_cancel, arrangement=rejected, actor=world.officer.user)


def test_the_org_admin_gives_and_takes_the_permission_audited(world: World) -> None:
    refused("not_admin", approver_grant, user=world.man.user, actor=world.supervisor.user)
    approver_grant(user=world.supervisor.user, actor=world.admin)
    refused("already_approver", approver_grant, user=world.supervisor.user, actor=world.admin)

    assert User.objects.get(pk=world.supervisor.user_id).has_perm("worktime.approve_arrangement")
    approver_revoke(user=world.supervisor.user, actor=world.admin)
    refused("not_approver_user", approver_revoke, user=world.supervisor.user, actor=world.admin)
    assert not User.objects.get(pk=world.supervisor.user_id).has_perm(
        "worktime.approve_arrangement"
    )
    actions = list(
        AuditEntry.objects.filter(object_type="accounts.user").values_list("action", flat=True)
    )
    assert sorted(actions) == ["worktime.approver_grant", "worktime.approver_revoke"]


def test_the_permission_through_a_group_counts_too(world: World) -> None:
    group = Group.objects.get(name=Role.SUPERVISOR.value)
    group.permissions.add(Permission.objects.get(codename="approve_arrangement"))
    arrangement = apply(world.officer)

    assert can_decide(world.supervisor.user, arrangement)
    assert not can_decide(world.outsider.user, arrangement)
