"""The device registry's services: a device is registered by its serial with a secret shown once
(only its hash kept), its time zone must be a real one, the serial is unique, a disabled device
keeps what it sent, a rotated secret replaces the old one, and every change is in the audit
trail. The agency's health limits are validated."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
from django_tenants.utils import schema_context

from tenant_apps.audit.models import AuditEntry
from tenant_apps.integrations.device_services import (
    device_create,
    device_secret_rotate,
    device_set_status,
    device_update,
    integration_settings,
    integration_settings_update,
)
from tenant_apps.integrations.errors import IntegrationError
from tenant_apps.integrations.models import Device
from tenants.models import Agency
from tests.attendance.support import World, build_world


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


def _create(world: World, serial: str = "A1B2C3D4", **extra: object) -> tuple[Device, str]:
    values: dict[str, object] = {
        "serial": serial,
        "name": "Terminal Lobi",
        "office": world.office,
        "time_zone": "Asia/Kuala_Lumpur",
    }
    values.update(extra)
    return device_create(actor=world.admin, **values)  # type: ignore[arg-type]


def test_a_device_is_registered_with_a_secret_kept_only_as_its_hash(world: World) -> None:
    device, secret = _create(world)
    assert len(secret) >= 32
    device.refresh_from_db()
    assert device.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in device.secret_hash
    assert device.secret_hint == secret[-4:]
    assert device.status == Device.Status.ACTIVE
    assert device.health == Device.Health.UNKNOWN
    assert device.office == world.office
    entry = AuditEntry.objects.get(action="integrations.device_create")
    assert entry.object_id == str(device.pk)
    assert secret not in str(entry.detail)


def test_two_devices_get_different_secrets(world: World) -> None:
    _device, first = _create(world, "SERIAL0001")
    _device, second = _create(world, "SERIAL0002")
    assert first != second


def test_a_serial_is_registered_once(world: World) -> None:
    _create(world)
    with pytest.raises(IntegrationError) as refused:
        _create(world, name="Another")
    assert refused.value.code == "device_serial_taken"
    assert "A1B2C3D4" in refused.value.message
    with pytest.raises(IntegrationError) as refused_case:
        _create(world, "a1b2c3d4")
    assert refused_case.value.code == "device_serial_taken"
    assert Device.objects.count() == 1


@pytest.mark.parametrize("serial", ["", "AB", "A1 B2", "A1/B2", "X" * 41])
def test_a_malformed_serial_is_refused(world: World, serial: str) -> None:
    with pytest.raises(IntegrationError) as refused:
        _create(world, serial)
    assert refused.value.code == "device_serial_invalid"
    assert not Device.objects.exists()


@pytest.mark.parametrize("zone", ["", "Malaysia", "Asia/Kuala Lumpur", "GMT+8x"])
def test_a_time_zone_that_does_not_exist_is_refused(world: World, zone: str) -> None:
    with pytest.raises(IntegrationError) as refused:
        _create(world, time_zone=zone)
    assert refused.value.code == "device_zone_unknown"
    assert not Device.objects.exists()


@pytest.mark.parametrize(
    ("networks", "code"),
    [
        ("203.0.113.300", "device_networks_invalid"),
        ("kantor-pusat", "device_networks_invalid"),
        ("0.0.0.0/0", "device_networks_too_wide"),
        ("10.0.0.0/8", "device_networks_too_wide"),
        ("2001:db8::/32", "device_networks_too_wide"),
    ],
)
def test_networks_trusted_without_the_secret_must_be_real_and_narrow(
    world: World, networks: str, code: str
) -> None:
    with pytest.raises(IntegrationError) as refused:
        _create(world, keyless_networks=networks)
    assert refused.value.code == code
    assert not Device.objects.exists()


def test_trusted_networks_are_kept_in_a_canonical_form(world: World) -> None:
    device, _secret = _create(world, keyless_networks=" 203.0.113.9, 198.51.100.0/24  203.0.113.9 ")
    assert device.keyless_networks == "203.0.113.9/32, 198.51.100.0/24"
    device_update(
        actor=world.admin,
        device=device,
        name=device.name,
        office=device.office,
        time_zone=device.time_zone,
    )
    device.refresh_from_db()
    assert device.keyless_networks == "203.0.113.9/32, 198.51.100.0/24"  # None: unchanged


def test_a_device_needs_a_name(world: World) -> None:
    with pytest.raises(IntegrationError) as refused:
        _create(world, name="   ")
    assert refused.value.code == "device_name_required"


def test_a_device_cannot_be_placed_in_an_inactive_office(world: World) -> None:
    world.office.is_active = False
    world.office.save()
    with pytest.raises(IntegrationError) as refused:
        _create(world)
    assert refused.value.code == "device_office_inactive"


def test_a_device_can_be_renamed_moved_and_its_zone_corrected(world: World) -> None:
    device, _secret = _create(world, office=None)
    updated = device_update(
        actor=world.admin,
        device=device,
        name="  Terminal   Aras 2 ",
        office=world.office,
        time_zone="Asia/Kuching",
    )
    assert (updated.name, updated.office, updated.time_zone) == (
        "Terminal Aras 2",
        world.office,
        "Asia/Kuching",
    )
    entry = AuditEntry.objects.get(action="integrations.device_update")
    assert entry.detail["before"]["time_zone"] == "Asia/Kuala_Lumpur"
    assert entry.detail["after"]["time_zone"] == "Asia/Kuching"
    with pytest.raises(IntegrationError):
        device_update(
            actor=world.admin, device=device, name="X", office=None, time_zone="Mars/Base"
        )
    device.refresh_from_db()
    assert device.time_zone == "Asia/Kuching"


def test_a_device_is_disabled_and_enabled_again(world: World) -> None:
    device, _secret = _create(world)
    Device.objects.filter(pk=device.pk).update(health=Device.Health.SILENT)
    disabled = device_set_status(actor=world.admin, device=device, status="disabled")
    assert disabled.status == Device.Status.DISABLED
    assert disabled.health == Device.Health.UNKNOWN
    enabled = device_set_status(actor=world.admin, device=device, status="active")
    assert enabled.status == Device.Status.ACTIVE
    assert AuditEntry.objects.filter(action="integrations.device_status").count() == 2
    # The same status again changes nothing and writes no audit row.
    device_set_status(actor=world.admin, device=device, status="active")
    assert AuditEntry.objects.filter(action="integrations.device_status").count() == 2
    with pytest.raises(IntegrationError) as refused:
        device_set_status(actor=world.admin, device=device, status="deleted")
    assert refused.value.code == "device_status_invalid"


def test_a_rotated_secret_replaces_the_old_one(world: World) -> None:
    device, old = _create(world)
    new = device_secret_rotate(actor=world.admin, device=device)
    device.refresh_from_db()
    assert new != old
    assert device.secret_hash == hashlib.sha256(new.encode()).hexdigest()
    assert device.secret_hint == new[-4:]
    entry = AuditEntry.objects.get(action="integrations.device_secret_rotate")
    assert new not in str(entry.detail)
    assert old not in str(entry.detail)


def test_the_settings_row_is_made_once_with_its_defaults(world: World) -> None:
    row = integration_settings()
    assert (row.pk, row.device_silent_minutes, row.device_drift_minutes) == (1, 120, 5)
    assert integration_settings(for_update=False).pk == row.pk


def test_the_health_limits_are_changed_within_their_ranges(world: World) -> None:
    row = integration_settings_update(
        actor=world.admin, values={"device_silent_minutes": 30, "device_drift_minutes": 3}
    )
    assert (row.device_silent_minutes, row.device_drift_minutes) == (30, 3)
    # A key not given keeps its value.
    row = integration_settings_update(actor=world.admin, values={"device_drift_minutes": 10})
    assert (row.device_silent_minutes, row.device_drift_minutes) == (30, 10)
    cases: list[tuple[dict[str, object], str]] = [
        ({"device_silent_minutes": 5}, "settings_silent_invalid"),
        ({"device_silent_minutes": 7 * 24 * 60 + 1}, "settings_silent_invalid"),
        ({"device_drift_minutes": 0}, "settings_drift_invalid"),
        ({"device_drift_minutes": "many"}, "settings_drift_invalid"),
    ]
    for values, code in cases:
        with pytest.raises(IntegrationError) as refused:
            integration_settings_update(actor=world.admin, values=values)
        assert refused.value.code == code
    row = integration_settings()
    assert (row.device_silent_minutes, row.device_drift_minutes) == (30, 10)
    assert AuditEntry.objects.filter(action="integrations.settings_update").count() == 2
