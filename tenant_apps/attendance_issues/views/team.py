"""The supervisors' inbox (explained issues to decide, one by one or many at once, and the
subordinates' issues still unexplained) and the waiting report for executives and the org admin
(supervisors who let issues wait, issues past their deadline per unit)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from tenant_apps.attendance_issues.forms import ACCEPT, BulkDecideForm
from tenant_apps.attendance_issues.selectors import (
    has_team,
    issue_list_visible_to,
    issues_awaiting_decision,
    issues_unexplained_of_team,
    may_see_waiting,
    supervisors_waiting,
    units_overdue,
)
from tenant_apps.attendance_issues.services import (
    IssueBulkError,
    IssueError,
    issues_decide_bulk,
)
from tenant_apps.attendance_issues.views import PAGE_SIZE, nav
from tenant_apps.people.access import request_user

TAB_AWAITING = "awaiting"
TAB_UNEXPLAINED = "unexplained"


@login_required
def inbox_view(request: HttpRequest) -> HttpResponse:
    """Explained issues of the supervisor's current subordinates, the longest waiting first,
    with checkboxes to accept or reject many at once; or (tab) those still unexplained."""
    actor = request_user(request)
    if not has_team(actor):
        raise Http404
    tab = TAB_UNEXPLAINED if request.GET.get("tab") == TAB_UNEXPLAINED else TAB_AWAITING
    if request.method == "POST":
        return _bulk(request, actor)
    return _inbox(request, actor, tab, BulkDecideForm())


def _inbox(
    request: HttpRequest,
    actor: User,
    tab: str,
    form: BulkDecideForm,
    *,
    errors: dict[int, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    issues = (
        issues_awaiting_decision(actor)
        if tab == TAB_AWAITING
        else issues_unexplained_of_team(actor)
    )
    page = Paginator(issues, PAGE_SIZE).get_page(request.GET.get("page"))
    selected = set(getattr(form, "cleaned_data", {}).get("issue", []))
    for issue in page.object_list:
        issue.selected = issue.pk in selected
        issue.bulk_error = (errors or {}).get(issue.pk, "")
    context = {
        "tab": tab,
        "page": page,
        "form": form,
        "awaiting_count": issues_awaiting_decision(actor).count(),
        "today": timezone.localdate(),
        **nav(actor),
    }
    return render(request, "attendance_issues/inbox.html", context, status=status)


def _bulk(request: HttpRequest, actor: User) -> HttpResponse:
    form = BulkDecideForm(request.POST)
    if not form.is_valid():
        return _inbox(request, actor, TAB_AWAITING, form, status=400)
    ids: list[int] = form.cleaned_data["issue"]
    if not ids:
        form.add_error(None, _("Select at least one issue."))
        return _inbox(request, actor, TAB_AWAITING, form, status=400)
    issues = list(issue_list_visible_to(actor=actor).filter(pk__in=ids))
    if len(issues) != len(set(ids)):
        form.add_error(None, _("Some of the selected issues are no longer in your inbox."))
        return _inbox(request, actor, TAB_AWAITING, form, status=400)
    try:
        decided = issues_decide_bulk(
            issues=issues, actor=actor, accept=form.accept, comment=form.cleaned_data["comment"]
        )
    except IssueError as exc:
        form.add_error("comment" if exc.code.startswith("comment") else None, exc.message)
        return _inbox(request, actor, TAB_AWAITING, form, status=400)
    except IssueBulkError as exc:
        by_id = {issue.pk: issue for issue in issues}
        errors = {pk: error.message for pk, error in exc.errors.items()}
        for pk, message in sorted(errors.items()):
            issue = by_id.get(pk)
            who = f"{issue.officer.user.full_name}, {issue.day:%d/%m/%Y}" if issue else f"#{pk}"
            form.add_error(None, f"{who}: {message}")
        return _inbox(request, actor, TAB_AWAITING, form, errors=errors, status=400)
    count = len(decided)
    if form.cleaned_data["decision"] == ACCEPT:
        text = ngettext("%(n)d explanation accepted.", "%(n)d explanations accepted.", count)
    else:
        text = ngettext("%(n)d explanation rejected.", "%(n)d explanations rejected.", count)
    messages.success(request, text % {"n": count})
    return redirect("attendance_issues:inbox")


@login_required
def waiting_view(request: HttpRequest) -> HttpResponse:
    """For executives (the officers of their granted units) and the org admin (everyone):
    supervisors with explained issues waiting for a decision, and issues past their deadline
    per unit."""
    actor = request_user(request)
    if not may_see_waiting(actor):
        raise Http404
    today = timezone.localdate()
    supervisors = supervisors_waiting(actor=actor, today=today)
    page = Paginator(supervisors, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "units": units_overdue(actor=actor, today=today),
        "today": today,
        **nav(actor),
    }
    return render(request, "attendance_issues/waiting.html", context)
