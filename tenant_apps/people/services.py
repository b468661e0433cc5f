"""Writes of the people app's organisation chart and roles. Each runs in the current schema (the
caller picks the agency). Officers are written by tenant_apps.people.officer_services."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import User
from tenant_apps.audit.services import audit_record
from tenant_apps.people.models import OrgUnit
from tenant_apps.people.roles import ROLE_PERMISSIONS
from tenant_apps.people.selectors import unit_descendant_ids


class PeopleError(Exception):
    """A refused change, with a stable code (the page translates it) and an English message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@transaction.atomic
def root_org_unit_ensure(*, name: str, short_name: str) -> OrgUnit:
    """The agency's top-level unit, created on first call. An existing root is returned as it is
    (the org admin may have renamed it)."""
    root = OrgUnit.objects.filter(parent__isnull=True).first()
    if root is not None:
        return root
    try:
        with transaction.atomic():
            return OrgUnit.objects.create(name=name, short_name=short_name, parent=None)
    except IntegrityError:
        # Another request created it between our read and our write.
        return OrgUnit.objects.get(parent__isnull=True)


def role_permissions_ensure() -> None:
    """Give each role group its model permissions (tenant_apps.people.roles). Idempotent."""
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = [code.split(".", 1) for code in codes]
        permissions = Permission.objects.filter(
            content_type__app_label__in={app for app, _ in wanted},
            codename__in=[codename for _, codename in wanted],
        )
        group.permissions.add(*permissions)


def _name_checked(name: str) -> str:
    name = " ".join(name.split())
    if len(name) < 2:
        raise PeopleError("unit_name", "A unit needs a name of at least 2 characters.")
    return name


@transaction.atomic
def unit_create(
    *, name: str, short_name: str = "", parent: OrgUnit, actor: User | None = None
) -> OrgUnit:
    if not parent.is_active:
        raise PeopleError("parent_inactive", "A unit cannot be added under an inactive unit.")
    unit = OrgUnit.objects.create(
        name=_name_checked(name), short_name=short_name.strip(), parent=parent
    )
    audit_record(
        actor=actor,
        action="people.unit_create",
        target=unit,
        summary=f"Unit {unit.name} added under {parent.name}",
    )
    return unit


@transaction.atomic
def unit_rename(
    *, unit: OrgUnit, name: str, short_name: str = "", actor: User | None = None
) -> OrgUnit:
    before = unit.name
    unit.name = _name_checked(name)
    unit.short_name = short_name.strip()
    unit.save(update_fields=["name", "short_name", "updated_at"])
    audit_record(
        actor=actor,
        action="people.unit_rename",
        target=unit,
        summary=f"Unit {before} renamed {unit.name}",
    )
    return unit


@transaction.atomic
def unit_move(*, unit: OrgUnit, new_parent: OrgUnit, actor: User | None = None) -> OrgUnit:
    """Move a unit (with everything below it) under another unit; never under itself or one of
    its own descendants, and the top-level unit stays on top."""
    locked = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if locked.parent_id is None:
        raise PeopleError("root_fixed", "The agency's top-level unit cannot be moved.")
    if new_parent.pk in unit_descendant_ids([locked.pk]):
        raise PeopleError(
            "move_cycle", "A unit cannot be moved under itself or one of its own units."
        )
    if not new_parent.is_active:
        raise PeopleError("parent_inactive", "A unit cannot be moved under an inactive unit.")
    locked.parent = new_parent
    locked.save(update_fields=["parent", "updated_at"])
    audit_record(
        actor=actor,
        action="people.unit_move",
        target=locked,
        summary=f"Unit {locked.name} moved under {new_parent.name}",
    )
    return locked


@transaction.atomic
def unit_deactivate(*, unit: OrgUnit, actor: User | None = None) -> OrgUnit:
    """Deactivate a unit that no active officer or active unit depends on; history stays."""
    if unit.parent_id is None:
        raise PeopleError("root_fixed", "The agency's top-level unit cannot be deactivated.")
    if unit.children.filter(is_active=True).exists():
        raise PeopleError("unit_has_units", "Deactivate or move the units under it first.")
    if unit.officers.filter(status="active").exists():
        raise PeopleError("unit_has_officers", "Move its active officers to another unit first.")
    unit.is_active = False
    unit.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=actor,
        action="people.unit_deactivate",
        target=unit,
        summary=f"Unit {unit.name} deactivated",
    )
    return unit


@transaction.atomic
def unit_activate(*, unit: OrgUnit, actor: User | None = None) -> OrgUnit:
    if unit.parent is not None and not unit.parent.is_active:
        raise PeopleError("parent_inactive", "Activate the unit above it first.")
    unit.is_active = True
    unit.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=actor,
        action="people.unit_activate",
        target=unit,
        summary=f"Unit {unit.name} activated",
    )
    return unit


def executive_grant(*, executive: User, unit: OrgUnit, actor: User | None = None) -> None:
    """Let an executive see ``unit``, the units below it and their officers."""
    assign_perm("people.view_unit_tree", executive, unit)
    audit_record(
        actor=actor,
        action="people.executive_grant",
        target=unit,
        summary=f"{executive.full_name} may see {unit.name} and the units below it",
    )


def executive_revoke(*, executive: User, unit: OrgUnit, actor: User | None = None) -> None:
    remove_perm("people.view_unit_tree", executive, unit)
    audit_record(
        actor=actor,
        action="people.executive_revoke",
        target=unit,
        summary=f"{executive.full_name} no longer sees {unit.name}",
    )
