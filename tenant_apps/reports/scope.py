"""Whose numbers a user may read in reports: the org admin the whole agency, an executive the
units granted to them (and below), a supervisor their current subordinates. A unit or officer
filter can only narrow this, never widen it: asking for something outside answers 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from accounts.models import User
from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.people.selectors import (
    executive_unit_ids,
    is_org_admin,
    supervised_officer_ids,
    unit_descendant_ids,
)


@dataclass(frozen=True)
class Scope:
    officer_ids: list[int]
    unit_ids: set[int] | None  # None: every unit (org admin)
    whole_agency: bool


def scope_of(actor: User) -> Scope:
    """Everything the actor may report on. Empty for an officer with no one in reach."""
    if is_org_admin(actor):
        ids = list(Officer.objects.order_by("pk").values_list("pk", flat=True))
        return Scope(ids, None, True)
    units = executive_unit_ids(actor)
    reach: set[int] = set(supervised_officer_ids(actor))
    if units:
        reach |= set(Officer.objects.filter(org_unit_id__in=units).values_list("pk", flat=True))
    return Scope(sorted(reach), units, False)


def may_report(actor: User) -> bool:
    return bool(scope_of(actor).officer_ids)


def narrowed(scope: Scope, *, unit_id: int | None, officer_id: int | None) -> list[int]:
    """The scope's officers in the unit (and the units below it) and/or the one officer. 404
    when the unit or officer lies outside the scope."""
    ids = scope.officer_ids
    if unit_id is not None:
        if not OrgUnit.objects.filter(pk=unit_id).exists():
            raise Http404
        below = unit_descendant_ids([unit_id])
        if scope.unit_ids is not None and not below & scope.unit_ids:
            raise Http404
        in_unit = set(Officer.objects.filter(org_unit_id__in=below).values_list("pk", flat=True))
        ids = [pk for pk in ids if pk in in_unit]
    if officer_id is not None:
        if officer_id not in set(scope.officer_ids):
            raise Http404
        ids = [pk for pk in ids if pk == officer_id]
    return ids
