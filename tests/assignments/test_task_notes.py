"""Catatan Tugasan Harian: the officer writes notes of the day, changes them that day only; the
supervisors and the org admin read them; anyone else gets 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tenant_apps.assignments.models import TaskNote
from tenant_apps.assignments.selectors import task_notes_of_day, task_notes_visible_to
from tenant_apps.assignments.services import (
    AssignmentError,
    task_note_add,
    task_note_delete,
    task_note_update,
)
from tenant_apps.audit.models import AuditEntry
from tenants.models import Agency
from tests.movements.helpers import World, client_for, today


def add(world: World, text: str = "Menyemak draf laporan tahunan") -> TaskNote:
    return task_note_add(officer=world.officer, day=today(), text=text, actor=world.officer.user)


def past_note(world: World, days: int = 1) -> TaskNote:
    """A note written on an earlier day (made directly: the services refuse it today)."""
    return TaskNote.objects.create(
        officer=world.officer, day=today() - timedelta(days=days), text="Semalam"
    )


def test_the_officer_adds_a_note_and_it_is_audited(world: World) -> None:
    note = add(world, "  Mesyuarat unit  ")

    assert note.text == "Mesyuarat unit"
    assert list(task_notes_of_day(world.officer, today())) == [note]
    entry = AuditEntry.objects.get(action="assignments.task_note_add")
    assert entry.object_id == str(note.pk)


@pytest.mark.parametrize(
    ("code", "text"), [("text_required", "   "), ("text_too_long", "x" * 2001)]
)
def test_the_text_is_required_and_short(world: World, code: str, text: str) -> None:
    with pytest.raises(AssignmentError) as caught:
        add(world, text)

    assert caught.value.code == code
    assert not TaskNote.objects.exists()


def test_notes_are_written_for_today_only(world: World) -> None:
    for day in (today() - timedelta(days=1), today() + timedelta(days=1)):
        with pytest.raises(AssignmentError) as caught:
            task_note_add(
                officer=world.officer, day=day, text="Lain hari", actor=world.officer.user
            )
        assert caught.value.code == "not_today"

    assert not TaskNote.objects.exists()


def test_only_the_officer_writes_their_notes(world: World) -> None:
    with pytest.raises(AssignmentError) as caught:
        task_note_add(
            officer=world.officer, day=today(), text="Oleh penyelia", actor=world.supervisor.user
        )

    assert caught.value.code == "not_own"


def test_a_note_is_edited_and_deleted_the_same_day(world: World) -> None:
    note = add(world)

    task_note_update(note=note, text="Menyiapkan laporan tahunan", actor=world.officer.user)
    note.refresh_from_db()
    assert note.text == "Menyiapkan laporan tahunan"
    update = AuditEntry.objects.get(action="assignments.task_note_update")
    assert update.detail["before"] == "Menyemak draf laporan tahunan"

    task_note_delete(note=note, actor=world.officer.user)
    assert not TaskNote.objects.exists()
    assert AuditEntry.objects.get(action="assignments.task_note_delete").detail["text"] == (
        "Menyiapkan laporan tahunan"
    )


def test_a_note_of_an_earlier_day_cannot_be_changed(world: World) -> None:
    note = past_note(world)

    with pytest.raises(AssignmentError) as updating:
        task_note_update(note=note, actor=world.officer.user, text="Ubah")
    with pytest.raises(AssignmentError) as deleting:
        task_note_delete(note=note, actor=world.officer.user)
    assert updating.value.code == deleting.value.code == "not_today"

    note.refresh_from_db()
    assert note.text == "Semalam"


def test_another_officer_cannot_change_a_note(world: World) -> None:
    note = add(world)

    with pytest.raises(AssignmentError) as caught:
        task_note_update(note=note, text="Ubah", actor=world.man.user)

    assert caught.value.code == "not_own"


def test_who_reads_an_officers_notes(world: World) -> None:
    note = add(world)

    assert list(task_notes_visible_to(world.officer.user, world.officer)) == [note]
    assert list(task_notes_visible_to(world.supervisor.user, world.officer)) == [note]
    assert list(task_notes_visible_to(world.admin, world.officer)) == [note]
    assert list(task_notes_visible_to(world.outsider.user, world.officer)) == []
    assert list(task_notes_visible_to(world.man.user, world.officer)) == []


# --- Pages ------------------------------------------------------------------------------------


def test_the_officer_writes_and_updates_notes_on_the_page(world: World, agency_a: Agency) -> None:
    client = client_for(agency_a, "officer")
    assert 'data-testid="notes-empty"' in client.get("/notes/").content.decode()

    added = client.post("/notes/", {"text": "Taklimat pasukan"})
    note = TaskNote.objects.get(officer=world.officer)
    edited = client.post(f"/notes/{note.pk}/edit/", {"text": "Taklimat pasukan projek"})
    page = client.get("/notes/").content.decode()

    assert (added.status_code, edited.status_code) == (302, 302)
    assert "Taklimat pasukan projek" in page
    assert f'data-testid="note-edit-{note.pk}"' in page
    assert client.post(f"/notes/{note.pk}/delete/").status_code == 302
    assert not TaskNote.objects.exists()


def test_an_empty_note_is_refused_on_the_page(world: World, agency_a: Agency) -> None:
    response = client_for(agency_a, "officer").post("/notes/", {"text": "  "})

    assert response.status_code == 400
    assert 'data-testid="field-error-text"' in response.content.decode()
    assert not TaskNote.objects.exists()


def test_past_days_are_read_only(world: World, agency_a: Agency) -> None:
    note = past_note(world)
    client = client_for(agency_a, "officer")
    day = note.day.isoformat()

    page = client.get(f"/notes/?day={day}").content.decode()
    edit = client.post(f"/notes/{note.pk}/edit/", {"text": "Ubah"})
    delete = client.post(f"/notes/{note.pk}/delete/")

    assert "Semalam" in page
    assert 'data-testid="notes-read-only"' in page
    assert 'data-testid="note-form"' not in page
    assert f'data-testid="note-edit-{note.pk}"' not in page
    assert 'data-testid="day-next"' in page
    assert edit.status_code == delete.status_code == 302
    note.refresh_from_db()
    assert note.text == "Semalam"


def test_a_future_or_invalid_day_shows_today(world: World, agency_a: Agency) -> None:
    client = client_for(agency_a, "officer")
    tomorrow = timezone.localdate() + timedelta(days=1)

    for query in (f"?day={tomorrow.isoformat()}", "?day=bukan-tarikh"):
        page = client.get(f"/notes/{query}").content.decode()
        assert 'data-testid="note-form"' in page
        assert 'data-testid="day-next"' not in page


def test_the_supervisor_reads_the_notes_and_an_outsider_gets_404(
    world: World, agency_a: Agency
) -> None:
    note = add(world, "Menyediakan kertas cadangan")
    old = past_note(world, days=2)
    url = f"/notes/officer/{world.officer.pk}/"

    today_page = client_for(agency_a, "supervisor").get(url).content.decode()
    old_page = (
        client_for(agency_a, "supervisor").get(f"{url}?day={old.day.isoformat()}").content.decode()
    )

    assert "Menyediakan kertas cadangan" in today_page
    assert f'data-testid="note-{note.pk}"' in today_page
    assert "Semalam" in old_page
    assert client_for(agency_a, "admin").get(url).status_code == 200
    for stranger in ("outsider", "man", "other_unit", "head"):
        assert client_for(agency_a, stranger).get(url).status_code == 404
    # Nobody but the officer edits, even a supervisor.
    assert (
        client_for(agency_a, "supervisor")
        .post(f"/notes/{note.pk}/edit/", {"text": "x"})
        .status_code
        == 404
    )
    assert client_for(agency_a, "officer").get("/notes/officer/999999/").status_code == 404
