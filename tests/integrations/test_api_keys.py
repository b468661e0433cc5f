"""Kunci API: the org admin makes a key (shown once, stored only as its SHA-256), sees it listed by
its prefix, revokes it; an expired or revoked key is refused with its own code; a key's last use is
noted (at most once a minute); nobody but the org admin finds the pages, and agency B's admin
cannot open agency A's key."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.audit.models import AuditEntry
from tenant_apps.integrations.api_keys import api_key_create, api_key_revoke
from tenant_apps.integrations.errors import IntegrationError
from tenant_apps.integrations.models import ApiKey
from tenants.models import Agency
from tests.attendance.support import World, build_world, client_for
from tests.integrations.api_support import api_get, calls_of, make_key

KEY_PATTERN = re.compile(r"spk_[a-z0-9]{8}_[A-Za-z0-9_-]{43}")


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


def _admin(agency: Agency) -> Client:
    client = client_for(agency, "admin")
    client.cookies["django_language"] = "en"
    return client


def _form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Sistem Gaji",
        "scopes": ["attendance:read"],
        "expires_on": (timezone.localdate() + timedelta(days=365)).isoformat(),
        "rate_limit_per_minute": "60",
    }
    data.update(changes)
    return data


def test_the_org_admin_makes_a_key_and_sees_it_once(world: World, agency_a: Agency) -> None:
    client = _admin(agency_a)
    form = client.get("/integrations/api-keys/new/")
    assert form.status_code == 200
    assert 'data-testid="api-key-form"' in form.content.decode()

    answer = client.post("/integrations/api-keys/new/", _form())
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "no-store"
    page = answer.content.decode()
    [raw_key] = set(KEY_PATTERN.findall(page))
    assert "it is shown this once" in page
    assert f'curl -H "X-Api-Key: {raw_key}"' in page

    with schema_context(agency_a.schema_name):
        key = ApiKey.objects.get()
        assert key.name == "Sistem Gaji"
        assert key.scopes == ["attendance:read"]
        assert key.rate_limit_per_minute == 60
        assert raw_key.startswith(key.prefix + "_")
        assert key.key_hash == hashlib.sha256(raw_key.encode()).hexdigest()
        assert raw_key not in str(list(ApiKey.objects.values_list()))  # only the hash is kept
        assert timezone.localtime(key.expires_at).date() == timezone.localdate() + timedelta(
            days=366
        )  # works until the end of the chosen day
        assert AuditEntry.objects.filter(
            action="integrations.api_key_create", object_id=str(key.pk)
        ).exists()

    # Never again: not in the list, not on its page.
    listing = client.get("/integrations/api-keys/").content.decode()
    assert key.prefix in listing
    assert raw_key not in listing
    assert "Sistem Gaji" in listing
    detail = client.get(f"/integrations/api-keys/{key.pk}/").content.decode()
    assert key.prefix in detail
    assert raw_key not in detail
    assert "No call yet." in detail

    # And it works.
    assert api_get(agency_a, "/api/v1/data/days", raw_key).status_code == 200


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"scopes": []}, "scopes", "Choose at least one scope."),
        ({"name": " "}, "name", "This field is required."),
        ({"expires_on": "2020-01-01"}, "expires_on", "The expiry must be in the future."),
        (
            {"expires_on": (timezone.localdate() + timedelta(days=800)).isoformat()},
            "expires_on",
            "two years at most",
        ),
        ({"rate_limit_per_minute": "0"}, "rate_limit_per_minute", "greater than or equal to 1"),
        ({"scopes": ["admin:all"]}, "scopes", "Select a valid choice"),
    ],
)
def test_a_bad_key_form_says_what_is_wrong_and_makes_nothing(
    world: World, agency_a: Agency, changes: dict[str, object], field: str, message: str
) -> None:
    answer = _admin(agency_a).post("/integrations/api-keys/new/", _form(**changes))
    assert answer.status_code == 400
    page = answer.content.decode()
    assert f'data-testid="field-error-{field}"' in page
    assert message in page
    with schema_context(agency_a.schema_name):
        assert not ApiKey.objects.exists()


def test_the_service_refuses_bad_keys(world: World, agency_a: Agency) -> None:
    now = timezone.now()
    cases: list[tuple[dict[str, object], str]] = [
        ({"scopes": []}, "api_key_scopes_required"),
        ({"scopes": ["people:write"]}, "api_key_scope_unknown"),
        ({"expires_at": now - timedelta(minutes=1)}, "api_key_expiry_past"),
        ({"expires_at": now + timedelta(days=732)}, "api_key_expiry_too_far"),
        ({"rate_limit_per_minute": 0}, "api_key_rate_invalid"),
        ({"name": ""}, "api_key_name_required"),
    ]
    with schema_context(agency_a.schema_name):
        for changes, code in cases:
            values: dict[str, object] = {
                "name": "K",
                "scopes": ["people:read"],
                "expires_at": now + timedelta(days=365),
                "rate_limit_per_minute": 10,
            }
            values.update(changes)
            with pytest.raises(IntegrationError) as refused:
                api_key_create(actor=world.admin, **values)  # type: ignore[arg-type]
            assert refused.value.code == code
        assert not ApiKey.objects.exists()
        # Duplicated scopes are kept once, in a fixed order.
        key, _raw = api_key_create(
            actor=world.admin,
            name="K",
            scopes=["people:read", "attendance:read", "people:read"],
            expires_at=now + timedelta(days=730),
        )
        assert key.scopes == ["attendance:read", "people:read"]


def test_a_revoked_key_is_refused_and_its_refusals_are_logged(
    world: World, agency_a: Agency
) -> None:
    key, raw_key = make_key(agency_a, world.admin)
    assert api_get(agency_a, "/api/v1/data/officers", raw_key).status_code == 200
    client = _admin(agency_a)
    answer = client.post(f"/integrations/api-keys/{key.pk}/revoke/", follow=True)
    assert answer.status_code == 200
    assert "is revoked" in answer.content.decode()
    assert 'data-testid="api-key-revoke"' not in answer.content.decode()

    refused = api_get(agency_a, "/api/v1/data/officers", raw_key)
    assert refused.status_code == 401
    assert refused.json()["code"] == "key_revoked"
    assert "revoked" in refused.json()["detail"]
    assert refused["WWW-Authenticate"].startswith("Api-Key")
    assert calls_of(agency_a, key) == [
        ("GET", "/api/v1/data/officers", 200),
        ("GET", "/api/v1/data/officers", 401),
    ]
    with schema_context(agency_a.schema_name):
        key.refresh_from_db()
        assert key.revoked_at is not None
        assert key.revoked_by == world.admin
        assert AuditEntry.objects.filter(
            action="integrations.api_key_revoke", object_id=str(key.pk)
        ).exists()
        with pytest.raises(IntegrationError) as twice:
            api_key_revoke(actor=world.admin, key=key)
        assert twice.value.code == "api_key_already_revoked"
    # Revoking again from the page says so and changes nothing.
    again = client.post(f"/integrations/api-keys/{key.pk}/revoke/", follow=True)
    assert "already revoked" in again.content.decode()
    # Only POST revokes.
    assert client.get(f"/integrations/api-keys/{key.pk}/revoke/").status_code == 405


def test_an_expired_key_is_refused(world: World, agency_a: Agency) -> None:
    key, raw_key = make_key(agency_a, world.admin)
    with schema_context(agency_a.schema_name):
        ApiKey.objects.filter(pk=key.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    answer = api_get(agency_a, "/api/v1/data/org-units", raw_key)
    assert answer.status_code == 401
    assert answer.json()["code"] == "key_expired"
    listing = _admin(agency_a).get("/integrations/api-keys/").content.decode()
    assert "Expired" in listing


def test_unknown_or_malformed_keys_are_refused_and_log_nothing(
    world: World, agency_a: Agency
) -> None:
    key, raw_key = make_key(agency_a, world.admin)
    for bad in (raw_key[:-1] + ("A" if raw_key[-1] != "A" else "B"), "spk_nothing", "x" * 500):
        answer = api_get(agency_a, "/api/v1/data/officers", bad)
        assert answer.status_code == 401
        assert answer.json()["code"] == "key_invalid"
    missing = api_get(agency_a, "/api/v1/data/officers", None)
    assert missing.status_code == 401
    assert missing.json()["code"] == "key_missing"
    assert calls_of(agency_a, key) == []


def test_the_last_use_is_noted_at_most_once_a_minute(world: World, agency_a: Agency) -> None:
    key, raw_key = make_key(agency_a, world.admin)
    assert key.last_used_at is None
    assert api_get(agency_a, "/api/v1/data/org-units", raw_key).status_code == 200
    with schema_context(agency_a.schema_name):
        key.refresh_from_db()
        first = key.last_used_at
        assert first is not None
        assert key.last_used_ip == "127.0.0.1"
        # Used 30 seconds ago: the next call writes nothing.
        recent = timezone.now() - timedelta(seconds=30)
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=recent)
    api_get(agency_a, "/api/v1/data/org-units", raw_key)
    with schema_context(agency_a.schema_name):
        key.refresh_from_db()
        assert key.last_used_at == recent
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now() - timedelta(minutes=2))
    api_get(agency_a, "/api/v1/data/org-units", raw_key)
    with schema_context(agency_a.schema_name):
        key.refresh_from_db()
        assert key.last_used_at is not None
        assert key.last_used_at > recent
    detail = _admin(agency_a).get(f"/integrations/api-keys/{key.pk}/").content.decode()
    assert detail.count('data-testid="api-call-row"') == 3
    assert "/api/v1/data/org-units" in detail


def test_only_the_org_admin_finds_the_key_pages(world: World, agency_a: Agency) -> None:
    key, _raw = make_key(agency_a, world.admin)
    officer = client_for(agency_a, "officer")
    for path in (
        "/integrations/api-keys/",
        "/integrations/api-keys/new/",
        f"/integrations/api-keys/{key.pk}/",
    ):
        assert officer.get(path).status_code == 404
    assert officer.post(f"/integrations/api-keys/{key.pk}/revoke/").status_code == 404
    anonymous = Client(HTTP_HOST=officer.defaults["HTTP_HOST"])
    assert anonymous.get("/integrations/api-keys/").status_code == 302
    with schema_context(agency_a.schema_name):
        assert ApiKey.objects.get(pk=key.pk).revoked_at is None


def test_agency_b_cannot_open_or_revoke_agency_a_key(
    world: World, agency_a: Agency, agency_b: Agency
) -> None:
    key, _raw = make_key(agency_a, world.admin)
    with schema_context(agency_b.schema_name):
        build_world(agency_b)
    admin_b = _admin(agency_b)
    assert admin_b.get(f"/integrations/api-keys/{key.pk}/").status_code == 404
    assert admin_b.post(f"/integrations/api-keys/{key.pk}/revoke/").status_code == 404
    assert key.prefix not in admin_b.get("/integrations/api-keys/").content.decode()
    with schema_context(agency_a.schema_name):
        assert ApiKey.objects.get(pk=key.pk).revoked_at is None
