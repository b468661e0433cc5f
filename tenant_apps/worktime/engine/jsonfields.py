"""Readers for the simulation's JSON fields: each returns the value or raises ``CaseError``
with a stable code and a message naming the field ("punches[1].at: …")."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from enum import StrEnum
from typing import TypeVar

from tenant_apps.worktime.engine.types import MALAYSIA

E = TypeVar("E", bound=StrEnum)


class CaseError(ValueError):
    """A case the engine cannot read. ``code`` is stable; ``message`` names the field."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def json_object(value: object, path: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise CaseError("not_an_object", f"{path}: expected a JSON object, got {kind_of(value)}.")
    return value


def kind_of(value: object) -> str:
    return {list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )


def known_fields(data: Mapping[str, object], allowed: set[str], prefix: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise CaseError(
            "unknown_field",
            f"{prefix}{unknown[0]}: unknown field (known: {', '.join(sorted(allowed))}).",
        )


def required(data: Mapping[str, object], key: str, prefix: str) -> object:
    if key not in data or data[key] is None:
        raise CaseError("missing_field", f"{prefix}{key}: required.")
    return data[key]


def list_field(data: Mapping[str, object], key: str) -> list[object]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise CaseError("invalid_value", f"{key}: expected a list, got {kind_of(value)}.")
    return value


def minutes_field(data: Mapping[str, object], key: str, default: int, prefix: str) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 24 * 60:
        raise CaseError(
            "invalid_value", f"{prefix}{key}: whole minutes (0 to 1440), got {value!r}."
        )
    return value


def bool_field(data: Mapping[str, object], key: str, default: bool, prefix: str) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise CaseError("invalid_value", f"{prefix}{key}: true or false, got {value!r}.")
    return value


def choice(value: object, choices: type[E], path: str) -> E:
    try:
        return choices(str(value))
    except ValueError:
        options = ", ".join(member.value for member in choices)
        raise CaseError("invalid_value", f"{path}: one of {options}, got {value!r}.") from None


def iso_date(value: object, path: str) -> date:
    try:
        return date.fromisoformat(_text(value))
    except ValueError:
        raise CaseError(
            "invalid_value", f"{path}: an ISO date (YYYY-MM-DD), got {value!r}."
        ) from None


def clock_time(value: object, path: str) -> time:
    try:
        parsed = time.fromisoformat(_text(value))
    except ValueError:
        raise CaseError("invalid_value", f"{path}: a time HH:MM, got {value!r}.") from None
    if parsed.tzinfo is not None:
        raise CaseError("invalid_value", f"{path}: a local time without an offset, got {value!r}.")
    return parsed


def iso_datetime(value: object, path: str, *, offset_required: bool = False) -> datetime:
    """An ISO date-time. Without an offset it is Malaysia time, unless one is required."""
    try:
        parsed = datetime.fromisoformat(_text(value))
    except ValueError:
        raise CaseError(
            "invalid_value",
            f"{path}: an ISO date-time such as 2025-03-03T08:05:00+08:00, got {value!r}.",
        ) from None
    if parsed.utcoffset() is None:
        if offset_required:
            raise CaseError(
                "invalid_value", f"{path}: the date-time needs its offset (+08:00), got {value!r}."
            )
        parsed = parsed.replace(tzinfo=MALAYSIA)
    return parsed


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value
