"""What a webhook says: an envelope around the data of one event, built when the event happens (so
it says what was true then, however late it is delivered). Officers are named by their id in the
API (``/api/v1/data/officers``) and never by MyKad number. docs/api.md (Webhooks) documents each
shape."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.attendance_issues.models import AttendanceIssue, IssueEvent
from tenant_apps.movements.models import Movement
from tenants.db import current_schema

PING = "ping"  # the test-send's event name (only in the payload and its header)

# Fixed namespace: an event's id is derived from what happened, so the same happening (a receiver
# run twice, a replayed device line) gives the same id and is delivered once per subscription.
EVENT_NAMESPACE = uuid.UUID("1b1f6a36-3f1e-4b8e-9d0c-5f3c2a7d8e41")


def event_id_for(event: str, key: str) -> uuid.UUID:
    return uuid.uuid5(EVENT_NAMESPACE, f"{current_schema()}:{event}:{key}")


def _iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def agency_slug() -> str:
    """The agency's subdomain (the schema name when the connection knows no more)."""
    tenant = getattr(connection, "tenant", None)
    slug = getattr(tenant, "slug", None)
    if isinstance(slug, str) and slug:
        return slug
    from tenants.models import Agency

    found = (
        Agency.objects.filter(schema_name=current_schema()).values_list("slug", flat=True).first()
    )
    return found or current_schema()


def envelope(*, event: str, event_id: uuid.UUID, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(event_id),
        "event": event,
        "created_at": _iso(timezone.now()),
        "agency": agency_slug(),
        "data": data,
    }


def punch_data(punch: AttendanceEvent) -> dict[str, Any]:
    return {
        "event_id": str(punch.event_id),
        "officer_id": punch.officer_id,
        "kind": punch.kind,
        "source": punch.source,
        "claimed_at": _iso(punch.claimed_at),
        "recorded_at": _iso(punch.recorded_at),
        "place": punch.place,
        "office_id": punch.office_id,
        "flags": list(punch.flags),
    }


def day_data(day: AttendanceDay) -> dict[str, Any]:
    return {
        "officer_id": day.officer_id,
        "day": _iso(day.day),
        "status": day.status,
        "categories": list(day.categories),
        "excused": list(day.excused),
        "late_minutes": day.late_minutes,
        "early_minutes": day.early_minutes,
        "worked_minutes": day.worked_minutes,
        "check_in": _iso(day.check_in),
        "check_out": _iso(day.check_out),
        "reasons": [
            {"code": r.get("code", ""), "ms": r.get("ms", ""), "en": r.get("en", "")}
            for r in (day.reasons or [])
            if isinstance(r, dict)
        ],
    }


DECISIONS = {
    IssueEvent.Action.ACCEPTED.value: AttendanceIssue.Status.ACCEPTED.value,
    IssueEvent.Action.REJECTED.value: AttendanceIssue.Status.REJECTED.value,
}


def issue_data(decision: IssueEvent) -> dict[str, Any]:
    """From the decision's history row: its action is the status the decision gave, whatever the
    issue became afterwards."""
    issue = decision.issue
    return {
        "id": issue.pk,
        "officer_id": issue.officer_id,
        "day": _iso(issue.day),
        "category": issue.category,
        "status": DECISIONS.get(decision.action, issue.status),
        "decided_at": _iso(issue.decided_at or decision.created_at),
        "comment": decision.note,
    }


def movement_data(movement: Movement) -> dict[str, Any]:
    return {
        "id": movement.pk,
        "officer_id": movement.officer_id,
        "purpose": movement.purpose,
        "place": movement.place,
        "starts_at": _iso(movement.starts_at),
        "ends_at": _iso(movement.ends_at),
        "status": movement.status,
    }


def ping_data(*, subscription_id: int) -> dict[str, Any]:
    return {"subscription_id": subscription_id, "message": "Test delivery from SPOT-Me."}
