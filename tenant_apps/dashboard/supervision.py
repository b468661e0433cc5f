"""Reads for the supervisor's screens (Paparan Dashboard Penyelia): the live board of today's
states, one officer's day, and the year grid of arrangements and card colours.

The board and the year grid read every officer's rows in one query per table, so the number of
queries does not grow with the number of subordinates (tests/dashboard/test_query_counts.py).

"Not yet in" is a simple rule, the same for every policy: no check-in and the local time past
09:00 (the end of the WBF check-in window). Before 09:00 the officer is "expected"."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet, prefetch_related_objects
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from accounts.models import User
from tenant_apps.assignments.models import TaskNote
from tenant_apps.assignments.selectors import task_notes_of_day
from tenant_apps.attendance.days import PolicyOn, day_window, punches_of_day
from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.movements.models import Movement
from tenant_apps.movements.selectors import movements_of_day
from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.people.selectors import (
    executive_unit_ids,
    is_org_admin,
    supervised_officer_ids,
    unit_descendant_ids,
)
from tenant_apps.worktime import engine
from tenant_apps.worktime.arrangement_selectors import approved_arrangements_on
from tenant_apps.worktime.day_inputs import calendar_on
from tenant_apps.worktime.models import Arrangement, CardColour

Status = AttendanceDay.Status

# The end of the WBF check-in window: without a check-in after this, an officer is "not yet in".
CHECK_IN_WINDOW_CLOSES = time(9, 0)

# Board states, in the order of the tiles.
CHECKED_IN = "checked_in"
LATE = "late"
NOT_YET_IN = "not_yet_in"
EXPECTED = "expected"
ON_MOVEMENT = "on_movement"
BDR = "bdr"
LEAVE = "leave"
HOLIDAY = "holiday"
WEEKEND = "weekend"
REST_DAY = "rest_day"
ABSENT = "absent"
CHECKED_OUT = "checked_out"
STATES = (
    CHECKED_IN,
    LATE,
    NOT_YET_IN,
    EXPECTED,
    ON_MOVEMENT,
    BDR,
    LEAVE,
    HOLIDAY,
    WEEKEND,
    REST_DAY,
    ABSENT,
    CHECKED_OUT,
)

# Why a row needs attention (Perlu perhatian).
ATTENTION_LATE = "late"
ATTENTION_NOT_IN = "not_yet_in"
ATTENTION_OUTSIDE = "outside"
ATTENTION_EARLY_OUT = "early_out"
ATTENTION_INCOMPLETE = "incomplete"
ATTENTION_ABSENT = "absent"

# Year grid cells without a card.
MONTH_FUTURE = "future"
MONTH_NOT_EVALUATED = "not_evaluated"


# --- Who is on the screens ----------------------------------------------------------------------


def board_unit_choices(actor: User) -> QuerySet[OrgUnit]:
    """The units whose officers the actor may put on the board instead of their subordinates:
    every unit for the org admin, the granted units for an executive, none for anyone else."""
    if is_org_admin(actor):
        return OrgUnit.objects.order_by("name")
    return OrgUnit.objects.filter(pk__in=executive_unit_ids(actor)).order_by("name")


def supervision_officers(
    *, actor: User, unit: OrgUnit | None = None, on: date | None = None
) -> QuerySet[Officer]:
    """The active officers on the actor's board: their current subordinates (direct,
    second-level, and those of a supervisor they act for on ``on``), or the officers of ``unit``
    and the units below it (the caller checks the unit is in ``board_unit_choices``)."""
    officers = Officer.objects.select_related("user", "org_unit").filter(
        status=Officer.Status.ACTIVE
    )
    if unit is not None:
        officers = officers.filter(org_unit_id__in=unit_descendant_ids([unit.pk]))
    else:
        officers = officers.filter(pk__in=supervised_officer_ids(actor, on=on))
    return officers.exclude(user=actor).order_by("user__full_name", "pk")


# --- The board ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardRow:
    officer: Officer
    state: str
    day: AttendanceDay | None
    check_in: datetime | None
    check_out: datetime | None
    place: str  # of the latest punch today: office / home / outside, "" without one
    movement: Movement | None  # the movement under way now
    bdr: bool  # an approved BDR covers today
    attention: tuple[str, ...]

    @property
    def needs_attention(self) -> bool:
        return bool(self.attention)


@dataclass(frozen=True)
class Board:
    day: date
    now: datetime
    rows: list[BoardRow]
    counts: dict[str, int] = field(default_factory=dict)
    attention: int = 0


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _covering(movements: Sequence[Movement], at: datetime) -> Movement | None:
    return next((m for m in movements if m.starts_at <= at < m.ends_at), None)


def board_row_state(
    *,
    day: AttendanceDay | None,
    latest: AttendanceEvent | None,
    movements: Sequence[Movement],
    bdr: bool,
    calendar: engine.DayCalendar,
    now: datetime,
) -> tuple[str, tuple[str, ...], Movement | None]:
    """The state of one officer now, why they need attention, and the movement under way.
    Punches win over the calendar: an officer who checks in on a weekend shows as checked in."""
    unexcused = set(day.categories) - set(day.excused) if day is not None else set()
    attention: list[str] = []
    if "LATE_IN" in unexcused:
        attention.append(ATTENTION_LATE)
    if "EARLY_OUT" in unexcused:
        attention.append(ATTENTION_EARLY_OUT)
    if "INCOMPLETE" in unexcused:
        attention.append(ATTENTION_INCOMPLETE)
    outside_uncovered = (
        latest is not None
        and latest.place == AttendanceEvent.Place.OUTSIDE
        and _covering(movements, latest.claimed_at) is None
    )
    if "EXTERNAL" in unexcused or outside_uncovered:
        attention.append(ATTENTION_OUTSIDE)
    moving = _covering(movements, now)
    checked_in = (day.check_in if day is not None else None) or (
        latest.claimed_at if latest is not None and latest.kind != "out" else None
    )
    status = day.status if day is not None else ""
    if latest is not None and latest.kind == AttendanceEvent.Kind.OUT:
        state = CHECKED_OUT
    elif moving is not None:
        state = ON_MOVEMENT
    elif checked_in is not None:
        state = LATE if ATTENTION_LATE in attention else CHECKED_IN
    elif status == Status.LEAVE:
        state = LEAVE
    elif status == Status.PUBLIC_HOLIDAY or (day is None and calendar.holiday is not None):
        state = HOLIDAY
    elif status == Status.WEEKEND or (day is None and calendar.weekend):
        state = WEEKEND
    elif status == Status.REST_DAY:
        state = REST_DAY
    elif bdr or status == Status.BDR:
        state = BDR
    elif status == Status.ABSENT:
        state = ABSENT
        attention.append(ATTENTION_ABSENT)
    elif timezone.localtime(now).time() >= CHECK_IN_WINDOW_CLOSES:
        state = NOT_YET_IN
        attention.append(ATTENTION_NOT_IN)
    else:
        state = EXPECTED
    return state, tuple(attention), moving


def supervision_board(*, officers: Sequence[Officer], now: datetime | None = None) -> Board:
    """Every officer's live state today. Six queries and the calendar, whatever the count."""
    moment = now or timezone.now()
    today = timezone.localdate(moment)
    start, end = local_day_bounds(today)
    ids = [officer.pk for officer in officers]
    days = {
        row.officer_id: row for row in AttendanceDay.objects.filter(officer_id__in=ids, day=today)
    }
    latest = {
        event.officer_id: event
        for event in AttendanceEvent.objects.filter(
            officer_id__in=ids, claimed_at__gte=start, claimed_at__lt=end
        )
        .only("officer_id", "kind", "place", "claimed_at")
        .order_by("officer_id", "-claimed_at", "-id")
        .distinct("officer_id")
    }
    movements: dict[int, list[Movement]] = defaultdict(list)
    for movement in Movement.objects.filter(
        officer_id__in=ids,
        status=Movement.Status.ACTIVE,
        starts_at__lt=end,
        ends_at__gt=start,
    ).order_by("starts_at", "pk"):
        movements[movement.officer_id].append(movement)
    bdr = set(
        Arrangement.objects.filter(
            officer_id__in=ids,
            kind=Arrangement.Kind.BDR,
            status=Arrangement.Status.APPROVED,
            starts_on__lte=today,
            ends_on__gte=today,
        ).values_list("officer_id", flat=True)
    )
    calendar = calendar_on(today)
    rows = []
    for officer in officers:
        day = days.get(officer.pk)
        event = latest.get(officer.pk)
        state, attention, moving = board_row_state(
            day=day,
            latest=event,
            movements=movements[officer.pk],
            bdr=officer.pk in bdr,
            calendar=calendar,
            now=moment,
        )
        rows.append(
            BoardRow(
                officer=officer,
                state=state,
                day=day,
                check_in=day.check_in if day is not None else None,
                check_out=day.check_out if day is not None else None,
                place=event.place if event is not None else "",
                movement=moving,
                bdr=officer.pk in bdr,
                attention=attention,
            )
        )
    counts = Counter(row.state for row in rows)
    return Board(
        day=today,
        now=moment,
        rows=rows,
        counts={state: counts[state] for state in STATES},
        attention=sum(1 for row in rows if row.needs_attention),
    )


