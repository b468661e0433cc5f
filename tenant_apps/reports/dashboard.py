"""Reads for the executive dashboard (Dashboard Eksekutif): today's figures, this month's, the
same month figures per unit, and the last twelve months' trend, for the officers of a report
``Scope`` (tenant_apps.reports.scope). Nothing outside the scope enters any figure.

Every figure is read in a fixed number of queries, whatever the number of officers: rows are
fetched in bulk for today and aggregated in the database for the month and the trend (the
definitions are tenant_apps.reports.metrics').

Today's figures (active officers only):

- **expected**: the stored day is a working one (not weekend, public holiday, rest day or
  leave), or there is no stored day yet and the agency's calendar says it is a working day;
- **present**: checked in today (the day's check-in, or a punch other than a check-out);
- **late**: today's day carries an unexcused LATE_IN;
- **not yet in**: expected, not present, past 09:00, and neither on a movement now nor on
  approved BDR (the supervisor's board shows those as such, the same rule);
- **BDR**: an approved BDR covers today, or the day is judged BDR;
- **on movement**: a declared movement covers the moment;
- **outside the office**: a punch today outside every office geofence that no declared
  movement covers."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Count, Expression, F, Max, Q
from django.http import Http404
from django.utils import timezone

from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.attendance_issues.models import AttendanceIssue
from tenant_apps.dashboard.supervision import CHECK_IN_WINDOW_CLOSES
from tenant_apps.movements.models import Movement
from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.reports.metrics import DayCounts, day_counts_by
from tenant_apps.reports.scope import Scope
from tenant_apps.worktime.day_inputs import calendar_on
from tenant_apps.worktime.models import Arrangement, CardColour
from tenant_apps.worktime.months import month_start, months_back

Status = AttendanceDay.Status
NOT_WORKING_TODAY = (Status.WEEKEND, Status.PUBLIC_HOLIDAY, Status.REST_DAY, Status.LEAVE)
OPEN_ISSUE_STATUSES = (
    AttendanceIssue.Status.OPEN,
    AttendanceIssue.Status.EXPLAINED,
    AttendanceIssue.Status.REJECTED,
)
CARD_COLOURS = ("green", "yellow", "red")
TREND_MONTHS = 12


# --- Shapes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TodayFigures:
    day: date
    now: datetime
    officers: int = 0  # active officers in view
    expected: int = 0
    present: int = 0
    late: int = 0
    not_yet_in: int = 0
    bdr: int = 0
    on_movement: int = 0
    outside: int = 0


@dataclass
class MonthFigures:
    """A group's month to date: the duty-day counts, the issues open now and the cards of the
    last evaluated month."""

    counts: DayCounts = field(default_factory=DayCounts)
    open_issues: int = 0
    overdue_issues: int = 0
    cards: Counter[str] = field(default_factory=Counter)

    @property
    def attendance_rate(self) -> Decimal | None:
        return self.counts.attendance_rate

    @property
    def late_rate(self) -> Decimal | None:
        return self.counts.late_rate

    @property
    def average_late_minutes(self) -> Decimal | None:
        return self.counts.average_late_minutes

    @property
    def cards_total(self) -> int:
        return sum(self.cards[colour] for colour in CARD_COLOURS)

    def add(self, other: MonthFigures) -> None:
        self.counts = self.counts + other.counts
        self.open_issues += other.open_issues
        self.overdue_issues += other.overdue_issues
        self.cards.update(other.cards)


@dataclass(frozen=True)
class UnitRow:
    unit_id: int
    name: str
    direct: bool  # the unit's own officers only (its sub-units have rows of their own)
    officers: int  # active officers in view
    month: MonthFigures


@dataclass(frozen=True)
class TrendPoint:
    month: date  # the first day
    counts: DayCounts

    @property
    def attendance_rate(self) -> Decimal | None:
        return self.counts.attendance_rate

    @property
    def late_rate(self) -> Decimal | None:
        return self.counts.late_rate


@dataclass(frozen=True)
class ExecDashboard:
    unit: OrgUnit | None  # the unit filter, None for the whole scope
    units: list[OrgUnit]  # the units the filter may choose
    today: TodayFigures
    month_start: date
    month: MonthFigures
    card_month: date | None  # the last evaluated month, None before any evaluation
    rows: list[UnitRow]
    trend: list[TrendPoint]


class _AnyOf(Expression):
    """``<column> = ANY(<one array parameter>)``. With thousands of officers this beats
    ``IN (%s, %s, ...)`` (one bound parameter per id) and, unlike ``IN (SELECT unnest(...))``,
    never lets the planner pick a nested loop over both lists."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, column: str, ids: Iterable[int]) -> None:
        super().__init__()
        self.column: Any = F(column)
        self.ids = list(ids)

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.column,) = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        sql, params = compiler.compile(self.column)
        return f"{sql} = ANY(%s::bigint[])", (*params, self.ids)


