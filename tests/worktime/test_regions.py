"""The region table as plain data: no database."""

from __future__ import annotations

from datetime import date, time, timedelta
from itertools import pairwise

import pytest

from tenant_apps.worktime.regions import (
    FRIDAY,
    REGION_VERSIONS,
    SATURDAY,
    SUNDAY,
    region_version_on,
    region_versions,
)

ALL_STATES = [f"{n:02d}" for n in range(1, 17)]


def test_every_state_and_territory_has_versions() -> None:
    assert sorted(REGION_VERSIONS) == ALL_STATES


@pytest.mark.parametrize("state_code", ALL_STATES)
def test_versions_of_a_state_follow_each_other_without_overlap_or_gap(state_code: str) -> None:
    versions = region_versions(state_code)

    assert all(v.state_code == state_code for v in versions)
    for earlier, later in pairwise(versions):
        assert earlier.effective_to is not None
        assert earlier.effective_from <= earlier.effective_to
        assert earlier.effective_to + timedelta(days=1) == later.effective_from
    assert versions[-1].effective_to is None


@pytest.mark.parametrize("state_code", ["02", "03", "11"])
def test_kedah_kelantan_terengganu_rest_on_friday_and_saturday(state_code: str) -> None:
    version = region_version_on(state_code, date(2026, 3, 5))

    assert version is not None
    assert version.weekend_days == (FRIDAY, SATURDAY)
    assert version.short_thursday is True
    assert version.friday_rest is None


def test_johor_moved_back_to_a_saturday_sunday_weekend_in_2025() -> None:
    thursday_2024 = region_version_on("01", date(2024, 6, 6))
    thursday_2025 = region_version_on("01", date(2025, 6, 5))

    assert thursday_2024 is not None
    assert thursday_2024.weekend_days == (FRIDAY, SATURDAY)
    assert thursday_2024.short_thursday is True
    assert thursday_2024.friday_rest is None
    assert thursday_2025 is not None
    assert thursday_2025.weekend_days == (SATURDAY, SUNDAY)
    assert thursday_2025.short_thursday is False
    assert thursday_2025.friday_rest == (time(12, 15), time(14, 45))


def test_johor_changes_on_new_year_2025_exactly() -> None:
    assert region_version_on("01", date(2024, 12, 31)) == region_version_on("01", date(2014, 1, 1))
    assert region_version_on("01", date(2025, 1, 1)) != region_version_on("01", date(2024, 12, 31))


@pytest.mark.parametrize(
    ("state_code", "friday_rest"),
    [
        ("10", (time(12, 15), time(14, 45))),
        ("16", (time(12, 15), time(14, 45))),
        ("12", (time(11, 30), time(14, 0))),
        ("15", (time(11, 30), time(14, 0))),
        ("13", (time(11, 45), time(14, 15))),
    ],
)
def test_friday_rest_depends_on_the_region(state_code: str, friday_rest: tuple[time, time]) -> None:
    version = region_version_on(state_code, date(2026, 3, 6))

    assert version is not None
    assert version.weekend_days == (SATURDAY, SUNDAY)
    assert version.short_thursday is False
    assert version.friday_rest == friday_rest


def test_no_version_before_the_five_day_week() -> None:
    assert region_version_on("16", date(2005, 6, 30)) is None
    assert region_version_on("16", date(2005, 7, 1)) is not None


def test_an_unknown_state_code_is_refused() -> None:
    with pytest.raises(KeyError):
        region_versions("17")
