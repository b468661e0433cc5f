"""The engine's plain data: what goes in (punches, the policy version, the day's calendar, the
approved arrangements) and what comes out (a verdict with reasons). Frozen and hashable; no
Django. The numbers and their sources are in docs/rules-engine.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

# Every business rule is judged on the wall clock of Peninsular Malaysia (UTC+8 all year).
MALAYSIA = ZoneInfo("Asia/Kuala_Lumpur")

# PP 11/2017 → MyPPSM SR.4.2.1 (rules.md §4): a pregnant officer leaves one hour earlier.
PREGNANCY_EARLY_LEAVE_MINUTES = 60
# PP 5/2019 → MyPPSM SR.4.1.1 (rules.md §2): in Ramadan the rest may be cut by 30 minutes so the
# officer leaves 30 minutes earlier, with the head of department's approval.
RAMADAN_REST_CUT_MINUTES = 30


class PunchKind(StrEnum):
    IN = "in"
    OUT = "out"
    UNKNOWN = "unknown"  # a device that does not ask (most biometric terminals)


class Place(StrEnum):
    """Where a punch was made, as the caller's geofence check found it."""

    OFFICE = "office"  # inside one of the officer's office geofences
    HOME = "home"  # inside the officer's home geofence (the HRMIS address)
    OUTSIDE = "outside"  # inside no geofence of the officer


class PunchSource(StrEnum):
    WEB = "web"
    PWA = "pwa"
    BIOMETRIC = "biometric"
    ADMIN = "admin"  # a compensating record made by an admin, with a reason
    API = "api"


class PolicyKind(StrEnum):
    WBF = "WBF"
    FIXED = "FIXED"
    SHIFT = "SHIFT"


class Status(StrEnum):
    PRESENT = "PRESENT"
    ABSENT = "ABSENT"
    WEEKEND = "WEEKEND"
    PUBLIC_HOLIDAY = "PUBLIC_HOLIDAY"
    BDR = "BDR"
    LEAVE = "LEAVE"
    # The duty day is not over and nothing has been recorded yet: not (yet) absent.
    PENDING = "PENDING"


class Category(StrEnum):
    """An exception the officer may be asked to explain. Declared in reporting order."""

    LATE_IN = "LATE_IN"
    EARLY_OUT = "EARLY_OUT"
    INCOMPLETE = "INCOMPLETE"
    EXTERNAL = "EXTERNAL"


CATEGORY_ORDER: tuple[Category, ...] = tuple(Category)


class BdrScope(StrEnum):
    FULL = "full"
    AM = "am"  # the morning from home, the afternoon at the office
    PM = "pm"  # the morning at the office, the afternoon from home


@dataclass(frozen=True, slots=True)
class Punch:
    """One check-in or check-out. ``at`` must carry its offset (any zone)."""

    at: datetime
    kind: PunchKind = PunchKind.UNKNOWN
    place: Place = Place.OFFICE
    source: PunchSource = PunchSource.WEB

    def __post_init__(self) -> None:
        if self.at.utcoffset() is None:
            raise ValueError("A punch time needs its UTC offset.")

    @property
    def inside_geofence(self) -> bool:
        return self.place is not Place.OUTSIDE


