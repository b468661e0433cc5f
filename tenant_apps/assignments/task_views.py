"""Papan Tugasan pages: the board (to do, in progress, done) and the list of tasks, filtered by
officer and status; the assign form for supervisors; one task with its notes and trail, where
the officer reports progress and a supervisor changes or cancels it. Views parse and check
reach; assignments.task_services writes. A task outside the actor's reach answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_stubs_ext import StrPromise

from accounts.models import User
from tenant_apps.assignments.forms import (
    TASK_ERROR_FIELDS,
    TaskFilterForm,
    TaskForm,
    TaskProgressForm,
)
from tenant_apps.assignments.models import Task
from tenant_apps.assignments.services import AssignmentError
from tenant_apps.assignments.task_selectors import (
    SORTS,
    can_manage_task,
    can_report_progress,
    follows_tasks,
    has_task_team,
    task_assignable_officers,
    task_audit_trail,
    task_board_columns,
    task_filter_officers,
    task_list_filtered,
    task_list_visible_to,
    task_notes_of_task,
)
from tenant_apps.assignments.task_services import (
    task_assign,
    task_cancel,
    task_progress,
    task_update,
)
from tenant_apps.people.access import request_user, visible_or_404

PAGE_SIZE = 25

TRAIL_LABELS: dict[str, StrPromise] = {
    "assignments.task_assign": gettext_lazy("Assigned"),
    "assignments.task_update": gettext_lazy("Changed"),
    "assignments.task_progress": gettext_lazy("Progress reported"),
    "assignments.task_cancel": gettext_lazy("Cancelled"),
}


def _form_error(form: Any, exc: AssignmentError) -> None:
    field = TASK_ERROR_FIELDS.get(exc.code)
    form.add_error(field if field in form.fields else None, exc.message)


def _filtered(request: HttpRequest, actor: User) -> tuple[TaskFilterForm, Any, dict[str, Any]]:
    """The filter form, the filtered tasks and the navigation context of the board and list."""
    filters = TaskFilterForm(request.GET, officers=task_filter_officers(actor))
    follows = follows_tasks(actor)
    sort = request.GET.get("sort", "due")
    sort = sort if sort in SORTS else "due"
    tasks = task_list_filtered(actor=actor, filters=filters.filters(), sort=sort)
    context = {
        "filters": filters,
        "follows": follows,
        "can_assign": has_task_team(actor),
        "sort": sort,
        "today": timezone.localdate(),
    }
    return filters, tasks, context


@login_required
@require_GET
def task_board_view(request: HttpRequest) -> HttpResponse:
    """Papan Tugasan: the tasks in three columns."""
    actor = request_user(request)
    _, tasks, context = _filtered(request, actor)
    columns = [
        {"status": status, "label": Task.Status(status).label, "cards": cards, "more": more}
        for status, cards, more in task_board_columns(tasks)
    ]
    context |= {"columns": columns, "section": "board"}
    return render(request, "assignments/task_board.html", context)


@login_required
@require_GET
def task_list_view(request: HttpRequest) -> HttpResponse:
    """The same tasks as a table, paginated and sorted by due date."""
    actor = request_user(request)
    _, tasks, context = _filtered(request, actor)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    next_sort = "-due" if context["sort"] == "due" else "due"
    context |= {"page": page, "section": "list", "next_sort": next_sort}
    return render(request, "assignments/task_list.html", context)


@login_required
def task_create_view(request: HttpRequest) -> HttpResponse:
    """A supervisor gives a task to one of the officers in their reach."""
    actor = request_user(request)
    officers = task_assignable_officers(actor)
    if not has_task_team(actor):
        raise Http404
    initial = {}
    chosen = request.GET.get("officer", "")
    if chosen.isdigit():
        initial["officer"] = officers.filter(pk=int(chosen)).first()
    form = TaskForm(request.POST or None, officers=officers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            task = task_assign(
                officer=form.cleaned_data["officer"], actor=actor, **form.service_arguments()
            )
        except AssignmentError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The task has been assigned."))
            return redirect("assignments:task-detail", task_id=task.pk)
    context = {"form": form, "editing": None, "section": "new", "can_assign": True}
    return render(
        request, "assignments/task_form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_GET
def task_detail_view(request: HttpRequest, task_id: int) -> HttpResponse:
    actor = request_user(request)
    task = visible_or_404(task_list_visible_to(actor=actor), task_id)
    trail = [
        (entry, TRAIL_LABELS.get(entry.action, entry.summary)) for entry in task_audit_trail(task)
    ]
    context = {
        "task": task,
        "notes": task_notes_of_task(task),
        "trail": trail,
        "can_progress": can_report_progress(actor, task),
        "can_manage": can_manage_task(actor, task),
        "progress_form": TaskProgressForm(
            initial={"status": task.status, "progress": task.progress}
        ),
        "can_assign": has_task_team(actor),
        "section": "detail",
    }
    return render(request, "assignments/task_detail.html", context)


def _managed_or_404(actor: User, task_id: int) -> Task:
    task = visible_or_404(task_list_visible_to(actor=actor), task_id)
    if not can_manage_task(actor, task):
        raise Http404
    return task


@login_required
def task_edit_view(request: HttpRequest, task_id: int) -> HttpResponse:
    """A supervisor of the officer changes the task; the officer gets 404 here."""
    actor = request_user(request)
    task = _managed_or_404(actor, task_id)
    if task.status not in (Task.Status.TODO, Task.Status.IN_PROGRESS):
        messages.error(request, _("This task is done or cancelled and can no longer be changed."))
        return redirect("assignments:task-detail", task_id=task.pk)
    form = TaskForm.for_task(task, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            task_update(task=task, actor=actor, **form.service_arguments())
        except AssignmentError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The task has been changed."))
            return redirect("assignments:task-detail", task_id=task.pk)
    context = {"form": form, "editing": task, "section": "detail", "can_assign": True}
    return render(
        request, "assignments/task_form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def task_progress_view(request: HttpRequest, task_id: int) -> HttpResponse:
    """The officer moves their task forward and reports progress."""
    actor = request_user(request)
    task = visible_or_404(task_list_visible_to(actor=actor), task_id)
    form = TaskProgressForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("assignments:task-detail", task_id=task.pk)
    try:
        task_progress(
            task=task,
            actor=actor,
            status=form.cleaned_data["status"],
            progress=form.cleaned_data["progress"],
        )
    except AssignmentError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your progress has been saved."))
    return redirect("assignments:task-detail", task_id=task.pk)


@login_required
@require_POST
def task_cancel_view(request: HttpRequest, task_id: int) -> HttpResponse:
    actor = request_user(request)
    task = _managed_or_404(actor, task_id)
    try:
        task_cancel(task=task, actor=actor)
    except AssignmentError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The task has been cancelled."))
    return redirect("assignments:task-detail", task_id=task.pk)
