"""Demo integrations: a biometric terminal in each demo agency's office that has pushed the
executive's last working day (mapped to her) and two lines of a device user id nobody has mapped
yet, so the org admin finds a device, a push in the ledger and the unmapped queue with work.
Idempotent: an agency that has a device is left alone."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.attendance.models import AttendanceEvent
from tenant_apps.integrations.device_services import secret_hash
from tenant_apps.integrations.ledger_services import push_ingest, user_map_set
from tenant_apps.integrations.models import Device
from tenant_apps.people.models import OfficeLocation, Officer
from tenants.models import Agency

# The demo terminals' secrets are public (they are in this file); a real device gets a random one.
DEMO_DEVICE_SECRET = "demo-device-secret"  # noqa: S105 - public by design
UNMAPPED_ID = "1099"


def demo_integrations_ensure(*, agency: Agency, mapped_login: str) -> int:
    """Returns the number of raw lines pushed (0 when the agency already had a device)."""
    with schema_context(agency.schema_name):
        if Device.objects.exists():
            return 0
        office = OfficeLocation.objects.order_by("pk").first()
        device = Device.objects.create(
            serial=f"DEMO{agency.pk:04d}A1",
            name="Terminal Lobi",
            office=office,
            time_zone="Asia/Kuala_Lumpur",
            secret_hash=secret_hash(DEMO_DEVICE_SECRET),
            secret_hint=DEMO_DEVICE_SECRET[-4:],
        )
        officer = Officer.objects.get(user__login_id=mapped_login)
        user_map_set(actor=None, device=device, device_user_id="1001", officer=officer)
        day = _last_punched_day(officer) or timezone.localdate() - timedelta(days=1)
        body = "\n".join(
            [
                f"1001\t{day} 07:52:10\t255\t1\t0\t0\t0",
                f"1001\t{day} 17:41:03\t255\t1\t0\t0\t0",
                f"{UNMAPPED_ID}\t{day} 08:03:44\t0\t1\t0\t0\t0",
                f"{UNMAPPED_ID}\t{day} 17:15:20\t1\t1\t0\t0\t0",
            ]
        )
        push_ingest(device=device, body=body, stamp="1", ip="127.0.0.1")
        return 4


def _last_punched_day(officer: Officer) -> date | None:
    last = AttendanceEvent.objects.filter(officer=officer).order_by("-claimed_at").first()
    return timezone.localdate(last.claimed_at) if last is not None else None
