"""The supervisor's pages: the board and its polled fragment, the needs-attention filter, one
officer's day, and who reaches what (404 outside one's reach, acting supervisors only on the days
they act, a unit only for the org admin and the executive it is granted to)."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from django.test import Client

from tenant_apps.assignments.services import task_note_add
from tenant_apps.attendance.services import PunchInput, punch_record
from tenant_apps.people.models import OrgUnit
from tenant_apps.people.officer_services import acting_create
from tenants.models import Agency
from tests.conftest import host_of
from tests.dashboard.helpers import (
    AsUser,
    World,
    at,
    day_row,
    movement_row,
    punch_row,
    today,
)


def _rows(client: Client, url: str = "/supervision/") -> dict[int, str]:
    """Officer id → state of the rows on a board page."""
    html = client.get(url).content.decode()
    return {
        int(officer): state
        for officer, state in re.findall(r'data-officer="(\d+)" data-state="(\w+)"', html)
    }


def test_the_board_lists_the_current_subordinates(world: World, as_user: AsUser) -> None:
    client = as_user("supervisor")

    response = client.get("/supervision/")

    assert response.status_code == 200
    assert set(_rows(client)) == {world.officer.pk, world.man.pk}
    assert 'hx-get="/supervision/board/rows/?' in response.content.decode()
    assert 'hx-trigger="every 30s"' in response.content.decode()


def test_someone_without_subordinates_finds_an_empty_board(world: World, as_user: AsUser) -> None:
    response = as_user("outsider").get("/supervision/")

    assert response.status_code == 200
    assert 'data-testid="board-empty"' in response.content.decode()
    assert 'data-testid="board-row"' not in response.content.decode()


def test_the_board_needs_a_login(world: World, agency_a: Agency) -> None:
    anonymous = Client(HTTP_HOST=host_of(agency_a))

    assert anonymous.get("/supervision/").status_code == 302
    assert anonymous.get("/supervision/board/rows/").status_code == 302
    assert anonymous.get(f"/supervision/officers/{world.officer.pk}/").status_code == 302


def test_needs_attention_keeps_only_those_who_need_it(world: World, as_user: AsUser) -> None:
    day = today()
    day_row(world.officer, day, check_in=at(day, 7, 45), categories=["LATE_IN"])
    punch_row(world.officer, at(day, 7, 45))
    day_row(world.man, day, check_in=at(day, 7, 50))
    punch_row(world.man, at(day, 7, 50))
    client = as_user("supervisor")

    everyone = _rows(client)
    attention = _rows(client, "/supervision/?attention=1")
    fragment = client.get("/supervision/board/rows/?attention=1").content.decode()

    assert everyone == {world.officer.pk: "late", world.man.pk: "checked_in"}
    assert attention == {world.officer.pk: "late"}
    assert f'data-officer="{world.man.pk}"' not in fragment
    # The polled fragment asks for the same filter again.
    assert "board/rows/?attention=1" in fragment
    assert _rows(client, "/supervision/?state=checked_in") == {world.man.pk: "checked_in"}


def test_the_poll_interval_is_bounded(world: World, as_user: AsUser) -> None:
    client = as_user("supervisor")

    fast = client.get("/supervision/board/rows/?poll=1").content.decode()
    chosen = client.get("/supervision/board/rows/?poll=5").content.decode()
    nonsense = client.get("/supervision/board/rows/?poll=soon").content.decode()

    assert 'hx-trigger="every 2s"' in fast
    assert 'hx-trigger="every 5s"' in chosen
    assert "poll=5" in chosen
    assert 'hx-trigger="every 30s"' in nonsense


def test_a_punch_reaches_the_board(world: World, as_user: AsUser) -> None:
    client = as_user("supervisor")
    before = _rows(client)

    punch_record(officer=world.officer, data=PunchInput(kind="in", event_id=uuid.uuid4()))

    after = _rows(client, "/supervision/board/rows/")
    assert before[world.officer.pk] not in ("checked_in", "late")
    assert after[world.officer.pk] in ("checked_in", "late")


def test_the_officer_day_shows_punches_reasons_movements_and_notes(
    world: World, as_user: AsUser
) -> None:
    day = today()
    day_row(
        world.officer,
        day,
        check_in=at(day, 0, 5),
        categories=["LATE_IN"],
        reasons=[{"code": "late_in", "ms": "Lewat: masuk 09:07", "en": "Late: first in 09:07"}],
    )
    punch_row(
        world.officer, at(day, 0, 5), place="outside", distance_m=5123.0, flags=["clock_skew"]
    )
    movement_row(world.officer, at(day, 0, 10), at(day, 0, 20))
    task_note_add(
        officer=world.officer, day=day, text="Semak fail tender", actor=world.officer.user
    )
    client = as_user("supervisor")

    html = client.get(f"/supervision/officers/{world.officer.pk}/").content.decode()

    assert 'data-testid="timeline-punch"' in html
    assert 'data-place="outside"' in html
    assert "5123 m" in html
    assert 'data-testid="flag-clock_skew"' in html
    assert "Lewat: masuk 09:07" in html  # Malay is the default language
    assert 'data-testid="timeline-movement"' in html
    assert "Bangunan Perdana Putra" in html
    assert "Semak fail tender" in html
    assert f"/attendance/officers/{world.officer.pk}/?month={day:%Y-%m}" in html
    assert f"?day={day - timedelta(days=1):%Y-%m-%d}" in html
    assert 'data-testid="next-day"' not in html
    client.cookies["django_language"] = "en"
    assert (
        "Late: first in 09:07"
        in client.get(f"/supervision/officers/{world.officer.pk}/").content.decode()
    )


def test_the_officer_day_of_another_day(world: World, as_user: AsUser) -> None:
    client = as_user("supervisor")
    earlier = today() - timedelta(days=3)

    past = client.get(f"/supervision/officers/{world.officer.pk}/?day={earlier:%Y-%m-%d}")
    nonsense = client.get(f"/supervision/officers/{world.officer.pk}/?day=yesterday")

    assert past.status_code == 200
    assert 'data-testid="next-day"' in past.content.decode()
    assert 'data-testid="no-punches"' in past.content.decode()
    assert nonsense.status_code == 200
    assert f'value="{today():%Y-%m-%d}"' in nonsense.content.decode()


def test_the_officer_day_answers_404_outside_ones_reach(world: World, as_user: AsUser) -> None:
    url = f"/supervision/officers/{world.officer.pk}/"

    assert as_user("outsider").get(url).status_code == 404
    assert as_user("other_unit").get(url).status_code == 404
    assert as_user("supervisor").get(url).status_code == 200
    assert as_user("head").get(url).status_code == 200  # executive of the unit
    assert as_user("admin").get(url).status_code == 200
    assert as_user("supervisor").get("/supervision/officers/999999/").status_code == 404


def test_an_acting_supervisor_reaches_the_team_only_while_acting(
    world: World, as_user: AsUser
) -> None:
    url = f"/supervision/officers/{world.officer.pk}/"
    acting_create(
        acting=world.outsider,
        for_supervisor=world.supervisor,
        starts_on=today() - timedelta(days=10),
        ends_on=today() - timedelta(days=5),
        reason="Cuti",
        actor=None,
    )
    client = as_user("outsider")

    assert _rows(client) == {}
    assert client.get(url).status_code == 404

    acting_create(
        acting=world.outsider,
        for_supervisor=world.supervisor,
        starts_on=today() - timedelta(days=1),
        ends_on=today() + timedelta(days=1),
        reason="Kursus",
        actor=None,
    )

    assert set(_rows(client)) == {world.officer.pk, world.man.pk}
    assert client.get(url).status_code == 200
    assert f'data-officer="{world.officer.pk}"' in client.get("/supervision/year/").content.decode()


def test_a_unit_on_the_board_for_the_org_admin_and_the_executive_only(
    world: World, as_user: AsUser
) -> None:
    root = OrgUnit.objects.get(parent=None)
    bahagian = OrgUnit.objects.get(short_name="BKP")
    ict = OrgUnit.objects.get(short_name="SICT")

    admin = _rows(as_user("admin"), f"/supervision/?unit={root.pk}")
    head = _rows(as_user("head"), f"/supervision/?unit={bahagian.pk}")

    assert {world.officer.pk, world.man.pk, world.other_unit.pk} <= set(admin)
    assert world.officer.pk in head
    assert world.other_unit.pk not in head
    assert as_user("head").get(f"/supervision/?unit={ict.pk}").status_code == 404
    assert as_user("supervisor").get(f"/supervision/?unit={bahagian.pk}").status_code == 404
    assert as_user("admin").get("/supervision/?unit=abc").status_code == 404
    assert as_user("admin").get(f"/supervision/year/?unit={ict.pk}").status_code == 200
