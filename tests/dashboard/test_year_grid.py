"""Grid Tahunan: each month's working-hours arrangement (the most common stored policy kind), its
BDR days and card colour; months not yet reached are grey, reached months without a card are
"not evaluated yet"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from django.utils import timezone

from tenant_apps.attendance.models import AttendanceDay
from tenant_apps.dashboard import supervision
from tenant_apps.people.models import Officer
from tenant_apps.worktime.models import CardColour
from tests.dashboard.helpers import AsUser, World, day_row

Status = AttendanceDay.Status


def _card(officer: Officer, month: date, colour: str) -> CardColour:
    return CardColour.objects.create(
        officer=officer, month=month, colour=colour, counts={}, rule_version="v1"
    )


def _days(officer: Officer, first: date, kinds: Sequence[tuple[str, str]]) -> None:
    for offset, (kind, status) in enumerate(kinds):
        day_row(officer, first + timedelta(days=offset), policy_kind=kind, status=status)


def test_the_cells_of_a_past_year(world: World) -> None:
    year = timezone.localdate().year - 1
    present, bdr = Status.PRESENT, Status.BDR
    _days(
        world.officer,
        date(year, 3, 2),
        [("WBF", present)] * 3 + [("WBF", bdr)] * 2 + [("FIXED", present)],
    )
    _days(world.officer, date(year, 4, 1), [("SHIFT", present)] * 2 + [("", Status.REST_DAY)] * 3)
    _card(world.officer, date(year, 3, 1), "green")
    _card(world.officer, date(year, 4, 1), "red")
    _card(world.officer, date(year, 5, 1), "yellow")
    _days(world.man, date(year, 3, 2), [("FIXED", present)])

    grid = supervision.year_grid(
        officers=[world.officer, world.man], year=year, today=timezone.localdate()
    )

    officer, man = grid
    cells = {
        cell.month.month: (cell.policy_kind, cell.bdr_days, cell.state) for cell in officer.months
    }
    assert cells[3] == ("WBF", 2, "green")
    assert cells[4] == ("SHIFT", 0, "red")
    assert cells[5] == ("", 0, "yellow")
    assert cells[1] == ("", 0, supervision.MONTH_NOT_EVALUATED)
    assert len(officer.months) == 12
    assert [(c.policy_kind, c.state) for c in man.months][2] == ("FIXED", "not_evaluated")


def test_months_not_reached_are_grey(world: World) -> None:
    today = timezone.localdate()

    this_year = supervision.year_grid(officers=[world.officer], year=today.year, today=today)
    next_year = supervision.year_grid(officers=[world.officer], year=today.year + 1, today=today)

    states = [cell.state for cell in this_year[0].months]
    assert states[: today.month] == [supervision.MONTH_NOT_EVALUATED] * today.month
    assert states[today.month :] == [supervision.MONTH_FUTURE] * (12 - today.month)
    assert {cell.state for cell in next_year[0].months} == {supervision.MONTH_FUTURE}


def test_the_year_page_shows_a_row_per_subordinate(world: World, as_user: AsUser) -> None:
    year = timezone.localdate().year - 1
    _days(world.officer, date(year, 6, 1), [("WBF", Status.BDR)])
    _card(world.officer, date(year, 6, 1), "red")

    response = as_user("supervisor").get(f"/supervision/year/?year={year}")

    html = response.content.decode()
    assert response.status_code == 200
    rows = re.findall(r'data-testid="year-row" data-officer="(\d+)"', html)
    assert sorted(map(int, rows)) == sorted([world.officer.pk, world.man.pk])
    assert html.count('data-testid="year-cell"') == 24
    assert 'data-month="6" data-state="red" data-policy="WBF" data-bdr="1"' in html
    assert "Merah" in html or "merah" in html


def test_a_year_out_of_range_shows_this_year(world: World, as_user: AsUser) -> None:
    client = as_user("supervisor")
    this_year = timezone.localdate().year

    for raw in ("1900", "abc", str(this_year + 5)):
        html = client.get(f"/supervision/year/?year={raw}").content.decode()
        assert f'value="{this_year}"' in html, raw


def test_the_year_grid_for_someone_without_subordinates_is_empty(
    world: World, as_user: AsUser
) -> None:
    html = as_user("outsider").get("/supervision/year/").content.decode()

    assert 'data-testid="year-empty"' in html
