"""Writes of daily task notes (Catatan Tugasan Harian): the officer adds, edits and deletes notes
of the current local day only; past days are a record. A note may be linked to one of the
officer's open tasks (Papan Tugasan; their writes are in assignments.task_services). Each write
is transactional and audited, and refuses with an ``AssignmentError`` (a stable code and a
translated message): nothing changes on a refusal."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Literal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy
from django_stubs_ext import StrPromise

from accounts.models import User
from tenant_apps.assignments.models import Task, TaskNote
from tenant_apps.audit.services import audit_record
from tenant_apps.people.models import Officer

MAX_TEXT = 2000
# A day's notes are a short list; more is a mistake (or a script).
MAX_NOTES_PER_DAY = 50

REFUSALS: dict[str, StrPromise] = {
    "not_own": _lazy("Only the officer can write their own task notes."),
    "officer_inactive": _lazy("Only an active officer can write task notes."),
    "not_today": _lazy("Task notes can only be written or changed on the same day."),
    "text_required": _lazy("Write what you worked on."),
    "text_too_long": _lazy("A note is at most 2000 characters."),
    "too_many": _lazy("A day has at most 50 notes."),
    "task_not_open": _lazy("A note can only be linked to one of your open tasks."),
}


class _Keep(Enum):
    KEEP = "keep"


# ``task_note_update(task=KEEP)``: the note stays linked to the task it has.
KEEP = _Keep.KEEP


class AssignmentError(Exception):
    """A refused change: ``code`` is stable (pages and tests use it), ``message`` is translated."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _refused(code: str) -> AssignmentError:
    return AssignmentError(code, str(REFUSALS[code]))


def _clean_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise _refused("text_required")
    if len(text) > MAX_TEXT:
        raise _refused("text_too_long")
    return text


def _check_writable(officer: Officer, day: date, actor: User) -> None:
    if officer.user_id != actor.pk:
        raise _refused("not_own")
    if officer.status != Officer.Status.ACTIVE:
        raise _refused("officer_inactive")
    if day != timezone.localdate():
        raise _refused("not_today")


def _check_task(officer: Officer, task: Task | None, current_id: int | None = None) -> None:
    """The note's task is one of the officer's open tasks (or the one it is linked to already)."""
    if task is None or task.pk == current_id:
        return
    # Read from the database: the object in hand may be stale (cancelled meanwhile).
    is_open = Task.objects.filter(
        pk=task.pk, officer=officer, status__in=(Task.Status.TODO, Task.Status.IN_PROGRESS)
    ).exists()
    if not is_open:
        raise _refused("task_not_open")


def _locked(note: TaskNote) -> TaskNote:
    return (
        TaskNote.objects.select_for_update(of=("self",))
        .select_related("officer__user")
        .get(pk=note.pk)
    )


@transaction.atomic
def task_note_add(
    *, officer: Officer, day: date, text: str, actor: User, task: Task | None = None
) -> TaskNote:
    """The officer notes some of today's work, on one of their open tasks if given."""
    _check_writable(officer, day, actor)
    text = _clean_text(text)
    _check_task(officer, task)
    # The officer's row serialises their writes, so the daily cap holds.
    Officer.objects.select_for_update().filter(pk=officer.pk).first()
    if TaskNote.objects.filter(officer=officer, day=day).count() >= MAX_NOTES_PER_DAY:
        raise _refused("too_many")
    note = TaskNote.objects.create(officer=officer, day=day, text=text, task=task)
    audit_record(
        actor=actor,
        action="assignments.task_note_add",
        target=note,
        summary=f"Task note of {day:%Y-%m-%d} added by {actor.full_name}",
        detail={
            "officer": officer.pk,
            "day": day.isoformat(),
            "text": text,
            "task": task.pk if task else None,
        },
    )
    return note


@transaction.atomic
def task_note_update(
    *,
    note: TaskNote,
    text: str,
    actor: User,
    task: Task | Literal[_Keep.KEEP] | None = KEEP,
) -> TaskNote:
    """The officer rewrites one of today's notes (and links it to another task, or none)."""
    locked = _locked(note)
    _check_writable(locked.officer, locked.day, actor)
    text = _clean_text(text)
    task_id = locked.task_id
    if task is not KEEP:
        _check_task(locked.officer, task, current_id=locked.task_id)
        task_id = task.pk if task is not None else None
    before, task_before = locked.text, locked.task_id
    locked.text, locked.task_id = text, task_id
    locked.save(update_fields=["text", "task", "updated_at"])
    audit_record(
        actor=actor,
        action="assignments.task_note_update",
        target=locked,
        summary=f"Task note of {locked.day:%Y-%m-%d} changed by {actor.full_name}",
        detail={
            "officer": locked.officer_id,
            "before": before,
            "after": text,
            "task_before": task_before,
            "task_after": task_id,
        },
    )
    return locked


@transaction.atomic
def task_note_delete(*, note: TaskNote, actor: User) -> None:
    """The officer removes one of today's notes (the audit trail keeps its text)."""
    locked = _locked(note)
    _check_writable(locked.officer, locked.day, actor)
    audit_record(
        actor=actor,
        action="assignments.task_note_delete",
        target=locked,
        summary=f"Task note of {locked.day:%Y-%m-%d} deleted by {actor.full_name}",
        detail={"officer": locked.officer_id, "day": locked.day.isoformat(), "text": locked.text},
    )
    locked.delete()
