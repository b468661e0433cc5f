"""The org admin's device pages: add a device and see its secret once, edit, disable, rotate;
upload a file, read its preview with the per-line errors, import it, and map the waiting device
user ids by MyKad. Officers and supervisors find none of it (404); agency B's admin cannot reach
agency A's devices or files by id."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.attendance.models import AttendanceEvent
from tenant_apps.integrations.device_services import device_create
from tenant_apps.integrations.models import Device, DeviceContact, ImportBatch, RawPunch
from tenants.models import Agency
from tests.attendance.support import World, build_world, client_for

YESTERDAY = (timezone.localdate() - timedelta(days=1)).isoformat()


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


@pytest.fixture
def admin(world: World, agency_a: Agency) -> Client:
    client = client_for(agency_a, "admin")
    client.cookies["django_language"] = "en"
    return client


def _device(world: World, serial: str = "PAGE0001") -> Device:
    device, _secret = device_create(
        actor=world.admin,
        serial=serial,
        name="Terminal Lobi",
        office=world.office,
        time_zone="Asia/Kuala_Lumpur",
    )
    return device


def _csv() -> bytes:
    return (
        "PIN,Waktu,Status\n"
        f"101,{YESTERDAY} 08:01:00,0\n"
        f"101,{YESTERDAY} 17:05:00,1\n"
        "101,not a time,0\n"
        f"999,{YESTERDAY} 08:15:00,0\n"
    ).encode()


def _upload(client: Client, device: Device, content: bytes, **extra: str) -> Any:
    data = {
        "device": str(device.pk),
        "fmt": "csv",
        "file": SimpleUploadedFile("eksport.csv", content, content_type="text/csv"),
        "user_id": "PIN",
        "timestamp": "Waktu",
        "state": "Status",
    }
    data.update(extra)
    return client.post("/integrations/import/", data)


def _batch_id(response: Any) -> int:
    location = response["Location"]
    found = re.search(r"/integrations/import/(\d+)/$", location)
    assert found, location
    return int(found.group(1))


# --- Devices -----------------------------------------------------------------------------------


def test_the_list_starts_empty_and_offers_to_add(admin: Client) -> None:
    page = admin.get("/integrations/devices/").content.decode()
    assert 'data-testid="device-empty"' in page
    assert "/integrations/devices/new/" in page


def test_adding_a_device_shows_its_secret_once_with_the_push_settings(
    world: World, admin: Client
) -> None:
    response = admin.post(
        "/integrations/devices/new/",
        {
            "serial": "A1B2C3D4",
            "name": "Terminal Lobi",
            "office": str(world.office.pk),
            "time_zone": "Asia/Kuala_Lumpur",
        },
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "it will not be shown again" in page
    secret = re.search(r'data-testid="device-secret">([^<]+)<', page)
    assert secret
    device = Device.objects.get(serial="A1B2C3D4")
    assert device.secret_hash == hashlib.sha256(secret.group(1).encode()).hexdigest()
    assert f"key={secret.group(1)}" in page
    assert "ujian-a." in page
    assert "/iclock/" in page
    # Never again: not on the device's page, nor in the list.
    assert secret.group(1) not in admin.get(f"/integrations/devices/{device.pk}/").content.decode()
    listing = admin.get("/integrations/devices/").content.decode()
    assert secret.group(1) not in listing
    assert 'data-testid="device-row-A1B2C3D4"' in listing
    assert "Not heard from yet" in listing


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"serial": "A1 B2"}, "serial", "A serial number has 3 to 40 letters"),
        ({"serial": "PAGE0001"}, "serial", "already here"),
        ({"time_zone": "Malaysia"}, "time_zone", "Malaysia is not a time zone"),
        ({"name": ""}, "name", "This field is required"),
    ],
)
def test_a_wrong_device_form_says_what_is_wrong(
    world: World, admin: Client, values: dict[str, str], field: str, message: str
) -> None:
    _device(world)
    data = {"serial": "NEW0001", "name": "Terminal", "time_zone": "Asia/Kuala_Lumpur", **values}
    response = admin.post("/integrations/devices/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'data-testid="field-error-{field}"' in page
    assert message in page
    assert "device-secret" not in page
    assert Device.objects.count() == 1


def test_a_device_is_edited_disabled_enabled_and_its_secret_rotated(
    world: World, admin: Client
) -> None:
    device = _device(world)
    url = f"/integrations/devices/{device.pk}/"
    response = admin.post(
        url, {"action": "update", "name": "Terminal Aras 3", "time_zone": "Asia/Kuching"}
    )
    assert response.status_code == 302
    device.refresh_from_db()
    assert (device.name, device.office, device.time_zone) == (
        "Terminal Aras 3",
        None,
        "Asia/Kuching",
    )
    bad = admin.post(url, {"action": "update", "name": "X", "time_zone": "Nowhere/City"})
    assert bad.status_code == 400
    assert "Nowhere/City is not a time zone" in bad.content.decode()
    trusted = {"action": "update", "name": "Terminal Aras 3", "time_zone": "Asia/Kuching"}
    wide = admin.post(url, {**trusted, "keyless_networks": "0.0.0.0/0"})
    assert wide.status_code == 400
    assert "0.0.0.0/0 is too wide" in wide.content.decode()
    assert admin.post(url, {**trusted, "keyless_networks": "203.0.113.9"}).status_code == 302
    device.refresh_from_db()
    assert device.keyless_networks == "203.0.113.9/32"
    assert 'value="203.0.113.9/32"' in admin.get(url).content.decode()

    admin.post(url, {"action": "status", "status": "disabled"})
    device.refresh_from_db()
    assert device.status == Device.Status.DISABLED
    assert 'data-testid="device-enable"' in admin.get(url).content.decode()
    admin.post(url, {"action": "status", "status": "active"})
    device.refresh_from_db()
    assert device.status == Device.Status.ACTIVE

    old_hash = device.secret_hash
    rotated = admin.post(url, {"action": "rotate"}).content.decode()
    secret = re.search(r'data-testid="device-secret">([^<]+)<', rotated)
    assert secret
    assert "The old secret no longer works." in rotated
    device.refresh_from_db()
    assert device.secret_hash != old_hash
    assert device.secret_hash == hashlib.sha256(secret.group(1).encode()).hexdigest()


def test_the_device_page_shows_its_contacts_and_drift(world: World, admin: Client) -> None:
    device = _device(world)
    now = timezone.now()
    Device.objects.filter(pk=device.pk).update(last_seen_at=now, clock_drift_seconds=-420)
    DeviceContact.objects.create(
        device=device,
        serial=device.serial,
        method="POST",
        path="/iclock/cdata",
        outcome=DeviceContact.Outcome.OK,
        lines=3,
        at=now,
    )
    page = admin.get(f"/integrations/devices/{device.pk}/").content.decode()
    assert "7 min behind" in page
    assert "/iclock/cdata" in page
    assert "7 min behind" in admin.get("/integrations/devices/").content.decode()


def test_refused_contacts_are_listed(world: World, admin: Client) -> None:
    assert (
        'data-testid="contact-empty"'
        in admin.get("/integrations/devices/contacts/").content.decode()
    )
    DeviceContact.objects.create(
        serial="STRANGER1",
        ip="10.1.2.3",
        method="GET",
        path="/iclock/cdata",
        outcome=DeviceContact.Outcome.UNKNOWN,
        at=timezone.now(),
    )
    page = admin.get("/integrations/devices/contacts/").content.decode()
    assert "STRANGER1" in page
    assert "Unknown device" in page
    assert "10.1.2.3" in page


def test_the_health_settings_are_saved_and_checked(world: World, admin: Client) -> None:
    assert admin.get("/integrations/settings/").status_code == 200
    bad = admin.post(
        "/integrations/settings/", {"device_silent_minutes": "5", "device_drift_minutes": "5"}
    )
    assert bad.status_code == 400
    assert "The silent time is between 10 and 10080 minutes." in bad.content.decode()
    good = admin.post(
        "/integrations/settings/", {"device_silent_minutes": "60", "device_drift_minutes": "3"}
    )
    assert good.status_code == 302
    assert 'value="60"' in admin.get("/integrations/settings/").content.decode()


# --- Files and the unmapped queue --------------------------------------------------------------


def test_a_file_is_previewed_imported_and_its_unknown_id_mapped_by_mykad(
    world: World, admin: Client
) -> None:
    device = _device(world)
    response = _upload(admin, device, _csv())
    assert response.status_code == 302
    batch_id = _batch_id(response)
    assert not RawPunch.objects.exists()  # nothing written before Import

    preview = admin.get(f"/integrations/import/{batch_id}/").content.decode()
    assert re.search(r'data-testid="count-lines">4<', preview)
    assert re.search(r'data-testid="count-new">3<', preview)
    assert re.search(r'data-testid="count-errors">1<', preview)
    assert re.search(r'data-testid="count-unmapped">3<', preview)
    assert 'data-testid="line-error-4"' in preview
    assert "not a time" in preview
    assert "cannot be read" in preview

    done = admin.post(f"/integrations/import/{batch_id}/confirm/", follow=True)
    page = done.content.decode()
    assert "3 new lines imported." in page
    assert 'data-testid="import-result"' in page
    assert "/integrations/unmapped/" in page
    assert RawPunch.objects.filter(status=RawPunch.Status.UNMAPPED).count() == 3

    queue = admin.get("/integrations/unmapped/").content.decode()
    assert 'data-testid="unmapped-row-PAGE0001-101"' in queue
    assert 'data-testid="unmapped-row-PAGE0001-999"' in queue

    unknown = admin.post(
        "/integrations/unmapped/",
        {"device": device.pk, "device_user_id": "101", "mykad": "010101-01-0101"},
    )
    assert unknown.status_code == 400
    assert "No officer of this agency has the MyKad 010101-01-0101." in unknown.content.decode()
    assert RawPunch.objects.filter(status=RawPunch.Status.UNMAPPED).count() == 3

    mapped = admin.post(
        "/integrations/unmapped/",
        {"device": device.pk, "device_user_id": "101", "mykad": "880303-16-5013"},
        follow=True,
    )
    assert "Device user id 101 is MARLIANA BINTI RAMLI: 2 lines applied." in mapped.content.decode()
    punches = AttendanceEvent.objects.filter(officer=world.officer)
    assert punches.count() == 2
    assert set(punches.values_list("source", flat=True)) == {AttendanceEvent.Source.BIOMETRIC}
    queue = admin.get("/integrations/unmapped/").content.decode()
    assert "unmapped-row-PAGE0001-101" not in queue
    assert "unmapped-row-PAGE0001-999" in queue
    # The mapping is saved on the device and offered next time.
    device.refresh_from_db()
    assert device.csv_mapping["user_id"] == "PIN"
    upload_page = admin.get(f"/integrations/import/?device={device.pk}").content.decode()
    assert 'value="Waktu"' in upload_page


def test_the_same_file_imported_twice_gives_the_punches_once(world: World, admin: Client) -> None:
    device = _device(world)
    admin.post(
        "/integrations/unmapped/",
        {"device": device.pk, "device_user_id": "101", "mykad": "880303165013"},
    )
    for _round in range(2):
        batch_id = _batch_id(_upload(admin, device, _csv()))
        admin.post(f"/integrations/import/{batch_id}/confirm/")
    assert AttendanceEvent.objects.filter(officer=world.officer).count() == 2
    second = ImportBatch.objects.get(pk=batch_id)
    assert (second.new_count, second.duplicate_count) == (0, 3)
    page = admin.get(f"/integrations/import/{batch_id}/").content.decode()
    assert re.search(r'data-testid="count-duplicates">3<', page)


def test_a_discarded_file_imports_nothing(world: World, admin: Client) -> None:
    device = _device(world)
    batch_id = _batch_id(_upload(admin, device, _csv()))
    response = admin.post(f"/integrations/import/{batch_id}/discard/", follow=True)
    assert "nothing was imported" in response.content.decode()
    assert ImportBatch.objects.get(pk=batch_id).status == ImportBatch.Status.DISCARDED
    assert not RawPunch.objects.exists()
    again = admin.post(f"/integrations/import/{batch_id}/confirm/", follow=True)
    assert "already imported or discarded" in again.content.decode()
    assert not RawPunch.objects.exists()


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (b"", {}, "file is empty."),
        (b"x" * (5 * 1024 * 1024 + 1), {}, "The file is larger than 5 MB."),
        (b"Nombor,Masa\n1,2026-01-01 08:00:00\n", {}, "The CSV header has no column"),
        (_csv(), {"user_id": "", "timestamp": "", "state": ""}, "Say which CSV columns"),
        (_csv(), {"timestamp": ""}, "needs the device user id column and either"),
        (b"\x00\x01binary", {"fmt": "dat"}, "not a text file"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_reason(
    world: World, admin: Client, content: bytes, extra: dict[str, str], message: str
) -> None:
    device = _device(world)
    response = _upload(admin, device, content, **extra)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_an_attlog_file_is_read_too(world: World, admin: Client) -> None:
    device = _device(world)
    content = (
        f"  101\t{YESTERDAY} 08:00:00\t0\t1\t0\t0\n"
        f"  101\t{YESTERDAY} 08:00:00\t0\t1\t0\t0\n"
        "garbage\n"
    ).encode()
    response = _upload(admin, device, content, fmt="dat")
    page = admin.get(f"/integrations/import/{_batch_id(response)}/").content.decode()
    assert re.search(r'data-testid="count-new">1<', page)
    assert re.search(r'data-testid="count-duplicates">1<', page)
    assert 'data-testid="line-error-3"' in page


# --- Who may see ----------------------------------------------------------------------------


def _urls(device_id: int, batch_id: int) -> list[str]:
    return [
        "/integrations/devices/",
        "/integrations/devices/new/",
        "/integrations/devices/contacts/",
        f"/integrations/devices/{device_id}/",
        "/integrations/import/",
        f"/integrations/import/{batch_id}/",
        "/integrations/unmapped/",
        "/integrations/settings/",
    ]


@pytest.mark.parametrize("who", ["officer", "supervisor"])
def test_officers_and_supervisors_find_no_device_page(
    world: World, admin: Client, agency_a: Agency, who: str
) -> None:
    device = _device(world)
    batch_id = _batch_id(_upload(admin, device, _csv()))
    client = client_for(agency_a, who)
    for url in _urls(device.pk, batch_id):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/integrations/import/{batch_id}/confirm/",
        f"/integrations/import/{batch_id}/discard/",
        f"/integrations/devices/{device.pk}/",
    ):
        assert client.post(url, {"action": "rotate"}).status_code == 404, url
    assert ImportBatch.objects.get(pk=batch_id).status == ImportBatch.Status.PREVIEW


def test_agency_bs_admin_cannot_reach_agency_as_device_or_file(
    world: World, admin: Client, agency_a: Agency, agency_b: Agency
) -> None:
    device = _device(world)
    batch_id = _batch_id(_upload(admin, device, _csv()))
    with schema_context(agency_b.schema_name):
        build_world(agency_b)
    other = client_for(agency_b, "admin")
    for url in (f"/integrations/devices/{device.pk}/", f"/integrations/import/{batch_id}/"):
        assert other.get(url).status_code == 404, url
    assert (
        other.post(f"/integrations/devices/{device.pk}/", {"action": "rotate"}).status_code == 404
    )
    assert other.post(f"/integrations/import/{batch_id}/confirm/").status_code == 404
    assert "PAGE0001" not in other.get("/integrations/devices/").content.decode()
    resolve = other.post(
        "/integrations/unmapped/",
        {"device": device.pk, "device_user_id": "101", "mykad": "880303165013"},
    )
    assert resolve.status_code == 400
    with schema_context(agency_a.schema_name):
        assert ImportBatch.objects.get(pk=batch_id).status == ImportBatch.Status.PREVIEW
        assert device.secret_hash == Device.objects.get(pk=device.pk).secret_hash
