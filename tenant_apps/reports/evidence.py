"""The evidence pack (pakej bukti): for one officer and one month, a PDF with every punch and its
evidence, the engine's reasons per day, the attendance issues with their explanations, history
and decisions, the month's movements and approved arrangements, and the card colour, for
disciplinary or audit use. Only the org admin and executives granted the officer's unit may make
one; every generation is recorded in the audit trail ("reports.evidence_pack").

The content digest printed on the cover and on every page is defined as

    SHA-256( UTF-8( JSON(evidence_content(officer, month)) ) )

with JSON written with sorted keys, separators "," and ":" and non-ASCII characters kept
(``canonical_json``). The content holds the records only, never the letterhead: not the agency's
name, not when or by whom the pack was made, not the display language (both languages of every
reason are in it). Times are UTC ISO 8601, dates ISO, codes rather than labels. So the same
records always give the same digest, and an auditor recomputes it in the agency's schema with

    ./manage.py tenant_command shell --schema=<schema> -c "from tenant_apps.people.models import
    Officer; from tenant_apps.reports.evidence import evidence_digest;
    print(evidence_digest(Officer.objects.get(pk=<id>), '<YYYY-MM>'))"

A different digest means a record shown in the pack has changed since it was made. The PDF file's
own SHA-256 (it includes the generation time) is kept in the audit entry, to match a file to its
generation."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, date, datetime, time
from typing import Any

from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.attendance.selectors import chain_broken_at, punches_of_month
from tenant_apps.attendance_issues.models import AttendanceIssue, IssueEvent
from tenant_apps.movements.models import Movement
from tenant_apps.people.models import Officer
from tenant_apps.people.selectors import executive_unit_ids, is_org_admin
from tenant_apps.worktime.engine import MALAYSIA
from tenant_apps.worktime.models import Arrangement, CardColour
from tenant_apps.worktime.months import next_month

FORMAT = "spotme-evidence-pack/1"


# --- Who, which month --------------------------------------------------------------------------


def evidence_officer_get(*, actor: User, officer_id: int) -> Officer:
    """The officer, when the actor may make their evidence pack: the org admin, or an executive
    granted the officer's unit (or a unit above it). Anyone else, and any unknown id: 404."""
    officers = Officer.objects.select_related("user", "org_unit")
    if not is_org_admin(actor):
        officers = officers.filter(org_unit_id__in=executive_unit_ids(actor))
    officer = officers.filter(pk=officer_id).first()
    if officer is None:
        raise Http404
    return officer


def month_parse(text: str, *, today: date | None = None) -> date:
    """``YYYY-MM`` → the month's first day. ValueError when malformed or after this month."""
    year, _sep, month = text.partition("-")
    if len(year) != 4 or len(month) != 2 or not (year + month).isdigit():
        raise ValueError(text)
    first = date(int(year), int(month), 1)
    if first > (today or timezone.localdate()).replace(day=1):
        raise ValueError(text)
    return first


# --- The content (what is hashed) --------------------------------------------------------------


