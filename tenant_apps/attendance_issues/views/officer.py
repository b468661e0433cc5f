"""Isu Kehadiran Saya (the officer's issues), one issue with its day and history, explaining,
deciding one issue, and the attachment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from tenant_apps.attendance_issues.forms import (
    ERROR_FIELDS,
    DecideForm,
    ExplainForm,
    IssueFilterForm,
)
from tenant_apps.attendance_issues.models import AttendanceIssue
from tenant_apps.attendance_issues.selectors import (
    can_decide,
    can_download,
    can_explain,
    issue_day,
    issue_history,
    issue_list_of,
    issue_list_visible_to,
    issue_settings,
)
from tenant_apps.attendance_issues.services import (
    IssueError,
    content_type_of,
    issue_decide,
    issue_explain,
)
from tenant_apps.attendance_issues.views import PAGE_SIZE, nav
from tenant_apps.people.access import request_user, visible_or_404
from tenant_apps.people.selectors import actor_officer

CATEGORY_LABELS = dict(AttendanceIssue.Category.choices)


@login_required
def list_view(request: HttpRequest) -> HttpResponse:
    """Isu Kehadiran Saya: the officer's issues, those waiting for them first, filtered by
    status and month, paginated."""
    actor = request_user(request)
    officer = actor_officer(actor)
    filters = IssueFilterForm(request.GET)
    page = None
    if officer is not None:
        issues = issue_list_of(officer=officer, **filters.filters())
        page = Paginator(issues, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "officer": officer,
        "page": page,
        "filters": filters,
        "today": timezone.localdate(),
        **nav(actor),
    }
    return render(request, "attendance_issues/list.html", context)


def _day_context(issue: AttendanceIssue) -> dict[str, Any]:
    day = issue_day(issue)
    if day is None:
        return {"day_row": None, "day_reasons": [], "day_open": [], "day_excused": []}
    language = "ms" if get_language() == "ms" else "en"
    return {
        "day_row": day,
        "day_reasons": [reason.get(language, "") for reason in day.reasons],
        "day_open": [(c, CATEGORY_LABELS.get(c, c)) for c in day.categories]
        + ([("ABSENT", CATEGORY_LABELS["ABSENT"])] if _absent_unexcused(day) else []),
        "day_excused": [(c, CATEGORY_LABELS.get(c, c)) for c in day.excused],
    }


def _absent_unexcused(day: Any) -> bool:
    return bool(day.status == "ABSENT" and "ABSENT" not in day.excused)


def _detail(
    request: HttpRequest,
    actor: User,
    issue: AttendanceIssue,
    *,
    explain_form: ExplainForm | None = None,
    decide_form: DecideForm | None = None,
    status: int = 200,
) -> HttpResponse:
    max_kb = issue_settings().attachment_max_kb
    context = {
        "issue": issue,
        "history": issue_history(issue),
        "is_own": issue.officer.user_id == actor.pk,
        "can_explain": can_explain(actor, issue),
        "can_decide": can_decide(actor, issue),
        "can_download": bool(issue.attachment) and can_download(actor, issue),
        "explain_form": explain_form or ExplainForm(max_kb=max_kb),
        "decide_form": decide_form or DecideForm(),
        "today": timezone.localdate(),
        **_day_context(issue),
        **nav(actor),
    }
    return render(request, "attendance_issues/detail.html", context, status=status)


@login_required
def detail_view(request: HttpRequest, issue_id: int) -> HttpResponse:
    actor = request_user(request)
    issue = visible_or_404(issue_list_visible_to(actor=actor), issue_id)
    return _detail(request, actor, issue)


@login_required
@require_POST
def explain_view(request: HttpRequest, issue_id: int) -> HttpResponse:
    actor = request_user(request)
    issue = visible_or_404(issue_list_visible_to(actor=actor).filter(officer__user=actor), issue_id)
    form = ExplainForm(request.POST, request.FILES, max_kb=issue_settings().attachment_max_kb)
    if form.is_valid():
        try:
            issue_explain(
                issue=issue,
                actor=actor,
                reason=form.cleaned_data["reason"],
                explanation=form.cleaned_data["explanation"],
                attachment=form.cleaned_data["attachment"] or None,
            )
        except IssueError as exc:
            form.add_error(ERROR_FIELDS.get(exc.code), exc.message)
        else:
            messages.success(request, _("Your explanation has been sent to your supervisor."))
            return redirect("attendance_issues:detail", issue_id=issue.pk)
    return _detail(request, actor, issue, explain_form=form, status=400)


@login_required
@require_POST
def decide_view(request: HttpRequest, issue_id: int) -> HttpResponse:
    actor = request_user(request)
    issue = visible_or_404(issue_list_visible_to(actor=actor), issue_id)
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            issue_decide(
                issue=issue, actor=actor, accept=form.accept, comment=form.cleaned_data["comment"]
            )
        except IssueError as exc:
            form.add_error(ERROR_FIELDS.get(exc.code), exc.message)
        else:
            if form.accept:
                messages.success(request, _("The explanation is accepted."))
            else:
                messages.success(request, _("The explanation is rejected; the officer is told."))
            return redirect("attendance_issues:detail", issue_id=issue.pk)
    issue.refresh_from_db()
    return _detail(request, actor, issue, decide_form=form, status=400)


@login_required
def attachment_view(request: HttpRequest, issue_id: int) -> FileResponse:
    """The attachment, for the officer, whoever may decide and the org admin; always downloaded
    (never shown inline), with the type it was checked to be."""
    actor = request_user(request)
    issue = visible_or_404(issue_list_visible_to(actor=actor), issue_id)
    if not issue.attachment or not can_download(actor, issue):
        raise Http404
    name = issue.attachment.name or ""
    extension = name.rsplit(".", 1)[-1].lower()
    try:
        handle = issue.attachment.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"isu-kehadiran-{issue.pk}.{extension}",
        content_type=content_type_of(name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
