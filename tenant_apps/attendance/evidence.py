"""What a punch carries as evidence, judged without refusing anyone: the flags a supervisor reads
and the hash that chains an officer's punches. Pure Python; the services feed it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tenant_apps.people.geo import distance_m


@dataclass(frozen=True)
class Thresholds:
    poor_accuracy_m: float = 200
    impossible_speed_kmh: float = 150
    clock_skew_seconds: int = 300
    repeated_coordinates_count: int = 5


@dataclass(frozen=True)
class Fix:
    """A position at a moment."""

    at: datetime
    lat: float
    lon: float


# Below this distance two fixes are "the same place" whatever the time between them: GPS noise.
TRAVEL_NOISE_M = 1_000.0


def travel_speed_kmh(previous: Fix, current: Fix) -> float:
    """Speed needed to get from one fix to the next; infinite for a real distance in no time."""
    metres = distance_m(previous.lat, previous.lon, current.lat, current.lon)
    if metres <= TRAVEL_NOISE_M:
        return 0.0
    seconds = abs((current.at - previous.at).total_seconds())
    if seconds < 1:
        return float("inf")
    return metres / seconds * 3.6


def flags_for(
    *,
    thresholds: Thresholds,
    has_position: bool,
    accuracy_m: float | None,
    skew_seconds: int | None,
    previous: Fix | None,
    current: Fix | None,
    same_coordinates_before: int,
    offline: bool,
) -> list[str]:
    """The evidence flags of one punch, in a stable order. ``same_coordinates_before`` is how many
    earlier punches of the officer have exactly these coordinates."""
    flags: list[str] = []
    if not has_position:
        flags.append("no_position")
    if accuracy_m is not None and accuracy_m > thresholds.poor_accuracy_m:
        flags.append("poor_accuracy")
    if (
        previous is not None
        and current is not None
        and travel_speed_kmh(previous, current) > thresholds.impossible_speed_kmh
    ):
        flags.append("impossible_travel")
    if skew_seconds is not None and abs(skew_seconds) > thresholds.clock_skew_seconds:
        flags.append("clock_skew")
    if has_position and same_coordinates_before >= thresholds.repeated_coordinates_count:
        flags.append("repeated_coordinates")
    if offline:
        flags.append("offline")
    return flags


def chain_hash(prev_hash: str, fields: dict[str, object]) -> str:
    """sha256 over the previous punch's hash and this punch's recorded fields (canonical JSON)."""
    body = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{prev_hash}|{body}".encode()).hexdigest()


def chain_fields(event: Any) -> dict[str, object]:
    """The recorded fields the hash covers (everything a tamperer would want to change)."""
    return {
        "officer": event.officer_id,
        "event_id": str(event.event_id),
        "kind": event.kind,
        "source": event.source,
        "recorded_at": event.recorded_at.astimezone(UTC).isoformat(),
        "claimed_at": event.claimed_at.astimezone(UTC).isoformat(),
        "latitude": event.latitude,
        "longitude": event.longitude,
        "place": event.place,
        "flags": list(event.flags),
        "reason": event.reason,
    }
