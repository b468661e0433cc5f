"""Approvals follow a delegation: while an officer acts for a supervisor who may approve BDR and
early-leave requests, the acting officer decides the requests of that supervisor's team, and
only inside the delegation's dates; the grant ends by itself."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.people.models import ActingSupervisor
from tenant_apps.worktime.arrangement_selectors import (
    arrangements_to_decide,
    can_decide,
    delegated_officer_ids,
    may_approve,
)
from tenant_apps.worktime.arrangement_services import approver_grant
from tenants.models import Agency
from tests.worktime.test_arrangements_services import World, apply, build_world


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


def test_the_acting_officer_decides_the_teams_requests_inside_the_dates_only(
    world: World,
) -> None:
    today = timezone.localdate()
    approver_grant(user=world.supervisor.user, actor=world.admin)
    request = apply(world.officer)
    acting = world.outsider  # holds no approval permission of their own
    assert not may_approve(acting.user)
    ActingSupervisor.objects.create(
        acting=acting,
        for_supervisor=world.supervisor,
        starts_on=today,
        ends_on=today + timedelta(days=1),
        reason="Cuti rehat",
    )

    assert may_approve(acting.user)
    assert can_decide(acting.user, request)
    assert list(arrangements_to_decide(acting.user)) == [request]
    assert world.officer.pk in delegated_officer_ids(acting.user, on=today + timedelta(days=1))
    assert delegated_officer_ids(acting.user, on=today + timedelta(days=2)) == set()
    assert delegated_officer_ids(acting.user, on=today - timedelta(days=1)) == set()


def test_acting_for_a_supervisor_without_the_permission_grants_no_approvals(
    world: World,
) -> None:
    today = timezone.localdate()
    request = apply(world.officer)
    ActingSupervisor.objects.create(
        acting=world.outsider,
        for_supervisor=world.supervisor,
        starts_on=today,
        ends_on=today,
        reason="Kursus",
    )
    assert not can_decide(world.outsider.user, request)
    assert not may_approve(world.outsider.user)
