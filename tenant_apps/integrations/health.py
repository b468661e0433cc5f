"""Device health: a terminal that has not been heard from for too long is SILENT, one whose clock
is off by more than the agency's limit is in DRIFT. The org admins are told once when a device
falls into either state; nothing more while it stays there, and again after it recovered and
relapsed. Run from a Celery task (notification_send is never called on a request's path)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from tenant_apps.integrations.device_services import integration_settings
from tenant_apps.integrations.models import Device, IntegrationSettings
from tenant_apps.notifications.models import Kind
from tenant_apps.notifications.services import notification_send
from tenant_apps.people.selectors import org_admins

ALERTING = (Device.Health.SILENT, Device.Health.DRIFT)


def device_link(device: Device) -> str:
    return f"/integrations/devices/{device.pk}/"


def health_of(device: Device, rules: IntegrationSettings, now: datetime) -> str:
    """The state a device is in now (a disabled device, or one whose logs come only as files, is
    not judged: UNKNOWN)."""
    if device.status != Device.Status.ACTIVE:
        return Device.Health.UNKNOWN
    if device.last_seen_at is None and device.last_upload_at is not None:
        # Its logs arrive only as files: it never pushes, so its silence says nothing.
        return Device.Health.UNKNOWN
    contact = device.last_seen_at or device.created_at
    if now - contact > timedelta(minutes=rules.device_silent_minutes):
        return Device.Health.SILENT
    drift = device.clock_drift_seconds
    if drift is not None and abs(drift) > rules.device_drift_minutes * 60:
        return Device.Health.DRIFT
    if device.last_seen_at is None:
        return Device.Health.UNKNOWN
    return Device.Health.OK


def _local(at: datetime) -> str:
    return timezone.localtime(at).strftime("%d/%m/%Y %H:%M")


def alert_texts(device: Device, state: str) -> tuple[str, str]:
    """(Malay, English) text of the alert about a device that fell into ``state``."""
    label = f"{device.name} ({device.serial})"
    if state == Device.Health.DRIFT:
        drift = device.clock_drift_seconds or 0
        minutes = round(abs(drift) / 60)
        if drift > 0:
            return (
                f"Jam peranti biometrik {label} berbeza {minutes} minit (terkehadapan).",
                f"The clock of biometric device {label} is {minutes} minutes ahead.",
            )
        return (
            f"Jam peranti biometrik {label} berbeza {minutes} minit (terkebelakang).",
            f"The clock of biometric device {label} is {minutes} minutes behind.",
        )
    if device.last_seen_at is None:
        since = _local(device.created_at)
        return (
            f"Peranti biometrik {label} belum menghubungi sistem sejak didaftarkan pada {since}.",
            f"Biometric device {label} has not contacted the platform since it was "
            f"registered on {since}.",
        )
    since = _local(device.last_seen_at)
    return (
        f"Peranti biometrik {label} senyap sejak {since}.",
        f"Biometric device {label} has been silent since {since}.",
    )


def _device_check(device_id: int, rules: IntegrationSettings, now: datetime) -> bool:
    """Judge one device; True when its admins were alerted."""
    with transaction.atomic():
        device = Device.objects.select_for_update().filter(pk=device_id).first()
        if device is None:
            return False
        state = health_of(device, rules, now)
        alert = state in ALERTING and (device.health != state or device.health_alerted_at is None)
        if state == device.health and not alert:
            return False
        device.health = state
        if alert:
            device.health_alerted_at = now
            text_ms, text_en = alert_texts(device, state)
            notification_send(
                recipients=org_admins(),
                kind=Kind.DEVICE_HEALTH,
                text_ms=text_ms,
                text_en=text_en,
                link=device_link(device),
            )
        elif state not in ALERTING:
            device.health_alerted_at = None
        # Not save(): updated_at tells when the admin last changed the device.
        Device.objects.filter(pk=device.pk).update(
            health=device.health, health_alerted_at=device.health_alerted_at
        )
    return alert


def devices_health_check(now: datetime | None = None) -> int:
    """Judge every active device of the agency; returns how many devices alerted their admins."""
    now = now or timezone.now()
    rules = integration_settings()
    ids = list(Device.objects.filter(status=Device.Status.ACTIVE).values_list("pk", flat=True))
    return sum(_device_check(pk, rules, now) for pk in ids)
