"""The org admin's writes of the device registry and the agency's integration settings.

A device's secret is made here, shown once to the caller and stored only as its sha256; its last
four characters stay as a hint so the admin can tell which secret a terminal has."""

from __future__ import annotations

import hashlib
import ipaddress
import re
import secrets
import zoneinfo
from collections.abc import Mapping
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from tenant_apps.audit.services import audit_record
from tenant_apps.integrations.errors import IntegrationError, messages_register
from tenant_apps.integrations.models import Device, IntegrationSettings
from tenant_apps.integrations.models.devices import SERIAL_VALIDATOR
from tenant_apps.people.models import OfficeLocation

NAME_MAX = 100
SILENT_RANGE = (10, 7 * 24 * 60)
DRIFT_RANGE = (1, 720)

messages_register(
    {
        "device_serial_invalid": _(
            "A serial number has 3 to 40 letters, digits, dashes or underscores."
        ),
        "device_serial_taken": _("A device with the serial number %(serial)s is already here."),
        "device_name_required": _("Give the device a name (at most 100 characters)."),
        "device_zone_unknown": _(
            "%(zone)s is not a time zone. Use a name such as Asia/Kuala_Lumpur."
        ),
        "device_office_inactive": _("The office %(office)s is no longer active."),
        "device_status_invalid": _("A device is either active or disabled."),
        "device_networks_invalid": _(
            "%(value)s is not a network. Give addresses or networks such as 203.0.113.10 or "
            "203.0.113.0/28, separated by commas."
        ),
        "device_networks_too_wide": _(
            "%(value)s is too wide: a network that may push without the secret must be /16 or "
            "narrower (IPv6: /48 or narrower)."
        ),
        "settings_silent_invalid": _("The silent time is between %(low)s and %(high)s minutes."),
        "settings_drift_invalid": _(
            "The clock drift limit is between %(low)s and %(high)s minutes."
        ),
    }
)


@cache
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret() -> tuple[str, str, str]:
    """(secret, its hash, its hint)."""
    secret = secrets.token_urlsafe(24)
    return secret, secret_hash(secret), secret[-4:]


def _name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name or len(name) > NAME_MAX:
        raise IntegrationError("device_name_required")
    return name


def _time_zone(time_zone: str) -> str:
    time_zone = (time_zone or "").strip()
    if time_zone not in time_zones():
        raise IntegrationError("device_zone_unknown", zone=time_zone or "—")
    return time_zone


def _office(office: OfficeLocation | None) -> OfficeLocation | None:
    if office is not None and not office.is_active:
        raise IntegrationError("device_office_inactive", office=office.name)
    return office


def _serial(serial: str) -> str:
    serial = (serial or "").strip()
    try:
        SERIAL_VALIDATOR(serial)
    except ValidationError:
        raise IntegrationError("device_serial_invalid") from None
    return serial


def _values(device: Device) -> dict[str, Any]:
    return {
        "serial": device.serial,
        "name": device.name,
        "office": device.office_id,
        "time_zone": device.time_zone,
        "keyless_networks": device.keyless_networks,
        "status": device.status,
    }


def _networks(text: str) -> str:
    """The networks (comma or space separated) in a canonical form, each one narrow enough."""
    found = []
    for part in re.split(r"[,\s]+", text.strip()):
        if not part:
            continue
        try:
            network = ipaddress.ip_network(part, strict=False)
        except ValueError:
            raise IntegrationError("device_networks_invalid", value=part[:60]) from None
        if network.prefixlen < (16 if network.version == 4 else 48):
            raise IntegrationError("device_networks_too_wide", value=str(network))
        found.append(str(network))
    joined = ", ".join(dict.fromkeys(found))
    if len(joined) > 300:
        raise IntegrationError("device_networks_invalid", value=joined[:60] + "…")
    return joined


def device_create(
    *,
    actor: User,
    serial: str,
    name: str,
    office: OfficeLocation | None,
    time_zone: str,
    keyless_networks: str = "",
) -> tuple[Device, str]:
    """Register a terminal by its serial number. Returns the device and its secret (shown once)."""
    serial, name = _serial(serial), _name(name)
    time_zone, office = _time_zone(time_zone), _office(office)
    keyless_networks = _networks(keyless_networks)
    if Device.objects.filter(serial__iexact=serial).exists():
        raise IntegrationError("device_serial_taken", serial=serial)
    secret, hashed, hint = _new_secret()
    try:
        with transaction.atomic():
            device = Device.objects.create(
                serial=serial,
                name=name,
                office=office,
                time_zone=time_zone,
                keyless_networks=keyless_networks,
                secret_hash=hashed,
                secret_hint=hint,
                created_by=actor,
            )
            audit_record(
                actor=actor,
                action="integrations.device_create",
                target=device,
                summary=f"Biometric device {serial} ({name}) registered",
                detail=_values(device),
            )
    except IntegrityError:  # the same serial registered at the same moment
        raise IntegrationError("device_serial_taken", serial=serial) from None
    return device, secret


