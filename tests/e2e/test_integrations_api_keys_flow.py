"""Kunci API in a phone-sized browser: the org admin makes a key, sees it once, another system uses
it (urllib against the live server), the admin sees that call on the key's page, revokes the key,
and the key is refused from then on."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.conftest import AGENCY_A, PASSWORD
from tests.e2e.conftest import url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
HOST = f"{AGENCY_A.slug}.localhost"
KEY_NAME = "Sistem HR Pelayar"


def login(page: Any, mykad: str) -> None:
    page.locator("#id_mykad").fill(mykad)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def call_api(live_url: str, path: str, key: str) -> tuple[int, dict[str, Any]]:
    """A GET as another system makes it: to the server's address, with the agency's host name."""
    port = urlsplit(url(live_url, HOST)).port
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        headers={"Host": f"{HOST}:{port}", "X-Api-Key": key, "Accept-Language": "en"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def test_the_org_admin_makes_uses_and_revokes_a_key(
    live_url: str, page: Any, e2e_people: dict[str, str]
) -> None:
    page.goto(url(live_url, HOST, "/integrations/api-keys/"))
    login(page, e2e_people["admin_a"])
    page.get_by_test_id("api-key-add").click()
    page.locator("#id_name").fill(KEY_NAME)
    page.get_by_test_id("scope-people:read").locator("input").check()
    page.locator("#id_rate_limit_per_minute").fill("30")
    page.get_by_test_id("api-key-submit").click()

    shown = page.get_by_test_id("api-key-value")
    expect(shown).to_be_visible()
    key = shown.inner_text().strip()
    assert key.startswith("spk_")
    expect(page.get_by_test_id("api-key-curl")).to_contain_text(key)
    expect(page.get_by_test_id("api-key-once")).to_be_visible()

    status, body = call_api(live_url, "/api/v1/data/org-units?page_size=5", key)
    assert status == 200, body
    assert body["results"], "the agency has at least its root unit"
    refused, body = call_api(live_url, "/api/v1/data/days", key)
    assert (refused, body["code"]) == (403, "scope_missing")

    page.get_by_test_id("api-key-done").click()
    expect(page.get_by_test_id("api-key-detail")).to_be_visible()
    # Once made, the key itself is nowhere on its page.
    assert key not in page.content()
    calls = page.get_by_test_id("api-call-table")
    expect(calls).to_contain_text("/api/v1/data/org-units")
    expect(calls).to_contain_text("200")
    expect(calls).to_contain_text("403")
    expect(page.get_by_test_id("api-key-last-used")).to_contain_text("127.0.0.1")

    page.get_by_test_id("api-key-revoke").click()
    expect(page.get_by_test_id("api-key-status").locator(".badge.revoked")).to_be_visible()
    expect(page.get_by_test_id("api-key-revoke")).to_have_count(0)
    status, body = call_api(live_url, "/api/v1/data/org-units", key)
    assert (status, body["code"]) == (401, "key_revoked")

    page.reload()
    expect(page.get_by_test_id("api-call-table")).to_contain_text("401")
    page.get_by_test_id("nav-api-keys").click()
    expect(page.get_by_test_id("api-key-table")).to_contain_text(KEY_NAME)