def _utc(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def _plain(value: Any) -> Any:
    """A field's value as JSON data: times in UTC ISO 8601, dates ISO, ids as text."""
    if isinstance(value, datetime):
        return _utc(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list):
        return list(value)
    return value


def _fields(row: models.Model, names: str) -> dict[str, Any]:
    return {name: _plain(getattr(row, name)) for name in names.split()}


def _name(user: User | None) -> str | None:
    return user.full_name if user is not None else None


def _chain_state(event: AttendanceEvent, broken: AttendanceEvent | None) -> str:
    if broken is None or event.pk < broken.pk:
        return "ok"
    return "broken" if event.pk == broken.pk else "after_break"


PUNCH_FIELDS = (
    "event_id claimed_at recorded_at kind source place latitude longitude accuracy_m distance_m "
    "flags device_time skew_seconds ip user_agent reason prev_hash chain_hash"
)
DAY_FIELDS = (
    "day status policy_kind check_in check_out required_out late_minutes early_minutes "
    "worked_minutes categories excused closed"
)
ISSUE_FIELDS = (
    "day category status deadline explanation explained_at decided_at decision_comment escalated_at"
)
MOVEMENT_FIELDS = "starts_at ends_at purpose place status acknowledged_at cancelled_at"
ARRANGEMENT_FIELDS = "kind scope starts_on ends_on reason decided_at decision_note"
CARD_FIELDS = "colour counts rule_version reason override_reason"


def _punches(officer: Officer, month: date, broken: AttendanceEvent | None) -> list[dict[str, Any]]:
    events = punches_of_month(officer, month.year, month.month).order_by("claimed_at", "id")
    return [
        {
            **_fields(event, PUNCH_FIELDS),
            "office": event.office.name if event.office else None,
            "created_by": _name(event.created_by),
            "chain": _chain_state(event, broken),
        }
        for event in events
    ]


def _days(officer: Officer, month: date) -> list[dict[str, Any]]:
    rows = AttendanceDay.objects.filter(
        officer=officer, day__gte=month, day__lt=next_month(month)
    ).order_by("day")
    return [
        {
            **_fields(row, DAY_FIELDS),
            "reasons": [
                {"code": r.get("code", ""), "ms": r.get("ms", ""), "en": r.get("en", "")}
                for r in row.reasons or []
            ],
        }
        for row in rows
    ]


def _issues(officer: Officer, month: date) -> list[dict[str, Any]]:
    history = IssueEvent.objects.select_related("actor").order_by("created_at", "id")
    rows = (
        AttendanceIssue.objects.filter(officer=officer, day__gte=month, day__lt=next_month(month))
        .select_related("reason", "decided_by")
        .prefetch_related(Prefetch("events", history))
        .order_by("day", "category", "pk")
    )
    return [
        {
            **_fields(issue, ISSUE_FIELDS),
            "reason_code": issue.reason.code if issue.reason else None,
            "reason_ms": issue.reason.label_ms if issue.reason else None,
            "reason_en": issue.reason.label_en if issue.reason else None,
            "attachment": issue.attachment.name.rsplit("/", 1)[-1] if issue.attachment else None,
            "decided_by": _name(issue.decided_by),
            "history": [
                {
                    "at": _utc(event.created_at),
                    "action": event.action,
                    "actor": _name(event.actor),
                    "note": event.note,
                }
                for event in issue.events.all()
            ],
        }
        for issue in rows
    ]


def _movements(officer: Officer, month: date) -> list[dict[str, Any]]:
    start = datetime.combine(month, time(), MALAYSIA)
    end = datetime.combine(next_month(month), time(), MALAYSIA)
    rows = (
        Movement.objects.filter(officer=officer, starts_at__lt=end, ends_at__gt=start)
        .select_related("acknowledged_by")
        .order_by("starts_at", "pk")
    )
    return [
        {
            **_fields(row, MOVEMENT_FIELDS),
            "declared_at": _utc(row.created_at),
            "acknowledged_by": _name(row.acknowledged_by),
        }
        for row in rows
    ]


def _arrangements(officer: Officer, month: date) -> list[dict[str, Any]]:
    rows = (
        Arrangement.objects.filter(
            officer=officer,
            status=Arrangement.Status.APPROVED,
            starts_on__lt=next_month(month),
            ends_on__gte=month,
        )
        .select_related("decided_by")
        .order_by("starts_on", "pk")
    )
    return [
        {**_fields(row, ARRANGEMENT_FIELDS), "decided_by": _name(row.decided_by)} for row in rows
    ]


def _card(officer: Officer, month: date) -> dict[str, Any] | None:
    row = (
        CardColour.objects.filter(officer=officer, month=month)
        .select_related("overridden_by")
        .first()
    )
    if row is None:
        return None
    return {**_fields(row, CARD_FIELDS), "overridden_by": _name(row.overridden_by)}


def evidence_content(officer: Officer, month: date) -> dict[str, Any]:
    """Everything the pack shows, as plain JSON data (see the module's docstring)."""
    broken = chain_broken_at(officer)
    return {
        "format": FORMAT,
        "month": f"{month:%Y-%m}",
        "officer": {
            "id": officer.pk,
            "login_id": officer.user.login_id,
            "name": officer.user.full_name,
            "unit": officer.org_unit.name,
        },
        "chain": {
            "holds": broken is None,
            "broken_at": str(broken.event_id) if broken is not None else None,
            "broken_claimed_at": _utc(broken.claimed_at) if broken is not None else None,
        },
        "punches": _punches(officer, month, broken),
        "days": _days(officer, month),
        "issues": _issues(officer, month),
        "movements": _movements(officer, month),
        "arrangements": _arrangements(officer, month),
        "card": _card(officer, month),
    }


def canonical_json(content: dict[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_digest(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def evidence_digest(officer: Officer, month: date | str) -> str:
    """The SHA-256 printed on the pack of ``officer`` for ``month`` (a date or "YYYY-MM"),
    recomputed from the records as they are now."""
    if isinstance(month, str):
        month = month_parse(month, today=date.max)
    return content_digest(evidence_content(officer, month.replace(day=1)))