@dataclass(frozen=True, slots=True)
class PolicyVersion:
    """The working-hours policy version in force on the day (the caller picks the version).

    WBF uses the check-in window and the spans; FIXED and SHIFT use ``start``/``end`` (a shift
    whose end is not after its start ends the next day). Spans include the rest. Build one with
    ``wbf()``, ``fixed()`` or ``shift()``."""

    kind: PolicyKind
    check_in_start: time = time(7, 30)
    check_in_end: time = time(9, 0)
    span_minutes: int = 540
    short_day_span_minutes: int = 450
    start: time | None = None
    end: time | None = None
    grace_minutes: int = 0
    # SHIFT only: punches from this time of day belong to the next duty day. None: the middle
    # of the gap between the shift's end and its next start.
    day_split: time | None = None
    # The daily rest on the clock (WBF and fixed hours, 13:00–14:00); on Fridays the region's
    # Friday rest replaces it. None: the rest is not on the clock (shifts).
    rest: tuple[time, time] | None = (time(13, 0), time(14, 0))
    rest_on_weekends: bool = True
    rest_on_public_holidays: bool = True
    short_day_applies: bool = True
    # WBF on a working Friday (rules.md §2, unverified): None keeps the daily span, the longer
    # Friday rest included.
    friday_span_minutes: int | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.grace_minutes <= 240:
            raise ValueError("grace_minutes must be between 0 and 240.")
        if self.rest is not None and not self.rest[0] < self.rest[1]:
            raise ValueError("The rest must start before it ends.")
        if self.kind is PolicyKind.WBF:
            if not self.check_in_start < self.check_in_end:
                raise ValueError("The WBF check-in window must open before it closes.")
            if not 0 < self.short_day_span_minutes <= self.span_minutes <= 24 * 60:
                raise ValueError("WBF spans must satisfy 0 < short day span <= span <= 24 h.")
            if self.friday_span_minutes is not None and not 0 < self.friday_span_minutes <= 1440:
                raise ValueError("The Friday span must be more than 0 and at most 24 h.")
            return
        if self.start is None or self.end is None:
            raise ValueError(f"A {self.kind} policy needs start and end times.")
        if self.kind is PolicyKind.FIXED and not self.start < self.end:
            raise ValueError("Fixed hours must start before they end.")
        if self.kind is PolicyKind.SHIFT and self.start == self.end:
            raise ValueError("A shift cannot start and end at the same time.")
        split = self.day_split if self.kind is PolicyKind.SHIFT else None
        if split is not None and _strictly_inside(split, self.start, self.end):
            raise ValueError("The day split must fall between the shift's end and start.")

    @property
    def times(self) -> tuple[time, time]:
        """``start`` and ``end`` of fixed hours or a shift."""
        if self.start is None or self.end is None:
            raise ValueError(f"A {self.kind} policy has no start and end times.")
        return self.start, self.end

    @classmethod
    def wbf(
        cls,
        *,
        check_in_start: time = time(7, 30),
        check_in_end: time = time(9, 0),
        span_minutes: int = 540,
        short_day_span_minutes: int = 450,
        grace_minutes: int = 0,
        rest: tuple[time, time] | None = (time(13, 0), time(14, 0)),
        friday_span_minutes: int | None = None,
    ) -> PolicyVersion:
        return cls(
            kind=PolicyKind.WBF,
            friday_span_minutes=friday_span_minutes,
            check_in_start=check_in_start,
            check_in_end=check_in_end,
            span_minutes=span_minutes,
            short_day_span_minutes=short_day_span_minutes,
            grace_minutes=grace_minutes,
            rest=rest,
        )

    @classmethod
    def fixed(
        cls,
        *,
        start: time,
        end: time,
        grace_minutes: int = 0,
        short_day_span_minutes: int = 450,
        short_day_applies: bool = True,
        rest: tuple[time, time] | None = (time(13, 0), time(14, 0)),
    ) -> PolicyVersion:
        span = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        return cls(
            kind=PolicyKind.FIXED,
            start=start,
            end=end,
            span_minutes=max(span, 1),
            short_day_span_minutes=short_day_span_minutes,
            short_day_applies=short_day_applies,
            grace_minutes=grace_minutes,
            rest=rest,
        )

    @classmethod
    def shift(
        cls,
        *,
        start: time,
        end: time,
        grace_minutes: int = 0,
        day_split: time | None = None,
        rest_on_weekends: bool = False,
        rest_on_public_holidays: bool = False,
        rest: tuple[time, time] | None = None,
    ) -> PolicyVersion:
        span = ((end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)) % (24 * 60)
        return cls(
            kind=PolicyKind.SHIFT,
            start=start,
            end=end,
            span_minutes=span or 24 * 60,
            short_day_span_minutes=span or 24 * 60,
            grace_minutes=grace_minutes,
            day_split=day_split,
            rest=rest,
            rest_on_weekends=rest_on_weekends,
            rest_on_public_holidays=rest_on_public_holidays,
            short_day_applies=False,
        )


def _strictly_inside(moment: time, start: time, end: time) -> bool:
    if start < end:
        return start < moment < end
    return moment > start or moment < end


@dataclass(frozen=True, slots=True)
class Holiday:
    name_ms: str
    name_en: str


@dataclass(frozen=True, slots=True)
class DayCalendar:
    """What the state's calendar says about one date (see ``calendar.day_calendar``)."""

    day: date
    state_code: str
    weekend: bool = False
    short_day: bool = False  # the short Thursday of a Friday–Saturday-weekend state
    friday_rest: tuple[time, time] | None = None  # set on Fridays that are working days
    holiday: Holiday | None = None
    region_name: str = ""


@dataclass(frozen=True, slots=True)
class Movement:
    """An approved movement (pergerakan): out of the office on duty from ``start`` to ``end``."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.utcoffset() is None or self.end.utcoffset() is None:
            raise ValueError("Movement times need their UTC offset.")
        if not self.start < self.end:
            raise ValueError("A movement must start before it ends.")


@dataclass(frozen=True, slots=True)
class Arrangements:
    """The approved departures from a normal day. The caller decides which apply on the day
    (a pregnancy grant's period, a Ramadan option, a leave record)."""

    bdr: BdrScope | None = None
    # Agency setting (rules.md §3, unverified): BDR counts only with a check-in at home.
    bdr_check_in_required: bool = True
    pregnancy_early_leave: bool = False
    pregnancy_early_leave_minutes: int = PREGNANCY_EARLY_LEAVE_MINUTES
    ramadan_short_rest: bool = False
    ramadan_rest_cut_minutes: int = RAMADAN_REST_CUT_MINUTES
    leave: bool = False
    movements: tuple[Movement, ...] = ()
    # Categories whose case the supervisor accepted for this day (an explanation accepted).
    excused: frozenset[Category] = field(default_factory=frozenset)


NO_ARRANGEMENTS = Arrangements()


@dataclass(frozen=True, slots=True)
class Reason:
    """One sentence explaining a verdict, in Malay and English. ``code`` is stable."""

    code: str
    ms: str
    en: str


@dataclass(frozen=True, slots=True)
class Verdict:
    day: date
    status: Status
    categories: tuple[Category, ...]
    late_minutes: int
    early_minutes: int
    worked_minutes: int
    required_out: datetime | None  # Malaysia time; may fall on the next date for a shift
    reasons: tuple[Reason, ...]
    excused: tuple[Category, ...] = ()  # found, but the case was accepted
    check_in: datetime | None = None
    check_out: datetime | None = None
