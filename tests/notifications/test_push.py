"""Web push for real, without mocks: a local HTTP server plays the browser's push service, and
the test holds the browser's keys, so it can decrypt what the platform sent."""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece  # type: ignore[import-untyped]
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django_tenants.utils import schema_context
from py_vapid import Vapid

from tenant_apps.notifications.models import PushSubscription, VapidKeys
from tenant_apps.notifications.push import notification_push_deliver, vapid_public_key
from tenant_apps.notifications.tasks import notification_push_send
from tenants.models import Agency
from tests.notifications.conftest import OUTSIDE_MS, People, send_outside


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class PushService:
    url: str
    answer: int
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)


@contextmanager
def push_service(answer: int = 201) -> Iterator[PushService]:
    """An HTTP server on a free port that records each POST (header names in lower case) and
    answers ``answer``."""
    service = PushService(url="", answer=answer)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            service.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(service.answer)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    service.url = f"http://127.0.0.1:{server.server_address[1]}/push/abc"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield service
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class Browser:
    """The keys a browser keeps for one push subscription."""

    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    @classmethod
    def new(cls) -> Browser:
        return cls(private_key=ec.generate_private_key(ec.SECP256R1()), auth=os.urandom(16))

    @property
    def p256dh(self) -> str:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(point)

    def subscribe(self, people: People, endpoint: str) -> PushSubscription:
        return PushSubscription.objects.create(
            user=people.supervisor, endpoint=endpoint, p256dh=self.p256dh, auth=b64url(self.auth)
        )

    def decrypt(self, body: bytes) -> dict[str, Any]:
        plain = http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth, version="aes128gcm"
        )
        return dict(json.loads(plain))


def test_vapid_keys_are_made_once_per_agency_and_differ_between_agencies(
    agency_a: Agency, agency_b: Agency
) -> None:
    with schema_context(agency_a.schema_name):
        key_a = vapid_public_key()
        assert vapid_public_key() == key_a
        assert VapidKeys.objects.count() == 1
    with schema_context(agency_b.schema_name):
        key_b = vapid_public_key()

    assert key_a != key_b
    point = base64.urlsafe_b64decode(key_a + "=" * (-len(key_a) % 4))
    assert len(point) == 65
    assert point[0] == 4  # an uncompressed P-256 point, as applicationServerKey wants


def test_a_push_reaches_the_push_service_encrypted_and_signed(
    agency_a: Agency, people: People
) -> None:
    browser = Browser.new()
    with push_service() as service:
        browser.subscribe(people, service.url)
        [sent] = send_outside(people.supervisor, link="/attendance/")

        delivered = notification_push_send.delay(sent.pk).get()

    assert delivered == 1
    [(headers, body)] = service.received
    assert headers["content-encoding"] == "aes128gcm"
    assert int(headers["ttl"]) > 0
    scheme, _space, params = headers["authorization"].partition(" ")
    values = dict(part.split("=", 1) for part in params.split(","))
    assert scheme == "vapid"
    assert values["k"] == vapid_public_key()
    assert Vapid.verify(headers["authorization"])  # signed with the agency's private key
    claims_b64 = values["t"].split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(claims_b64 + "=" * (-len(claims_b64) % 4)))
    assert claims["aud"] == service.url.rsplit("/push/", 1)[0]
    assert claims["sub"].startswith("mailto:")
    assert browser.decrypt(body) == {
        "title": "Agensi Ujian A",
        "body": OUTSIDE_MS,
        "url": "/attendance/",
    }
    sent.refresh_from_db()
    assert sent.pushed_at is not None


def test_send_pushes_after_commit_to_a_subscribed_person(
    people: People, django_capture_on_commit_callbacks: Any
) -> None:
    browser = Browser.new()
    with push_service() as service:
        browser.subscribe(people, service.url)
        with django_capture_on_commit_callbacks(execute=True):
            [sent] = send_outside(people.supervisor)

    assert len(service.received) == 1
    assert browser.decrypt(service.received[0][1])["body"] == OUTSIDE_MS
    sent.refresh_from_db()
    assert sent.pushed_at is not None


def test_push_off_sends_no_push(people: People, django_capture_on_commit_callbacks: Any) -> None:
    from tenant_apps.notifications.models import Kind, Preference

    Preference.objects.create(user=people.supervisor, kind=Kind.PUNCH_OUTSIDE, push=False)
    with push_service() as service:
        Browser.new().subscribe(people, service.url)
        with django_capture_on_commit_callbacks(execute=True):
            send_outside(people.supervisor)

    assert service.received == []


def test_a_subscription_the_push_service_has_dropped_is_deleted(people: People) -> None:
    with push_service(answer=410) as service:
        Browser.new().subscribe(people, service.url)
        [sent] = send_outside(people.supervisor)

        delivered = notification_push_deliver(notification_id=sent.pk)

    assert delivered == 0
    assert len(service.received) == 1
    assert not PushSubscription.objects.exists()
    sent.refresh_from_db()
    assert sent.pushed_at is None


def test_another_failure_is_recorded_and_the_subscription_kept(people: People) -> None:
    with push_service(answer=500) as service:
        subscription = Browser.new().subscribe(people, service.url)
        [sent] = send_outside(people.supervisor)

        delivered = notification_push_deliver(notification_id=sent.pk)

    assert delivered == 0
    subscription.refresh_from_db()
    assert subscription.last_error.startswith("500 Push failed: 500")


def test_an_unreachable_push_service_is_recorded(people: People) -> None:
    with push_service() as service:
        gone = service.url  # the server stops when the block ends
    subscription = Browser.new().subscribe(people, gone)
    [sent] = send_outside(people.supervisor)

    delivered = notification_push_deliver(notification_id=sent.pk)

    assert delivered == 0
    subscription.refresh_from_db()
    assert subscription.last_error.startswith("ConnectionError")


def test_a_second_delivery_of_the_push_task_pushes_nothing_more(people: People) -> None:
    with push_service() as service:
        Browser.new().subscribe(people, service.url)
        [sent] = send_outside(people.supervisor)

        first = notification_push_deliver(notification_id=sent.pk)
        second = notification_push_deliver(notification_id=sent.pk)

    assert (first, second) == (1, 0)
    assert len(service.received) == 1
