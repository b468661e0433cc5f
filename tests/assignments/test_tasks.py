"""Papan Tugasan: a supervisor assigns tasks within their reach (direct, second-level, acting), the
officer reports progress, notes link to tasks, overdue tasks are marked; the board and the list
filter by officer and status; anyone else gets 404, and agency B never finds agency A's task."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenant_apps.assignments.models import Task, TaskNote
from tenant_apps.assignments.services import AssignmentError, task_note_add, task_note_update
from tenant_apps.assignments.task_selectors import (
    TaskFilters,
    task_list_filtered,
    task_list_visible_to,
)
from tenant_apps.assignments.task_services import (
    task_assign,
    task_cancel,
    task_progress,
    task_update,
)
from tenant_apps.audit.models import AuditEntry
from tenant_apps.notifications.models import Kind, Notification
from tenant_apps.people.models import ActingSupervisor, Officer
from tenants.models import Agency
from tests.conftest import PASSWORD, host_of, make_user
from tests.movements.helpers import World, client_for, officer_new, today

CaptureCallbacks = Callable[..., Any]
Status = Task.Status


def assign(world: World, officer: Officer | None = None, **overrides: Any) -> Task:
    values: dict[str, Any] = {
        "officer": officer or world.officer,
        "actor": world.supervisor.user,
        "title": "Sediakan laporan suku tahun",
        "description": "Rangka dan angka prestasi.",
        "due_date": today() + timedelta(days=7),
        "priority": Task.Priority.HIGH,
    }
    values.update(overrides)
    return task_assign(**values)


def refused(code: str, call: Callable[..., Any], **arguments: Any) -> None:
    with pytest.raises(AssignmentError) as caught:
        call(**arguments)
    assert caught.value.code == code


def raw_task(
    officer: Officer, *, due: date | None, status: str = Status.TODO, **extra: Any
) -> Task:
    """A task made directly (the services refuse a due date in the past)."""
    return Task.objects.create(
        officer=officer,
        title=extra.pop("title", "Tugasan lama"),
        due_date=due,
        status=status,
        **extra,
    )


# --- Assigning -------------------------------------------------------------------------------


def test_a_supervisor_assigns_a_task_and_the_officer_is_told(
    world: World, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        task = assign(world, title="  Sediakan   laporan  ")

    task.refresh_from_db()
    assert (task.title, task.status, task.progress) == ("Sediakan laporan", Status.TODO, 0)
    assert task.assigned_by == world.supervisor.user
    entry = AuditEntry.objects.get(action="assignments.task_assign")
    assert entry.object_id == str(task.pk)
    assert entry.detail["officer"] == world.officer.pk
    notification = Notification.objects.get()
    assert notification.recipient == world.officer.user
    assert notification.kind == Kind.TASK_ASSIGNED
    assert notification.text_ms == (
        'PENYELIA SATU telah memberikan tugasan baru kepada anda - "Sediakan laporan".'
    )
    assert notification.link == f"/notes/tasks/{task.pk}/"


@pytest.mark.parametrize(
    ("actor_key", "officer_key", "code"),
    [
        ("outsider", "officer", "not_in_reach"),  # supervises nobody
        ("man", "officer", "not_in_reach"),  # a colleague
        ("head", "officer", "not_in_reach"),  # an executive is not a supervisor
        ("supervisor", "other_unit", "not_in_reach"),  # not their subordinate
        ("supervisor", "supervisor", "own_task"),
        ("officer", "officer", "own_task"),
    ],
)
def test_only_a_supervisor_assigns_to_their_subordinates(
    world: World, actor_key: str, officer_key: str, code: str
) -> None:
    actor = getattr(world, actor_key).user
    officer = getattr(world, officer_key)

    refused(code, assign, world=world, officer=officer, actor=actor)

    assert not Task.objects.exists()
    assert not AuditEntry.objects.filter(action="assignments.task_assign").exists()


def test_a_second_level_and_an_acting_supervisor_assign_too(world: World) -> None:
    boss = officer_new("850505165101", "PENGARAH BAHAGIAN")
    junior = officer_new(
        "850505165112", "PEMBANTU TADBIR", supervisor=world.officer, second_supervisor=boss
    )
    stand_in = officer_new("850505165123", "PEMANGKU PENYELIA")
    ActingSupervisor.objects.create(
        acting=stand_in, for_supervisor=world.supervisor, starts_on=today(), ends_on=today()
    )

    by_boss = assign(world, officer=junior, actor=boss.user)
    by_stand_in = assign(world, officer=world.man, actor=stand_in.user)

    assert by_boss.officer == junior
    assert by_stand_in.assigned_by == stand_in.user


def test_an_inactive_officer_gets_no_task(world: World) -> None:
    Officer.objects.filter(pk=world.man.pk).update(status=Officer.Status.INACTIVE)
    world.man.refresh_from_db()

    refused("officer_inactive", assign, world=world, officer=world.man)


@pytest.mark.parametrize(
    ("code", "changes"),
    [
        ("title_length", {"title": "  ab  "}),
        ("title_length", {"title": "x" * 201}),
        ("description_too_long", {"description": "x" * 4001}),
        ("due_past", {"due_date": date(2020, 1, 1)}),
        ("priority_invalid", {"priority": "sangat"}),
    ],
)
def test_an_invalid_task_is_refused(world: World, code: str, changes: dict[str, Any]) -> None:
    refused(code, assign, world=world, **changes)

    assert not Task.objects.exists()


def test_a_task_may_be_due_today_or_have_no_due_date(world: World) -> None:
    assert assign(world, due_date=today()).due_date == today()
    assert assign(world, due_date=None).due_date is None


# --- Changing, progress, cancelling ----------------------------------------------------------


def test_the_supervisor_changes_a_task_and_the_change_is_audited(
    world: World, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    task = assign(world)
    with django_capture_on_commit_callbacks(execute=True):
        task_update(
            task=task,
            actor=world.supervisor.user,
            title="Laporan suku tahun ketiga",
            description=task.description,
            due_date=task.due_date,
            priority=Task.Priority.URGENT,
        )

    task.refresh_from_db()
    assert (task.title, task.priority) == ("Laporan suku tahun ketiga", Task.Priority.URGENT)
    changed = AuditEntry.objects.get(action="assignments.task_update").detail["changed"]
    assert set(changed) == {"title", "priority"}
    assert changed["priority"] == {"before": "high", "after": "urgent"}
    assert Notification.objects.get().text_en == (
        'PENYELIA SATU changed your task - "Laporan suku tahun ketiga".'
    )


def test_a_past_due_date_may_stay_but_not_be_set(world: World) -> None:
    task = raw_task(
        world.officer, due=today() - timedelta(days=3), assigned_by=world.supervisor.user
    )
    arguments: dict[str, Any] = {
        "task": task,
        "actor": world.supervisor.user,
        "description": "",
        "priority": "normal",
    }

    task_update(title="Tugasan lama dikemas kini", due_date=task.due_date, **arguments)
    refused(
        "due_past", task_update, title="Lagi", due_date=today() - timedelta(days=1), **arguments
    )

    task.refresh_from_db()
    assert task.title == "Tugasan lama dikemas kini"


def test_the_officer_cannot_change_or_cancel_their_task(world: World) -> None:
    task = assign(world)
    edit = {"title": "Tajuk baru", "description": "", "due_date": None, "priority": "low"}

    refused("not_manager", task_update, task=task, actor=world.officer.user, **edit)
    refused("not_manager", task_update, task=task, actor=world.outsider.user, **edit)
    refused("cancel_by_supervisor", task_cancel, task=task, actor=world.officer.user)
    refused(
        "cancel_by_supervisor",
        task_progress,
        task=task,
        actor=world.officer.user,
        status=Status.CANCELLED,
        progress=0,
    )

    task.refresh_from_db()
    assert (task.title, task.status) == ("Sediakan laporan suku tahun", Status.TODO)


def test_the_officer_moves_the_task_forward_and_the_assigner_is_told_when_done(
    world: World, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    task = assign(world)

    task_progress(task=task, actor=world.officer.user, status=Status.IN_PROGRESS, progress=50)
    task.refresh_from_db()
    assert (task.status, task.progress, task.completed_at) == (Status.IN_PROGRESS, 50, None)
    with django_capture_on_commit_callbacks(execute=True):
        task_progress(task=task, actor=world.officer.user, status=Status.DONE, progress=60)

    task.refresh_from_db()
    assert (task.status, task.progress) == (Status.DONE, 100)
    assert task.completed_at is not None
    trail = AuditEntry.objects.filter(action="assignments.task_progress").order_by("pk")
    assert [entry.detail["after"] for entry in trail] == [
        {"status": "in_progress", "progress": 50},
        {"status": "done", "progress": 100},
    ]
    notification = Notification.objects.get(recipient=world.supervisor.user)
    assert (
        notification.text_en == 'PEGAWAI WANITA completed the task - "Sediakan laporan suku tahun".'
    )


def test_progress_on_a_task_to_do_starts_it(world: World) -> None:
    task = assign(world)

    task_progress(task=task, actor=world.officer.user, status=Status.TODO, progress=20)

    task.refresh_from_db()
    assert (task.status, task.progress) == (Status.IN_PROGRESS, 20)


def test_progress_rules(world: World) -> None:
    task = assign(world)
    own: dict[str, Any] = {"task": task, "actor": world.officer.user}

    refused(
        "not_assignee",
        task_progress,
        task=task,
        actor=world.supervisor.user,
        status=Status.IN_PROGRESS,
        progress=10,
    )
    refused("progress_range", task_progress, **own, status=Status.IN_PROGRESS, progress=101)
    refused("progress_range", task_progress, **own, status=Status.IN_PROGRESS, progress=-1)
    refused("status_invalid", task_progress, **own, status="tidur", progress=10)
    task_progress(**own, status=Status.IN_PROGRESS, progress=10)
    refused("status_invalid", task_progress, **own, status=Status.TODO, progress=0)
    task_progress(**own, status=Status.DONE, progress=100)
    refused("closed", task_progress, **own, status=Status.DONE, progress=100)

    assert AuditEntry.objects.filter(action="assignments.task_progress").count() == 2


def test_the_supervisor_cancels_a_task_in_any_status(world: World) -> None:
    task = assign(world)
    task_progress(task=task, actor=world.officer.user, status=Status.DONE, progress=100)

    task_cancel(task=task, actor=world.supervisor.user)

    task.refresh_from_db()
    assert task.status == Status.CANCELLED
    assert AuditEntry.objects.get(action="assignments.task_cancel").detail["before"] == "done"
    refused("already_cancelled", task_cancel, task=task, actor=world.supervisor.user)
    edit = {"title": "Lagi", "description": "", "due_date": None, "priority": "low"}
    refused("closed", task_update, task=task, actor=world.supervisor.user, **edit)


# --- Overdue, visibility and filters ---------------------------------------------------------


def test_overdue_means_past_due_and_still_open(world: World) -> None:
    yesterday = today() - timedelta(days=1)
    late = raw_task(world.officer, due=yesterday)
    started_late = raw_task(world.officer, due=yesterday, status=Status.IN_PROGRESS)
    done_late = raw_task(world.officer, due=yesterday, status=Status.DONE)
    cancelled = raw_task(world.officer, due=yesterday, status=Status.CANCELLED)
    due_today = raw_task(world.officer, due=today())
    undated = raw_task(world.officer, due=None)

    visible = task_list_visible_to(actor=world.officer.user)
    flags = {task.pk: task.is_overdue for task in visible}  # type: ignore[attr-defined]

    assert flags == {
        late.pk: True,
        started_late.pk: True,
        done_late.pk: False,
        cancelled.pk: False,
        due_today.pk: False,
        undated.pk: False,
    }
    overdue = task_list_filtered(actor=world.officer.user, filters=TaskFilters(status="overdue"))
    assert {task.pk for task in overdue} == {late.pk, started_late.pk}


def test_who_sees_which_tasks(world: World) -> None:
    hers = assign(world)
    his = assign(world, officer=world.man)
    boss_own = raw_task(world.supervisor, due=None)

    def visible(key: str) -> set[int]:
        actor = world.admin if key == "admin" else getattr(world, key).user
        return {task.pk for task in task_list_visible_to(actor=actor)}

    assert visible("officer") == {hers.pk}
    assert visible("man") == {his.pk}
    assert visible("supervisor") == {hers.pk, his.pk, boss_own.pk}
    assert visible("admin") == {hers.pk, his.pk, boss_own.pk}
    assert visible("outsider") == visible("head") == visible("other_unit") == set()


def test_the_board_filters_by_officer_status_and_mine(world: World) -> None:
    hers = assign(world)
    his = assign(world, officer=world.man)
    task_progress(task=his, actor=world.man.user, status=Status.IN_PROGRESS, progress=30)
    boss_own = raw_task(world.supervisor, due=None)

    def pks(**filters: Any) -> set[int]:
        found = task_list_filtered(actor=world.supervisor.user, filters=TaskFilters(**filters))
        return {task.pk for task in found}

    assert pks() == {hers.pk, his.pk}  # the team, not the supervisor's own
    assert pks(officer_id=world.man.pk) == {his.pk}
    assert pks(status=Status.IN_PROGRESS) == {his.pk}
    assert pks(status=Status.TODO, officer_id=world.man.pk) == set()
    assert pks(mine=True) == {boss_own.pk}
    # An officer outside the reach finds nothing, whatever the filter says.
    stranger = raw_task(world.other_unit, due=None)
    assert pks(officer_id=world.other_unit.pk) == set()
    assert stranger.pk not in pks()


def test_the_board_page_marks_overdue_tasks_and_filters(world: World, agency_a: Agency) -> None:
    late = raw_task(world.officer, due=today() - timedelta(days=2), title="Tugasan tertunggak")
    his = assign(world, officer=world.man, title="Semak fail")
    client = client_for(agency_a, "supervisor")

    page = client.get("/notes/tasks/").content.decode()
    only_his = client.get(f"/notes/tasks/?officer={world.man.pk}").content.decode()
    bad = client.get("/notes/tasks/?officer=bukan&status=entah")

    assert f'data-testid="task-card-{late.pk}"' in page
    assert f'data-testid="task-overdue-{late.pk}"' in page
    assert "Lewat tempoh" in page
    assert f'data-testid="task-overdue-{his.pk}"' not in page
    assert f'data-testid="task-card-{late.pk}"' not in only_his
    assert f'data-testid="task-card-{his.pk}"' in only_his
    assert bad.status_code == 200
    own_page = client_for(agency_a, "officer").get("/notes/tasks/").content.decode()
    assert f'data-testid="task-card-{late.pk}"' in own_page
    assert f'data-testid="task-card-{his.pk}"' not in own_page
    assert 'data-testid="task-new"' not in own_page


def test_the_list_is_paginated_and_sorted_by_due_date(world: World, agency_a: Agency) -> None:
    first = today() + timedelta(days=1)
    for index in range(30):
        raw_task(world.officer, due=first + timedelta(days=index), title=f"Tugasan {index:02d}")
    client = client_for(agency_a, "supervisor")

    ascending = client.get("/notes/tasks/list/").content.decode()
    descending = client.get("/notes/tasks/list/?sort=-due").content.decode()
    second_page = client.get("/notes/tasks/list/?page=2").content.decode()

    assert ascending.index("Tugasan 00") < ascending.index("Tugasan 24")
    assert "Tugasan 25" not in ascending
    assert "Tugasan 29" in second_page
    assert descending.index("Tugasan 29") < descending.index("Tugasan 05")


def test_the_board_and_list_use_a_constant_number_of_queries(
    world: World, agency_a: Agency
) -> None:
    client = client_for(agency_a, "supervisor")

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    for officer in (world.officer, world.man):
        raw_task(officer, due=today())
    few = (queries("/notes/tasks/"), queries("/notes/tasks/list/"))
    for index in range(20):
        raw_task(world.officer if index % 2 else world.man, due=today(), status=Status.IN_PROGRESS)
    many = (queries("/notes/tasks/"), queries("/notes/tasks/list/"))

    assert many == few


# --- Notes linked to tasks -------------------------------------------------------------------


def test_a_note_linked_to_a_task_shows_on_the_task(world: World, agency_a: Agency) -> None:
    task = assign(world)
    officer = client_for(agency_a, "officer")

    form_page = officer.get(f"/notes/?task={task.pk}").content.decode()
    added = officer.post("/notes/", {"text": "Draf bab satu siap", "task": task.pk})
    note = TaskNote.objects.get()
    notes_page = officer.get("/notes/").content.decode()
    detail = client_for(agency_a, "supervisor").get(f"/notes/tasks/{task.pk}/").content.decode()

    assert f'<option value="{task.pk}" selected>' in form_page
    assert added.status_code == 302
    assert note.task == task
    assert f'data-testid="note-task-{note.pk}"' in notes_page
    assert f'data-testid="task-note-{note.pk}"' in detail
    assert "Draf bab satu siap" in detail


def test_a_note_links_only_to_the_officers_open_tasks(world: World) -> None:
    his = assign(world, officer=world.man)
    mine = assign(world)
    arguments: dict[str, Any] = {
        "officer": world.officer,
        "day": today(),
        "actor": world.officer.user,
    }

    refused("task_not_open", task_note_add, text="Bukan tugasan saya", task=his, **arguments)
    note = task_note_add(text="Mula", task=mine, **arguments)
    task_progress(task=mine, actor=world.officer.user, status=Status.DONE, progress=100)
    # Still linked to its task, now done: editing the text keeps the link.
    task_note_update(note=note, text="Mula dan siap", actor=world.officer.user, task=mine)
    task_note_update(note=note, text="Tanpa tugasan", actor=world.officer.user, task=None)
    refused(
        "task_not_open", task_note_update, note=note, text="x", actor=world.officer.user, task=mine
    )

    note.refresh_from_db()
    assert (note.text, note.task) == ("Tanpa tugasan", None)
    assert TaskNote.objects.count() == 1


def test_the_notes_page_refuses_another_officers_task(world: World, agency_a: Agency) -> None:
    his = assign(world, officer=world.man)

    response = client_for(agency_a, "officer").post("/notes/", {"text": "Cuba", "task": his.pk})

    assert response.status_code == 400
    assert 'data-testid="field-error-task"' in response.content.decode()
    assert not TaskNote.objects.exists()


# --- Pages: permissions and isolation --------------------------------------------------------


def test_task_pages_answer_404_outside_the_reach(world: World, agency_a: Agency) -> None:
    task = assign(world)
    detail = f"/notes/tasks/{task.pk}/"

    for key in ("officer", "supervisor", "admin"):
        assert client_for(agency_a, key).get(detail).status_code == 200
    for key in ("outsider", "man", "head", "other_unit"):
        client = client_for(agency_a, key)
        assert client.get(detail).status_code == 404
        assert (
            client.post(f"{detail}progress/", {"status": "done", "progress": 100}).status_code
            == 404
        )
        assert client.post(f"{detail}cancel/").status_code == 404
    officer = client_for(agency_a, "officer")
    assert officer.get(f"{detail}edit/").status_code == 404
    assert (
        officer.post(f"{detail}edit/", {"title": "Tajuk officer", "priority": "low"}).status_code
        == 404
    )
    assert officer.post(f"{detail}cancel/").status_code == 404
    assert officer.get("/notes/tasks/new/").status_code == 404
    assert client_for(agency_a, "head").get("/notes/tasks/new/").status_code == 404
    assert officer.get("/notes/tasks/999999/").status_code == 404
    task.refresh_from_db()
    assert (task.title, task.status) == ("Sediakan laporan suku tahun", Status.TODO)


def test_the_flow_on_the_pages(world: World, agency_a: Agency) -> None:
    supervisor = client_for(agency_a, "supervisor")
    due = (today() + timedelta(days=3)).isoformat()

    form = supervisor.get("/notes/tasks/new/").content.decode()
    outsider = supervisor.post(
        "/notes/tasks/new/",
        {"officer": world.other_unit.pk, "title": "Luar", "due_date": due, "priority": "normal"},
    )
    short = supervisor.post(
        "/notes/tasks/new/",
        {"officer": world.officer.pk, "title": "ab", "due_date": due, "priority": "normal"},
    )
    created = supervisor.post(
        "/notes/tasks/new/",
        {
            "officer": world.officer.pk,
            "title": "Kemas kini SOP",
            "due_date": due,
            "priority": "urgent",
        },
    )
    task = Task.objects.get()
    officer = client_for(agency_a, "officer")
    by_supervisor = supervisor.post(
        f"/notes/tasks/{task.pk}/progress/", {"status": "done", "progress": 100}
    )
    progress = officer.post(
        f"/notes/tasks/{task.pk}/progress/", {"status": "in_progress", "progress": 50}
    )
    edited = supervisor.post(
        f"/notes/tasks/{task.pk}/edit/",
        {"title": "Kemas kini SOP kehadiran", "due_date": due, "priority": "high"},
    )

    assert f'value="{world.other_unit.pk}"' not in form
    assert f'value="{world.man.pk}"' in form
    assert outsider.status_code == 400
    assert 'data-testid="field-error-officer"' in outsider.content.decode()
    assert 'data-testid="field-error-title"' in short.content.decode()
    assert created.status_code == 302
    assert created["Location"] == f"/notes/tasks/{task.pk}/"
    assert by_supervisor.status_code == progress.status_code == edited.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.status, task.progress) == (
        "Kemas kini SOP kehadiran",
        "in_progress",
        50,
    )
    detail = officer.get(f"/notes/tasks/{task.pk}/").content.decode()
    assert 'data-testid="progress-form"' in detail
    assert 'data-testid="task-edit"' not in detail
    supervisor_detail = supervisor.get(f"/notes/tasks/{task.pk}/").content.decode()
    assert 'data-testid="task-edit"' in supervisor_detail
    assert 'data-testid="progress-form"' not in supervisor_detail
    assert supervisor.post(f"/notes/tasks/{task.pk}/cancel/").status_code == 302
    task.refresh_from_db()
    assert task.status == Status.CANCELLED


def test_a_task_of_agency_a_is_not_found_on_agency_b(
    world: World, agency_a: Agency, agency_b: Agency
) -> None:
    task = assign(world)
    login = "860606165145"
    make_user(agency_b, login, roles=(Role.OFFICER, Role.SUPERVISOR))
    with schema_context(agency_b.schema_name):
        assert not Task.objects.filter(pk=task.pk).exists()
    client = Client(HTTP_HOST=host_of(agency_b))
    assert client.post("/login/", {"mykad": login, "password": PASSWORD}).status_code == 302

    assert client.get(f"/notes/tasks/{task.pk}/").status_code == 404
    assert client.get(f"/notes/tasks/{task.pk}/edit/").status_code == 404
    assert (
        client.post(
            f"/notes/tasks/{task.pk}/progress/", {"status": "done", "progress": 100}
        ).status_code
        == 404
    )
    assert client.post(f"/notes/tasks/{task.pk}/cancel/").status_code == 404
    assert f"task-card-{task.pk}" not in client.get("/notes/tasks/").content.decode()
    with schema_context(agency_a.schema_name):
        task.refresh_from_db()
    assert task.status == Status.TODO