def board_rows_filtered(
    rows: Sequence[BoardRow], *, attention: bool, state: str | None
) -> list[BoardRow]:
    """The rows that need attention only, or of one state only."""
    return [
        row
        for row in rows
        if (not attention or row.needs_attention) and (state is None or row.state == state)
    ]


# --- One officer's day ------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    punch: AttendanceEvent | None = None
    movement: Movement | None = None


@dataclass(frozen=True)
class OfficerDay:
    officer: Officer
    day: date
    record: AttendanceDay | None
    punches: list[AttendanceEvent]
    movements: list[Movement]
    notes: list[TaskNote]
    arrangements: list[Arrangement]
    timeline: list[TimelineEntry]


def officer_day(*, officer: Officer, day: date) -> OfficerDay:
    """The duty day as the engine judged it, its punches (a night shift's check-out the next
    morning included), the movements touching it and the officer's task notes of the day."""
    policy_on = PolicyOn(officer)
    punches = punches_of_day(officer, day, policy_on, day_window(day, policy_on(day)))
    prefetch_related_objects(punches, "office")
    movements = list(movements_of_day(officer, day))
    timeline = [TimelineEntry(at=p.claimed_at, punch=p) for p in punches]
    timeline += [TimelineEntry(at=m.starts_at, movement=m) for m in movements]
    timeline.sort(key=lambda entry: (entry.at, entry.movement is not None))
    return OfficerDay(
        officer=officer,
        day=day,
        record=AttendanceDay.objects.filter(officer=officer, day=day).first(),
        punches=punches,
        movements=movements,
        notes=list(task_notes_of_day(officer, day)),
        arrangements=list(approved_arrangements_on(officer, day)),
        timeline=timeline,
    )


