"""Writes of the task board (Papan Tugasan). A supervisor assigns a task to an officer within
their reach today (direct, second-level or acting) and may change or cancel it; the officer moves
it forward (to do, in progress, done) and reports progress. Each write is transactional and
audited, and refuses with an ``AssignmentError`` (nothing changes on a refusal). Notifications
go out from a Celery task after the commit."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy
from django_stubs_ext import StrPromise

from accounts.models import User
from tenant_apps.assignments.models import Task
from tenant_apps.assignments.services import AssignmentError
from tenant_apps.audit.services import audit_record
from tenant_apps.people.models import Officer
from tenant_apps.people.selectors import supervised_officer_ids

Status = Task.Status
Priority = Task.Priority

TITLE_MIN = 3
TITLE_MAX = 200
DESCRIPTION_MAX = 4000
OPEN_STATUSES = (Status.TODO, Status.IN_PROGRESS)
# The officer's moves: forward only; a done or cancelled task is closed.
FORWARD: dict[str, tuple[str, ...]] = {
    Status.TODO: (Status.TODO, Status.IN_PROGRESS, Status.DONE),
    Status.IN_PROGRESS: (Status.IN_PROGRESS, Status.DONE),
}

TASK_REFUSALS: dict[str, StrPromise] = {
    "not_in_reach": _lazy("You can only give tasks to the officers you supervise."),
    "own_task": _lazy("You cannot assign a task to yourself."),
    "officer_inactive": _lazy("Tasks can only be assigned to an active officer."),
    "title_length": _lazy("A title has 3 to 200 characters."),
    "description_too_long": _lazy("A description is at most 4000 characters."),
    "due_past": _lazy("The due date cannot be in the past."),
    "priority_invalid": _lazy("Choose a valid priority."),
    "not_manager": _lazy("Only a supervisor of the officer can change this task."),
    "not_assignee": _lazy("Only the officer the task is assigned to can update its progress."),
    "closed": _lazy("This task is done or cancelled and can no longer be changed."),
    "already_cancelled": _lazy("This task is already cancelled."),
    "status_invalid": _lazy("A task moves forward: to do, in progress, then done."),
    "cancel_by_supervisor": _lazy("Only a supervisor of the officer can cancel a task."),
    "progress_range": _lazy("Progress is a whole number from 0 to 100."),
}


def _refused(code: str) -> AssignmentError:
    return AssignmentError(code, str(TASK_REFUSALS[code]))


def _clean_fields(
    *, title: str, description: str, due_date: date | None, priority: str, due_before: date | None
) -> tuple[str, str]:
    """The trimmed title and description, or a refusal. A due date kept unchanged
    (``due_before``) may already be past; a new one may not."""
    title = " ".join(title.split())
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise _refused("title_length")
    description = description.strip()
    if len(description) > DESCRIPTION_MAX:
        raise _refused("description_too_long")
    if due_date is not None and due_date != due_before and due_date < timezone.localdate():
        raise _refused("due_past")
    if priority not in Priority.values:
        raise _refused("priority_invalid")
    return title, description


def _check_manager(actor: User, officer: Officer) -> None:
    if officer.user_id == actor.pk or not actor.is_active:
        raise _refused("not_manager")
    if officer.pk not in supervised_officer_ids(actor):
        raise _refused("not_manager")


def _locked(task: Task) -> Task:
    return (
        Task.objects.select_for_update(of=("self",))
        .select_related("officer__user", "assigned_by")
        .get(pk=task.pk)
    )


def _notify(task: Task, event: str, actor: User) -> None:
    from tenant_apps.assignments.tasks import task_notify

    transaction.on_commit(partial(task_notify.delay, task.pk, event, actor.pk))


def _snapshot(task: Task) -> dict[str, Any]:
    return {
        "title": task.title,
        "description": task.description,
        "due_date": task.due_date.isoformat() if task.due_date else None,
        "priority": task.priority,
        "status": task.status,
        "progress": task.progress,
    }


@transaction.atomic
def task_assign(
    *,
    officer: Officer,
    actor: User,
    title: str,
    description: str,
    due_date: date | None,
    priority: str,
) -> Task:
    """A supervisor gives ``officer`` a task (to do, 0%). The officer is told."""
    if officer.user_id == actor.pk:
        raise _refused("own_task")
    if not actor.is_active or officer.pk not in supervised_officer_ids(actor):
        raise _refused("not_in_reach")
    if officer.status != Officer.Status.ACTIVE:
        raise _refused("officer_inactive")
    title, description = _clean_fields(
        title=title, description=description, due_date=due_date, priority=priority, due_before=None
    )
    task = Task.objects.create(
        officer=officer,
        assigned_by=actor,
        title=title,
        description=description,
        due_date=due_date,
        priority=priority,
    )
    audit_record(
        actor=actor,
        action="assignments.task_assign",
        target=task,
        summary=f'Task "{title}" assigned to {officer.user.full_name} by {actor.full_name}',
        detail={"officer": officer.pk, **_snapshot(task)},
    )
    _notify(task, "assigned", actor)
    return task


@transaction.atomic
def task_update(
    *,
    task: Task,
    actor: User,
    title: str,
    description: str,
    due_date: date | None,
    priority: str,
) -> Task:
    """A supervisor of the officer changes an open task's title, description, due date or
    priority. The officer is told when anything changed."""
    locked = _locked(task)
    _check_manager(actor, locked.officer)
    if locked.status not in OPEN_STATUSES:
        raise _refused("closed")
    title, description = _clean_fields(
        title=title,
        description=description,
        due_date=due_date,
        priority=priority,
        due_before=locked.due_date,
    )
    before = _snapshot(locked)
    locked.title, locked.description = title, description
    locked.due_date, locked.priority = due_date, priority
    after = _snapshot(locked)
    if after == before:
        return locked
    locked.save(update_fields=["title", "description", "due_date", "priority", "updated_at"])
    changed = {key: {"before": before[key], "after": after[key]} for key in after}
    audit_record(
        actor=actor,
        action="assignments.task_update",
        target=locked,
        summary=f'Task "{title}" of {locked.officer.user.full_name} changed by {actor.full_name}',
        detail={
            "officer": locked.officer_id,
            "changed": {
                key: value for key, value in changed.items() if value["before"] != value["after"]
            },
        },
    )
    _notify(locked, "updated", actor)
    return locked


@transaction.atomic
def task_progress(*, task: Task, actor: User, status: str, progress: int) -> Task:
    """The officer reports on their task: a status forward from the current one and a
    progress from 0 to 100. Progress on a task still to do starts it; done means 100% (the
    assigner is told)."""
    locked = _locked(task)
    if locked.officer.user_id != actor.pk or not actor.is_active:
        raise _refused("not_assignee")
    if locked.status not in OPEN_STATUSES:
        raise _refused("closed")
    if status == Status.CANCELLED:
        raise _refused("cancel_by_supervisor")
    if status not in FORWARD[locked.status]:
        raise _refused("status_invalid")
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        raise _refused("progress_range")
    if status == Status.TODO and progress > 0:
        status = Status.IN_PROGRESS
    if status == Status.DONE:
        progress = 100
    before = {"status": locked.status, "progress": locked.progress}
    if before == {"status": status, "progress": progress}:
        return locked
    locked.status, locked.progress = status, progress
    fields = ["status", "progress", "updated_at"]
    if status == Status.DONE:
        locked.completed_at = timezone.now()
        fields.append("completed_at")
    locked.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="assignments.task_progress",
        target=locked,
        summary=f'Task "{locked.title}": {status}, {progress}% ({actor.full_name})',
        detail={
            "officer": locked.officer_id,
            "before": before,
            "after": {"status": status, "progress": progress},
        },
    )
    if status == Status.DONE:
        _notify(locked, "done", actor)
    return locked


@transaction.atomic
def task_cancel(*, task: Task, actor: User) -> Task:
    """A supervisor of the officer cancels a task, whatever its status. The officer is told."""
    locked = _locked(task)
    if locked.officer.user_id == actor.pk:
        raise _refused("cancel_by_supervisor")
    _check_manager(actor, locked.officer)
    if locked.status == Status.CANCELLED:
        raise _refused("already_cancelled")
    before = locked.status
    locked.status = Status.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="assignments.task_cancel",
        target=locked,
        summary=f'Task "{locked.title}" of {locked.officer.user.full_name} cancelled by '
        f"{actor.full_name}",
        detail={"officer": locked.officer_id, "before": before},
    )
    _notify(locked, "cancelled", actor)
    return locked
