"""Rekod transaksi kehadiran (punch transactions export): every punch in the period with all its
evidence, as recorded: the time it is judged by and the server's time, source, place and nearest
office, distance and accuracy, position, flags, the device's clock and its skew, IP address, a
correction's reason and author, and the hash that chains the officer's punches.

Punches are listed per officer in time order, so each officer's hash chain reads top to bottom.
A period is judged by business days in Malaysia (the punch's ``claimed_at``)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenant_apps.attendance.models import AttendanceEvent
from tenant_apps.reports.metrics import params_facts
from tenant_apps.reports.registry import register
from tenant_apps.reports.table import (
    Cell,
    Column,
    ReportParams,
    ReportSpec,
    ReportTable,
    Section,
)

Event = AttendanceEvent
FLAG_LABELS = dict(Event.Flag.choices)
FLAGS = 11  # the flags column

COLUMNS = (
    # Times to the second, as text: the evidence needs the seconds the date-time columns drop.
    Column("claimed_at", _("Time")),
    Column("recorded_at", _("Recorded at")),
    Column("officer", _("Officer")),
    Column("unit", _("Unit")),
    Column("kind", _("Punch")),
    Column("source", _("Source")),
    Column("place", _("Place")),
    Column("office", _("Nearest office")),
    Column("distance_m", _("Distance (m)"), "number"),
    Column("accuracy_m", _("Accuracy (m)"), "number"),
    Column("position", _("Position")),
    Column("flags", _("Flags")),
    Column("device_time", _("Device time")),
    Column("skew_seconds", _("Clock skew (s)"), "int"),
    Column("ip", _("IP address")),
    Column("reason", _("Correction reason")),
    Column("created_by", _("Corrected by")),
    Column("chain_hash", _("Chain hash")),
)


def build(params: ReportParams) -> ReportTable:
    """Every punch judged in the period, per officer and in time order."""
    events = (
        Event.objects.filter(
            officer_id__in=params.officer_ids,
            claimed_at__gte=_midnight(params.start),
            claimed_at__lt=_midnight(params.end + timedelta(days=1)),
        )
        .select_related("officer__user", "officer__org_unit", "office", "created_by")
        .defer("user_agent")
        .order_by("officer__user__full_name", "officer_id", "claimed_at", "id")
    )
    rows = [_row(event) for event in events.iterator(chunk_size=2000)]
    flagged = sum(1 for row in rows if row[FLAGS])
    return ReportTable(
        title=_("Punch transactions"),
        columns=COLUMNS,
        sections=[Section(title=str(_("Punches")), rows=rows)],
        facts=[*params_facts(params), (_("Punches with flags"), str(flagged))],
        notes=(
            _(
                "Time is the time the punch is judged by: the server's time, the device's for "
                "a punch sent offline, the given time for a correction. Recorded at is always "
                "the server's time."
            ),
            _(
                "Punches are never edited: a correction is a new punch with a reason. Each "
                "officer's punches are chained by a SHA-256 hash, so a changed punch breaks "
                "the chain."
            ),
        ),
    )


def _row(event: AttendanceEvent) -> list[Cell]:
    return [
        _stamp(event.claimed_at),
        _stamp(event.recorded_at),
        event.officer.user.full_name,
        event.officer.org_unit.name,
        str(Event.Kind(event.kind).label),
        str(Event.Source(event.source).label),
        str(Event.Place(event.place).label),
        event.office.name if event.office else "",
        round(event.distance_m, 1) if event.distance_m is not None else None,
        round(event.accuracy_m, 1) if event.accuracy_m is not None else None,
        _position(event),
        ", ".join(str(FLAG_LABELS.get(flag, flag)) for flag in event.flags),
        _stamp(event.device_time),
        event.skew_seconds,
        event.ip or "",
        event.reason,
        event.created_by.full_name if event.created_by else "",
        event.chain_hash,
    ]


def _stamp(moment: datetime | None) -> str:
    """Malaysia time to the second, sortable as text."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def _position(event: AttendanceEvent) -> str:
    if event.latitude is None or event.longitude is None:
        return ""
    return f"{event.latitude:.6f}, {event.longitude:.6f}"


def _midnight(day: date) -> datetime:
    """The start of a business day in Malaysia."""
    return datetime.combine(day, time.min, timezone.get_default_timezone())


SPEC = register(
    ReportSpec(
        slug="transactions",
        title=_("Punch transactions (Rekod Transaksi Kehadiran)"),
        description=_(
            "Every check-in and check-out in the period with all its evidence: times, source, "
            "place, distance, accuracy, position, flags, device clock, IP address, corrections "
            "and the hash chain."
        ),
        build=build,
        direct_limit=3_000,
    )
)
