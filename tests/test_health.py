import pytest
from django.conf import settings
from django.test import Client, override_settings

from tenants.models import Agency
from tests.conftest import host_of


@pytest.mark.parametrize("kind", ["platform", "agency", "unknown"])
def test_healthz_answers_on_every_host(agency_a: Agency, kind: str) -> None:
    host = {
        "platform": settings.SPOTME_DOMAIN,
        "agency": host_of(agency_a),
        "unknown": f"tiada.{settings.SPOTME_DOMAIN}",
    }[kind]

    response = Client(HTTP_HOST=host).get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_each_check(agency_a: Agency) -> None:
    response = Client(HTTP_HOST=host_of(agency_a)).get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["redis"]["ok"] is True


def test_readyz_is_unavailable_when_redis_cannot_be_reached(db: None) -> None:
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = Client(HTTP_HOST=settings.SPOTME_DOMAIN).get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["redis"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_readyz_uses_real_redis_when_configured(db: None) -> None:
    response = Client(HTTP_HOST=settings.SPOTME_DOMAIN).get("/readyz")

    redis_check = response.json()["checks"]["redis"]
    if settings.REDIS_URL:
        assert redis_check == {"ok": True}
    else:
        assert redis_check == {"ok": True, "mode": "in-process (no REDIS_URL)"}
