"""Sending webhooks to a loopback receiver that checks every signature with the secret.

In-process (tasks run eagerly, in the test's transaction): the signed request and its headers, a
500 answered then retried later (not before its time), a redirect not followed, an address that
became private refused at send time, giving up after 8 attempts and pausing the subscription after
the configured failed deliveries (the org admin told), resuming sends what waited, the test send.

With a real Celery worker on real Redis (data committed, the worker is another process): a receiver
that answers 500 twice and then 200 gets 3 requests and the delivery ends delivered with the
attempts (500, 500, 200); a receiver that always answers 500 gets the subscription paused after
``SPOTME_WEBHOOK_PAUSE_AFTER`` failed deliveries, and the org admin is notified."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.roles import Role
from provisioning.services import agency_user_ensure
from tenant_apps.attendance.services import PunchInput, punch_record
from tenant_apps.integrations.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from tenant_apps.integrations.webhook_services import subscription_create
from tenant_apps.integrations.webhook_tasks import (
    MAX_ATTEMPTS,
    agency_webhooks_retry,
    backoff_seconds,
    webhook_deliver,
)
from tenant_apps.notifications.models import Kind, Notification
from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.people.officer_services import OfficerData, officer_create
from tenants.models import Agency
from tests.attendance_issues.helpers import LOGINS, OFFICE, WEDNESDAY, World, at, build_world, punch
from tests.conftest import AGENCY_A, PASSWORD, host_of
from tests.integrations.webhook_receiver import Receiver, until, webhook_receiver
from tests.support.servers import (
    celery_connections_forget,
    celery_worker,
    child_env,
    terminate_database_sessions,
)

Status = WebhookDelivery.Status


@pytest.fixture(autouse=True)
def _fresh_celery_connections() -> Iterator[None]:
    yield
    celery_connections_forget()


@pytest.fixture
def world(agency_a: Agency, settings: Any, tmp_path: Path) -> Iterator[World]:
    settings.MEDIA_ROOT = str(tmp_path)
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


def _subscribed(world: World, receiver: Receiver, *events: str) -> WebhookSubscription:
    subscription, secret = subscription_create(
        actor=world.admin, url=receiver.url, events=list(events or ["punch.created"])
    )
    receiver.secret = secret
    return subscription


def _punched(world: World, subscription: WebhookSubscription, minute: int = 5) -> WebhookDelivery:
    punch(world.officer, "in", at(WEDNESDAY, 8, minute))
    return WebhookDelivery.objects.filter(subscription=subscription).latest("pk")


def _due_now(delivery: WebhookDelivery) -> None:
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


def _codes(delivery: WebhookDelivery) -> list[int | None]:
    return list(
        WebhookAttempt.objects.filter(delivery=delivery).values_list("status_code", flat=True)
    )


@pytest.mark.django_db
def test_the_receiver_verifies_the_signature_of_a_delivery(world: World) -> None:
    with webhook_receiver([200]) as receiver:
        subscription = _subscribed(world, receiver)
        delivery = _punched(world, subscription)

        assert webhook_deliver(delivery.pk) == "delivered"
        assert webhook_deliver(delivery.pk) == "done"  # delivered once, never again

    [request] = receiver.received
    assert request.verified
    assert request.path == "/hook"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"] == "SPOT-Me-Webhooks/1"
    assert request.headers["X-Spotme-Event"] == "punch.created"
    assert request.headers["X-Spotme-Delivery"] == str(delivery.event_id)
    assert request.headers["X-Spotme-Signature"].startswith("v1=")
    assert request.json == delivery.payload
    assert (
        request.body
        == json.dumps(
            delivery.payload, separators=(",", ":"), sort_keys=True, ensure_ascii=False
        ).encode()
    )
    other = Receiver(url="", codes=[200], secret="whsec_" + "x" * 43)
    assert not other.verify(request.headers, request.body)  # another secret does not verify
    assert not receiver.verify(request.headers, request.body + b" ")  # nor a changed body
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        Status.DELIVERED,
        1,
        200,
    )
    assert delivery.delivered_at is not None
    assert _codes(delivery) == [200]
    subscription.refresh_from_db()
    assert subscription.last_delivery_at is not None
    assert subscription.consecutive_failures == 0


@pytest.mark.django_db
def test_a_500_is_retried_later_and_not_before(world: World) -> None:
    with webhook_receiver([500, 200]) as receiver:
        subscription = _subscribed(world, receiver)
        delivery = _punched(world, subscription)

        assert webhook_deliver(delivery.pk) == "retrying"
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
            Status.PENDING,
            1,
            500,
        )
        assert delivery.next_attempt_at is not None
        wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
        assert 25 < wait <= 36  # 30 s, plus up to 20 % jitter
        assert webhook_deliver(delivery.pk) == "not_due"
        assert len(receiver.received) == 1

        _due_now(delivery)
        assert webhook_deliver(delivery.pk) == "delivered"

    assert len(receiver.received) == 2
    assert all(request.verified for request in receiver.received)
    assert _codes(delivery) == [500, 200]


def test_the_backoff_doubles_and_is_capped_at_six_hours(settings: Any) -> None:
    settings.SPOTME_WEBHOOK_RETRY_BASE_SECONDS = 30
    for attempt, base in [(1, 30), (2, 60), (3, 120), (7, 1920)]:
        assert base <= backoff_seconds(attempt) <= base * 1.2
    assert 6 * 3600 <= backoff_seconds(12) <= 6 * 3600 * 1.2


@pytest.mark.django_db
def test_a_redirect_is_not_followed(world: World) -> None:
    with webhook_receiver([302]) as receiver:
        subscription = _subscribed(world, receiver)
        delivery = _punched(world, subscription)
        assert webhook_deliver(delivery.pk) == "retrying"
    assert len(receiver.received) == 1
    attempt = WebhookAttempt.objects.get(delivery=delivery)
    assert (attempt.status_code, attempt.error) == (302, "Redirect not followed.")


@pytest.mark.django_db
def test_an_address_that_became_private_is_not_contacted(world: World, settings: Any) -> None:
    with webhook_receiver([200]) as receiver:
        subscription = _subscribed(world, receiver)
        delivery = _punched(world, subscription)
        settings.SPOTME_WEBHOOK_ALLOW_PRIVATE = False  # production: loopback is refused

        assert webhook_deliver(delivery.pk) == "retrying"

    assert receiver.received == []
    attempt = WebhookAttempt.objects.get(delivery=delivery)
    assert attempt.status_code is None
    assert attempt.error.startswith("Not sent: The host 127.0.0.1 is on a private or local")


@pytest.mark.django_db
def test_failed_deliveries_pause_the_subscription_and_tell_the_admin(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SPOTME_WEBHOOK_PAUSE_AFTER = 2
    with webhook_receiver([500] * (2 * MAX_ATTEMPTS) + [200]) as receiver:
        subscription = _subscribed(world, receiver)
        first = _punched(world, subscription, 1)
        second = _punched(world, subscription, 2)
        waiting = _punched(world, subscription, 3)
        for delivery in (first, second):
            for _ in range(MAX_ATTEMPTS):
                _due_now(delivery)
                webhook_deliver(delivery.pk)
            delivery.refresh_from_db()
            assert (delivery.status, delivery.attempts) == (Status.FAILED, MAX_ATTEMPTS)
            assert _codes(delivery) == [500] * MAX_ATTEMPTS
        subscription.refresh_from_db()
        assert subscription.status == WebhookSubscription.Status.PAUSED
        assert subscription.consecutive_failures == 2
        [note] = Notification.objects.filter(recipient=world.admin, kind=Kind.WEBHOOK_PAUSED)
        assert note.link == f"/integrations/webhooks/{subscription.pk}/"
        assert receiver.url in note.text_en
        assert "paused after 2 failed deliveries" in note.text_en
        assert "dijeda" in note.text_ms

        assert webhook_deliver(waiting.pk) == "paused"  # nothing is sent while paused
        assert len(receiver.received) == 2 * MAX_ATTEMPTS
        punch(world.officer, "out", at(WEDNESDAY, 17, 40))  # no delivery made while paused
        assert WebhookDelivery.objects.filter(subscription=subscription).count() == 3

        admin = Client(HTTP_HOST=host_of(Agency.objects.get(slug=AGENCY_A.slug)))
        admin.post("/login/", {"mykad": LOGINS["admin"], "password": PASSWORD})
        with django_capture_on_commit_callbacks(execute=True):
            admin.post(f"/integrations/webhooks/{subscription.pk}/resume/")

    waiting.refresh_from_db()
    assert waiting.status == Status.DELIVERED  # resuming sent what waited
    subscription.refresh_from_db()
    assert (subscription.status, subscription.consecutive_failures) == ("active", 0)


@pytest.mark.django_db
def test_the_safety_net_queues_due_deliveries_only(world: World) -> None:
    with webhook_receiver([200]) as receiver:
        subscription = _subscribed(world, receiver)
        due = _punched(world, subscription, 1)
        later = _punched(world, subscription, 2)
        WebhookDelivery.objects.filter(pk=later.pk).update(
            next_attempt_at=timezone.now() + timedelta(hours=1)
        )

        assert agency_webhooks_retry() == 1

    assert [r.headers["X-Spotme-Delivery"] for r in receiver.received] == [str(due.event_id)]
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, later.status) == (Status.DELIVERED, Status.PENDING)


@pytest.mark.django_db
def test_the_test_send_shows_the_answer_and_is_logged(world: World, agency_a: Agency) -> None:
    admin = Client(HTTP_HOST=host_of(agency_a))
    admin.post("/login/", {"mykad": LOGINS["admin"], "password": PASSWORD})
    admin.cookies["django_language"] = "en"
    with webhook_receiver([200, 503]) as receiver:
        subscription = _subscribed(world, receiver, "day.closed")
        ping = f"/integrations/webhooks/{subscription.pk}/test/"

        ok = admin.post(ping, follow=True).content.decode()
        refused = admin.post(ping, follow=True).content.decode()

    assert "Test sent: the receiver answered 200." in ok
    assert "Test not accepted: the receiver answered 503." in refused
    assert [r.headers["X-Spotme-Event"] for r in receiver.received] == ["ping", "ping"]
    assert all(r.verified for r in receiver.received)
    assert receiver.received[0].json["data"]["subscription_id"] == subscription.pk
    pings = WebhookDelivery.objects.filter(subscription=subscription).order_by("pk")
    assert [(d.status, d.attempts, d.last_status_code) for d in pings] == [
        (Status.DELIVERED, 1, 200),
        (Status.FAILED, 1, 503),
    ]
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 0  # a test send does not count


# --- A real worker ------------------------------------------------------------------------------

OFFICER_LOGIN = "860707165027"  # committed: used by no other test
ADMIN_LOGIN = "700808165031"


@pytest.fixture(scope="module")
def worker(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        env_base = child_env(
            SPOTME_WEBHOOK_RETRY_BASE_SECONDS="0.05", SPOTME_WEBHOOK_PAUSE_AFTER="2"
        )
    with celery_worker(prefix="webhooks-test", env=env_base):
        yield
    with django_db_blocker.unblock():
        terminate_database_sessions()


@pytest.fixture(scope="module")
def committed(worker: None, django_db_blocker: Any) -> Iterator[tuple[Agency, Officer, Any]]:
    """A committed officer and org admin of agency A; their subscriptions and notifications are
    removed afterwards."""
    with django_db_blocker.unblock():
        agency = Agency.objects.get(slug=AGENCY_A.slug)
        admin = agency_user_ensure(
            agency=agency,
            login_id=ADMIN_LOGIN,
            full_name="PENTADBIR WEBHOOK",
            password=PASSWORD,
            roles=[Role.OFFICER, Role.ORG_ADMIN],
        )
        with schema_context(agency.schema_name):
            officer = Officer.objects.filter(user__login_id=OFFICER_LOGIN).first()
            if officer is None:
                officer = officer_create(
                    data=OfficerData(
                        OFFICER_LOGIN, "PEGAWAI WEBHOOK", OrgUnit.objects.get(parent=None)
                    ),
                    actor=None,
                )
    yield agency, officer, admin
    with django_db_blocker.unblock(), schema_context(agency.schema_name):
        WebhookSubscription.objects.filter(created_by=admin).delete()
        Notification.objects.filter(recipient=admin).delete()


def _commit_punch(officer: Officer) -> None:
    punch_record(
        officer=officer,
        data=PunchInput(kind="in", event_id=uuid.uuid4(), latitude=OFFICE[0], longitude=OFFICE[1]),
    )


@contextmanager
def _scenario(
    committed: tuple[Agency, Officer, Any], django_db_blocker: Any, codes: list[int], punches: int
) -> Iterator[tuple[Receiver, int]]:
    """A committed subscription (the only one of the admin) to a running receiver, and committed
    punches: their deliveries go to the worker at once. Yields (receiver, subscription id)."""
    agency, officer, admin = committed
    with webhook_receiver(codes) as receiver:
        with django_db_blocker.unblock(), schema_context(agency.schema_name):
            WebhookSubscription.objects.filter(created_by=admin).delete()
            subscription, receiver.secret = subscription_create(
                actor=admin, url=receiver.url, events=["punch.created"]
            )
            for _ in range(punches):
                _commit_punch(officer)
        yield receiver, subscription.pk
    with django_db_blocker.unblock(), schema_context(agency.schema_name):
        WebhookSubscription.objects.filter(pk=subscription.pk).delete()


@pytest.fixture(scope="module")
def retried(
    committed: tuple[Agency, Officer, Any], django_db_blocker: Any
) -> Iterator[tuple[Receiver, int]]:
    with _scenario(committed, django_db_blocker, [500, 500, 200], punches=1) as found:
        yield found


@pytest.fixture(scope="module")
def failing(
    committed: tuple[Agency, Officer, Any], django_db_blocker: Any
) -> Iterator[tuple[Receiver, int]]:
    with _scenario(committed, django_db_blocker, [500], punches=2) as found:
        yield found


# The worker writes in agency A's schema; these tests only watch (in READ COMMITTED, each query
# sees what the worker committed).
@pytest.mark.commits_data
@pytest.mark.django_db
def test_a_real_worker_retries_after_two_500s_until_delivered(
    retried: tuple[Receiver, int], committed: tuple[Agency, Officer, Any]
) -> None:
    receiver, subscription_id = retried
    with schema_context(committed[0].schema_name):
        requests = receiver.wait_for(3)
        delivered = WebhookDelivery.objects.filter(
            subscription_id=subscription_id, status=Status.DELIVERED
        )
        assert until(delivered.exists), "the delivery was not delivered"
        delivery = delivered.get()
        assert len(requests) == 3
        assert all(request.verified for request in requests)
        assert {r.headers["X-Spotme-Delivery"] for r in requests} == {str(delivery.event_id)}
        assert (delivery.attempts, delivery.last_status_code) == (3, 200)
        assert _codes(delivery) == [500, 500, 200]
        subscription = WebhookSubscription.objects.get(pk=subscription_id)
        assert subscription.consecutive_failures == 0


@pytest.mark.commits_data
@pytest.mark.django_db
def test_a_real_worker_pauses_a_failing_subscription_and_tells_the_admin(
    failing: tuple[Receiver, int], committed: tuple[Agency, Officer, Any]
) -> None:
    receiver, subscription_id = failing
    _, _, admin = committed
    with schema_context(committed[0].schema_name):
        subscription = WebhookSubscription.objects.filter(pk=subscription_id)
        assert until(
            lambda: subscription.get().status == WebhookSubscription.Status.PAUSED, seconds=90
        ), "the subscription was not paused"
        statuses = WebhookDelivery.objects.filter(subscription_id=subscription_id).values_list(
            "status", flat=True
        )
        assert sorted(statuses) == [Status.FAILED, Status.FAILED]
        assert len(receiver.received) == 2 * MAX_ATTEMPTS
        assert all(request.verified for request in receiver.received)
        assert subscription.get().consecutive_failures == 2
        [note] = Notification.objects.filter(recipient=admin, kind=Kind.WEBHOOK_PAUSED)
        assert note.link == f"/integrations/webhooks/{subscription_id}/"
        assert receiver.url in note.text_en
