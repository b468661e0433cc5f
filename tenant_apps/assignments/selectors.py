"""Reads of daily task notes. An officer reads their own; their current supervisors (direct,
second-level or acting) and the org admin read theirs. Anyone else finds nothing, so a page that
looks an officer up through ``task_note_officers_visible_to`` answers 404."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from tenant_apps.assignments.models import Task, TaskNote
from tenant_apps.people.models import Officer
from tenant_apps.people.selectors import is_org_admin, supervised_officer_ids


def task_notes_of_day(officer: Officer, day: date) -> QuerySet[TaskNote]:
    """The officer's notes of ``day``, in the order written."""
    return (
        TaskNote.objects.filter(officer=officer, day=day)
        .select_related("task")
        .order_by("created_at", "pk")
    )


def task_note_officers_visible_to(*, actor: User) -> QuerySet[Officer]:
    """The officers whose notes the actor may read."""
    officers = Officer.objects.select_related("user", "org_unit")
    if is_org_admin(actor):
        return officers
    return officers.filter(Q(user=actor) | Q(pk__in=supervised_officer_ids(actor)))


def task_notes_visible_to(actor: User, officer: Officer) -> QuerySet[TaskNote]:
    """All of ``officer``'s notes if the actor may read them, else none."""
    if not task_note_officers_visible_to(actor=actor).filter(pk=officer.pk).exists():
        return TaskNote.objects.none()
    return TaskNote.objects.filter(officer=officer).order_by("-day", "created_at", "pk")


def own_task_notes(actor: User) -> QuerySet[TaskNote]:
    """The notes the actor wrote (for looking one up to change: anything else answers 404)."""
    return TaskNote.objects.filter(officer__user=actor).select_related("officer__user")


def can_write_on(day: date) -> bool:
    return day == timezone.localdate()


def note_task_choices(note: TaskNote) -> QuerySet[Task]:
    """The tasks a note may be linked to: the officer's open tasks and the note's own task."""
    open_ones = Q(
        officer_id=note.officer_id, status__in=(Task.Status.TODO, Task.Status.IN_PROGRESS)
    )
    if note.task_id is not None:
        open_ones |= Q(pk=note.task_id)
    return Task.objects.filter(open_ones).order_by("due_date", "pk")
