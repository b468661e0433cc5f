"""A state's calendar for one date: weekend, short Thursday, Friday rest (from ``regions.py``,
rules.md §2 and §5) and the public holiday the caller passes (rules.md §6: the ``holidays``
package plus the agency's own, the agency's name winning; see ``holidays_source``)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, time
from functools import lru_cache

from tenant_apps.worktime.engine.types import DayCalendar, Holiday
from tenant_apps.worktime.regions import FRIDAY, region_version_on

THURSDAY = 4

# A holiday passed as a bare date (the simulation's extra dates, an agency row without a name).
UNNAMED_HOLIDAY = Holiday(name_ms="Cuti agensi", name_en="Agency holiday")


class UnknownRegion(ValueError):
    """No working week is known for the state on that date (an unknown code, or before the
    five-day week began on 2005-07-01)."""


def day_calendar(
    state_code: str,
    day: date,
    holidays: Mapping[date, Holiday] | Collection[date] = (),
) -> DayCalendar:
    """The calendar of ``day`` in ``state_code`` ("01".."16"). ``holidays`` is every holiday the
    agency observes (a mapping to names, or bare dates); only ``day`` is looked up."""
    weekend, short_day, friday_rest, name = _week(state_code, day)
    holiday: Holiday | None = None
    if isinstance(holidays, Mapping):
        holiday = holidays.get(day)
    elif day in holidays:
        holiday = UNNAMED_HOLIDAY
    return DayCalendar(
        day=day,
        state_code=state_code,
        weekend=weekend,
        short_day=short_day,
        friday_rest=friday_rest,
        holiday=holiday,
        region_name=name,
    )


@lru_cache(maxsize=4096)
def _week(state_code: str, day: date) -> tuple[bool, bool, tuple[time, time] | None, str]:
    try:
        version = region_version_on(state_code, day)
    except KeyError:
        raise UnknownRegion(f"Unknown state code {state_code!r}: use '01' to '16'.") from None
    if version is None:
        raise UnknownRegion(
            f"No working week is known for state {state_code} on {day.isoformat()} "
            "(the five-day week began on 2005-07-01)."
        )
    weekday = day.isoweekday()
    weekend = weekday in version.weekend_days
    short_day = version.short_thursday and weekday == THURSDAY and not weekend
    friday_rest = version.friday_rest if weekday == FRIDAY and not weekend else None
    return weekend, short_day, friday_rest, version.name
