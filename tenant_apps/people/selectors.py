"""Who may see whom. Every page, API and report asks these selectors, never its own query, so the
answer is the same everywhere. Anything outside an actor's reach is simply not in the queryset: a
view that looks an object up through them answers 404, so ids cannot be probed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from accounts.models import User
from accounts.roles import Role
from tenant_apps.people.models import ActingSupervisor, OfficeLocation, Officer, OrgUnit


def is_org_admin(actor: User) -> bool:
    """Asked several times a request (views and selectors): answered once per user object."""
    cached: bool | None = getattr(actor, "_spotme_is_org_admin", None)
    if cached is None:
        cached = actor.is_active and actor.groups.filter(name=Role.ORG_ADMIN.value).exists()
        actor._spotme_is_org_admin = cached  # type: ignore[attr-defined]
    return cached


def org_admins() -> list[User]:
    """The agency's active Pentadbir Organisasi (whom the platform tells about devices and
    integrations)."""
    return list(User.objects.filter(is_active=True, groups__name=Role.ORG_ADMIN.value).distinct())


def actor_officer(actor: User) -> Officer | None:
    return Officer.objects.filter(user=actor).first()


def unit_descendant_ids(unit_ids: Iterable[int]) -> set[int]:
    """The units and all units below them (one query: an agency has at most a few thousand)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in OrgUnit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found: set[int] = set()
    stack = list(unit_ids)
    while stack:
        pk = stack.pop()
        if pk in found:
            continue
        found.add(pk)
        stack.extend(children.get(pk, []))
    return found


def executive_unit_ids(actor: User) -> set[int]:
    """The units granted to an executive (django-guardian ``view_unit_tree``) and below."""
    if not actor.groups.filter(name=Role.EXECUTIVE.value).exists():
        return set()
    granted = get_objects_for_user(
        actor,
        "people.view_unit_tree",
        klass=OrgUnit,
        with_superuser=False,
        accept_global_perms=False,
    ).values_list("pk", flat=True)
    return unit_descendant_ids(granted)


def supervised_officer_ids(actor: User, *, on: date | None = None) -> set[int]:
    """The actor's current subordinates (direct and second-level), plus those of any supervisor
    the actor is acting for on ``on`` (today by default)."""
    me = actor_officer(actor)
    if me is None:
        return set()
    day = on or timezone.localdate()
    acting_for = ActingSupervisor.objects.filter(
        acting=me, starts_on__lte=day, ends_on__gte=day
    ).values_list("for_supervisor_id", flat=True)
    return set(
        Officer.objects.filter(
            Q(supervisor=me) | Q(second_supervisor=me) | Q(supervisor_id__in=list(acting_for))
        ).values_list("pk", flat=True)
    )


def officer_list_visible_to(*, actor: User, on: date | None = None) -> QuerySet[Officer]:
    officers = Officer.objects.select_related("user", "org_unit", "supervisor__user")
    if is_org_admin(actor):
        return officers
    reach = Q(user=actor)
    units = executive_unit_ids(actor)
    if units:
        reach |= Q(org_unit_id__in=units)
    supervised = supervised_officer_ids(actor, on=on)
    if supervised:
        reach |= Q(pk__in=supervised)
    return officers.filter(reach)


def officer_search(
    officers: QuerySet[Officer], *, query: str, status: str | None, unit_id: int | None
) -> QuerySet[Officer]:
    """Narrow a visible list by name or login ID (start), status and unit; by name."""
    if query:
        key = query.replace("-", "").upper()
        officers = officers.filter(
            Q(user__full_name__icontains=query) | Q(user__login_id__startswith=key)
        )
    if status:
        officers = officers.filter(status=status)
    if unit_id is not None:
        officers = officers.filter(org_unit_id=unit_id)
    return officers.order_by("user__full_name", "pk")


def unit_list_visible_to(*, actor: User) -> QuerySet[OrgUnit]:
    if is_org_admin(actor):
        return OrgUnit.objects.all()
    reach = Q(pk__in=executive_unit_ids(actor))
    me = actor_officer(actor)
    if me is not None:
        reach |= Q(pk=me.org_unit_id)
    return OrgUnit.objects.filter(reach)


def unit_ancestor_ids(unit_id: int) -> set[int]:
    """The unit and every unit above it, up to the agency's top-level unit."""
    parents = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    found: set[int] = set()
    current: int | None = unit_id
    while current is not None and current not in found:
        found.add(current)
        current = parents.get(current)
    return found


def offices_for_officer(officer: Officer) -> QuerySet[OfficeLocation]:
    """The offices where an officer may check in: assigned to them, or to their unit or any unit
    above it (an office of a Bahagian serves its Seksyen too)."""
    return OfficeLocation.objects.filter(
        Q(officers=officer) | Q(units__in=unit_ancestor_ids(officer.org_unit_id))
    ).distinct()


def office_list_visible_to(*, actor: User) -> QuerySet[OfficeLocation]:
    """The org admin sees every office; anyone else the offices that apply to them."""
    if is_org_admin(actor):
        return OfficeLocation.objects.all()
    me = actor_officer(actor)
    if me is None:
        return OfficeLocation.objects.none()
    return offices_for_officer(me)


def officer_line_on(officer: Officer, day: date) -> tuple[int, int | None, int | None]:
    """(unit id, supervisor id, second-level supervisor id) in force on ``day``."""
    line = (
        officer.lines.filter(effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .first()
    )
    if line is None:
        return officer.org_unit_id, officer.supervisor_id, officer.second_supervisor_id
    return line.org_unit_id, line.supervisor_id, line.second_supervisor_id


def supervisor_users_of(officer: Officer, *, on: date | None = None) -> list[User]:
    """Who supervises the officer on ``on`` (today by default): the direct supervisor and whoever
    is acting for them that day. Notifications about the officer go to them."""
    day = on or timezone.localdate()
    supervisor_id = officer.supervisor_id
    if supervisor_id is None:
        return []
    acting_ids = ActingSupervisor.objects.filter(
        for_supervisor_id=supervisor_id, starts_on__lte=day, ends_on__gte=day
    ).values_list("acting_id", flat=True)
    officers = Officer.objects.filter(
        Q(pk=supervisor_id) | Q(pk__in=list(acting_ids)), status=Officer.Status.ACTIVE
    ).select_related("user")
    return [row.user for row in officers if row.user.is_active]
