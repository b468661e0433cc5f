"""Catatan Tugasan Harian pages: the officer's notes of a day (today's editable: Kemaskini
Tugasan), and an officer's notes as their supervisors or the org admin read them. Views parse and
check reach; assignments.services writes. An officer or note outside the actor's reach answers
404."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenant_apps.assignments.forms import TaskNoteForm, day_from
from tenant_apps.assignments.models import Task
from tenant_apps.assignments.selectors import (
    can_write_on,
    note_task_choices,
    own_task_notes,
    task_note_officers_visible_to,
    task_notes_of_day,
)
from tenant_apps.assignments.services import (
    AssignmentError,
    task_note_add,
    task_note_delete,
    task_note_update,
)
from tenant_apps.assignments.task_selectors import has_task_team, open_tasks_of
from tenant_apps.people.access import request_user, visible_or_404
from tenant_apps.people.selectors import actor_officer


def _day_nav(day: date) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "day": day,
        "today": today,
        "is_today": day == today,
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1) if day < today else None,
    }


def _notes_url(day: date) -> str:
    return f"{reverse('assignments:notes')}?day={day.isoformat()}"


@login_required
def notes_view(request: HttpRequest) -> HttpResponse:
    """GET: the officer's notes of ``?day=`` (today by default); POST: add a note to today."""
    actor = request_user(request)
    officer = actor_officer(actor)
    day = day_from(request.GET.get("day"))
    tasks = open_tasks_of(officer) if officer is not None else Task.objects.none()
    initial = {}
    chosen = request.GET.get("task", "")
    if chosen.isdigit():
        initial["task"] = tasks.filter(pk=int(chosen)).first()
    form = TaskNoteForm(request.POST or None, tasks=tasks, initial=initial)
    if request.method == "POST" and officer is not None and form.is_valid():
        try:
            task_note_add(
                officer=officer,
                day=timezone.localdate(),
                text=form.cleaned_data["text"],
                actor=actor,
                task=form.cleaned_data.get("task"),
            )
        except AssignmentError as exc:
            form.add_error("task" if exc.code == "task_not_open" else "text", exc.message)
        else:
            messages.success(request, _("Your note has been saved."))
            return redirect("assignments:notes")
    notes = task_notes_of_day(officer, day) if officer is not None else None
    context = {
        "has_task_team": has_task_team(actor),
        "officer": officer,
        "notes": notes,
        "form": form,
        "can_write": officer is not None and can_write_on(day),
        **_day_nav(day),
    }
    status = 400 if form.errors else 200
    return render(request, "assignments/notes.html", context, status=status)


@login_required
def note_edit_view(request: HttpRequest, note_id: int) -> HttpResponse:
    """Kemaskini Tugasan: rewrite one of today's notes."""
    actor = request_user(request)
    note = visible_or_404(own_task_notes(actor), note_id)
    if not can_write_on(note.day):
        messages.error(request, _("Task notes can only be written or changed on the same day."))
        return redirect(_notes_url(note.day))
    form = TaskNoteForm(
        request.POST or None,
        tasks=note_task_choices(note),
        initial={"text": note.text, "task": note.task_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            task_note_update(
                note=note,
                text=form.cleaned_data["text"],
                actor=actor,
                task=form.cleaned_data.get("task"),
            )
        except AssignmentError as exc:
            form.add_error("task" if exc.code == "task_not_open" else "text", exc.message)
        else:
            messages.success(request, _("Your note has been changed."))
            return redirect("assignments:notes")
    return render(
        request,
        "assignments/note_edit.html",
        {"note": note, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def note_delete_view(request: HttpRequest, note_id: int) -> HttpResponse:
    actor = request_user(request)
    note = visible_or_404(own_task_notes(actor), note_id)
    try:
        task_note_delete(note=note, actor=actor)
    except AssignmentError as exc:
        messages.error(request, exc.message)
        return redirect(_notes_url(note.day))
    messages.success(request, _("Your note has been deleted."))
    return redirect("assignments:notes")


@login_required
def officer_notes_view(request: HttpRequest, officer_id: int) -> HttpResponse:
    """An officer's notes of ``?day=``, read by their supervisors or the org admin."""
    actor = request_user(request)
    officer = visible_or_404(task_note_officers_visible_to(actor=actor), officer_id)
    day = day_from(request.GET.get("day"))
    context = {"subject": officer, "notes": task_notes_of_day(officer, day), **_day_nav(day)}
    return render(request, "assignments/officer_notes.html", context)
