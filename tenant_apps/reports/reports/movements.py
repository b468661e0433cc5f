"""Laporan pergerakan (movements report): every movement that overlaps the period, declared or
cancelled, with its window, purpose, place and who acknowledged it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenant_apps.movements.models import Movement
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

COLUMNS = (
    Column("officer", _("Officer")),
    Column("unit", _("Unit")),
    Column("starts_at", _("From"), "datetime"),
    Column("ends_at", _("Until"), "datetime"),
    Column("hours", _("Hours"), "number", total=True),
    Column("purpose", _("Purpose")),
    Column("place", _("Place")),
    Column("status", _("Status")),
    Column("declared_at", _("Declared at"), "datetime"),
    Column("acknowledged_by", _("Acknowledged by")),
    Column("acknowledged_at", _("Acknowledged at"), "datetime"),
)


def build(params: ReportParams) -> ReportTable:
    """One row per movement overlapping the period, by officer and start."""
    movements = (
        Movement.objects.filter(
            officer_id__in=params.officer_ids,
            starts_at__lt=_midnight(params.end + timedelta(days=1)),
            ends_at__gt=_midnight(params.start),
        )
        .select_related("officer__user", "officer__org_unit", "acknowledged_by")
        .order_by("officer__user__full_name", "officer_id", "starts_at", "id")
    )
    rows = [_row(movement) for movement in movements]
    return ReportTable(
        title=_("Movements report"),
        columns=COLUMNS,
        sections=[Section(title=str(_("Movements")), rows=rows)],
        facts=params_facts(params),
        notes=(
            _(
                "Every movement whose window overlaps the period. Hours are the whole window of "
                "a declared movement; a cancelled movement covers nothing and counts no hours."
            ),
        ),
    )


def _row(movement: Movement) -> list[Cell]:
    active = movement.status == Movement.Status.ACTIVE
    hours = (movement.ends_at - movement.starts_at).total_seconds() / 3600
    return [
        movement.officer.user.full_name,
        movement.officer.org_unit.name,
        timezone.localtime(movement.starts_at),
        timezone.localtime(movement.ends_at),
        round(hours, 1) if active else None,
        movement.purpose,
        movement.place,
        str(Movement.Status(movement.status).label),
        timezone.localtime(movement.created_at),
        movement.acknowledged_by.full_name if movement.acknowledged_by else "",
        timezone.localtime(movement.acknowledged_at) if movement.acknowledged_at else None,
    ]


def _midnight(day: date) -> datetime:
    """The start of a business day in Malaysia."""
    return datetime.combine(day, time.min, timezone.get_default_timezone())


SPEC = register(
    ReportSpec(
        slug="movements",
        title=_("Movements report (Laporan Pergerakan)"),
        description=_(
            "Every declared or cancelled movement out of the office in the period: when, where, "
            "why, and who acknowledged it."
        ),
        build=build,
        direct_limit=60_000,
    )
)
