"""The org admin's reason list (add, edit labels and order, deactivate) and the issue settings
(deadline day, largest attachment). Anyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import User
from tenant_apps.attendance_issues.admin_services import (
    issue_settings_update,
    reason_create,
    reason_update,
)
from tenant_apps.attendance_issues.forms import (
    ERROR_FIELDS,
    ReasonCreateForm,
    ReasonEditForm,
    SettingsForm,
)
from tenant_apps.attendance_issues.selectors import issue_settings, reason_list
from tenant_apps.attendance_issues.services import IssueError
from tenant_apps.attendance_issues.views import nav
from tenant_apps.people.access import org_admin_required, request_user, visible_or_404

ACTION_CREATE = "create"
ACTION_SETTINGS = "settings"


def _settings_form(data: object = None) -> SettingsForm:
    row = issue_settings()
    initial = {"deadline_day": row.deadline_day, "attachment_max_kb": row.attachment_max_kb}
    return SettingsForm(data, initial=initial)  # type: ignore[arg-type]


def _page(
    request: HttpRequest,
    actor: User,
    *,
    create_form: ReasonCreateForm | None = None,
    settings_form: SettingsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "reasons": reason_list(),
        "create_form": create_form or ReasonCreateForm(),
        "settings_form": settings_form or _settings_form(),
        **nav(actor),
    }
    return render(request, "attendance_issues/reasons.html", context, status=status)


@org_admin_required
def reasons_view(request: HttpRequest) -> HttpResponse:
    actor = request_user(request)
    if request.method != "POST":
        return _page(request, actor)
    if request.POST.get("action") == ACTION_SETTINGS:
        settings_form = _settings_form(request.POST)
        if settings_form.is_valid():
            try:
                issue_settings_update(actor=actor, **settings_form.cleaned_data)
            except IssueError as exc:
                settings_form.add_error(ERROR_FIELDS.get(exc.code), exc.message)
            else:
                messages.success(request, _("The settings are saved."))
                return redirect("attendance_issues:reasons")
        return _page(request, actor, settings_form=settings_form, status=400)
    create_form = ReasonCreateForm(request.POST)
    if create_form.is_valid():
        try:
            reason = reason_create(actor=actor, **create_form.cleaned_data)
        except IssueError as exc:
            create_form.add_error(ERROR_FIELDS.get(exc.code), exc.message)
        else:
            messages.success(request, _("Reason %(code)s added.") % {"code": reason.code})
            return redirect("attendance_issues:reasons")
    return _page(request, actor, create_form=create_form, status=400)


@org_admin_required
def reason_edit_view(request: HttpRequest, reason_id: int) -> HttpResponse:
    actor = request_user(request)
    reason = visible_or_404(reason_list(), reason_id)
    initial = {
        "label_ms": reason.label_ms,
        "label_en": reason.label_en,
        "order": reason.order,
        "is_active": reason.is_active,
    }
    form = ReasonEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            reason_update(actor=actor, reason=reason, **form.cleaned_data)
        except IssueError as exc:
            form.add_error(ERROR_FIELDS.get(exc.code), exc.message)
        else:
            messages.success(request, _("Reason %(code)s saved.") % {"code": reason.code})
            return redirect("attendance_issues:reasons")
    context = {"reason": reason, "form": form, **nav(actor)}
    status = 400 if form.errors else 200
    return render(request, "attendance_issues/reason_form.html", context, status=status)