# --- Units --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tree:
    units: dict[int, OrgUnit]
    parents: dict[int, int | None]

    def below(self, unit_id: int) -> set[int]:
        children: dict[int | None, list[int]] = defaultdict(list)
        for pk, parent in self.parents.items():
            children[parent].append(pk)
        found, stack = set(), [unit_id]
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(children[pk])
        return found

    def chain(self, unit_id: int) -> list[int]:
        """The unit and the units above it, nearest first."""
        found: list[int] = []
        current: int | None = unit_id
        while current is not None and current not in found:
            found.append(current)
            current = self.parents.get(current)
        return found


def _tree() -> _Tree:
    units = {unit.pk: unit for unit in OrgUnit.objects.only("pk", "name", "parent_id")}
    return _Tree(units, {pk: unit.parent_id for pk, unit in units.items()})


def _groups(tree: _Tree, reach: set[int], chosen: int | None) -> list[int]:
    """The units that get a row: the top units of the reach (or the chosen unit); a single top
    unit is opened into itself (its own officers) and its child units."""
    tops = [chosen] if chosen is not None else [u for u in reach if tree.parents[u] not in reach]
    if len(tops) != 1:
        return tops
    top = tops[0]
    covered = {pk for unit in reach for pk in tree.chain(unit)}
    return [top, *[pk for pk in covered if tree.parents[pk] == top]]


def _group_of(tree: _Tree, groups: set[int]) -> dict[int, int]:
    """Each unit under a group → the nearest group at or above it."""
    found: dict[int, int] = {}
    for unit in tree.units:
        target = next((pk for pk in tree.chain(unit) if pk in groups), None)
        if target is not None:
            found[unit] = target
    return found


# --- Today ------------------------------------------------------------------------------------


def _covered(windows: Sequence[tuple[datetime, datetime]], at: datetime) -> bool:
    return any(start <= at < end for start, end in windows)


def today_figures(*, officer_ids: Sequence[int], now: datetime) -> TodayFigures:
    """Today's figures for ``officer_ids``, the active officers in view (four queries and the
    calendar)."""
    today = timezone.localdate(now)
    start = timezone.make_aware(datetime.combine(today, time.min))
    end = start + timedelta(days=1)
    ids = list(officer_ids)
    if not ids:
        return TodayFigures(day=today, now=now)
    days = {
        officer_id: (status, categories, check_in)
        for officer_id, status, categories, check_in in AttendanceDay.objects.filter(
            _AnyOf("officer_id", ids), day=today
        ).values_list("officer_id", "status", "categories", "check_in")
    }
    punches: dict[int, list[tuple[str, str, datetime]]] = defaultdict(list)
    for officer_id, kind, place, claimed_at in AttendanceEvent.objects.filter(
        _AnyOf("officer_id", ids), claimed_at__gte=start, claimed_at__lt=end
    ).values_list("officer_id", "kind", "place", "claimed_at"):
        punches[officer_id].append((kind, place, claimed_at))
    windows: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for officer_id, starts_at, ends_at in Movement.objects.filter(
        _AnyOf("officer_id", ids),
        status=Movement.Status.ACTIVE,
        starts_at__lt=end,
        ends_at__gt=start,
    ).values_list("officer_id", "starts_at", "ends_at"):
        windows[officer_id].append((starts_at, ends_at))
    on_bdr = set(
        Arrangement.objects.filter(
            _AnyOf("officer_id", ids),
            kind=Arrangement.Kind.BDR,
            status=Arrangement.Status.APPROVED,
            starts_on__lte=today,
            ends_on__gte=today,
        ).values_list("officer_id", flat=True)
    )
    calendar = calendar_on(today)
    working_calendar = not calendar.weekend and calendar.holiday is None
    past_window = timezone.localtime(now).time() >= CHECK_IN_WINDOW_CLOSES
    tally: Counter[str] = Counter()
    for pk in ids:
        status, categories, check_in = days.get(pk, ("", [], None))
        expected = status not in NOT_WORKING_TODAY if status else working_calendar
        present = check_in is not None or any(p[0] != "out" for p in punches[pk])
        moving = _covered(windows[pk], now)
        bdr = pk in on_bdr or status == Status.BDR
        outside = any(
            place == AttendanceEvent.Place.OUTSIDE and not _covered(windows[pk], at)
            for _, place, at in punches[pk]
        )
        flags = {
            "expected": expected,
            "present": present,
            "late": "LATE_IN" in categories,
            "not_yet_in": expected and not present and past_window and not moving and not bdr,
            "bdr": bdr,
            "on_movement": moving,
            "outside": outside,
        }
        tally.update({name: int(flag) for name, flag in flags.items()})
    return TodayFigures(day=today, now=now, officers=len(ids), **tally)


# --- This month, by unit, and the trend -------------------------------------------------------


