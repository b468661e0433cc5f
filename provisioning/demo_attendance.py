"""Demo attendance: the last two working weeks of each demo officer, punched through the real
services (so the days, issues and cards are what the engine makes of them), then closed. A few
late mornings and an early afternoon give the supervisor something to decide. Idempotent: each
punch has a fixed event id, and an agency that already has punches is left alone."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.attendance.closing import stored_days_recompute
from tenant_apps.attendance.models import AttendanceEvent
from tenant_apps.attendance.services import PunchInput, punch_record
from tenant_apps.people.models import Officer
from tenant_apps.worktime.engine import MALAYSIA, day_calendar
from tenants.models import Agency

DEMO_NAMESPACE = uuid.UUID("6f1c0a52-8a43-4a0e-9d39-1f8f3c2b9e10")
WORKING_DAYS = 10
# The demo officers' (login ID, working-day index) → (check-in, check-out) of the days that are
# not clean: a late morning and an early afternoon each.
UNUSUAL = {
    (login, number): times
    for login in ("900404165048", "910808035088")
    for number, times in ((2, (time(9, 12), time(18, 15))), (6, (time(8, 5), time(15, 40))))
}


def demo_attendance_ensure(*, agency: Agency, office: tuple[float, float]) -> int:
    """Returns how many punches were recorded (0 when the agency already had some)."""
    with schema_context(agency.schema_name):
        if AttendanceEvent.objects.exists():
            return 0
        officers = list(
            Officer.objects.filter(status=Officer.Status.ACTIVE)
            .select_related("user")
            .order_by("pk")
        )
        days = _working_days(agency.state_code, timezone.localdate(), WORKING_DAYS)
        recorded = 0
        for index, officer in enumerate(officers):
            Officer.objects.filter(pk=officer.pk).update(
                created_at=datetime.combine(days[0] - timedelta(days=1), time(8), MALAYSIA)
            )
            for number, day in enumerate(days):
                usual = (time(8, index % 20), time(17, 35))
                check_in, check_out = UNUSUAL.get((officer.user.login_id, number), usual)
                for kind, at in (("in", check_in), ("out", check_out)):
                    moment = datetime.combine(day, at, MALAYSIA)
                    punch_record(
                        officer=officer,
                        data=PunchInput(
                            kind=kind,
                            event_id=uuid.uuid5(DEMO_NAMESPACE, f"{officer.pk}/{day}/{kind}"),
                            latitude=office[0],
                            longitude=office[1],
                            accuracy_m=15.0,
                        ),
                        now=moment,
                    )
                    recorded += 1
        # Judged again now that the days are over: missing check-outs and absences, and issues.
        stored_days_recompute(None, days[0], None)
        return recorded


def _working_days(state: str, today: date, count: int) -> list[date]:
    """The last ``count`` working days of the state before today, oldest first."""
    found: list[date] = []
    day = today - timedelta(days=1)
    while len(found) < count:
        calendar = day_calendar(state, day, {})
        if not calendar.weekend and calendar.holiday is None:
            found.append(day)
        day -= timedelta(days=1)
    return sorted(found)