# --- The year grid ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthCell:
    month: date  # the first day
    state: str  # a card colour, MONTH_NOT_EVALUATED or MONTH_FUTURE
    policy_kind: str  # the most common stored policy of the month; "" without stored days
    bdr_days: int
    card: CardColour | None


@dataclass(frozen=True)
class YearRow:
    officer: Officer
    months: list[MonthCell]


def _most_common(kinds: Counter[str]) -> str:
    """The kind with the most days; a tie goes to the first by name, so the cell is stable."""
    ranked = sorted(kinds.items(), key=lambda item: (-item[1], item[0]))
    return ranked[0][0] if ranked else ""


def year_grid(*, officers: Sequence[Officer], year: int, today: date) -> list[YearRow]:
    """For each officer and month of ``year``: the working-hours arrangement (the most common
    policy kind among the month's stored duty days), the BDR days and the card colour. A month
    with no stored day shows no policy: the policy in force is not looked up per officer."""
    ids = [officer.pk for officer in officers]
    kinds: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    bdr: Counter[tuple[int, int]] = Counter()
    aggregate = (
        AttendanceDay.objects.filter(
            officer_id__in=ids, day__gte=date(year, 1, 1), day__lt=date(year + 1, 1, 1)
        )
        .annotate(month=ExtractMonth("day"))
        .values("officer_id", "month", "policy_kind")
        .annotate(days=Count("id"), bdr=Count("id", filter=Q(status=Status.BDR)))
        .order_by()
    )
    for entry in aggregate:
        key = (entry["officer_id"], entry["month"])
        if entry["policy_kind"]:
            kinds[key][entry["policy_kind"]] += entry["days"]
        bdr[key] += entry["bdr"]
    cards = {
        (card.officer_id, card.month.month): card
        for card in CardColour.objects.filter(officer_id__in=ids, month__year=year)
    }
    current = date(today.year, today.month, 1)
    grid = []
    for officer in officers:
        months = []
        for number in range(1, 13):
            first = date(year, number, 1)
            card = cards.get((officer.pk, number))
            if card is not None:
                state = card.colour
            elif first > current:
                state = MONTH_FUTURE
            else:
                state = MONTH_NOT_EVALUATED
            key = (officer.pk, number)
            months.append(MonthCell(first, state, _most_common(kinds[key]), bdr[key], card))
        grid.append(YearRow(officer=officer, months=months))
    return grid
