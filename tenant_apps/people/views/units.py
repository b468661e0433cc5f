"""Org units (Unit Organisasi): the tree, and the org admin's changes to it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from guardian.shortcuts import get_users_with_perms

from accounts.models import User
from tenant_apps.people.access import org_admin_required, request_user, visible_or_404
from tenant_apps.people.forms import GrantForm, UnitForm, UnitMoveForm
from tenant_apps.people.messages import people_error_message
from tenant_apps.people.models import OrgUnit
from tenant_apps.people.selectors import (
    is_org_admin,
    officer_list_visible_to,
    unit_descendant_ids,
    unit_list_visible_to,
)
from tenant_apps.people.services import (
    PeopleError,
    executive_grant,
    executive_revoke,
    unit_activate,
    unit_create,
    unit_deactivate,
    unit_move,
    unit_rename,
)


def _tree(units: list[OrgUnit]) -> list[dict[str, Any]]:
    """Nested nodes from a flat list; a unit whose parent is out of reach becomes a root."""
    children: dict[int, list[dict[str, Any]]] = {u.pk: [] for u in units}
    nodes = {u.pk: {"unit": u, "children": children[u.pk]} for u in units}
    roots: list[dict[str, Any]] = []
    for unit in units:
        parent_children = children.get(unit.parent_id) if unit.parent_id else None
        (parent_children if parent_children is not None else roots).append(nodes[unit.pk])
    return roots


@login_required
def unit_tree_view(request: HttpRequest) -> HttpResponse:
    actor = request_user(request)
    units = list(unit_list_visible_to(actor=actor).order_by("name"))
    if not is_org_admin(actor):
        units = [u for u in units if u.is_active]
    return render(
        request,
        "people/unit_tree.html",
        {"tree": _tree(units), "is_admin": is_org_admin(actor), "count": len(units)},
    )


@login_required
def unit_detail_view(request: HttpRequest, unit_id: int) -> HttpResponse:
    actor = request_user(request)
    unit = visible_or_404(unit_list_visible_to(actor=actor), unit_id)
    return render(request, "people/unit_detail.html", _unit_context(actor, unit))


def _unit_context(actor: User, unit: OrgUnit, **forms: Any) -> dict[str, Any]:
    admin = is_org_admin(actor)
    movable_to = OrgUnit.objects.filter(is_active=True).exclude(
        pk__in=unit_descendant_ids([unit.pk])
    )
    path: list[OrgUnit] = []
    above = unit.parent
    while above is not None:
        path.insert(0, above)
        above = above.parent
    return {
        "unit": unit,
        "path": path,
        "children": unit.children.order_by("name"),
        "officers": officer_list_visible_to(actor=actor).filter(org_unit=unit)[:200],
        "is_admin": admin,
        "rename_form": forms.get("rename_form")
        or UnitForm(initial={"name": unit.name, "short_name": unit.short_name}),
        "child_form": forms.get("child_form") or UnitForm(prefix="child"),
        "move_form": forms.get("move_form") or UnitMoveForm(units=movable_to),
        "grant_form": forms.get("grant_form") or GrantForm(),
        "executives": get_users_with_perms(unit, only_with_perms_in=["view_unit_tree"])
        if admin
        else [],
    }


def _unit_for_admin(request: HttpRequest, unit_id: int) -> OrgUnit:
    return visible_or_404(unit_list_visible_to(actor=request_user(request)), unit_id)


@org_admin_required
@require_POST
def unit_action_view(request: HttpRequest, unit_id: int, action: str) -> HttpResponse:
    actor = request_user(request)
    unit = _unit_for_admin(request, unit_id)
    try:
        if action == "rename":
            form = UnitForm(request.POST)
            if not form.is_valid():
                return _invalid(request, actor, unit, rename_form=form)
            unit_rename(unit=unit, actor=actor, **form.cleaned_data)
            messages.success(request, _("The unit has been renamed."))
        elif action == "add":
            form = UnitForm(request.POST, prefix="child")
            if not form.is_valid():
                return _invalid(request, actor, unit, child_form=form)
            child = unit_create(parent=unit, actor=actor, **form.cleaned_data)
            messages.success(request, _("%(name)s has been added.") % {"name": child.name})
        elif action == "move":
            movable = OrgUnit.objects.filter(is_active=True)
            move_form = UnitMoveForm(request.POST, units=movable)
            if not move_form.is_valid():
                return _invalid(request, actor, unit, move_form=move_form)
            unit_move(unit=unit, new_parent=move_form.cleaned_data["parent"], actor=actor)
            messages.success(request, _("The unit has been moved."))
        elif action == "deactivate":
            unit_deactivate(unit=unit, actor=actor)
            messages.success(request, _("The unit is no longer active."))
        elif action == "activate":
            unit_activate(unit=unit, actor=actor)
            messages.success(request, _("The unit is active again."))
        elif action == "grant":
            grant = GrantForm(request.POST)
            if not grant.is_valid():
                return _invalid(request, actor, unit, grant_form=grant)
            executive_grant(executive=grant.cleaned_data["executive"], unit=unit, actor=actor)
            messages.success(request, _("The executive now sees this unit and the units below it."))
        else:
            return redirect("people:unit-detail", unit_id=unit.pk)
    except PeopleError as exc:
        messages.error(request, people_error_message(exc))
    return redirect("people:unit-detail", unit_id=unit.pk)


def _invalid(request: HttpRequest, actor: User, unit: OrgUnit, **forms: Any) -> HttpResponse:
    return render(
        request, "people/unit_detail.html", _unit_context(actor, unit, **forms), status=400
    )


@org_admin_required
@require_POST
def unit_revoke_view(request: HttpRequest, unit_id: int, user_id: int) -> HttpResponse:
    unit = _unit_for_admin(request, unit_id)
    executive = User.objects.filter(pk=user_id).first()
    if executive is not None:
        executive_revoke(executive=executive, unit=unit, actor=request_user(request))
        messages.success(request, _("The grant has been removed."))
    return redirect("people:unit-detail", unit_id=unit.pk)
