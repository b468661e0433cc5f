"""Closing duty days after they end, and recomputing stored days after a rule changed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from tenant_apps.attendance.days import PolicyOn, day_recompute, local_today
from tenant_apps.attendance.models import AttendanceDay
from tenant_apps.people.models import Officer

# How far back the closing task looks: a worker that was down for a weekend catches up.
CLOSE_LOOKBACK_DAYS = 3


def days_close(*, now: datetime | None = None) -> int:
    """Store every active officer's duty days of the last few days and close those whose window
    has ended: a missing check-out becomes INCOMPLETE, no punch ABSENT. A day not over yet is
    stored open (with the moment it ends), so later runs find what to close with one query
    instead of asking each officer's policy again. Days before the officer's record existed are
    not made up; a stored one (from a punch or a correction) is closed like any other. Returns
    how many days were written."""
    now = now or timezone.now()
    today = local_today(now)
    days = [today - timedelta(days=back) for back in range(CLOSE_LOOKBACK_DAYS, -1, -1)]
    stored = {
        (officer_id, day): (is_closed, ends_at)
        for officer_id, day, is_closed, ends_at in AttendanceDay.objects.filter(
            day__in=days
        ).values_list("officer_id", "day", "closed", "ends_at")
    }
    count = 0
    officers = Officer.objects.filter(status=Officer.Status.ACTIVE)
    for officer in officers.iterator(chunk_size=500):
        first_day = timezone.localdate(officer.created_at)
        policy_on = PolicyOn(officer)
        for day in days:
            row = stored.get((officer.pk, day))
            if row is not None and (row[0] or row[1] > now):
                continue  # closed already, or still open
            if row is None and day < first_day:
                continue
            try:
                with transaction.atomic():
                    day_recompute(officer, day, now=now, policy_on=policy_on)
            except IntegrityError:
                continue  # another worker stored it first: it will be closed by then
            count += 1
    return count


def stored_days_recompute(officer_ids: list[int] | None, start: date, end: date | None) -> int:
    """Recompute the stored days of the officers (None: every officer) from ``start`` to ``end``
    (None: no end). Only days already stored are touched; the rest are judged when they get a
    punch or close."""
    now = timezone.now()
    rows = AttendanceDay.objects.filter(day__gte=start)
    if end is not None:
        rows = rows.filter(day__lte=end)
    if officer_ids is not None:
        rows = rows.filter(officer_id__in=officer_ids)
    pairs = list(rows.order_by("officer_id", "day").values_list("officer_id", "day"))
    officers = {o.pk: o for o in Officer.objects.filter(pk__in={pk for pk, _ in pairs})}
    for officer_id, day in pairs:
        with transaction.atomic():
            day_recompute(officers[officer_id], day, now=now)
    return len(pairs)
