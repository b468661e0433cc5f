"""Reads of the task board (Papan Tugasan). An officer sees their own tasks; a supervisor those
of the officers in their reach today (direct, second-level or acting); the org admin every task.
Anything else is not in ``task_list_visible_to``, so a page that looks a task up there answers
404. A task is overdue when its due date has passed and it is neither done nor cancelled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import BooleanField, Case, F, Q, QuerySet, Value, When
from django.utils import timezone

from accounts.models import User
from tenant_apps.assignments.models import Task, TaskNote
from tenant_apps.audit.models import AuditEntry
from tenant_apps.people.models import Officer
from tenant_apps.people.selectors import is_org_admin, supervised_officer_ids

Status = Task.Status
OPEN_STATUSES = (Status.TODO, Status.IN_PROGRESS)
BOARD_COLUMNS = (Status.TODO, Status.IN_PROGRESS, Status.DONE)
# The board shows at most this many cards a column (the list holds the rest), and done tasks
# of the last DONE_DAYS days only.
BOARD_COLUMN_SIZE = 50
DONE_DAYS = 30
STATUS_OVERDUE = "overdue"
SORTS = {"due": ("due_date", "pk"), "-due": ("-due_date", "-pk")}


def _shaped(tasks: QuerySet[Task], today: date) -> QuerySet[Task]:
    return tasks.select_related("officer__user", "officer__org_unit", "assigned_by").annotate(
        is_overdue=Case(
            When(Q(due_date__lt=today) & Q(status__in=OPEN_STATUSES), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def task_list_visible_to(*, actor: User, today: date | None = None) -> QuerySet[Task]:
    """The tasks the actor may read, each with ``is_overdue``."""
    day = today or timezone.localdate()
    tasks = Task.objects.all()
    if not is_org_admin(actor):
        tasks = tasks.filter(
            Q(officer__user=actor) | Q(officer_id__in=supervised_officer_ids(actor, on=day))
        )
    return _shaped(tasks, day)


@dataclass(frozen=True)
class TaskFilters:
    officer_id: int | None = None
    status: str | None = None  # a Task.Status or STATUS_OVERDUE
    mine: bool = False  # only the actor's own tasks


def task_list_filtered(
    *, actor: User, filters: TaskFilters, sort: str = "due", today: date | None = None
) -> QuerySet[Task]:
    """The visible tasks narrowed by ``filters``. Without ``mine`` a supervisor sees their
    team's tasks (not their own); an officer without a team sees their own."""
    day = today or timezone.localdate()
    tasks = task_list_visible_to(actor=actor, today=day)
    if filters.mine or not follows_tasks(actor, today=day):
        tasks = tasks.filter(officer__user=actor)
    else:
        tasks = tasks.exclude(officer__user=actor)
    if filters.officer_id is not None:
        tasks = tasks.filter(officer_id=filters.officer_id)
    if filters.status == STATUS_OVERDUE:
        tasks = tasks.filter(due_date__lt=day, status__in=OPEN_STATUSES)
    elif filters.status in Status.values:
        tasks = tasks.filter(status=filters.status)
    first, second = SORTS.get(sort, SORTS["due"])
    due = (
        F("due_date").asc(nulls_last=True)
        if first == "due_date"
        else F("due_date").desc(nulls_last=True)
    )
    return tasks.order_by(due, second)


def task_board_columns(
    tasks: QuerySet[Task], *, today: date | None = None
) -> list[tuple[str, list[Task], bool]]:
    """The board: for each column (to do, in progress, done) its cards and whether there are
    more than shown. Done shows the tasks completed in the last DONE_DAYS days."""
    day = today or timezone.localdate()
    since = timezone.make_aware(datetime.combine(day - timedelta(days=DONE_DAYS), time.min))
    columns: list[tuple[str, list[Task], bool]] = []
    for status in BOARD_COLUMNS:
        column = tasks.filter(status=status)
        if status == Status.DONE:
            column = column.filter(completed_at__gte=since)
        cards = list(column[: BOARD_COLUMN_SIZE + 1])
        columns.append((status, cards[:BOARD_COLUMN_SIZE], len(cards) > BOARD_COLUMN_SIZE))
    return columns


def has_task_team(actor: User, *, today: date | None = None) -> bool:
    """Whether the actor supervises anyone today (and so may assign tasks)."""
    return bool(supervised_officer_ids(actor, on=today))


def follows_tasks(actor: User, *, today: date | None = None) -> bool:
    """Whether the actor reads others' tasks: a supervisor, or the org admin."""
    return is_org_admin(actor) or has_task_team(actor, today=today)


def task_assignable_officers(actor: User) -> QuerySet[Officer]:
    """The active officers the actor may give a task to today, by name."""
    return (
        Officer.objects.filter(pk__in=supervised_officer_ids(actor), status=Officer.Status.ACTIVE)
        .exclude(user=actor)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def task_filter_officers(actor: User) -> QuerySet[Officer]:
    """The officers offered in the board's officer filter: the actor's team (for the org admin,
    the officers who have tasks)."""
    if is_org_admin(actor):
        officers = Officer.objects.filter(pk__in=Task.objects.values("officer_id"))
    else:
        officers = Officer.objects.filter(pk__in=supervised_officer_ids(actor))
    return officers.exclude(user=actor).select_related("user").order_by("user__full_name", "pk")


def can_manage_task(actor: User, task: Task) -> bool:
    """A current supervisor of the officer (direct, second-level or acting) edits or cancels;
    never their own task."""
    return (
        actor.is_active
        and task.officer.user_id != actor.pk
        and task.officer_id in supervised_officer_ids(actor)
    )


def can_report_progress(actor: User, task: Task) -> bool:
    return task.officer.user_id == actor.pk and task.status in OPEN_STATUSES


def open_tasks_of(officer: Officer) -> QuerySet[Task]:
    """The officer's tasks still to do or in progress (a note may be linked to one)."""
    return Task.objects.filter(officer=officer, status__in=OPEN_STATUSES).order_by(
        F("due_date").asc(nulls_last=True), "pk"
    )


def task_notes_of_task(task: Task) -> QuerySet[TaskNote]:
    """The notes linked to the task, in the order written."""
    return task.notes.select_related("officer__user").order_by("day", "created_at", "pk")


def task_audit_trail(task: Task) -> QuerySet[AuditEntry]:
    """What happened to the task, oldest first."""
    return AuditEntry.objects.filter(
        object_type=Task._meta.label_lower, object_id=str(task.pk)
    ).order_by("created_at", "pk")