@transaction.atomic
def device_update(
    *,
    actor: User,
    device: Device,
    name: str,
    office: OfficeLocation | None,
    time_zone: str,
    keyless_networks: str | None = None,
) -> Device:
    """Rename a device, move it to another office or correct its clock's time zone (lines already
    received keep the time they were read with)."""
    name, time_zone = _name(name), _time_zone(time_zone)
    locked = Device.objects.select_for_update().get(pk=device.pk)
    if office is not None and office.pk != locked.office_id:
        _office(office)
    before = _values(locked)
    locked.name, locked.office, locked.time_zone = name, office, time_zone
    if keyless_networks is not None:
        locked.keyless_networks = _networks(keyless_networks)
    locked.save(update_fields=["name", "office", "time_zone", "keyless_networks", "updated_at"])
    audit_record(
        actor=actor,
        action="integrations.device_update",
        target=locked,
        summary=f"Biometric device {locked.serial} changed",
        detail={"before": before, "after": _values(locked)},
    )
    return locked


@transaction.atomic
def device_set_status(*, actor: User, device: Device, status: str) -> Device:
    """Disable a device (its pushes are refused and logged; nothing it sent is removed) or enable
    it again."""
    if status not in Device.Status.values:
        raise IntegrationError("device_status_invalid")
    locked = Device.objects.select_for_update().get(pk=device.pk)
    if locked.status == status:
        return locked
    before = locked.status
    locked.status = status
    fields = ["status", "updated_at"]
    if status == Device.Status.DISABLED:
        # A disabled device is not watched; enabling it starts its health afresh.
        locked.health, locked.health_alerted_at = Device.Health.UNKNOWN, None
        fields += ["health", "health_alerted_at"]
    locked.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="integrations.device_status",
        target=locked,
        summary=f"Biometric device {locked.serial} {status}",
        detail={"before": before, "after": status},
    )
    return locked


@transaction.atomic
def device_secret_rotate(*, actor: User, device: Device) -> str:
    """A new secret for the device (the old one stops working at once). Returned once."""
    locked = Device.objects.select_for_update().get(pk=device.pk)
    secret, hashed, hint = _new_secret()
    old_hint = locked.secret_hint
    locked.secret_hash, locked.secret_hint = hashed, hint
    locked.save(update_fields=["secret_hash", "secret_hint", "updated_at"])
    audit_record(
        actor=actor,
        action="integrations.device_secret_rotate",
        target=locked,
        summary=f"Secret of biometric device {locked.serial} replaced",
        detail={"before_hint": old_hint, "after_hint": hint},
    )
    return secret


def integration_settings(for_update: bool = False) -> IntegrationSettings:
    """The agency's one settings row (pk 1), made with the defaults when missing."""
    IntegrationSettings.objects.get_or_create(pk=1)
    rows = IntegrationSettings.objects.filter(pk=1)
    if for_update:
        rows = rows.select_for_update()
    return rows.get()


def _settings_values(row: IntegrationSettings) -> dict[str, int]:
    return {
        "device_silent_minutes": row.device_silent_minutes,
        "device_drift_minutes": row.device_drift_minutes,
    }


@transaction.atomic
def integration_settings_update(*, actor: User, values: Mapping[str, Any]) -> IntegrationSettings:
    """Change the device health limits: ``device_silent_minutes`` (10 minutes to 7 days) and
    ``device_drift_minutes`` (1 to 720). Keys not given keep their value."""
    row = integration_settings(for_update=True)
    before = _settings_values(row)
    checks = (
        ("device_silent_minutes", SILENT_RANGE, "settings_silent_invalid"),
        ("device_drift_minutes", DRIFT_RANGE, "settings_drift_invalid"),
    )
    for field, (low, high), code in checks:
        if field not in values:
            continue
        try:
            value = int(values[field])
        except (TypeError, ValueError):
            raise IntegrationError(code, low=low, high=high) from None
        if not low <= value <= high:
            raise IntegrationError(code, low=low, high=high)
        setattr(row, field, value)
    row.updated_by = actor
    row.save()
    audit_record(
        actor=actor,
        action="integrations.settings_update",
        target=row,
        summary="Integration settings changed",
        detail={"before": before, "after": _settings_values(row)},
    )
    return row
