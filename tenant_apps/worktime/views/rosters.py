"""The org admin's shift rosters: the list, a new roster, changes, and who is on it. Anyone else
gets 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenant_apps.people.access import org_admin_required, request_user, visible_or_404
from tenant_apps.worktime.admin_forms import RosterAssignForm, RosterForm, add_refusal
from tenant_apps.worktime.models import Roster, WorkPolicy
from tenant_apps.worktime.policy_services import WorktimeAdminError
from tenant_apps.worktime.roster_services import roster_assign, roster_create, roster_update
from tenant_apps.worktime.selectors import (
    policy_latest_versions,
    roster_assignment_list,
    roster_list,
)


def _cycle(roster: Roster, names: dict[int, str]) -> list[str]:
    rest = _("Rest")
    return [
        rest if entry is None else names.get(int(entry), f"#{entry}") for entry in roster.pattern
    ]


def _policy_names() -> dict[int, str]:
    return dict(WorkPolicy.objects.values_list("pk", "name"))


def _list_page(
    request: HttpRequest, form: RosterForm | None = None, status: int = 200
) -> HttpResponse:
    names = _policy_names()
    rosters = [(roster, _cycle(roster, names)) for roster in roster_list()]
    context = {
        "rosters": rosters,
        "legend": policy_latest_versions(),
        "form": form or RosterForm(),
        "section": "rosters",
    }
    return render(request, "worktime/roster_list.html", context, status=status)


@org_admin_required
def roster_list_view(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


@org_admin_required
@require_POST
def roster_create_view(request: HttpRequest) -> HttpResponse:
    form = RosterForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            roster = roster_create(
                actor=request_user(request),
                name=data["name"],
                anchor=data["anchor"],
                pattern=data["pattern"],
            )
        except WorktimeAdminError as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": roster.name})
            return redirect("worktime:roster-detail", roster_id=roster.pk)
    return _list_page(request, form, status=400)


def _detail_page(
    request: HttpRequest, roster: Roster, status: int = 200, **forms: Any
) -> HttpResponse:
    edit = forms.get("form") or RosterForm(
        initial={
            "name": roster.name,
            "anchor": roster.anchor,
            "pattern": RosterForm.pattern_text(list(roster.pattern)),
            "is_active": roster.is_active,
        }
    )
    context = {
        "roster": roster,
        "cycle": _cycle(roster, _policy_names()),
        "legend": policy_latest_versions(),
        "form": edit,
        "assign_form": forms.get("assign_form") or RosterAssignForm(prefix="assign"),
        "assignments": roster_assignment_list(roster),
        "section": "rosters",
    }
    return render(request, "worktime/roster_detail.html", context, status=status)


@org_admin_required
def roster_detail_view(request: HttpRequest, roster_id: int) -> HttpResponse:
    return _detail_page(request, visible_or_404(Roster.objects.all(), roster_id))


@org_admin_required
@require_POST
def roster_update_view(request: HttpRequest, roster_id: int) -> HttpResponse:
    roster = visible_or_404(Roster.objects.all(), roster_id)
    form = RosterForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            roster_update(actor=request_user(request), roster=roster, **data)
        except WorktimeAdminError as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("The roster has been saved."))
            return redirect("worktime:roster-detail", roster_id=roster.pk)
    return _detail_page(request, roster, status=400, form=form)


@org_admin_required
@require_POST
def roster_assign_view(request: HttpRequest, roster_id: int) -> HttpResponse:
    roster = visible_or_404(Roster.objects.all(), roster_id)
    form = RosterAssignForm(request.POST, prefix="assign")
    if form.is_valid():
        try:
            roster_assign(
                actor=request_user(request),
                roster=roster,
                officer=form.cleaned_data["officer"],
                effective_from=form.cleaned_data["effective_from"],
            )
        except WorktimeAdminError as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("The officer is on the roster."))
            return redirect("worktime:roster-detail", roster_id=roster.pk)
    return _detail_page(request, roster, status=400, assign_form=form)
