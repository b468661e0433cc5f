"""Webhooks: the events a subscriber is sent (only the events it subscribed to, only while active),
what each payload says, the URL checks (private addresses refused when not allowed), and the pages
(org admin only, 404 across agencies, the secret shown once)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.attendance_issues.services import issue_decide
from tenant_apps.audit.models import AuditEntry
from tenant_apps.integrations.errors import IntegrationError
from tenant_apps.integrations.models import WebhookDelivery, WebhookSubscription
from tenant_apps.integrations.webhook_services import (
    subscription_create,
    subscription_pause,
    url_clean,
)
from tenant_apps.movements.services import movement_create
from tenants.models import Agency
from tests.attendance_issues.helpers import (
    LOGINS,
    WEDNESDAY,
    World,
    at,
    build_world,
    explained,
    late_day,
    punch,
)
from tests.conftest import PASSWORD, host_of, make_user

pytestmark = pytest.mark.django_db

HOOK = "http://127.0.0.1:9/hook"  # never contacted in this file
ADMIN_B = "750505035551"


@pytest.fixture
def world(agency_a: Agency, settings: Any, tmp_path: Path) -> Iterator[World]:
    settings.MEDIA_ROOT = str(tmp_path)
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


def subscribe(world: World, *events: str, url: str = HOOK) -> WebhookSubscription:
    subscription, _ = subscription_create(actor=world.admin, url=url, events=list(events))
    return subscription


def deliveries(subscription: WebhookSubscription) -> list[WebhookDelivery]:
    return list(WebhookDelivery.objects.filter(subscription=subscription).order_by("pk"))


def login(agency: Agency, login_id: str) -> Client:
    client = Client(HTTP_HOST=host_of(agency))
    response = client.post("/login/", {"mykad": login_id, "password": PASSWORD})
    assert response.status_code == 302
    client.cookies["django_language"] = "en"
    return client


# --- Events and payloads ------------------------------------------------------------------------


def test_a_punch_is_delivered_only_to_active_subscribers_of_punch_created(world: World) -> None:
    wants_punches = subscribe(world, "punch.created")
    wants_movements = subscribe(world, "movement.created")
    paused = subscribe(world, "punch.created", "day.closed")
    subscription_pause(actor=world.admin, subscription=paused)

    punch(world.officer, "in", at(WEDNESDAY, 8, 5))

    [delivery] = deliveries(wants_punches)
    assert deliveries(wants_movements) == []
    assert deliveries(paused) == []
    assert delivery.event == "punch.created"
    assert delivery.status == WebhookDelivery.Status.PENDING
    record = AttendanceEvent.objects.get(officer=world.officer)
    payload = delivery.payload
    assert payload["id"] == str(delivery.event_id)
    assert payload["event"] == "punch.created"
    assert payload["agency"] == "ujian-a"
    assert payload["data"] == {
        "event_id": str(record.event_id),
        "officer_id": world.officer.pk,
        "kind": "in",
        "source": "web",
        "claimed_at": timezone.localtime(record.claimed_at).isoformat(),
        "recorded_at": timezone.localtime(record.recorded_at).isoformat(),
        "place": "office",
        "office_id": record.office_id,
        "flags": [],
    }
    assert world.officer.user.login_id not in json.dumps(payload)  # never the MyKad


def test_a_subscription_made_after_punches_were_seen_gets_the_next_punch(world: World) -> None:
    punch(world.officer, "in", at(WEDNESDAY, 8, 5))  # nobody wants it (and that is remembered)
    subscription = subscribe(world, "punch.created")

    punch(world.officer, "out", at(WEDNESDAY, 17, 35))

    [delivery] = deliveries(subscription)
    assert delivery.payload["data"]["kind"] == "out"


def test_a_closed_day_is_delivered_with_its_verdict(world: World) -> None:
    subscription = subscribe(world, "day.closed")

    late_day(world.officer)  # in 09:30, out 18:45, closed the next day

    [delivery] = deliveries(subscription)
    day = AttendanceDay.objects.get(officer=world.officer, day=WEDNESDAY)
    data = delivery.payload["data"]
    assert delivery.payload["event"] == "day.closed"
    assert data["officer_id"] == world.officer.pk
    assert data["day"] == "2026-11-04"
    assert data["status"] == day.status
    assert "LATE_IN" in data["categories"]
    assert data["late_minutes"] == day.late_minutes > 0
    assert data["worked_minutes"] == day.worked_minutes
    assert data["check_in"] == timezone.localtime(day.check_in).isoformat()
    assert data["check_out"] == timezone.localtime(day.check_out).isoformat()
    assert isinstance(data["reasons"], list)


def test_a_decided_issue_is_delivered_but_not_an_explanation(world: World) -> None:
    subscription = subscribe(world, "issue.decided")
    issue = explained(late_day(world.officer))
    assert deliveries(subscription) == []  # opened and explained: not decisions

    issue_decide(
        issue=issue, actor=world.supervisor.user, accept=False, comment="Tiada bukti sokongan"
    )

    [delivery] = deliveries(subscription)
    data = delivery.payload["data"]
    assert data["id"] == issue.pk
    assert data["officer_id"] == world.officer.pk
    assert data["day"] == "2026-11-04"
    assert data["category"] == "LATE_IN"
    assert data["status"] == "rejected"
    assert data["comment"] == "Tiada bukti sokongan"
    assert data["decided_at"]


def test_a_declared_movement_is_delivered(world: World) -> None:
    subscription = subscribe(world, "movement.created", "punch.created")
    starts = timezone.now() + timedelta(days=1)

    movement = movement_create(
        officer=world.officer,
        purpose="Mesyuarat Jawatankuasa ICT",
        place="Bangunan Perdana Putra",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        actor=world.officer.user,
    )

    [delivery] = deliveries(subscription)
    assert delivery.event == "movement.created"
    assert delivery.payload["data"] == {
        "id": movement.pk,
        "officer_id": world.officer.pk,
        "purpose": "Mesyuarat Jawatankuasa ICT",
        "place": "Bangunan Perdana Putra",
        "starts_at": timezone.localtime(movement.starts_at).isoformat(),
        "ends_at": timezone.localtime(movement.ends_at).isoformat(),
        "status": "active",
    }


def test_subscribing_is_audited_without_the_secret(world: World) -> None:
    subscription, secret = subscription_create(
        actor=world.admin, url=HOOK, events=["punch.created"]
    )
    assert secret.startswith("whsec_")
    assert len(secret) > 40
    assert subscription.secret == secret
    entry = AuditEntry.objects.get(action="integrations.webhook_create")
    assert entry.object_id == str(subscription.pk)
    assert secret not in json.dumps(entry.detail) + entry.summary


# --- URL checks ---------------------------------------------------------------------------------


def _refusal(url: str) -> str:
    with pytest.raises(IntegrationError) as caught:
        url_clean(url)
    return caught.value.code


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("ftp://example.gov.my/hook", "webhook_url_scheme"),
        ("javascript:alert(1)", "webhook_url_scheme"),
        ("example.gov.my/hook", "webhook_url_invalid"),
        ("https://", "webhook_url_invalid"),
        ("https://user:rahsia@example.gov.my/hook", "webhook_url_credentials"),
        ("https://example.gov.my/" + "a" * 500, "webhook_url_too_long"),
    ],
)
def test_a_url_that_is_not_a_plain_web_address_is_refused(url: str, code: str) -> None:
    assert _refusal(url) == code


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://localhost:8443/hook",
        "https://10.20.30.40/hook",
        "https://192.168.1.10/hook",
        "https://172.16.0.1/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[fd00::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://0.0.0.0/hook",
    ],
)
def test_private_and_local_addresses_are_refused_in_production(url: str, settings: Any) -> None:
    settings.SPOTME_WEBHOOK_ALLOW_PRIVATE = False
    assert _refusal(url) == "webhook_url_private"


def test_production_wants_https_and_takes_a_public_address(settings: Any) -> None:
    settings.SPOTME_WEBHOOK_ALLOW_PRIVATE = False
    assert _refusal("http://8.8.8.8/hook") == "webhook_url_https"
    assert url_clean(" https://8.8.8.8/hook ") == "https://8.8.8.8/hook"


def test_tests_and_dev_may_use_a_loopback_receiver() -> None:
    assert url_clean("http://127.0.0.1:8080/hook") == "http://127.0.0.1:8080/hook"


def test_a_refused_subscription_writes_nothing(world: World, settings: Any) -> None:
    settings.SPOTME_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(IntegrationError):
        subscription_create(actor=world.admin, url="https://127.0.0.1/x", events=["day.closed"])
    with pytest.raises(IntegrationError) as caught:
        subscription_create(actor=world.admin, url="https://8.8.8.8/x", events=[])
    assert caught.value.code == "webhook_events_empty"
    with pytest.raises(IntegrationError) as caught:
        subscription_create(actor=world.admin, url="https://8.8.8.8/x", events=["punch.deleted"])
    assert caught.value.code == "webhook_event_unknown"
    assert not WebhookSubscription.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="integrations.webhook").exists()


# --- Pages --------------------------------------------------------------------------------------


def test_only_the_org_admin_reaches_the_pages(world: World, agency_a: Agency) -> None:
    subscription = subscribe(world, "punch.created")
    pages = ["/integrations/webhooks/", "/integrations/webhooks/new/"]
    detail = f"/integrations/webhooks/{subscription.pk}/"
    anonymous = Client(HTTP_HOST=host_of(agency_a))
    assert anonymous.get(pages[0]).status_code == 302
    officer = login(agency_a, LOGINS["officer"])
    supervisor = login(agency_a, LOGINS["supervisor"])
    for client in (officer, supervisor):
        for path in [*pages, detail]:
            assert client.get(path).status_code == 404
        for action in ("pause", "secret", "delete", "test"):
            assert client.post(f"{detail}{action}/").status_code == 404
    admin = login(agency_a, LOGINS["admin"])
    for path in [*pages, detail]:
        assert admin.get(path).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == WebhookSubscription.Status.ACTIVE


def test_another_agencys_admin_gets_404_for_a_subscription_id(
    world: World, agency_a: Agency, agency_b: Agency
) -> None:
    subscription = subscribe(world, "punch.created")
    secret = subscription.secret
    make_user(agency_b, ADMIN_B, roles=(Role.OFFICER, Role.ORG_ADMIN))
    admin_b = login(agency_b, ADMIN_B)
    detail = f"/integrations/webhooks/{subscription.pk}/"

    assert admin_b.get("/integrations/webhooks/").status_code == 200
    assert HOOK not in admin_b.get("/integrations/webhooks/").content.decode()
    assert admin_b.get(detail).status_code == 404
    for action in ("pause", "resume", "secret", "delete", "test"):
        assert admin_b.post(f"{detail}{action}/").status_code == 404
    edit = {"url": "http://127.0.0.1:1/x", "events": ["day.closed"]}
    assert admin_b.post(detail, edit).status_code == 404
    with schema_context(agency_a.schema_name):
        subscription.refresh_from_db()
        assert subscription.url == HOOK
        assert subscription.secret == secret
        assert subscription.status == WebhookSubscription.Status.ACTIVE


def test_the_secret_is_shown_once_when_subscribing_and_when_rotated(
    world: World, agency_a: Agency
) -> None:
    admin = login(agency_a, LOGINS["admin"])

    answer = admin.post(
        "/integrations/webhooks/new/", {"url": HOOK, "events": ["punch.created", "day.closed"]}
    )

    assert answer.status_code == 200
    subscription = WebhookSubscription.objects.get()
    assert subscription.events == ["punch.created", "day.closed"]
    page = answer.content.decode()
    assert subscription.secret in page
    assert "it will not be shown again" in page
    detail = f"/integrations/webhooks/{subscription.pk}/"
    for path in ("/integrations/webhooks/", detail):
        shown = admin.get(path).content.decode()
        assert HOOK in shown
        assert subscription.secret not in shown

    rotated = admin.post(f"{detail}secret/")
    old = subscription.secret
    subscription.refresh_from_db()
    assert subscription.secret != old
    assert subscription.secret in rotated.content.decode()
    assert subscription.secret not in admin.get(detail).content.decode()


def test_a_bad_address_is_explained_on_the_form_and_nothing_is_made(
    world: World, agency_a: Agency
) -> None:
    admin = login(agency_a, LOGINS["admin"])

    answer = admin.post(
        "/integrations/webhooks/new/", {"url": "ftp://example.gov.my/x", "events": ["day.closed"]}
    )
    no_events = admin.post("/integrations/webhooks/new/", {"url": HOOK})

    assert answer.status_code == 400
    assert "The address must start with https://" in answer.content.decode()
    assert no_events.status_code == 400
    assert "Choose at least one event." in no_events.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_the_admin_edits_pauses_resumes_and_removes_a_subscription(
    world: World, agency_a: Agency
) -> None:
    subscription = subscribe(world, "punch.created")
    admin = login(agency_a, LOGINS["admin"])
    detail = f"/integrations/webhooks/{subscription.pk}/"

    saved = admin.post(detail, {"url": "http://127.0.0.1:9/other", "events": ["movement.created"]})
    assert saved.status_code == 302
    subscription.refresh_from_db()
    assert (subscription.url, subscription.events) == (
        "http://127.0.0.1:9/other",
        ["movement.created"],
    )

    admin.post(f"{detail}pause/")
    subscription.refresh_from_db()
    assert subscription.status == WebhookSubscription.Status.PAUSED
    page = admin.get(detail).content.decode()
    assert 'data-testid="webhook-resume"' in page
    assert "Nothing is sent while the subscription is paused." in page

    admin.post(f"{detail}resume/")
    subscription.refresh_from_db()
    assert subscription.status == WebhookSubscription.Status.ACTIVE

    assert admin.post(f"{detail}delete/").status_code == 302
    assert not WebhookSubscription.objects.exists()
    assert admin.get(detail).status_code == 404
    actions = set(
        AuditEntry.objects.filter(object_id=str(subscription.pk)).values_list("action", flat=True)
    )
    assert {
        "integrations.webhook_create",
        "integrations.webhook_update",
        "integrations.webhook_pause",
        "integrations.webhook_resume",
        "integrations.webhook_delete",
    } <= actions


def test_the_detail_page_lists_deliveries_with_their_status(world: World, agency_a: Agency) -> None:
    subscription = subscribe(world, "punch.created")
    punch(world.officer, "in", at(WEDNESDAY, 8, 5))
    [delivery] = deliveries(subscription)
    admin = login(agency_a, LOGINS["admin"])

    page = admin.get(f"/integrations/webhooks/{subscription.pk}/").content.decode()

    assert f'data-testid="delivery-row-{delivery.pk}"' in page
    assert "Waiting to be sent" in page
    assert str(delivery.event_id) in page
