import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from shared_apps.onboarding import views
from shared_apps.onboarding.models import AgencyApplication
from shared_apps.onboarding.services import (
    ApplicationError,
    application_agency_link,
    application_approve,
    application_reject,
)
from tenants.models import Agency
from tests.onboarding.helpers import application_make, form_data, operator_make

REASON = "Tiada SOP kehadiran dilampirkan."


@pytest.fixture
def client_en(client_public: Client) -> Client:
    # English pages, so the assertions hold once the Malay catalogue is filled in.
    client_public.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client_public


def _testid(body: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</', body, re.S)
    assert match, f"no {testid} in the page"
    return match.group(1).strip()


def test_apply_page_shows_the_rollout_strategy_and_the_form(client_en: Client) -> None:
    response = client_en.get("/apply/")

    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="rollout-steps"' in body
    assert body.count("<fieldset") == 5
    for legend in ("Contact officer", "Pentadbir Organisasi — Khidmat Pengurusan", "Declaration"):
        assert f"<legend>{legend}</legend>" in body
    assert f".{settings.SPOTME_DOMAIN}</strong>" in body


def test_submit_redirects_to_the_reference(client_en: Client) -> None:
    response = client_en.post("/apply/", form_data())

    application = AgencyApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/apply/submitted/{application.reference}/"
    assert application.language == "en"
    page = client_en.get(response["Location"])
    assert _testid(page.content.decode(), "reference") == application.reference


def test_application_keeps_the_malay_ui_language(client_public: Client) -> None:
    client_public.post("/apply/", form_data())

    assert AgencyApplication.objects.get().language == "ms"


def test_invalid_form_shows_specific_errors_and_keeps_what_was_typed(client_en: Client) -> None:
    data = form_data(subdomain="www", admin_ict_mykad="850101-06-5011", has_sop=None)

    response = client_en.post("/apply/", data)

    assert response.status_code == 200
    assert not AgencyApplication.objects.exists()
    body = response.content.decode()
    assert 'data-testid="error-summary"' in body
    assert "www is reserved for the platform" in _testid(body, "field-error-subdomain")
    assert "must be different people" in _testid(body, "field-error-admin_ict_mykad")
    assert "attendance SOP" in _testid(body, "field-error-has_sop")
    for name in ("agency_name", "contact_email", "contact_phone", "admin_mgmt_mykad"):
        assert f'name="{name}" value="{data[name]}"' in body


def test_a_lost_race_is_shown_above_the_form(
    client_en: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def lose(**_: Any) -> AgencyApplication:
        raise ApplicationError("subdomain_requested", "jkr-pahang has just been requested.")

    monkeypatch.setattr(views, "application_submit", lose)

    response = client_en.post("/apply/", form_data())

    assert response.status_code == 200
    assert _testid(response.content.decode(), "form-error") == "jkr-pahang has just been requested."


def test_status_of_a_submitted_application(client_en: Client) -> None:
    application = application_make()

    response = client_en.get("/apply/status/", {"reference": f" {application.reference.lower()} "})

    body = response.content.decode()
    assert _testid(body, "status-label") == "Under review"
    assert _testid(body, "status-reference") == application.reference
    assert 'data-testid="submitted-at"' in body
    assert 'data-testid="decided-at"' not in body
    assert "850101065011" not in body
    assert "900215065522" not in body


def test_status_of_an_approved_application_before_the_agency_is_ready(client_en: Client) -> None:
    application = application_make()
    application_approve(application_id=application.pk, actor=operator_make())

    body = client_en.get("/apply/status/", {"reference": application.reference}).content.decode()

    assert _testid(body, "status-label") == "Approved"
    assert 'data-testid="decided-at"' in body
    assert 'data-testid="agency-preparing"' in body
    assert 'data-testid="agency-link"' not in body


def test_status_links_to_the_active_agency(
    client_en: Client, agency_a: Agency, settings: Any
) -> None:
    settings.SPOTME_URL_PORT = "8000"
    application = application_make()
    application_approve(application_id=application.pk, actor=operator_make())
    application_agency_link(application_id=application.pk, agency=agency_a)

    body = client_en.get("/apply/status/", {"reference": application.reference}).content.decode()

    expected = f"{settings.SPOTME_URL_SCHEME}://ujian-a.{settings.SPOTME_DOMAIN}:8000"
    assert f'href="{expected}" data-testid="agency-link"' in body


def test_no_link_to_an_agency_that_is_not_active(
    client_en: Client, suspended_agency: Agency
) -> None:
    application = application_make()
    application_approve(application_id=application.pk, actor=operator_make())
    application_agency_link(application_id=application.pk, agency=suspended_agency)

    body = client_en.get("/apply/status/", {"reference": application.reference}).content.decode()

    assert 'data-testid="agency-link"' not in body


def test_status_of_a_rejected_application_shows_the_reason(client_en: Client) -> None:
    application = application_make()
    application_reject(application_id=application.pk, actor=operator_make(), reason=REASON)

    body = client_en.get("/apply/status/", {"reference": application.reference}).content.decode()

    assert _testid(body, "status-label") == "Rejected"
    assert _testid(body, "status-reason") == REASON


def test_unknown_reference_says_so(client_en: Client) -> None:
    response = client_en.get("/apply/status/", {"reference": "SPM-2026-7KQ4M9XD"})

    assert response.status_code == 200
    assert 'data-testid="not-found"' in response.content.decode()
    assert 'data-testid="status-result"' not in response.content.decode()


def test_malformed_reference_gets_a_field_error(client_en: Client) -> None:
    response = client_en.get("/apply/status/", {"reference": "12345"})

    assert response.status_code == 200
    assert "SPM-2026-7KQ4M9XD" in _testid(response.content.decode(), "field-error-reference")


def test_confirmation_page_of_an_unknown_reference_is_not_found(client_en: Client) -> None:
    assert client_en.get("/apply/submitted/SPM-2026-7KQ4M9XD/").status_code == 404


def test_subdomain_check_fragment(client_en: Client, agency_a: Agency) -> None:
    free = client_en.get("/apply/subdomain-check/", {"subdomain": "JKR-Pahang"})
    taken = client_en.get("/apply/subdomain-check/", {"subdomain": "ujian-a"})

    assert _testid(free.content.decode(), "subdomain-free") == (
        f"jkr-pahang.{settings.SPOTME_DOMAIN} is available."
    )
    assert "ujian-a is already" in _testid(taken.content.decode(), "subdomain-taken")


@pytest.mark.parametrize(
    "path", ["/apply/", "/apply/status/", "/apply/subdomain-check/?subdomain=abc"]
)
def test_pages_are_not_on_an_agency_host(client_a: Client, path: str) -> None:
    assert client_a.get(path).status_code == 404
