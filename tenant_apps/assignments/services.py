"""Writes of daily task notes (Catatan Tugasan Harian): the officer adds, edits and deletes notes
of the current local day only; past days are a record. Each write is transactional and audited,
and refuses with an ``AssignmentError`` (a stable code and a translated message): nothing
changes on a refusal."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy
from django_stubs_ext import StrPromise

from accounts.models import User
from tenant_apps.assignments.models import TaskNote
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
}


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


def _locked(note: TaskNote) -> TaskNote:
    return (
        TaskNote.objects.select_for_update(of=("self",))
        .select_related("officer__user")
        .get(pk=note.pk)
    )


@transaction.atomic
def task_note_add(*, officer: Officer, day: date, text: str, actor: User) -> TaskNote:
    """The officer notes some of today's work."""
    _check_writable(officer, day, actor)
    text = _clean_text(text)
    # The officer's row serialises their writes, so the daily cap holds.
    Officer.objects.select_for_update().filter(pk=officer.pk).first()
    if TaskNote.objects.filter(officer=officer, day=day).count() >= MAX_NOTES_PER_DAY:
        raise _refused("too_many")
    note = TaskNote.objects.create(officer=officer, day=day, text=text)
    audit_record(
        actor=actor,
        action="assignments.task_note_add",
        target=note,
        summary=f"Task note of {day:%Y-%m-%d} added by {actor.full_name}",
        detail={"officer": officer.pk, "day": day.isoformat(), "text": text},
    )
    return note


@transaction.atomic
def task_note_update(*, note: TaskNote, text: str, actor: User) -> TaskNote:
    """The officer rewrites one of today's notes."""
    locked = _locked(note)
    _check_writable(locked.officer, locked.day, actor)
    text = _clean_text(text)
    before = locked.text
    locked.text = text
    locked.save(update_fields=["text", "updated_at"])
    audit_record(
        actor=actor,
        action="assignments.task_note_update",
        target=locked,
        summary=f"Task note of {locked.day:%Y-%m-%d} changed by {actor.full_name}",
        detail={"officer": locked.officer_id, "before": before, "after": text},
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
