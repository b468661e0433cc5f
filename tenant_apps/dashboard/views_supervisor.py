"""Paparan Dashboard Penyelia: the live board of subordinates (Papan Pemantauan, its rows
refreshed by htmx), one officer's day, and the year grid (Grid Tahunan). Reach comes from
tenant_apps.people.selectors: an officer or unit outside it answers 404."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenant_apps.dashboard import supervision
from tenant_apps.people.access import request_user, visible_or_404
from tenant_apps.people.models import OrgUnit
from tenant_apps.people.selectors import officer_list_visible_to

BOARD_PAGE_SIZE = 50
YEAR_PAGE_SIZE = 50
POLL_DEFAULT_SECONDS = 30
POLL_MIN_SECONDS = 2
POLL_MAX_SECONDS = 300

STATE_LABELS = {
    supervision.CHECKED_IN: _("Checked in"),
    supervision.LATE: _("Late"),
    supervision.NOT_YET_IN: _("Not yet in"),
    supervision.EXPECTED: _("Expected"),
    supervision.ON_MOVEMENT: _("On movement"),
    supervision.BDR: _("Work from home (BDR)"),
    supervision.LEAVE: _("On leave"),
    supervision.HOLIDAY: _("Public holiday"),
    supervision.WEEKEND: _("Weekend"),
    supervision.REST_DAY: _("Rest day"),
    supervision.ABSENT: _("Absent"),
    supervision.CHECKED_OUT: _("Checked out"),
}
ATTENTION_LABELS = {
    supervision.ATTENTION_LATE: _("late in"),
    supervision.ATTENTION_NOT_IN: _("not yet in"),
    supervision.ATTENTION_OUTSIDE: _("outside the office without a movement"),
    supervision.ATTENTION_EARLY_OUT: _("early out"),
    supervision.ATTENTION_INCOMPLETE: _("incomplete"),
    supervision.ATTENTION_ABSENT: _("absent"),
}
MONTH_LABELS = {
    "yellow": _("Yellow (kuning)"),
    "green": _("Green (hijau)"),
    "red": _("Red (merah)"),
    supervision.MONTH_NOT_EVALUATED: _("Not evaluated yet (belum dinilai)"),
    supervision.MONTH_FUTURE: _("Not reached"),
}
# Short words inside a cell (the legend and the cell's title carry the full label).
CELL_LABELS = {
    "yellow": _("Yellow"),
    "green": _("Green"),
    "red": _("Red"),
    supervision.MONTH_NOT_EVALUATED: _("Not evaluated"),
    supervision.MONTH_FUTURE: _("Not reached"),
}
POLICY_LABELS = {"WBF": _("WBF"), "FIXED": _("Fixed"), "SHIFT": _("Shift")}


def _unit(request: HttpRequest) -> OrgUnit | None:
    """The ``unit`` asked for, if the actor may put it on the board; anything else is 404."""
    raw = request.GET.get("unit", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return visible_or_404(supervision.board_unit_choices(request_user(request)), int(raw))


def _poll_seconds(request: HttpRequest) -> int:
    try:
        seconds = int(request.GET.get("poll", POLL_DEFAULT_SECONDS))
    except ValueError:
        return POLL_DEFAULT_SECONDS
    return max(POLL_MIN_SECONDS, min(POLL_MAX_SECONDS, seconds))


def _query(**params: Any) -> str:
    return urlencode({key: value for key, value in params.items() if value not in (None, "")})


def _board_context(request: HttpRequest) -> dict[str, Any]:
    actor = request_user(request)
    unit = _unit(request)
    attention = request.GET.get("attention") == "1"
    state = request.GET.get("state")
    if state not in supervision.STATES:
        state = None
    officers = list(supervision.supervision_officers(actor=actor, unit=unit))
    board = supervision.supervision_board(officers=officers)
    rows = supervision.board_rows_filtered(board.rows, attention=attention, state=state)
    page = Paginator(rows, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    poll = _poll_seconds(request)
    keep = {
        "unit": unit.pk if unit else None,
        "poll": poll if poll != POLL_DEFAULT_SECONDS else None,
    }
    return {
        "board": board,
        "page": page,
        "unit": unit,
        "units": supervision.board_unit_choices(actor),
        "attention": attention,
        "state": state,
        "poll": poll,
        "tiles": [
            (code, STATE_LABELS[code], board.counts[code])
            for code in supervision.STATES
            if board.counts[code]
        ],
        "rows": [
            (row, STATE_LABELS[row.state], [ATTENTION_LABELS[code] for code in row.attention])
            for row in page.object_list
        ],
        "refresh_query": _query(
            **keep, attention="1" if attention else None, state=state, page=page.number
        ),
        "keep_query": _query(**keep),
        "filter_query": _query(**keep, attention="1" if attention else None, state=state),
        "attention_query": _query(**keep, attention="1"),
    }


@login_required
def board_view(request: HttpRequest) -> HttpResponse:
    """Papan Pemantauan: every current subordinate's state today, the rows refreshed by htmx."""
    return render(request, "supervision/board.html", _board_context(request))


@login_required
def board_rows_view(request: HttpRequest) -> HttpResponse:
    """The board's tiles and rows alone: what htmx polls."""
    return render(request, "supervision/_board.html", _board_context(request))


def _day(request: HttpRequest, today: date) -> date:
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return today


@login_required
def officer_day_view(request: HttpRequest, officer_id: int) -> HttpResponse:
    """One officer's day for anyone who may see the officer (supervisors, acting ones on the
    day they act, executives of the unit, the org admin); anyone else gets 404."""
    officer = visible_or_404(officer_list_visible_to(actor=request_user(request)), officer_id)
    today = timezone.localdate()
    day = _day(request, today)
    view = supervision.officer_day(officer=officer, day=day)
    kind = view.record.policy_kind if view.record is not None else ""
    context = {
        "view": view,
        "today": today,
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1) if day < today else None,
        "month_value": f"{day:%Y-%m}",
        "policy_label": POLICY_LABELS.get(kind, kind),
    }
    return render(request, "supervision/officer_day.html", context)


def _year(request: HttpRequest, today: date) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= today.year + 1:
        return int(raw)
    return today.year


@login_required
def year_view(request: HttpRequest) -> HttpResponse:
    """Grid Tahunan: one row per subordinate, one cell per month with the arrangement of the
    month, its BDR days and the card colour."""
    actor = request_user(request)
    unit = _unit(request)
    today = timezone.localdate()
    year = _year(request, today)
    officers = supervision.supervision_officers(actor=actor, unit=unit)
    page = Paginator(officers, YEAR_PAGE_SIZE).get_page(request.GET.get("page"))
    keep = {"year": year, "unit": unit.pk if unit else None}
    context = {
        "year": year,
        "previous_year": year - 1 if year > 2000 else None,
        "next_year": year + 1 if year <= today.year else None,
        "page": page,
        "grid": [
            (
                row.officer,
                [
                    (
                        cell,
                        MONTH_LABELS[cell.state],
                        CELL_LABELS[cell.state],
                        POLICY_LABELS.get(cell.policy_kind, ""),
                    )
                    for cell in row.months
                ],
            )
            for row in supervision.year_grid(
                officers=list(page.object_list), year=year, today=today
            )
        ],
        "months": [date(year, number, 1) for number in range(1, 13)],
        "unit": unit,
        "units": supervision.board_unit_choices(actor),
        "keep_query": _query(**keep),
        "legend": [(code, MONTH_LABELS[code]) for code in MONTH_LABELS],
    }
    return render(request, "supervision/year.html", context)
