"""The platform overview's per-agency counters. A task visits each agency's schema in turn and
writes the numbers into the public schema; the console reads only those rows."""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Max
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.models import SecurityEvent, User
from provisioning.models import AgencyStats
from tenant_apps.attendance.models import AttendanceEvent
from tenant_apps.worktime.engine import MALAYSIA
from tenants.models import Agency


def agency_stats_refresh(*, agency: Agency) -> AgencyStats:
    with schema_context(agency.schema_name):
        users_total = User.objects.count()
        users_active = User.objects.filter(is_active=True).count()
        last_activity = SecurityEvent.objects.aggregate(last=Max("created_at"))["last"]
        # Officers who checked in today (Malaysia time), whatever the source.
        midnight = datetime.combine(timezone.localdate(), time(), MALAYSIA)
        checkins_today = (
            AttendanceEvent.objects.filter(claimed_at__gte=midnight, kind=AttendanceEvent.Kind.IN)
            .values("officer_id")
            .distinct()
            .count()
        )
    stats, _ = AgencyStats.objects.update_or_create(
        agency=agency,
        defaults={
            "users_total": users_total,
            "users_active": users_active,
            "checkins_today": checkins_today,
            "last_activity_at": last_activity,
            "refreshed_at": timezone.now(),
        },
    )
    return stats


def agency_stats_refresh_all() -> int:
    """Every agency that is open or suspended (archived ones are read-only and keep their last
    numbers). Returns how many were refreshed."""
    agencies = Agency.objects.exclude(schema_name=get_public_schema_name()).filter(
        status__in=[Agency.Status.ACTIVE, Agency.Status.SUSPENDED]
    )
    count = 0
    for agency in agencies.iterator():
        agency_stats_refresh(agency=agency)
        count += 1
    return count
