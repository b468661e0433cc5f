"""Device health: a device silent longer than the agency's limit, or whose clock is off by more
than 5 minutes, tells every org admin once (in Malay and English, linking the device); nothing
more while it stays so; after it recovers a relapse tells them again. Disabled devices are not
watched; officers are never told."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.roles import Role
from provisioning.services import agency_user_ensure
from tenant_apps.integrations.device_services import (
    device_create,
    device_set_status,
    integration_settings_update,
)
from tenant_apps.integrations.health import devices_health_check
from tenant_apps.integrations.models import Device
from tenant_apps.notifications.models import Kind, Notification
from tenants.models import Agency
from tests.attendance.support import World, build_world
from tests.conftest import AGENCY_A, PASSWORD, make_user
from tests.support.servers import celery_worker, child_env, terminate_database_sessions


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


def _device(world: World, serial: str = "HEALTH01") -> Device:
    device, _secret = device_create(
        actor=world.admin,
        serial=serial,
        name="Terminal Lobi",
        office=world.office,
        time_zone="Asia/Kuala_Lumpur",
    )
    return device


def _seen(device: Device, *, minutes_ago: float, drift: int | None = 0) -> None:
    Device.objects.filter(pk=device.pk).update(
        last_seen_at=timezone.now() - timedelta(minutes=minutes_ago), clock_drift_seconds=drift
    )


def _alerts() -> list[Notification]:
    return list(Notification.objects.filter(kind=Kind.DEVICE_HEALTH).order_by("id"))


def _health(device: Device) -> str:
    return Device.objects.get(pk=device.pk).health


def test_a_device_silent_too_long_tells_the_org_admin_once(world: World) -> None:
    device = _device(world)
    _seen(device, minutes_ago=10)
    assert devices_health_check() == 0
    assert _health(device) == Device.Health.OK
    assert _alerts() == []

    _seen(device, minutes_ago=121)  # the default limit is 120 minutes
    assert devices_health_check() == 1
    assert _health(device) == Device.Health.SILENT
    [alert] = _alerts()
    assert alert.recipient == world.admin
    assert alert.text_ms.startswith("Peranti biometrik Terminal Lobi (HEALTH01) senyap sejak ")
    assert alert.text_en.startswith("Biometric device Terminal Lobi (HEALTH01) has been silent")
    assert alert.link == f"/integrations/devices/{device.pk}/"

    # Still silent: no second alert, however often the check runs.
    assert devices_health_check() == 0
    assert devices_health_check(now=timezone.now() + timedelta(hours=5)) == 0
    assert len(_alerts()) == 1


def test_a_device_that_recovers_and_falls_silent_again_alerts_again(world: World) -> None:
    device = _device(world)
    _seen(device, minutes_ago=200)
    devices_health_check()
    _seen(device, minutes_ago=1)
    devices_health_check()
    recovered = Device.objects.get(pk=device.pk)
    assert recovered.health == Device.Health.OK
    assert recovered.health_alerted_at is None
    _seen(device, minutes_ago=300)
    assert devices_health_check() == 1
    assert len(_alerts()) == 2


def test_the_silent_limit_is_the_agencys_own(world: World) -> None:
    integration_settings_update(actor=world.admin, values={"device_silent_minutes": 30})
    device = _device(world)
    _seen(device, minutes_ago=45)
    assert devices_health_check() == 1
    assert _health(device) == Device.Health.SILENT


def test_a_device_never_heard_from_is_silent_once_the_limit_passed_since_it_was_added(
    world: World,
) -> None:
    device = _device(world)
    assert devices_health_check() == 0
    assert _health(device) == Device.Health.UNKNOWN
    assert devices_health_check(now=timezone.now() + timedelta(minutes=121)) == 1
    [alert] = _alerts()
    assert "has not contacted the platform since it was registered" in alert.text_en
    assert "belum menghubungi sistem" in alert.text_ms


def test_a_device_whose_logs_come_only_as_files_is_never_called_silent(world: World) -> None:
    device = _device(world)
    Device.objects.filter(pk=device.pk).update(last_upload_at=timezone.now())
    assert devices_health_check(now=timezone.now() + timedelta(days=30)) == 0
    assert _health(device) == Device.Health.UNKNOWN
    assert _alerts() == []


@pytest.mark.parametrize(
    ("drift", "ms_word", "en_word"),
    [(6 * 60 + 10, "terkehadapan", "ahead"), (-9 * 60, "terkebelakang", "behind")],
)
def test_a_clock_off_by_more_than_five_minutes_tells_the_org_admin_once(
    world: World, drift: int, ms_word: str, en_word: str
) -> None:
    device = _device(world)
    _seen(device, minutes_ago=1, drift=5 * 60)  # exactly 5 minutes: still fine
    assert devices_health_check() == 0
    assert _health(device) == Device.Health.OK

    _seen(device, minutes_ago=1, drift=drift)
    assert devices_health_check() == 1
    assert _health(device) == Device.Health.DRIFT
    [alert] = _alerts()
    minutes = round(abs(drift) / 60)
    assert alert.text_ms == (
        f"Jam peranti biometrik Terminal Lobi (HEALTH01) berbeza {minutes} minit ({ms_word})."
    )
    assert alert.text_en == (
        f"The clock of biometric device Terminal Lobi (HEALTH01) is {minutes} minutes {en_word}."
    )
    assert devices_health_check() == 0
    assert len(_alerts()) == 1


def test_a_drifting_device_that_then_falls_silent_alerts_for_the_new_state(world: World) -> None:
    device = _device(world)
    _seen(device, minutes_ago=1, drift=600)
    devices_health_check()
    _seen(device, minutes_ago=500, drift=600)
    assert devices_health_check() == 1
    assert _health(device) == Device.Health.SILENT
    assert [a.text_en.split(" ")[0] for a in _alerts()] == ["The", "Biometric"]


def test_every_active_org_admin_is_told_and_nobody_else(world: World, agency_a: Agency) -> None:
    second = make_user(agency_a, "650505165011", roles=(Role.OFFICER, Role.ORG_ADMIN))
    gone = make_user(agency_a, "640404165013", roles=(Role.OFFICER, Role.ORG_ADMIN))
    gone.is_active = False
    gone.save()
    device = _device(world)
    _seen(device, minutes_ago=500)
    devices_health_check()
    told = {alert.recipient_id for alert in _alerts()}
    assert told == {world.admin.pk, second.pk}


def test_a_disabled_device_is_not_watched(world: World) -> None:
    device = _device(world)
    _seen(device, minutes_ago=500, drift=3600)
    device_set_status(actor=world.admin, device=device, status="disabled")
    assert devices_health_check() == 0
    assert _alerts() == []


def test_the_health_of_agency_a_does_not_reach_agency_b(
    world: World, agency_a: Agency, agency_b: Agency
) -> None:
    device = _device(world)
    _seen(device, minutes_ago=500)
    with schema_context(agency_b.schema_name):
        build_world(agency_b)
        assert devices_health_check() == 0
        assert not Notification.objects.filter(kind=Kind.DEVICE_HEALTH).exists()
    with schema_context(agency_a.schema_name):
        assert devices_health_check() == 1


# --- Through a real Celery worker ----------------------------------------------------------------

WORKER_ADMIN = "660606165017"
WORKER_SERIAL = "HEALTHWORKER1"


@pytest.fixture(scope="module")
def worker(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """A real worker through real Redis (see tests/notifications), on a queue of its own and on
    the default queue, where the tick running in the worker sends each agency's tasks."""
    with django_db_blocker.unblock():
        env_base = child_env()
    # The tick's own sends use the worker's default queue ("celery").
    with celery_worker(prefix="integrations-health", env=env_base, extra_queues=("celery",)):
        yield
    with django_db_blocker.unblock():
        terminate_database_sessions()


