"""The simulation's JSON: a case dict → engine inputs (with a precise error naming the field),
a verdict → a dict, and a whole input text → one output line per case. The format is in
docs/rules-engine.md; ``manage.py simulate_day`` is a thin shell around ``simulate``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from tenant_apps.worktime.engine.calendar import UNNAMED_HOLIDAY, UnknownRegion, day_calendar
from tenant_apps.worktime.engine.evaluate import evaluate_day
from tenant_apps.worktime.engine.holidays_source import package_holidays
from tenant_apps.worktime.engine.jsonfields import (
    CaseError,
    bool_field,
    choice,
    clock_time,
    iso_date,
    iso_datetime,
    json_object,
    known_fields,
    list_field,
    minutes_field,
    required,
)
from tenant_apps.worktime.engine.types import (
    MALAYSIA,
    PREGNANCY_EARLY_LEAVE_MINUTES,
    RAMADAN_REST_CUT_MINUTES,
    Arrangements,
    BdrScope,
    Category,
    DayCalendar,
    Holiday,
    Movement,
    Place,
    PolicyKind,
    PolicyVersion,
    Punch,
    PunchKind,
    PunchSource,
    Verdict,
)

STATE_CODES = frozenset(f"{n:02d}" for n in range(1, 17))


@dataclass(frozen=True, slots=True)
class Case:
    calendar: DayCalendar
    policy: PolicyVersion
    punches: tuple[Punch, ...]
    arrangements: Arrangements
    day_closed: bool


def evaluate_case(case: Case) -> Verdict:
    return evaluate_day(
        calendar=case.calendar,
        policy=case.policy,
        punches=case.punches,
        arrangements=case.arrangements,
        day_closed=case.day_closed,
    )


def verdict_to_dict(verdict: Verdict) -> dict[str, Any]:
    due = verdict.required_out
    return {
        "status": verdict.status.value,
        "categories": [category.value for category in verdict.categories],
        "late_minutes": verdict.late_minutes,
        "early_minutes": verdict.early_minutes,
        "worked_minutes": verdict.worked_minutes,
        "required_out": due.astimezone(MALAYSIA).strftime("%H:%M") if due else None,
        "reasons": [{"ms": reason.ms, "en": reason.en} for reason in verdict.reasons],
    }


def simulate(text: str) -> tuple[list[dict[str, Any]], int]:
    """One output dict per case in ``text`` (a JSON object, a list of them, or JSON lines /
    concatenated objects), in input order; a bad case gives ``{"error": …}`` in its place and
    the others are still evaluated. Returns the lines and how many cases were bad."""
    lines: list[dict[str, Any]] = []
    bad = 0
    values = read_cases(text)
    if not values:
        return [_error("no_cases", "The input holds no case.", 0)], 1
    for index, value in enumerate(values):
        try:
            if isinstance(value, CaseError):
                raise value
            lines.append(verdict_to_dict(evaluate_case(parse_case(value))))
        except CaseError as error:
            bad += 1
            lines.append(_error(error.code, error.message, index))
    return lines, bad


def _error(code: str, message: str, index: int) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "case": index}}


def read_cases(text: str) -> list[object]:
    """The cases in ``text``: each top-level JSON value is a case, a list's items are cases.
    A value that does not parse becomes a ``CaseError`` and reading resumes on the next line."""
    decoder = json.JSONDecoder()
    values: list[object] = []
    position, size = 0, len(text)
    while True:
        while position < size and text[position].isspace():
            position += 1
        if position >= size:
            return values
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            values.append(CaseError("invalid_json", f"Not JSON: {error.msg} at {_where(error)}."))
            newline = text.find("\n", position)
            position = size if newline < 0 else newline + 1
            continue
        values.extend(value if isinstance(value, list) else [value])


def _where(error: json.JSONDecodeError) -> str:
    return f"line {error.lineno} column {error.colno}"


# --- One case -------------------------------------------------------------------------------

_CASE_FIELDS = {"region", "date", "policy", "punches", "arrangements", "holidays", "day_closed"}
_IGNORED = {"id", "note"}


def parse_case(value: object) -> Case:
    data = json_object(value, "case")
    known_fields(data, _CASE_FIELDS | _IGNORED, "")
    region = required(data, "region", "")
    if not isinstance(region, str) or region not in STATE_CODES:
        raise CaseError("invalid_value", f"region: a state code from '01' to '16', got {region!r}.")
    day = iso_date(required(data, "date", ""), "date")
    policy = parse_policy(data.get("policy", {"type": "WBF"}))
    punches = tuple(
        parse_punch(item, f"punches[{i}]") for i, item in enumerate(list_field(data, "punches"))
    )
    arrangements = parse_arrangements(list_field(data, "arrangements"))
    holidays = dict(package_holidays(region, [day.year]))
    for i, item in enumerate(list_field(data, "holidays")):
        found_day, found = _holiday(item, f"holidays[{i}]")
        holidays[found_day] = found  # the agency's name wins over the package's
    closed = data.get("day_closed", True)
    if not isinstance(closed, bool):
        raise CaseError("invalid_value", f"day_closed: true or false, got {closed!r}.")
    try:
        calendar = day_calendar(region, day, holidays)
    except UnknownRegion as error:
        raise CaseError("unknown_region", f"date: {error}") from None
    return Case(calendar, policy, punches, arrangements, closed)


_POLICY_FIELDS = {
    PolicyKind.WBF: {
        "check_in_start",
        "check_in_end",
        "span_minutes",
        "short_day_span_minutes",
        "friday_span_minutes",
    },
    PolicyKind.FIXED: {"start", "end", "short_day_span_minutes", "short_day_applies"},
    PolicyKind.SHIFT: {"start", "end", "day_split", "rest_on_weekends", "rest_on_public_holidays"},
}
_P = "policy."


def parse_policy(value: object) -> PolicyVersion:
    data = json_object(value, "policy")
    kind = choice(str(required(data, "type", _P)).upper(), PolicyKind, "policy.type")
    known_fields(data, _POLICY_FIELDS[kind] | {"type", "grace_minutes", "rest"}, _P)
    grace = minutes_field(data, "grace_minutes", 0, _P)
    short_span = minutes_field(data, "short_day_span_minutes", 450, _P)
    try:
        if kind is PolicyKind.WBF:
            return PolicyVersion.wbf(
                check_in_start=_clock(data, "check_in_start", "07:30"),
                check_in_end=_clock(data, "check_in_end", "09:00"),
                span_minutes=minutes_field(data, "span_minutes", 540, _P),
                short_day_span_minutes=short_span,
                grace_minutes=grace,
                rest=_rest(data),
                friday_span_minutes=_optional_minutes(data, "friday_span_minutes"),
            )
        start, end = _clock(data, "start", None), _clock(data, "end", None)
        if kind is PolicyKind.FIXED:
            return PolicyVersion.fixed(
                start=start,
                end=end,
                grace_minutes=grace,
                short_day_span_minutes=short_span,
                short_day_applies=bool_field(data, "short_day_applies", True, _P),
                rest=_rest(data),
            )
        split = data.get("day_split")
        return PolicyVersion.shift(
            start=start,
            end=end,
            grace_minutes=grace,
            day_split=clock_time(split, "policy.day_split") if split is not None else None,
            rest_on_weekends=bool_field(data, "rest_on_weekends", False, _P),
            rest_on_public_holidays=bool_field(data, "rest_on_public_holidays", False, _P),
            rest=_rest(data, default=False),
        )
    except CaseError:
        raise
    except ValueError as error:
        raise CaseError("invalid_value", f"policy: {error}") from None


def _optional_minutes(data: Mapping[str, object], key: str) -> int | None:
    return minutes_field(data, key, 0, _P) if data.get(key) is not None else None


def _clock(data: Mapping[str, object], key: str, default: str | None) -> time:
    value = data.get(key, default) if default is not None else required(data, key, _P)
    return clock_time(value, f"{_P}{key}")


_OFFICE_REST = ["13:00", "14:00"]


def _rest(data: Mapping[str, object], default: bool = True) -> tuple[time, time] | None:
    """The policy's rest: ``["HH:MM", "HH:MM"]``, or null for none; absent: 13:00–14:00 for
    WBF and fixed hours, none for shifts."""
    value = data.get("rest", _OFFICE_REST if default else None)
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 2:
        raise CaseError("invalid_value", 'policy.rest: ["HH:MM", "HH:MM"] or null.')
    return clock_time(value[0], "policy.rest[0]"), clock_time(value[1], "policy.rest[1]")


_PUNCH_FIELDS = {"at", "kind", "inside_geofence", "place", "source"}
_TRUSTED_SOURCES = {PunchSource.BIOMETRIC, PunchSource.ADMIN}


def parse_punch(value: object, path: str) -> Punch:
    data = json_object(value, path)
    known_fields(data, _PUNCH_FIELDS, f"{path}.")
    at = iso_datetime(required(data, "at", f"{path}."), f"{path}.at", offset_required=True)
    kind = choice(data.get("kind", "unknown"), PunchKind, f"{path}.kind")
    source = choice(data.get("source", "web"), PunchSource, f"{path}.source")
    inside = data.get("inside_geofence")
    if inside is not None and not isinstance(inside, bool):
        raise CaseError("invalid_value", f"{path}.inside_geofence: true or false, got {inside!r}.")
    if "place" in data:
        place = choice(data["place"], Place, f"{path}.place")
        if inside is not None and inside is (place is Place.OUTSIDE):
            raise CaseError(
                "invalid_value", f"{path}: place {place.value!r} contradicts inside_geofence."
            )
    elif inside is not None:
        place = Place.OFFICE if inside else Place.OUTSIDE
    elif source in _TRUSTED_SOURCES:
        place = Place.OFFICE  # a terminal on the office wall, or an admin's correction
    else:
        raise CaseError("missing_field", f"{path}.inside_geofence: required (true or false).")
    return Punch(at=at, kind=kind, place=place, source=source)


_ARRANGEMENT_FIELDS: dict[str, set[str]] = {
    "BDR": {"scope", "check_in_required"},
    "PREGNANCY_EARLY_LEAVE": {"minutes"},
    "RAMADAN_SHORT_REST": {"minutes"},
    "MOVEMENT": {"from", "to"},
    "LEAVE": set(),
    "EXCUSED": {"category"},
}


def parse_arrangements(items: list[object]) -> Arrangements:
    scopes: set[BdrScope] = set()
    check_in_required = True
    pregnancy: int | None = None
    ramadan: int | None = None
    leave = False
    movements: list[Movement] = []
    excused: set[Category] = set()
    for i, item in enumerate(items):
        path = f"arrangements[{i}]"
        data = json_object(item, path)
        kind = str(required(data, "type", f"{path}.")).upper()
        if kind not in _ARRANGEMENT_FIELDS:
            choices = ", ".join(_ARRANGEMENT_FIELDS)
            raise CaseError("invalid_value", f"{path}.type: one of {choices}, got {kind!r}.")
        known_fields(data, _ARRANGEMENT_FIELDS[kind] | {"type"}, f"{path}.")
        if kind == "BDR":
            scopes.add(choice(data.get("scope", "full"), BdrScope, f"{path}.scope"))
            check_in_required = bool_field(data, "check_in_required", True, f"{path}.")
        elif kind == "PREGNANCY_EARLY_LEAVE":
            pregnancy = minutes_field(data, "minutes", PREGNANCY_EARLY_LEAVE_MINUTES, f"{path}.")
        elif kind == "RAMADAN_SHORT_REST":
            ramadan = minutes_field(data, "minutes", RAMADAN_REST_CUT_MINUTES, f"{path}.")
        elif kind == "MOVEMENT":
            start = iso_datetime(required(data, "from", f"{path}."), f"{path}.from")
            end = iso_datetime(required(data, "to", f"{path}."), f"{path}.to")
            if not start < end:
                raise CaseError("invalid_value", f"{path}: 'from' must be before 'to'.")
            movements.append(Movement(start=start, end=end))
        elif kind == "LEAVE":
            leave = True
        else:
            excused.add(
                choice(required(data, "category", f"{path}."), Category, f"{path}.category")
            )
    bdr: BdrScope | None = None
    if BdrScope.FULL in scopes or {BdrScope.AM, BdrScope.PM} <= scopes:
        bdr = BdrScope.FULL
    elif scopes:
        bdr = scopes.pop()
    return Arrangements(
        bdr=bdr,
        bdr_check_in_required=check_in_required,
        pregnancy_early_leave=pregnancy is not None,
        pregnancy_early_leave_minutes=pregnancy or PREGNANCY_EARLY_LEAVE_MINUTES,
        ramadan_short_rest=ramadan is not None,
        ramadan_rest_cut_minutes=ramadan or RAMADAN_REST_CUT_MINUTES,
        leave=leave,
        movements=tuple(movements),
        excused=frozenset(excused),
    )


def _holiday(value: object, path: str) -> tuple[date, Holiday]:
    if isinstance(value, str):
        return iso_date(value, path), UNNAMED_HOLIDAY
    data = json_object(value, path)
    known_fields(data, {"date", "name", "name_en"}, f"{path}.")
    day = iso_date(required(data, "date", f"{path}."), f"{path}.date")
    name = data.get("name", UNNAMED_HOLIDAY.name_ms)
    name_en = data.get("name_en", name if "name" in data else UNNAMED_HOLIDAY.name_en)
    if not isinstance(name, str) or not isinstance(name_en, str):
        raise CaseError("invalid_value", f"{path}: names are strings.")
    return day, Holiday(name_ms=name, name_en=name_en)
