"""The notification pages and the header count: one's own notifications only."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.test import Client
from django_tenants.utils import schema_context

from tenant_apps.notifications.models import Kind, Notification, Preference
from tenant_apps.notifications.push import vapid_public_key
from tenants.models import Agency
from tests.conftest import PASSWORD, make_user
from tests.notifications.conftest import (
    OUTSIDE_EN,
    OUTSIDE_MS,
    SUPERVISOR,
    People,
    logged_in,
    send_outside,
)


def _count_in_header(html: str) -> int:
    found = re.search(r'data-testid="notif-count">(\d+)<', html)
    assert found, "no unread count in the header"
    return int(found.group(1))


def test_the_list_shows_own_notifications_in_malay_newest_first_unread_marked(
    agency_a: Agency, people: People, client_a: Client
) -> None:
    older = send_outside(people.supervisor)[0]
    newer = send_outside(people.supervisor, link="/movements/")[0]
    send_outside(people.other)
    Notification.objects.filter(pk=older.pk).update(read_at=older.created_at.replace(year=2030))

    html = logged_in(client_a, SUPERVISOR).get("/notifications/").content.decode()

    ids = re.findall(r'data-testid="notif-item" data-id="(\d+)" data-unread="(\d)"', html)
    assert ids == [(str(newer.pk), "1"), (str(older.pk), "0")]
    assert html.count(OUTSIDE_MS) == 2
    assert OUTSIDE_EN not in html
    assert _count_in_header(html) == 1


def test_the_list_speaks_english_when_english_is_chosen(people: People, client_a: Client) -> None:
    send_outside(people.supervisor)
    client = logged_in(client_a, SUPERVISOR)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get("/notifications/").content.decode()

    assert OUTSIDE_EN in html
    assert OUTSIDE_MS not in html


def test_an_empty_list_says_so(people: People, client_a: Client) -> None:
    html = logged_in(client_a, SUPERVISOR).get("/notifications/").content.decode()

    assert 'data-testid="notif-empty"' in html
    assert 'data-testid="notif-read-all"' not in html
    assert _count_in_header(html) == 0


def test_the_list_pages_by_25_in_a_fixed_number_of_queries(
    people: People, client_a: Client, django_assert_max_num_queries: Any
) -> None:
    for _ in range(30):
        send_outside(people.supervisor)
    client = logged_in(client_a, SUPERVISOR)

    with django_assert_max_num_queries(12):
        first = client.get("/notifications/").content.decode()
    second = client.get("/notifications/?page=2").content.decode()

    assert first.count('data-testid="notif-item"') == 25
    assert second.count('data-testid="notif-item"') == 5


def test_opening_marks_read_and_follows_the_link(people: People, client_a: Client) -> None:
    [sent] = send_outside(people.supervisor, link="/movements/")
    client = logged_in(client_a, SUPERVISOR)

    response = client.post(f"/notifications/{sent.pk}/open/")

    assert response.status_code == 302
    assert response["Location"] == "/movements/"
    sent.refresh_from_db()
    assert sent.read_at is not None


def test_opening_needs_a_post(people: People, client_a: Client) -> None:
    [sent] = send_outside(people.supervisor)

    response = logged_in(client_a, SUPERVISOR).get(f"/notifications/{sent.pk}/open/")

    assert response.status_code == 405
    sent.refresh_from_db()
    assert sent.read_at is None


def test_a_link_to_another_site_is_not_followed(people: People, client_a: Client) -> None:
    [sent] = send_outside(people.supervisor, link="//evil.example/")

    response = logged_in(client_a, SUPERVISOR).post(f"/notifications/{sent.pk}/open/")

    assert response["Location"] == "/notifications/"


def test_another_persons_notification_is_not_found(
    agency_a: Agency, people: People, client_a: Client
) -> None:
    [theirs] = send_outside(people.other)

    response = logged_in(client_a, SUPERVISOR).post(f"/notifications/{theirs.pk}/open/")

    assert response.status_code == 404
    with schema_context(agency_a.schema_name):
        theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_as_read_reads_only_ones_own(
    agency_a: Agency, people: People, client_a: Client
) -> None:
    send_outside(people.supervisor)
    send_outside(people.supervisor)
    [theirs] = send_outside(people.other)
    client = logged_in(client_a, SUPERVISOR)

    response = client.post("/notifications/read-all/")

    assert response.status_code == 302
    with schema_context(agency_a.schema_name):
        assert not Notification.objects.filter(
            recipient=people.supervisor, read_at__isnull=True
        ).exists()
        theirs.refresh_from_db()
    assert theirs.read_at is None
    assert _count_in_header(client.get("/notifications/").content.decode()) == 0


def test_pages_need_a_login(people: People, client_a: Client) -> None:
    for path in ("/notifications/", "/notifications/settings/"):
        response = client_a.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_the_header_count_shows_on_every_agency_page(people: People, client_a: Client) -> None:
    send_outside(people.supervisor)
    send_outside(people.supervisor)

    html = logged_in(client_a, SUPERVISOR).get("/").content.decode()

    assert _count_in_header(html) == 2


def test_the_platform_host_has_no_notification_count(client_public: Client) -> None:
    make_user(None, "760312145209", full_name="OPERATOR JDN", is_staff=True)
    assert (
        client_public.post("/login/", {"mykad": "760312145209", "password": PASSWORD}).status_code
        == 302
    )

    response = client_public.get("/login/", follow=True)

    assert response.status_code == 200
    assert "notif-count" not in response.content.decode()


def test_settings_save_each_kinds_channels(
    agency_a: Agency, people: People, client_a: Client
) -> None:
    client = logged_in(client_a, SUPERVISOR)
    page = client.get("/notifications/settings/").content.decode()
    assert page.count('data-testid="notif-pref-row"') == len(Kind)
    assert page.count('type="checkbox"') == 3 * len(Kind)

    # Unticked boxes are not sent: e-mail off for movements, push off for punches outside.
    ticked = {f"{kind.value}__in_app": "on" for kind in Kind}
    ticked |= {f"{kind.value}__email": "on" for kind in Kind if kind != Kind.MOVEMENT_NEW}
    ticked |= {f"{kind.value}__push": "on" for kind in Kind if kind != Kind.PUNCH_OUTSIDE}
    response = client.post("/notifications/settings/", ticked)

    assert response.status_code == 302
    with schema_context(agency_a.schema_name):
        saved = {
            p.kind: (p.in_app, p.email, p.push)
            for p in Preference.objects.filter(user=people.supervisor)
        }
    assert saved == {kind.value: (True, True, True) for kind in Kind} | {
        Kind.PUNCH_OUTSIDE.value: (True, True, False),
        Kind.MOVEMENT_NEW.value: (True, False, True),
    }
    again = client.get("/notifications/settings/").content.decode()
    assert len(re.findall(r'type="checkbox"[^>]* checked', again)) == 3 * len(Kind) - 2


def test_the_settings_page_hands_the_agencys_key_to_the_push_script(
    agency_a: Agency, people: People, client_a: Client
) -> None:
    html = logged_in(client_a, SUPERVISOR).get("/notifications/settings/").content.decode()

    with schema_context(agency_a.schema_name):
        key = vapid_public_key()
    assert f'data-vapid-key="{key}"' in html
    assert 'data-url="/api/v1/notifications/push-subscriptions"' in html
    assert "js/push.js" in html
    assert "<script>" not in html  # no inline script


def test_a_notification_of_agency_a_is_not_found_on_agency_b(
    agency_a: Agency, agency_b: Agency, people: People, client_b: Client
) -> None:
    [sent] = send_outside(people.supervisor)
    make_user(agency_b, SUPERVISOR, full_name="PENYELIA DI B")  # same login ID on B

    response = logged_in(client_b, SUPERVISOR).post(f"/notifications/{sent.pk}/open/")

    assert response.status_code == 404
    with schema_context(agency_a.schema_name):
        sent.refresh_from_db()
    assert sent.read_at is None
