"""Requests for BDR, pregnancy early leave and the Ramadan shortened rest: the officer's own list
and form, the approvers' inbox, one request with its audit trail, and the org admin's list of
approvers. Views parse and check reach; arrangement_services writes. A request outside the
actor's reach answers 404, as does the inbox for someone who decides nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_stubs_ext import StrPromise

from accounts.models import User
from tenant_apps.people.access import org_admin_required, request_user, visible_or_404
from tenant_apps.people.selectors import actor_officer, is_org_admin
from tenant_apps.worktime.arrangement_forms import (
    ERROR_FIELDS,
    ApproverForm,
    ArrangementForm,
    DecisionForm,
)
from tenant_apps.worktime.arrangement_selectors import (
    approvers_by_group,
    approvers_direct,
    arrangement_audit_trail,
    arrangement_list_visible_to,
    arrangements_of,
    arrangements_to_decide,
    can_cancel,
    can_decide,
    may_approve,
)
from tenant_apps.worktime.arrangement_services import (
    WorktimeError,
    approver_grant,
    approver_revoke,
    arrangement_apply,
    arrangement_cancel,
    arrangement_decide,
)

PAGE_SIZE = 50

# The audit trail of one request, as people read it.
TRAIL_LABELS: dict[str, StrPromise] = {
    "worktime.arrangement_apply": gettext_lazy("Requested"),
    "worktime.arrangement_approve": gettext_lazy("Approved"),
    "worktime.arrangement_reject": gettext_lazy("Rejected"),
    "worktime.arrangement_cancel": gettext_lazy("Cancelled"),
}


def _nav(actor: User) -> dict[str, Any]:
    return {"is_approver": may_approve(actor), "is_admin": is_org_admin(actor)}


@login_required
def request_list_view(request: HttpRequest) -> HttpResponse:
    actor = request_user(request)
    officer = actor_officer(actor)
    form = ArrangementForm(request.POST or None) if officer is not None else None
    if request.method == "POST":
        if officer is None or form is None:
            raise Http404
        if form.is_valid():
            try:
                arrangement_apply(officer=officer, actor=actor, **form.cleaned_data)
            except WorktimeError as exc:
                form.add_error(ERROR_FIELDS.get(exc.code), exc.message)
            else:
                messages.success(request, _("Your request has been sent for approval."))
                return redirect("worktime:request-list")
    page = None
    if officer is not None:
        page = Paginator(arrangements_of(officer), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "officer": officer, **_nav(actor)}
    status = 400 if form is not None and form.errors else 200
    return render(request, "worktime/arrangement_list.html", context, status=status)


@login_required
def approvals_view(request: HttpRequest) -> HttpResponse:
    actor = request_user(request)
    if not may_approve(actor):
        raise Http404
    page = Paginator(arrangements_to_decide(actor), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "worktime/arrangement_approvals.html", {"page": page, **_nav(actor)})


@login_required
def request_detail_view(request: HttpRequest, arrangement_id: int) -> HttpResponse:
    actor = request_user(request)
    arrangement = visible_or_404(arrangement_list_visible_to(actor=actor), arrangement_id)
    trail = [
        (entry, TRAIL_LABELS.get(entry.action, entry.summary))
        for entry in arrangement_audit_trail(arrangement)
    ]
    context = {
        "arrangement": arrangement,
        "trail": trail,
        "can_decide": can_decide(actor, arrangement),
        "can_cancel": can_cancel(actor, arrangement),
        "decision_form": DecisionForm(),
        **_nav(actor),
    }
    return render(request, "worktime/arrangement_detail.html", context)


@login_required
@require_POST
def request_decide_view(request: HttpRequest, arrangement_id: int) -> HttpResponse:
    actor = request_user(request)
    if not may_approve(actor):
        raise Http404
    arrangement = visible_or_404(arrangement_list_visible_to(actor=actor), arrangement_id)
    back = (
        redirect("worktime:request-detail", arrangement_id=arrangement.pk)
        if request.POST.get("back") == "detail"
        else redirect("worktime:approvals")
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or reject."))
        return back
    approve = form.cleaned_data["decision"] == "approve"
    try:
        arrangement_decide(
            arrangement=arrangement, approve=approve, note=form.cleaned_data["note"], actor=actor
        )
    except WorktimeError as exc:
        messages.error(request, exc.message)
        return back
    name = arrangement.officer.user.full_name
    if approve:
        messages.success(request, _("The request of %(name)s is approved.") % {"name": name})
    else:
        messages.success(request, _("The request of %(name)s is rejected.") % {"name": name})
    return back


@login_required
@require_POST
def request_cancel_view(request: HttpRequest, arrangement_id: int) -> HttpResponse:
    actor = request_user(request)
    arrangement = visible_or_404(arrangement_list_visible_to(actor=actor), arrangement_id)
    try:
        arrangement_cancel(arrangement=arrangement, actor=actor)
    except WorktimeError as exc:
        messages.error(request, exc.message)
        return redirect("worktime:request-detail", arrangement_id=arrangement.pk)
    messages.success(request, _("Your request has been cancelled."))
    return redirect("worktime:request-list")


@org_admin_required
def approvers_view(request: HttpRequest) -> HttpResponse:
    actor = request_user(request)
    form = ApproverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data["login_id"]
        try:
            approver_grant(user=user, actor=actor)
        except WorktimeError as exc:
            form.add_error("login_id", exc.message)
        else:
            messages.success(
                request, _("%(name)s may now approve requests.") % {"name": user.full_name}
            )
            return redirect("worktime:approvers")
    context = {
        "form": form,
        "direct": approvers_direct().select_related("officer__org_unit"),
        "by_group": approvers_by_group(),
        **_nav(actor),
    }
    return render(
        request,
        "worktime/arrangement_approvers.html",
        context,
        status=400 if form.errors else 200,
    )


@org_admin_required
@require_POST
def approver_remove_view(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request_user(request)
    user = visible_or_404(approvers_direct(), user_id)
    try:
        approver_revoke(user=user, actor=actor)
    except WorktimeError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("%(name)s may no longer approve requests.") % {"name": user.full_name}
        )
    return redirect("worktime:approvers")
