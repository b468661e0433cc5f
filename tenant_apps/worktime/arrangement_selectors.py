"""Reads of arrangement requests (BDR, pregnancy early leave, Ramadan rest): whose requests an
actor may see and decide, and the approved ones in force on a day (for the attendance engine).

Who approves: the org admin (any officer), or a user holding ``worktime.approve_arrangement``
(given to the user or to one of their groups) for the officers within their reach
(``officer_list_visible_to``): a supervisor's subordinates, a head of department's granted units.
Nobody decides their own request. Anything outside an actor's reach is not in the querysets, so
a page that looks a request up through them answers 404."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from tenant_apps.audit.models import AuditEntry
from tenant_apps.people.models import ActingSupervisor, Officer
from tenant_apps.people.selectors import actor_officer, is_org_admin, officer_list_visible_to
from tenant_apps.worktime.models import Arrangement

APPROVE_APP_LABEL = "worktime"
APPROVE_CODENAME = "approve_arrangement"
APPROVE_PERMISSION = f"{APPROVE_APP_LABEL}.{APPROVE_CODENAME}"

Status = Arrangement.Status


def approve_permission() -> Permission:
    return Permission.objects.get(
        content_type__app_label=APPROVE_APP_LABEL, codename=APPROVE_CODENAME
    )


def holds_approve_permission(actor: User) -> bool:
    """As ``actor.has_perm(APPROVE_PERMISSION)``, read from the database every time (a user
    object's permission cache would miss a grant made after it was loaded)."""
    if not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    held = Q(user_permissions__codename=APPROVE_CODENAME) & Q(
        user_permissions__content_type__app_label=APPROVE_APP_LABEL
    )
    via_group = Q(groups__permissions__codename=APPROVE_CODENAME) & Q(
        groups__permissions__content_type__app_label=APPROVE_APP_LABEL
    )
    return User.objects.filter(pk=actor.pk).filter(held | via_group).exists()


def delegated_officer_ids(actor: User, *, on: date | None = None) -> set[int]:
    """Officers whose requests the actor decides on ``on`` (today) in a delegation: the
    subordinates of every supervisor who holds the approval permission and whom the actor is
    acting for that day. The grant ends with the delegation's last day."""
    me = actor_officer(actor)
    if me is None or not actor.is_active:
        return set()
    day = on or timezone.localdate()
    for_ids = ActingSupervisor.objects.filter(
        acting=me, starts_on__lte=day, ends_on__gte=day
    ).values_list("for_supervisor_id", flat=True)
    holders = [
        supervisor.pk
        for supervisor in Officer.objects.filter(pk__in=list(for_ids)).select_related("user")
        if holds_approve_permission(supervisor.user)
    ]
    if not holders:
        return set()
    return set(
        Officer.objects.filter(Q(supervisor_id__in=holders) | Q(second_supervisor_id__in=holders))
        .exclude(pk=me.pk)
        .values_list("pk", flat=True)
    )


def may_approve(actor: User) -> bool:
    """Whether the actor decides anyone's requests at all (the approvals inbox exists for them)."""
    return actor.is_active and (
        is_org_admin(actor) or holds_approve_permission(actor) or bool(delegated_officer_ids(actor))
    )


def _with_relations(queryset: QuerySet[Arrangement]) -> QuerySet[Arrangement]:
    return queryset.select_related("officer__user", "officer__org_unit", "decided_by")


def arrangements_of(officer: Officer) -> QuerySet[Arrangement]:
    """The officer's requests, latest first."""
    return _with_relations(Arrangement.objects.filter(officer=officer)).order_by(
        "-starts_on", "-pk"
    )


def _reach_ids(actor: User) -> QuerySet[Officer, int]:
    return officer_list_visible_to(actor=actor).values_list("pk", flat=True)


def arrangement_list_visible_to(*, actor: User) -> QuerySet[Arrangement]:
    """The actor's own requests, and those of the officers whose requests they may decide."""
    reach = Q(officer__user=actor)
    if is_org_admin(actor) or holds_approve_permission(actor):
        reach |= Q(officer_id__in=_reach_ids(actor))
    delegated = delegated_officer_ids(actor)
    if delegated:
        reach |= Q(officer_id__in=delegated)
    return _with_relations(Arrangement.objects.filter(reach))


def arrangements_to_decide(actor: User) -> QuerySet[Arrangement]:
    """Pending requests the actor may decide, oldest first."""
    if not actor.is_active:
        return Arrangement.objects.none()
    reach = Q(pk__in=[])
    if is_org_admin(actor) or holds_approve_permission(actor):
        reach |= Q(officer_id__in=_reach_ids(actor))
    delegated = delegated_officer_ids(actor)
    if delegated:
        reach |= Q(officer_id__in=delegated)
    return (
        _with_relations(Arrangement.objects.filter(status=Status.PENDING))
        .filter(reach)
        .exclude(officer__user=actor)
        .order_by("created_at", "pk")
    )


def can_decide(actor: User, arrangement: Arrangement) -> bool:
    """Whether the actor may approve or reject this request now."""
    if arrangement.status != Status.PENDING or not actor.is_active:
        return False
    if arrangement.officer.user_id == actor.pk:
        return False
    if is_org_admin(actor):
        return True
    if arrangement.officer_id in delegated_officer_ids(actor):
        return True
    return (
        holds_approve_permission(actor)
        and officer_list_visible_to(actor=actor).filter(pk=arrangement.officer_id).exists()
    )


def can_cancel(actor: User, arrangement: Arrangement, *, today: date | None = None) -> bool:
    """The officer cancels their own pending request, or an approved one not yet started."""
    if arrangement.officer.user_id != actor.pk:
        return False
    if arrangement.status == Status.PENDING:
        return True
    day = today or timezone.localdate()
    return arrangement.status == Status.APPROVED and arrangement.starts_on > day


def approved_arrangements_on(officer: Officer, day: date) -> QuerySet[Arrangement]:
    """The officer's approved arrangements covering ``day`` (at most one per kind)."""
    return Arrangement.objects.filter(
        officer=officer, status=Status.APPROVED, starts_on__lte=day, ends_on__gte=day
    ).order_by("kind", "pk")


def arrangement_audit_trail(arrangement: Arrangement) -> QuerySet[AuditEntry]:
    """What happened to the request, oldest first."""
    return AuditEntry.objects.filter(
        object_type=Arrangement._meta.label_lower, object_id=str(arrangement.pk)
    ).order_by("created_at", "pk")


def approvers_direct() -> QuerySet[User]:
    """Users given the approve permission one by one (the org admin's page changes these)."""
    return User.objects.filter(
        user_permissions__codename=APPROVE_CODENAME,
        user_permissions__content_type__app_label=APPROVE_APP_LABEL,
    ).order_by("full_name", "pk")


def approvers_by_group() -> QuerySet[User]:
    """Users holding the permission through a group (changed with the group, not here)."""
    return (
        User.objects.filter(
            groups__permissions__codename=APPROVE_CODENAME,
            groups__permissions__content_type__app_label=APPROVE_APP_LABEL,
        )
        .distinct()
        .order_by("full_name", "pk")
    )
