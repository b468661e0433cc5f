"""The notifications API: own list and count, marking read, and the push subscription."""

from __future__ import annotations

import base64
import os
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from tenant_apps.notifications.models import Notification, PushSubscription
from tenants.models import Agency
from tests.conftest import PASSWORD, host_of, make_user
from tests.notifications.conftest import (
    OUTSIDE_EN,
    OUTSIDE_MS,
    SUPERVISOR,
    People,
    logged_in,
    send_outside,
)

ENDPOINT = "https://fcm.googleapis.com/fcm/send/abc123"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def browser_keys() -> dict[str, str]:
    """Keys as a browser makes them: a P-256 public point and a 16-byte secret."""
    public = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = public.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return {"p256dh": b64url(point), "auth": b64url(os.urandom(16))}


def token_for(client: Client, login_id: str) -> str:
    response = client.post(
        "/api/v1/auth/token",
        {"mykad": login_id, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    return str(response.json()["token"])


def api(client: Client, token: str) -> Client:
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    return client


def test_list_and_count_are_the_callers_own(people: People, client_a: Client) -> None:
    mine = [send_outside(people.supervisor)[0] for _ in range(3)]
    send_outside(people.other)
    client = api(client_a, token_for(client_a, SUPERVISOR))

    listed = client.get("/api/v1/notifications").json()
    count = client.get("/api/v1/notifications/unread-count").json()

    assert listed["count"] == 3
    assert [item["id"] for item in listed["results"]] == [n.pk for n in reversed(mine)]
    first = listed["results"][0]
    assert (first["kind"], first["text_ms"], first["text_en"]) == (
        "punch_outside",
        OUTSIDE_MS,
        OUTSIDE_EN,
    )
    assert first["read_at"] is None
    assert count == {"unread": 3}


def test_the_list_costs_the_same_queries_for_one_or_many(
    agency_a: Agency, people: People, client_a: Client
) -> None:
    send_outside(people.supervisor)
    client = api(client_a, token_for(client_a, SUPERVISOR))
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/notifications")
    with schema_context(agency_a.schema_name):
        for _ in range(20):
            send_outside(people.supervisor)

    with CaptureQueriesContext(connection) as many:
        listed = client.get("/api/v1/notifications").json()

    assert len(listed["results"]) == 21
    assert len(many) == len(one)


def test_the_list_text_follows_accept_language(people: People, client_a: Client) -> None:
    send_outside(people.supervisor)
    client = api(client_a, token_for(client_a, SUPERVISOR))

    english = client.get("/api/v1/notifications", HTTP_ACCEPT_LANGUAGE="en").json()
    malay = client.get("/api/v1/notifications", HTTP_ACCEPT_LANGUAGE="ms").json()

    assert english["results"][0]["text"] == OUTSIDE_EN
    assert malay["results"][0]["text"] == OUTSIDE_MS


def test_marking_read_one_of_ones_own(agency_a: Agency, people: People, client_a: Client) -> None:
    [mine] = send_outside(people.supervisor)
    [theirs] = send_outside(people.other)
    client = api(client_a, token_for(client_a, SUPERVISOR))

    assert client.post(f"/api/v1/notifications/{mine.pk}/read").status_code == 204
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read").status_code == 404
    with schema_context(agency_a.schema_name):
        mine.refresh_from_db()
        theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None
    assert client.get("/api/v1/notifications/unread-count").json() == {"unread": 0}


def test_the_api_needs_credentials(people: People, client_a: Client) -> None:
    assert client_a.get("/api/v1/notifications").status_code in (401, 403)
    assert client_a.get("/api/v1/notifications/unread-count").status_code in (401, 403)


def test_a_token_of_agency_a_is_refused_on_agency_b(
    people: People, client_a: Client, client_b: Client
) -> None:
    send_outside(people.supervisor)
    token = token_for(client_a, SUPERVISOR)

    response = api(client_b, token).get("/api/v1/notifications")

    assert response.status_code == 401


def test_a_subscription_is_stored_for_the_caller(
    agency_a: Agency, people: People, client_a: Client
) -> None:
    keys = browser_keys()
    client = api(client_a, token_for(client_a, SUPERVISOR))

    response = client.post(
        "/api/v1/notifications/push-subscriptions",
        {"endpoint": ENDPOINT, "keys": keys, "expirationTime": None},
        content_type="application/json",
        HTTP_USER_AGENT="Mozilla/5.0 (Android)",
    )

    assert response.status_code == 201
    with schema_context(agency_a.schema_name):
        stored = PushSubscription.objects.get()
    assert response.json() == {"id": stored.pk, "endpoint": ENDPOINT}
    assert (stored.user, stored.endpoint, stored.p256dh, stored.auth, stored.user_agent) == (
        people.supervisor,
        ENDPOINT,
        keys["p256dh"],
        keys["auth"],
        "Mozilla/5.0 (Android)",
    )


def test_subscribing_again_replaces_the_keys(
    agency_a: Agency, people: People, client_a: Client
) -> None:
    client = api(client_a, token_for(client_a, SUPERVISOR))
    path = "/api/v1/notifications/push-subscriptions"
    client.post(path, {"endpoint": ENDPOINT, "keys": browser_keys()}, "application/json")
    newer = browser_keys()

    client.post(path, {"endpoint": ENDPOINT, "keys": newer}, "application/json")

    with schema_context(agency_a.schema_name):
        [stored] = PushSubscription.objects.all()
    assert stored.p256dh == newer["p256dh"]


def _refused(client: Client, body: dict[str, Any]) -> dict[str, Any]:
    # In English, as a phone set to English asks; the Malay default is checked below.
    response = client.post(
        "/api/v1/notifications/push-subscriptions",
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    return dict(response.json())


def test_a_refused_subscription_is_explained_in_malay_by_default(
    people: People, client_a: Client
) -> None:
    client = api(client_a, token_for(client_a, SUPERVISOR))
    response = client.post(
        "/api/v1/notifications/push-subscriptions",
        {"endpoint": "ftp://push.example/x", "keys": browser_keys()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Titik akhir")


def test_a_subscription_with_a_bad_endpoint_is_refused_clearly(
    agency_a: Agency, people: People, client_a: Client
) -> None:
    client = api(client_a, token_for(client_a, SUPERVISOR))

    for endpoint in ("ftp://push.example/x", "not a url", "javascript:alert(1)"):
        problem = _refused(client, {"endpoint": endpoint, "keys": browser_keys()})
        assert problem["code"] == "invalid_endpoint"
        assert problem["detail"] == "The endpoint must be an http or https URL."
        assert list(problem["fields"]) == ["endpoint"]
    with schema_context(agency_a.schema_name):
        assert not PushSubscription.objects.exists()


def test_a_subscription_without_keys_is_refused_clearly(people: People, client_a: Client) -> None:
    client = api(client_a, token_for(client_a, SUPERVISOR))

    no_keys = _refused(client, {"endpoint": ENDPOINT})
    no_auth = _refused(client, {"endpoint": ENDPOINT, "keys": {"p256dh": "x"}})
    no_endpoint = _refused(client, {"keys": browser_keys()})

    assert no_keys["detail"] == "The subscription has no keys (p256dh and auth)."
    assert no_auth["fields"]["keys"]["auth"] == ["The subscription has no auth secret."]
    assert no_endpoint["detail"] == "The subscription has no endpoint."


def test_a_subscription_with_malformed_keys_is_refused_clearly(
    people: People, client_a: Client
) -> None:
    client = api(client_a, token_for(client_a, SUPERVISOR))
    good = browser_keys()

    bad_point = _refused(
        client, {"endpoint": ENDPOINT, "keys": {**good, "p256dh": b64url(b"\x04" + b"1" * 64)}}
    )
    not_base64 = _refused(client, {"endpoint": ENDPOINT, "keys": {**good, "p256dh": "a+b/c=="}})
    short_auth = _refused(
        client, {"endpoint": ENDPOINT, "keys": {**good, "auth": b64url(os.urandom(8))}}
    )

    assert bad_point["detail"] == "p256dh must be a P-256 public key in base64url."
    assert not_base64["detail"] == "p256dh must be a P-256 public key in base64url."
    assert short_auth["detail"] == "auth must be 16 bytes in base64url."


def test_unsubscribing_removes_only_ones_own(
    agency_a: Agency, people: People, client_a: Client
) -> None:
    with schema_context(agency_a.schema_name):
        PushSubscription.objects.create(user=people.other, endpoint=ENDPOINT, **browser_keys())
    client = api(client_a, token_for(client_a, SUPERVISOR))
    path = "/api/v1/notifications/push-subscriptions"

    response = client.delete(path, {"endpoint": ENDPOINT}, content_type="application/json")

    assert response.status_code == 204
    with schema_context(agency_a.schema_name):
        assert PushSubscription.objects.filter(user=people.other).exists()
    mine = "https://updates.push.services.mozilla.com/wpush/v2/zz"
    client.post(path, {"endpoint": mine, "keys": browser_keys()}, "application/json")
    client.delete(path, {"endpoint": mine}, content_type="application/json")
    with schema_context(agency_a.schema_name):
        assert not PushSubscription.objects.filter(user=people.supervisor).exists()


def test_the_browser_subscribes_with_its_session_and_the_csrf_header(
    agency_a: Agency, people: People
) -> None:
    client = logged_in(Client(HTTP_HOST=host_of(agency_a)), SUPERVISOR)
    client.handler.enforce_csrf_checks = True
    page = client.get("/notifications/settings/").content.decode()
    csrf = page.split('data-csrf="', 1)[1].split('"', 1)[0]
    body = {"endpoint": ENDPOINT, "keys": browser_keys()}
    path = "/api/v1/notifications/push-subscriptions"

    without = client.post(path, body, content_type="application/json")
    with_header = client.post(path, body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)

    assert without.status_code == 403
    assert with_header.status_code == 201


def test_a_notification_id_of_agency_a_is_not_found_through_the_api_on_b(
    agency_b: Agency, people: People, client_b: Client
) -> None:
    [sent] = send_outside(people.supervisor)
    make_user(agency_b, SUPERVISOR, full_name="PENYELIA DI B")
    client = api(client_b, token_for(client_b, SUPERVISOR))

    assert client.post(f"/api/v1/notifications/{sent.pk}/read").status_code == 404
    assert client.get("/api/v1/notifications").json()["count"] == 0
    with schema_context(agency_b.schema_name):
        assert not Notification.objects.exists()
