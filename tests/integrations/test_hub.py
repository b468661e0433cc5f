"""Integrasi, the org admin's hub: reached from the home page, it counts the devices that need
attention, the device lines waiting for their officer, the keys in use and the paused webhooks.
Nobody else finds it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.integrations.models import (
    ApiKey,
    Device,
    ImportBatch,
    RawPunch,
    WebhookSubscription,
)
from tenants.models import Agency
from tests.attendance.support import World, build_world, client_for


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


def _things(agency: Agency) -> None:
    now = timezone.now()
    with schema_context(agency.schema_name):
        silent = Device.objects.create(
            serial="HUB0001",
            name="Terminal Lobi",
            time_zone="Asia/Kuala_Lumpur",
            secret_hash="0" * 64,
            health=Device.Health.SILENT,
        )
        Device.objects.create(
            serial="HUB0002",
            name="Terminal Aras 2",
            time_zone="Asia/Kuala_Lumpur",
            secret_hash="1" * 64,
            health=Device.Health.OK,
        )
        batch = ImportBatch.objects.create(
            device=silent,
            source=ImportBatch.Source.PUSH,
            status=ImportBatch.Status.IMPORTED,
            created_at=now,
        )
        for second in range(3):
            RawPunch.objects.create(
                device=silent,
                batch=batch,
                line_no=second + 1,
                raw="x",
                device_user_id="77",
                device_local=f"2026-11-20 08:00:0{second}",
                device_time=now,
                kind="unknown",
                received_at=now,
                status=RawPunch.Status.UNMAPPED,
            )
        ApiKey.objects.create(
            name="HRMIS",
            prefix="abcd1234",
            key_hash="2" * 64,
            scopes=["people:read"],
            expires_at=now + timedelta(days=30),
        )
        WebhookSubscription.objects.create(
            url="https://example.gov.my/hook",
            events=["punch.created"],
            secret="s",
            status=WebhookSubscription.Status.PAUSED,
        )


def test_the_org_admin_reaches_the_hub_from_home_and_sees_what_needs_attention(
    world: World, agency_a: Agency
) -> None:
    _things(agency_a)
    client = client_for(agency_a, "admin")
    client.cookies["django_language"] = "en"
    home = client.get("/").content.decode()
    assert 'href="/integrations/"' in home
    page = client.get("/integrations/").content.decode()
    assert "2 devices registered." in page
    assert "1 needs attention" in page
    assert "Unmapped device user ids (3)" in page
    assert "1 API key in use." in page
    assert "1 paused" in page


@pytest.mark.parametrize("who", ["officer", "supervisor"])
def test_nobody_but_the_org_admin_finds_the_hub(world: World, agency_a: Agency, who: str) -> None:
    client = client_for(agency_a, who)
    assert client.get("/integrations/").status_code == 404
    assert 'href="/integrations/"' not in client.get("/").content.decode()


def test_the_hub_of_agency_b_counts_nothing_of_agency_a(
    world: World, agency_a: Agency, agency_b: Agency
) -> None:
    _things(agency_a)
    with schema_context(agency_b.schema_name):
        build_world(agency_b)
    client = client_for(agency_b, "admin")
    client.cookies["django_language"] = "en"
    page = client.get("/integrations/").content.decode()
    assert "0 devices registered." in page
    assert "0 API keys in use." in page
    assert "paused" not in page
