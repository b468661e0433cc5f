"""The movement pages and API: Daftar Pergerakan, Semak Pergerakan (pagination and filters),
one movement, editing and cancelling, the supervisors' team list and acknowledging. Outside
one's reach a movement answers 404, and a refused action changes nothing."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tenant_apps.movements.models import Movement
from tenant_apps.movements.services import movement_acknowledge, movement_cancel
from tenants.models import Agency
from tests.movements.helpers import World, at, client_for, declare, today

Status = Movement.Status


def _form(day: str, **overrides: str) -> dict[str, str]:
    values = {
        "purpose": "Taklimat SPOT-Me",
        "place": "Jabatan Agama Islam WP",
        "day": day,
        "starts_time": "14:00",
        "ends_time": "16:30",
        "ends_day": "",
    }
    values.update(overrides)
    return values


def test_the_officer_declares_a_movement_on_the_form(world: World, agency_a: Agency) -> None:
    client = client_for(agency_a, "officer")
    tomorrow = today() + timedelta(days=1)
    assert client.get("/movements/new/").status_code == 200

    response = client.post("/movements/new/", _form(tomorrow.isoformat()))

    movement = Movement.objects.get(officer=world.officer)
    assert response.status_code == 302
    assert response["Location"] == f"/movements/{movement.pk}/"
    assert (movement.starts_at, movement.ends_at) == (at(tomorrow, 14), at(tomorrow, 16, 30))
    page = client.get("/movements/").content.decode()
    assert f'data-testid="movement-row-{movement.pk}"' in page
    assert f'data-testid="movement-edit-{movement.pk}"' in page


def test_a_movement_over_two_days_uses_the_end_date(world: World, agency_a: Agency) -> None:
    client = client_for(agency_a, "officer")
    day = today() + timedelta(days=2)

    client.post(
        "/movements/new/",
        _form(
            day.isoformat(),
            starts_time="09:00",
            ends_time="17:00",
            ends_day=str(day + timedelta(days=1)),
        ),
    )

    movement = Movement.objects.get(officer=world.officer)
    assert movement.ends_at == at(day + timedelta(days=1), 17)


def test_form_errors_are_shown_next_to_their_field(world: World, agency_a: Agency) -> None:
    client = client_for(agency_a, "officer")
    yesterday = (today() - timedelta(days=1)).isoformat()
    tomorrow = (today() + timedelta(days=1)).isoformat()

    missing = client.post("/movements/new/", _form(tomorrow, purpose="", place=""))
    backwards = client.post("/movements/new/", _form(tomorrow, ends_time="13:00"))
    past = client.post("/movements/new/", _form(yesterday))

    assert missing.status_code == backwards.status_code == past.status_code == 400
    assert 'data-testid="field-error-purpose"' in missing.content.decode()
    assert 'data-testid="field-error-place"' in missing.content.decode()
    assert 'data-testid="field-error-ends_time"' in backwards.content.decode()
    assert 'data-testid="field-error-day"' in past.content.decode()
    assert not Movement.objects.exists()


def test_an_overlap_is_shown_above_the_form(world: World, agency_a: Agency) -> None:
    declare(world.officer)
    client = client_for(agency_a, "officer")

    response = client.post(
        "/movements/new/",
        _form((today() + timedelta(days=1)).isoformat(), starts_time="11:00", ends_time="13:00"),
    )

    assert response.status_code == 400
    assert 'data-testid="form-error"' in response.content.decode()
    assert Movement.objects.count() == 1


def test_the_history_is_paginated_and_filtered(world: World, agency_a: Agency) -> None:
    first = today() + timedelta(days=1)
    for n in range(22):
        start = at(first, 8) + timedelta(hours=2 * n)
        declare(
            world.officer,
            purpose=f"Tugasan {n}",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        )
    # Two months ahead: well clear of the 22 above, even at the end of a month.
    next_month = (today().replace(day=1) + timedelta(days=63)).replace(day=1)
    far = declare(
        world.officer,
        purpose="Bulan depan",
        starts_at=at(next_month + timedelta(days=5), 9),
        ends_at=at(next_month + timedelta(days=5), 10),
    )
    cancelled = declare(
        world.officer,
        purpose="Dibatalkan",
        starts_at=at(next_month + timedelta(days=6), 9),
        ends_at=at(next_month + timedelta(days=6), 10),
    )
    movement_cancel(movement=cancelled, actor=world.officer.user)
    declare(world.man, purpose="Orang lain")
    client = client_for(agency_a, "officer")

    with CaptureQueriesContext(connection) as queries:
        page_one = client.get("/movements/").content.decode()
    page_two = client.get("/movements/?page=2").content.decode()
    month = client.get(f"/movements/?month={next_month:%Y-%m}").content.decode()
    only_cancelled = client.get("/movements/?status=cancelled").content.decode()
    past = client.get("/movements/?when=past").content.decode()

    assert page_one.count('data-testid="movement-row-') == 20
    assert page_two.count('data-testid="movement-row-') == 4
    assert "Orang lain" not in page_one + page_two
    assert len(queries) < 25  # not one query per row
    assert month.count('data-testid="movement-row-') == 2
    assert f'data-testid="movement-row-{far.pk}"' in month
    assert only_cancelled.count('data-testid="movement-row-') == 1
    assert f'data-testid="movement-cancel-{cancelled.pk}"' not in only_cancelled
    assert 'data-testid="movement-empty"' in past


def test_the_history_is_empty_at_first(world: World, agency_a: Agency) -> None:
    page = client_for(agency_a, "officer").get("/movements/").content.decode()

    assert 'data-testid="movement-empty"' in page


def test_the_officer_edits_and_cancels_on_the_pages(world: World, agency_a: Agency) -> None:
    movement = declare(world.officer)
    client = client_for(agency_a, "officer")
    day = (today() + timedelta(days=3)).isoformat()

    form_page = client.get(f"/movements/{movement.pk}/edit/").content.decode()
    edited = client.post(f"/movements/{movement.pk}/edit/", _form(day, place="Cyberjaya"))
    cancelled = client.post(f"/movements/{movement.pk}/cancel/")

    assert 'value="Mesyuarat Jawatankuasa ICT"' in form_page
    assert edited.status_code == 302
    assert cancelled.status_code == 302
    movement.refresh_from_db()
    assert (movement.place, movement.status) == ("Cyberjaya", Status.CANCELLED)
    trail = client.get(f"/movements/{movement.pk}/").content.decode()
    for action in ("create", "update", "cancel"):
        assert f'data-testid="trail-movements.movement_{action}"' in trail


def test_a_started_movement_is_not_editable_on_the_pages(world: World, agency_a: Agency) -> None:
    movement = declare(
        world.officer, starts_at=at(today(), 0), ends_at=timezone.now() + timedelta(hours=1)
    )
    client = client_for(agency_a, "officer")

    edit = client.get(f"/movements/{movement.pk}/edit/")
    cancel = client.post(f"/movements/{movement.pk}/cancel/", follow=True)

    assert edit.status_code == 302
    assert (
        'data-testid="movement-edit"'
        not in client.get(f"/movements/{movement.pk}/").content.decode()
    )
    assert (
        "already started" in cancel.content.decode() or "telah bermula" in cancel.content.decode()
    )
    movement.refresh_from_db()
    assert movement.status == Status.ACTIVE


def test_who_sees_a_movement(world: World, agency_a: Agency) -> None:
    movement = declare(world.officer)
    url = f"/movements/{movement.pk}/"

    assert client_for(agency_a, "officer").get(url).status_code == 200
    assert client_for(agency_a, "supervisor").get(url).status_code == 200
    assert client_for(agency_a, "admin").get(url).status_code == 200
    for stranger in ("outsider", "other_unit", "man"):
        client = client_for(agency_a, stranger)
        assert client.get(url).status_code == 404
        assert client.get(f"{url}edit/").status_code == 404
        assert client.post(f"{url}cancel/").status_code == 404
    # The supervisor sees it but it is not theirs to change.
    assert client_for(agency_a, "supervisor").post(f"{url}cancel/").status_code == 404
    movement.refresh_from_db()
    assert movement.status == Status.ACTIVE


def test_the_supervisor_acknowledges_from_the_team_list(world: World, agency_a: Agency) -> None:
    seen = declare(world.officer, purpose="Sudah dimaklumi")
    movement_acknowledge(movement=seen, actor=world.supervisor.user)
    fresh = declare(world.man, purpose="Belum dimaklumi")
    old = declare(world.officer, starts_at=at(today(), 0), ends_at=at(today(), 0, 30))
    client = client_for(agency_a, "supervisor")

    team = client.get("/movements/team/").content.decode()
    response = client.post(f"/movements/{fresh.pk}/acknowledge/", {"back": "team"})

    # Unacknowledged first; a movement that ended earlier today still shows, today's.
    assert team.index(f'team-row-{fresh.pk}"') < team.index(f'team-row-{seen.pk}"')
    assert f'team-row-{old.pk}"' in team
    assert f'data-testid="acknowledge-{seen.pk}"' not in team
    assert response.status_code == 302
    assert response["Location"] == "/movements/team/"
    fresh.refresh_from_db()
    assert fresh.acknowledged_by == world.supervisor.user


def test_acknowledging_outside_ones_reach(world: World, agency_a: Agency) -> None:
    movement = declare(world.officer)

    outsider = client_for(agency_a, "outsider").post(f"/movements/{movement.pk}/acknowledge/")
    own = client_for(agency_a, "officer").post(
        f"/movements/{movement.pk}/acknowledge/", follow=True
    )

    assert outsider.status_code == 404
    assert own.status_code == 200
    movement.refresh_from_db()
    assert movement.acknowledged_at is None


def test_the_team_page_is_for_supervisors_only(world: World, agency_a: Agency) -> None:
    assert client_for(agency_a, "officer").get("/movements/team/").status_code == 404
    assert client_for(agency_a, "supervisor").get("/movements/team/").status_code == 200


def test_a_user_who_is_not_an_officer_sees_an_empty_state(world: World, agency_a: Agency) -> None:
    client = client_for(agency_a, "admin")

    assert 'data-testid="not-an-officer"' in client.get("/movements/").content.decode()
    assert client.get("/movements/new/").status_code == 404


def test_pages_need_a_login(world: World, client_a: object) -> None:
    from django.test import Client

    assert isinstance(client_a, Client)
    assert client_a.get("/movements/").status_code == 302
    assert client_a.get("/movements/new/").status_code == 302


# --- API --------------------------------------------------------------------------------------


def test_the_api_lists_and_declares(world: World, agency_a: Agency) -> None:
    client = client_for(agency_a, "officer")
    start = at(today() + timedelta(days=1), 9)

    created = client.post(
        "/api/v1/movements",
        {
            "purpose": "Lawatan",
            "place": "Putrajaya",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=1)).isoformat(),
        },
        content_type="application/json",
    )
    overlap = client.post(
        "/api/v1/movements",
        {
            "purpose": "Lagi",
            "place": "Putrajaya",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=2)).isoformat(),
        },
        content_type="application/json",
    )
    listed = client.get("/api/v1/movements").json()

    assert created.status_code == 201
    assert created.json()["purpose"] == "Lawatan"
    assert overlap.status_code == 400
    assert overlap.json()["code"] == "overlap"
    assert [m["id"] for m in listed["results"]] == [created.json()["id"]]
    detail = client_for(agency_a, "supervisor").get(f"/api/v1/movements/{created.json()['id']}")
    assert detail.status_code == 200
    assert (
        client_for(agency_a, "outsider")
        .get(f"/api/v1/movements/{created.json()['id']}")
        .status_code
        == 404
    )