@pytest.fixture(scope="module")
def silent_device(worker: None, django_db_blocker: Any) -> Iterator[int]:
    """A device of agency A silent for a day and an org admin, committed for the worker.
    Returns the admin's user id."""
    with django_db_blocker.unblock():
        agency = Agency.objects.get(slug=AGENCY_A.slug)
        admin = agency_user_ensure(
            agency=agency,
            login_id=WORKER_ADMIN,
            full_name="PENTADBIR PERANTI",
            password=PASSWORD,
            roles=[Role.OFFICER, Role.ORG_ADMIN],
        )
        with schema_context(agency.schema_name):
            Device.objects.filter(serial=WORKER_SERIAL).delete()
            Device.objects.create(
                serial=WORKER_SERIAL,
                name="Terminal Pekerja",
                time_zone="Asia/Kuala_Lumpur",
                secret_hash="0" * 64,
                last_seen_at=timezone.now() - timedelta(days=1),
            )
    yield admin.pk
    with django_db_blocker.unblock(), schema_context(agency.schema_name):
        Notification.objects.filter(recipient_id=admin.pk).delete()
        Device.objects.filter(serial=WORKER_SERIAL).delete()


def _worker_alerts(agency: Agency, admin_id: int) -> list[str]:
    with schema_context(agency.schema_name):
        return list(
            Notification.objects.filter(
                recipient_id=admin_id, kind=Kind.DEVICE_HEALTH, text_en__contains=WORKER_SERIAL
            ).values_list("text_ms", flat=True)
        )


@pytest.mark.commits_data
@pytest.mark.django_db
def test_the_periodic_tick_checks_each_agencys_devices_in_a_real_worker(
    silent_device: int,
) -> None:
    from tenant_apps.integrations.tasks import integrations_tick_all

    agency = Agency.objects.get(slug=AGENCY_A.slug)
    # The beat sends the tick by the name in CELERY_BEAT_SCHEDULE, from the public schema.
    assert integrations_tick_all.name == "tenant_apps.integrations.tasks.integrations_tick_all"
    for _round in range(2):
        assert integrations_tick_all.delay().get(timeout=30) >= 1
        deadline = time.monotonic() + 30
        while not _worker_alerts(agency, silent_device) and time.monotonic() < deadline:
            time.sleep(0.3)
        time.sleep(1)  # let the second round finish, had it anything to send
    [alert] = _worker_alerts(agency, silent_device)
    assert alert.startswith(f"Peranti biometrik Terminal Pekerja ({WORKER_SERIAL}) senyap sejak")
    with schema_context(agency.schema_name):
        assert Device.objects.get(serial=WORKER_SERIAL).health == Device.Health.SILENT
