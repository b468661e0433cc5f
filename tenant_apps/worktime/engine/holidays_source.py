"""Public holidays of a state from the ``holidays`` package (rules.md §6), as the engine's
``Holiday`` names. Pure (no Django): the simulation uses it directly; the agency's own table
(``PublicHoliday``, seeded from the same package) is what a real evaluation passes.

Several holidays on one date are joined with "; " in each language (the package's own way);
the package's in-lieu days ("Cuti …" / "… (observed)") are holidays like any other."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from holidays.countries.malaysia import Malaysia

from tenant_apps.worktime.engine.types import Holiday


def package_holidays(state_code: str, years: Iterable[int]) -> dict[date, Holiday]:
    """Every holiday the package lists for the state ("01".."16") in ``years``, by date."""
    found: dict[date, Holiday] = {}
    for year in sorted(set(years)):
        found.update(_year(state_code, year))
    return found


@lru_cache(maxsize=256)
def _year(state_code: str, year: int) -> dict[date, Holiday]:
    in_malay = Malaysia(subdiv=state_code, years=year, language="ms_MY")
    in_english = Malaysia(subdiv=state_code, years=year, language="en_US")
    return {
        day: Holiday(name_ms=str(in_malay[day]), name_en=str(in_english.get(day, in_malay[day])))
        for day in sorted(in_malay)
    }
