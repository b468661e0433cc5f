"""The attendance figures every report and dashboard shares, defined once.

- **Working day**: a stored duty day with status PRESENT, BDR or ABSENT. LEAVE, WEEKEND,
  PUBLIC_HOLIDAY, REST_DAY and PENDING (not yet judged) days are not working days.
- **Present**: status PRESENT or BDR.
- **Attendance rate**: present ÷ working days, as a percentage with 1 decimal (None when there
  is no working day).
- **Late rate**: days with an unexcused LATE_IN ÷ days present, same rounding.
- **Exception counts** (LATE_IN, EARLY_OUT, INCOMPLETE, EXTERNAL) count days whose *unexcused*
  categories carry them (``AttendanceDay.categories``; an accepted explanation moves a category
  to ``excused``). ABSENT counts every absent day, excused or not (it is still a working day
  without attendance); ``absent_unexcused`` leaves out the excused ones.
- **Late / early / worked minutes** are the minutes the engine recorded, summed as they are
  (excused or not): the monthly sheet's day rows add up to the unit summary's totals.

Everything is aggregated in the database: one query whatever the number of officers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from tenant_apps.attendance.models import AttendanceDay
from tenant_apps.reports.table import ReportParams, Text

Status = AttendanceDay.Status
PRESENT_STATUSES: tuple[str, ...] = (Status.PRESENT, Status.BDR)
WORKING_STATUSES: tuple[str, ...] = (Status.PRESENT, Status.BDR, Status.ABSENT)
EXCEPTION_CATEGORIES: tuple[str, ...] = ("LATE_IN", "EARLY_OUT", "INCOMPLETE", "EXTERNAL")
# The report filter's categories: the engine's exceptions and an absence.
REPORT_CATEGORIES: tuple[str, ...] = (*EXCEPTION_CATEGORIES, "ABSENT")

ONE_DECIMAL = Decimal("0.1")


def rate(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` as a percentage with 1 decimal (half up); None for nothing."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def mean(total: int, count: int) -> Decimal | None:
    """``total / count`` with 1 decimal (half up); None when ``count`` is 0."""
    if count <= 0:
        return None
    return (Decimal(total) / Decimal(count)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass
class DayCounts:
    """One officer's (or one group's) duty days over a period."""

    days: int = 0  # stored duty days of any status
    working: int = 0
    present: int = 0
    bdr: int = 0
    absent: int = 0
    absent_unexcused: int = 0
    leave: int = 0
    late_in: int = 0
    early_out: int = 0
    incomplete: int = 0
    external: int = 0
    late_minutes: int = 0
    early_minutes: int = 0
    worked_minutes: int = 0
    late_minutes_unexcused: int = 0  # on the days with an unexcused LATE_IN

    @property
    def attendance_rate(self) -> Decimal | None:
        return rate(self.present, self.working)

    @property
    def late_rate(self) -> Decimal | None:
        return rate(self.late_in, self.present)

    @property
    def average_late_minutes(self) -> Decimal | None:
        """Mean late minutes over the days with an unexcused LATE_IN."""
        return mean(self.late_minutes_unexcused, self.late_in)

    def __add__(self, other: DayCounts) -> DayCounts:
        return DayCounts(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )


def _has(category: str) -> Q:
    return Q(categories__contains=[category])


# Annotation names must differ from the fields they sum: ``agg_`` + the DayCounts field.
_AGGREGATES = {
    "agg_days": Count("pk"),
    "agg_working": Count("pk", filter=Q(status__in=WORKING_STATUSES)),
    "agg_present": Count("pk", filter=Q(status__in=PRESENT_STATUSES)),
    "agg_bdr": Count("pk", filter=Q(status=Status.BDR)),
    "agg_absent": Count("pk", filter=Q(status=Status.ABSENT)),
    "agg_absent_unexcused": Count(
        "pk", filter=Q(status=Status.ABSENT) & ~Q(excused__contains=["ABSENT"])
    ),
    "agg_leave": Count("pk", filter=Q(status=Status.LEAVE)),
    "agg_late_in": Count("pk", filter=_has("LATE_IN")),
    "agg_early_out": Count("pk", filter=_has("EARLY_OUT")),
    "agg_incomplete": Count("pk", filter=_has("INCOMPLETE")),
    "agg_external": Count("pk", filter=_has("EXTERNAL")),
    "agg_late_minutes": Coalesce(Sum("late_minutes"), 0),
    "agg_early_minutes": Coalesce(Sum("early_minutes"), 0),
    "agg_worked_minutes": Coalesce(Sum("worked_minutes"), 0),
    "agg_late_minutes_unexcused": Coalesce(Sum("late_minutes", filter=_has("LATE_IN")), 0),
}


def day_counts_by(
    *, officer_ids: Sequence[int], start: date, end: date, group_by: str = "officer_id"
) -> dict[int | None, DayCounts]:
    """``DayCounts`` per value of ``group_by`` (``officer_id``, ``officer__org_unit_id``...)
    over ``[start, end]``, in one query. Groups without a stored day are absent."""
    if not officer_ids:
        return {}
    rows = (
        AttendanceDay.objects.filter(officer_id__in=list(officer_ids), day__range=(start, end))
        .order_by()
        .values(group_by)
        .annotate(**_AGGREGATES)
    )
    found: dict[int | None, DayCounts] = {}
    for row in rows:
        key = row.pop(group_by)
        found[key] = _counts(row)
    return found


def _counts(row: dict[str, int]) -> DayCounts:
    return DayCounts(**{name.removeprefix("agg_"): value for name, value in row.items()})


def day_counts_total(*, officer_ids: Sequence[int], start: date, end: date) -> DayCounts:
    """The same figures for the officers together (one query)."""
    if not officer_ids:
        return DayCounts()
    row = AttendanceDay.objects.filter(
        officer_id__in=list(officer_ids), day__range=(start, end)
    ).aggregate(**_AGGREGATES)
    return _counts(row)


def summed(counts: Iterable[DayCounts]) -> DayCounts:
    total = DayCounts()
    for item in counts:
        total = total + item
    return total


def period_text(start: date, end: date) -> str:
    return f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"


def standard_facts(
    *, start: date, end: date, unit_id: int | None, officer_id: int | None, officers: int
) -> list[tuple[Text, str]]:
    """The facts every report prints above its table: period, unit, officer (one query at
    most for the names)."""
    from tenant_apps.people.models import Officer, OrgUnit

    facts: list[tuple[Text, str]] = [(_("Period"), period_text(start, end))]
    if unit_id is not None:
        name = OrgUnit.objects.filter(pk=unit_id).values_list("name", flat=True).first()
        below = _("and the units below it")
        facts.append((_("Unit"), f"{name or '-'} ({below})"))
    if officer_id is not None:
        name = (
            Officer.objects.filter(pk=officer_id).values_list("user__full_name", flat=True).first()
        )
        facts.append((_("Officer"), name or "-"))
    facts.append((_("Officers"), str(officers)))
    return facts


def params_facts(params: ReportParams) -> list[tuple[Text, str]]:
    """``standard_facts`` of a report's parameters."""
    return standard_facts(
        start=params.start,
        end=params.end,
        unit_id=params.unit_id,
        officer_id=params.officer_id,
        officers=len(params.officer_ids),
    )