def _month_by_unit(
    *, officer_ids: Sequence[int], start: date, today: date
) -> tuple[dict[int | None, MonthFigures], date | None]:
    """Month figures per officer's unit (four queries), and the last evaluated card month."""
    ids = list(officer_ids)
    found: dict[int | None, MonthFigures] = defaultdict(MonthFigures)
    for unit, counts in day_counts_by(
        officer_ids=ids, start=start, end=today, group_by="officer__org_unit_id"
    ).items():
        found[unit].counts = counts
    issues = (
        AttendanceIssue.objects.filter(_AnyOf("officer_id", ids), status__in=OPEN_ISSUE_STATUSES)
        .order_by()
        .values("officer__org_unit_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today)))
    )
    for row in issues:
        figures = found[row["officer__org_unit_id"]]
        figures.open_issues, figures.overdue_issues = row["open"], row["overdue"]
    card_month = CardColour.objects.filter(_AnyOf("officer_id", ids)).aggregate(last=Max("month"))[
        "last"
    ]
    if card_month is not None:
        cards = (
            CardColour.objects.filter(_AnyOf("officer_id", ids), month=card_month)
            .order_by()
            .values("officer__org_unit_id", "colour")
            .annotate(officers=Count("pk"))
        )
        for row in cards:
            found[row["officer__org_unit_id"]].cards[row["colour"]] += row["officers"]
    return found, card_month


def trend(
    *, officer_ids: Sequence[int], today: date, months: int = TREND_MONTHS
) -> list[TrendPoint]:
    """Each of the last ``months`` months (this one to date included), oldest first, in one
    query. Twelve consecutive months never share a month number, so grouping by it is enough."""
    first = months_back(month_start(today), months - 1)
    by_number = day_counts_by(
        officer_ids=list(officer_ids), start=first, end=today, group_by="day__month"
    )
    points = []
    for offset in range(months):
        month = months_back(month_start(today), months - 1 - offset)
        points.append(TrendPoint(month, by_number.get(month.month) or DayCounts()))
    return points


# --- The dashboard -----------------------------------------------------------------------------


def _officer_units(officer_ids: Iterable[int]) -> dict[int, tuple[int, bool]]:
    return {
        pk: (unit, status == Officer.Status.ACTIVE)
        for pk, unit, status in Officer.objects.filter(_AnyOf("pk", officer_ids))
        .order_by()
        .values_list("pk", "org_unit_id", "status")
    }


def exec_dashboard(*, scope: Scope, unit_id: int | None = None, now: datetime) -> ExecDashboard:
    """Everything the dashboard shows for ``scope``, narrowed to ``unit_id`` and the units
    below it. A unit the scope may not choose (another branch, another agency's id, a unit that
    does not exist) raises Http404."""
    tree = _tree()
    officers = _officer_units(scope.officer_ids)
    # The units the filter offers: every unit for the org admin, else the granted units (and
    # below) and the units of the officers in reach (a supervisor's team).
    reach = set(tree.units) if scope.unit_ids is None else set(scope.unit_ids)
    reach |= {unit for unit, _ in officers.values()}
    reach &= set(tree.units)
    if unit_id is not None and unit_id not in reach:
        raise Http404
    if unit_id is not None:
        below = tree.below(unit_id)
        officers = {pk: value for pk, value in officers.items() if value[0] in below}
    ids = sorted(officers)
    today = timezone.localdate(now)
    start = month_start(today)

    by_unit, card_month = _month_by_unit(officer_ids=ids, start=start, today=today)
    groups = _groups(tree, reach, unit_id)
    group_of = _group_of(tree, set(groups))
    per_group: dict[int, MonthFigures] = defaultdict(MonthFigures)
    for unit, figures in by_unit.items():
        if unit in group_of:
            per_group[group_of[unit]].add(figures)
    active = Counter(group_of.get(unit) for unit, is_active in officers.values() if is_active)
    # A group with other groups below it stands for its own officers only.
    direct = {pk for pk in groups if any(pk in tree.chain(other)[1:] for other in groups)}
    rows = sorted(
        (
            UnitRow(pk, tree.units[pk].name, pk in direct, active[pk], per_group[pk])
            for pk in groups
            if pk not in direct or active[pk] or per_group[pk].counts.days
        ),
        key=lambda row: (not row.direct, row.name.casefold()),
    )
    month = MonthFigures()
    for figures in by_unit.values():
        month.add(figures)
    return ExecDashboard(
        unit=tree.units[unit_id] if unit_id is not None else None,
        units=sorted((tree.units[pk] for pk in reach), key=lambda unit: unit.name),
        today=today_figures(
            officer_ids=[pk for pk in ids if officers[pk][1]],
            now=now,
        ),
        month_start=start,
        month=month,
        card_month=card_month,
        rows=rows,
        trend=trend(officer_ids=ids, today=today),
    )
