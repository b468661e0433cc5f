"""Webhooks in a phone-sized browser: the org admin subscribes a loopback receiver to punches and
sees the signing secret once; an officer punches through the API of the live server; the live
server's real Celery worker delivers the event, signed (the receiver checks the signature with the
secret the page showed), and the delivery shows as delivered on the subscription's page. Then the
admin removes the subscription."""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.attendance.support import punch_body
from tests.conftest import AGENCY_A, PASSWORD
from tests.e2e.conftest import url
from tests.integrations.webhook_receiver import webhook_receiver

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
HOST = f"{AGENCY_A.slug}.localhost"
OFFICER_LOGIN = "860909165035"  # committed: used by no other test


def login(page: Any, mykad: str) -> None:
    page.locator("#id_mykad").fill(mykad)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


@pytest.fixture(scope="module")
def officer_token(django_db_blocker: Any, e2e_people: dict[str, str]) -> tuple[int, str]:
    """(officer id, API token) of a committed officer of agency A."""
    from django_tenants.utils import schema_context
    from rest_framework.authtoken.models import Token

    from tenant_apps.people.models import Officer, OrgUnit
    from tenant_apps.people.officer_services import OfficerData, officer_create
    from tenants.models import Agency

    with django_db_blocker.unblock():
        agency = Agency.objects.get(slug=AGENCY_A.slug)
        with schema_context(agency.schema_name):
            officer = Officer.objects.filter(user__login_id=OFFICER_LOGIN).first()
            if officer is None:
                officer = officer_create(
                    data=OfficerData(
                        OFFICER_LOGIN, "PEGAWAI WEBHOOK PELAYAR", OrgUnit.objects.get(parent=None)
                    ),
                    actor=None,
                )
            token, _ = Token.objects.get_or_create(user=officer.user)
            return officer.pk, token.key


def punch_through_the_api(live_url: str, token: str) -> int:
    port = urlsplit(url(live_url, HOST)).port
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/attendance/punches",
        data=punch_body("in").encode(),
        method="POST",
        headers={
            "Host": f"{HOST}:{port}",
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return int(answer.status)


def test_the_org_admin_subscribes_and_sees_a_punch_delivered(
    live_url: str, officer_token: tuple[int, str], page: Any, e2e_people: dict[str, str]
) -> None:
    officer_id, token = officer_token
    with webhook_receiver([200]) as receiver:
        page.goto(url(live_url, HOST, "/integrations/webhooks/"))
        login(page, e2e_people["admin_a"])
        page.get_by_test_id("webhook-add").click()
        page.locator("#id_url").fill(receiver.url)
        page.locator("input[name=events][value='punch.created']").check()
        page.get_by_test_id("webhook-submit").click()

        shown = page.get_by_test_id("webhook-secret")
        expect(shown).to_be_visible()
        receiver.secret = shown.inner_text().strip()
        assert receiver.secret.startswith("whsec_")
        expect(page.get_by_test_id("secret-warning")).to_be_visible()
        expect(page.get_by_test_id("verify-steps")).to_contain_text("X-SpotMe-Signature")
        page.get_by_test_id("secret-done").click()
        expect(page.get_by_test_id("webhook-detail")).to_be_visible()
        assert receiver.secret not in page.content()  # shown once, never again
        expect(page.get_by_test_id("delivery-empty")).to_be_visible()

        assert punch_through_the_api(live_url, token) == 201

        status = page.locator("[data-testid^='delivery-status-']").first
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline:
            page.reload()
            if status.count() and status.get_attribute("data-status") == "delivered":
                break
            time.sleep(1)
        expect(status).to_have_attribute("data-status", "delivered")
        expect(page.locator("[data-testid^='delivery-code-']").first).to_have_text("200")
        expect(page.locator("[data-testid^='delivery-event-']").first).to_have_text("punch.created")

        [request] = receiver.received
        assert request.verified  # signed with the secret the page showed
        assert request.headers["X-Spotme-Event"] == "punch.created"
        body = json.loads(request.body)
        assert body["agency"] == AGENCY_A.slug
        assert body["data"]["officer_id"] == officer_id
        assert body["data"]["source"] == "api"

        page.get_by_test_id("webhook-more").locator("summary").click()
        page.get_by_test_id("webhook-delete").click()
        expect(page.get_by_test_id("webhook-empty")).to_be_visible()
