"""Weekends, short Thursdays and Friday rest per Malaysian state, as versions in time.

Pure data, no Django: the rule engine reads it directly and provisioning copies it into each
agency's ``Region`` table. State codes are the ISO 3166-2:MY numbers the ``holidays`` package
uses ("01" Johor … "16" Putrajaya). Weekends are never derived from ``holidays``: its ``weekend``
attribute does not follow Johor's changes.

Sources (research/rules.md §2, §5): the five-day week from 1 July 2005 (PP 13/2005); Friday rest
12:15–14:45 in the Peninsula, 11:30–14:00 in Sabah and Labuan, 11:45–14:15 in Sarawak; Kedah,
Kelantan and Terengganu rest on Friday and Saturday and work a short Thursday (WBF: 7 h 30 min);
Johor did the same from 2014 to 2024 and went back to Saturday and Sunday on 1 January 2025.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

# ISO weekdays, as ``date.isoweekday()`` returns them.
FRIDAY, SATURDAY, SUNDAY = 5, 6, 7

FRI_SAT = (FRIDAY, SATURDAY)
SAT_SUN = (SATURDAY, SUNDAY)

FIVE_DAY_WEEK_START = date(2005, 7, 1)

PENINSULA_FRIDAY_REST = (time(12, 15), time(14, 45))
SABAH_LABUAN_FRIDAY_REST = (time(11, 30), time(14, 0))
SARAWAK_FRIDAY_REST = (time(11, 45), time(14, 15))


@dataclass(frozen=True)
class RegionVersion:
    """How a state's working week looks from ``effective_from`` to ``effective_to`` (inclusive;
    ``None``: still in force)."""

    state_code: str
    name: str
    weekend_days: tuple[int, ...]
    short_thursday: bool
    friday_rest: tuple[time, time] | None
    effective_from: date
    effective_to: date | None = None

    def covers(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


def _sat_sun(
    code: str, name: str, friday_rest: tuple[time, time] = PENINSULA_FRIDAY_REST
) -> tuple[RegionVersion, ...]:
    return (
        RegionVersion(
            state_code=code,
            name=name,
            weekend_days=SAT_SUN,
            short_thursday=False,
            friday_rest=friday_rest,
            effective_from=FIVE_DAY_WEEK_START,
        ),
    )


def _fri_sat(code: str, name: str) -> tuple[RegionVersion, ...]:
    return (
        RegionVersion(
            state_code=code,
            name=name,
            weekend_days=FRI_SAT,
            short_thursday=True,
            friday_rest=None,
            effective_from=FIVE_DAY_WEEK_START,
        ),
    )


_JOHOR = (
    RegionVersion(
        state_code="01",
        name="Johor",
        weekend_days=SAT_SUN,
        short_thursday=False,
        friday_rest=PENINSULA_FRIDAY_REST,
        effective_from=FIVE_DAY_WEEK_START,
        effective_to=date(2013, 12, 31),
    ),
    RegionVersion(
        state_code="01",
        name="Johor",
        weekend_days=FRI_SAT,
        short_thursday=True,
        friday_rest=None,
        effective_from=date(2014, 1, 1),
        effective_to=date(2024, 12, 31),
    ),
    # The state extended its own Friday rest to two hours in 2025; federal agencies follow the
    # federal Peninsula break until JPA says otherwise (rules.md §5, unverified).
    RegionVersion(
        state_code="01",
        name="Johor",
        weekend_days=SAT_SUN,
        short_thursday=False,
        friday_rest=PENINSULA_FRIDAY_REST,
        effective_from=date(2025, 1, 1),
    ),
)

REGION_VERSIONS: dict[str, tuple[RegionVersion, ...]] = {
    "01": _JOHOR,
    "02": _fri_sat("02", "Kedah"),
    "03": _fri_sat("03", "Kelantan"),
    "04": _sat_sun("04", "Melaka"),
    "05": _sat_sun("05", "Negeri Sembilan"),
    "06": _sat_sun("06", "Pahang"),
    "07": _sat_sun("07", "Pulau Pinang"),
    "08": _sat_sun("08", "Perak"),
    "09": _sat_sun("09", "Perlis"),
    "10": _sat_sun("10", "Selangor"),
    "11": _fri_sat("11", "Terengganu"),
    "12": _sat_sun("12", "Sabah", SABAH_LABUAN_FRIDAY_REST),
    "13": _sat_sun("13", "Sarawak", SARAWAK_FRIDAY_REST),
    "14": _sat_sun("14", "W.P. Kuala Lumpur"),
    "15": _sat_sun("15", "W.P. Labuan", SABAH_LABUAN_FRIDAY_REST),
    "16": _sat_sun("16", "W.P. Putrajaya"),
}


def region_versions(state_code: str) -> tuple[RegionVersion, ...]:
    """All versions of a state, oldest first. Raises ``KeyError`` for an unknown code."""
    return REGION_VERSIONS[state_code]


def region_version_on(state_code: str, day: date) -> RegionVersion | None:
    """The version in force on ``day``; ``None`` before the five-day week began."""
    return next((v for v in region_versions(state_code) if v.covers(day)), None)
