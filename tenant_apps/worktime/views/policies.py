"""The org admin's pages of work policies: the families with their versions, a new policy or a
new version, and who works under which policy. Anyone else gets 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tenant_apps.people.access import org_admin_required, request_user, visible_or_404
from tenant_apps.people.models import OrgUnit
from tenant_apps.worktime.admin_forms import (
    PolicyForm,
    PolicyOfficerAssignForm,
    PolicyUnitAssignForm,
    add_refusal,
)
from tenant_apps.worktime.models import WorkPolicy
from tenant_apps.worktime.policy_services import (
    WorktimeAdminError,
    policy_assign_officer,
    policy_assign_unit,
    policy_version_create,
)
from tenant_apps.worktime.selectors import (
    policy_assignment_list,
    policy_family_list,
    policy_latest_versions,
)

ASSIGNMENTS_SHOWN = 200


@org_admin_required
def policy_list_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    families = policy_family_list()
    current_ids = {
        v.pk
        for family in families
        for v in family.versions
        if v.effective_from <= today and (v.effective_to is None or v.effective_to >= today)
    }
    context = {"families": families, "current_ids": current_ids, "section": "policies"}
    return render(request, "worktime/policy_list.html", context)


def _form_page(request: HttpRequest, form: PolicyForm, family: WorkPolicy | None) -> HttpResponse:
    context = {"form": form, "family": family, "section": "policies"}
    status = 400 if form.is_bound else 200
    return render(request, "worktime/policy_form.html", context, status=status)


@org_admin_required
def policy_create_view(request: HttpRequest) -> HttpResponse:
    return _policy_form(request, family=None)


@org_admin_required
def policy_version_create_view(request: HttpRequest, policy_id: int) -> HttpResponse:
    chosen = visible_or_404(WorkPolicy.objects.all(), policy_id)
    latest = WorkPolicy.objects.filter(name=chosen.name).order_by("-effective_from").first()
    return _policy_form(request, family=latest or chosen)


def _policy_form(request: HttpRequest, *, family: WorkPolicy | None) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, PolicyForm(family=family), family)
    form = PolicyForm(request.POST, family=family)
    if form.is_valid():
        try:
            policy = policy_version_create(
                actor=request_user(request), data=form.policy_data(), family=family
            )
        except WorktimeAdminError as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(
                request,
                _("%(name)s is in force from %(day)s.")
                % {"name": policy.name, "day": f"{policy.effective_from:%d/%m/%Y}"},
            )
            return redirect("worktime:policy-list")
    return _form_page(request, form, family)


def _assign_context(
    request: HttpRequest,
    unit_form: PolicyUnitAssignForm | None = None,
    officer_form: PolicyOfficerAssignForm | None = None,
) -> dict[str, Any]:
    policies = policy_latest_versions()
    units = OrgUnit.objects.filter(is_active=True).order_by("name")
    return {
        "unit_form": unit_form
        or PolicyUnitAssignForm(prefix="unit", policies=policies, units=units),
        "officer_form": officer_form
        or PolicyOfficerAssignForm(prefix="officer", policies=policies),
        "assignments": policy_assignment_list()[:ASSIGNMENTS_SHOWN],
        "today": timezone.localdate(),
        "section": "assign",
    }


@org_admin_required
def policy_assign_view(request: HttpRequest) -> HttpResponse:
    """GET: the forms and the assignments; POST with ``target`` "unit" or "officer"."""
    if request.method != "POST":
        return render(request, "worktime/policy_assign.html", _assign_context(request))
    actor = request_user(request)
    policies = policy_latest_versions()
    form: PolicyUnitAssignForm | PolicyOfficerAssignForm
    if request.POST.get("target") == "officer":
        form = PolicyOfficerAssignForm(request.POST, prefix="officer", policies=policies)
        forms: dict[str, Any] = {"officer_form": form}
    else:
        units = OrgUnit.objects.filter(is_active=True)
        form = PolicyUnitAssignForm(request.POST, prefix="unit", policies=policies, units=units)
        forms = {"unit_form": form}
    if form.is_valid():
        data = form.cleaned_data
        try:
            if isinstance(form, PolicyOfficerAssignForm):
                policy_assign_officer(
                    actor=actor,
                    policy=data["policy"],
                    officer=data["officer"],
                    effective_from=data["effective_from"],
                )
            else:
                policy_assign_unit(
                    actor=actor,
                    policy=data["policy"],
                    unit=data["unit"],
                    effective_from=data["effective_from"],
                )
        except WorktimeAdminError as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(request, _("The policy has been assigned."))
            return redirect("worktime:policy-assign")
    return render(
        request, "worktime/policy_assign.html", _assign_context(request, **forms), status=400
    )
