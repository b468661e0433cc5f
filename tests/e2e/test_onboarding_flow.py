"""An agency joins the platform, in a browser: application → approval → provisioning (a failed step
retried from the console) → invitation → the new Pentadbir Organisasi logs in on the new subdomain.
Then an operator takes an agency through its lifecycle."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import mails_to, url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

PLATFORM = "localhost"
SUBDOMAIN = "pdt-tumpat"
ICT_EMAIL = "ict@tumpat.example.gov.my"
NEW_PASSWORD = "Tumpat.Kehadiran.2026"


def login(page: Any, mykad: str, password: str) -> None:
    page.locator("#id_mykad").fill(mykad)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()


def fill_application(page: Any, **override: str) -> None:
    values = {
        "agency_name": "Pejabat Daerah dan Tanah Tumpat",
        "short_name": "PDTT",
        "ministry": "Kerajaan Negeri Kelantan",
        "subdomain": SUBDOMAIN,
        "expected_officers": "150",
        "contact_name": "ROSLAN BIN DAUD",
        "contact_email": "roslan@tumpat.example.gov.my",
        "contact_phone": "09-725 1234",
        "admin_mgmt_name": "HASNAH BINTI OMAR",
        "admin_mgmt_mykad": "800808-03-5012",
        "admin_mgmt_email": "khidmat@tumpat.example.gov.my",
        "admin_ict_name": "FAIZAL BIN HAMID",
        "admin_ict_mykad": "860606-03-5023",
        "admin_ict_email": ICT_EMAIL,
        **override,
    }
    for name, value in values.items():
        page.locator(f"#id_{name}").fill(value)
    page.locator("#id_state_code").select_option("03")


def wait_for_link(address: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for mail in mails_to(address):
            found = re.search(r"https?://\S+/invitation/[\w-]+/", mail)
            if found:
                return found.group(0)
        time.sleep(0.3)
    raise AssertionError(f"no invitation e-mail reached {address}")


def test_an_agency_applies_is_approved_provisioned_and_its_admin_logs_in(
    page: Any, live_url: str, e2e_people: dict[str, str]
) -> None:
    # 1. The public site and the application form, with a validation round trip.
    page.goto(url(live_url, PLATFORM, "/"))
    page.get_by_test_id("apply-link").click()
    expect(page.get_by_test_id("rollout-steps")).to_be_visible()
    fill_application(page, subdomain="www", admin_ict_mykad="800808-03-5012")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("error-summary")).to_be_visible()
    expect(page.get_by_test_id("field-error-subdomain")).to_be_visible()  # reserved
    expect(page.get_by_test_id("field-error-has_sop")).to_be_visible()  # not ticked
    expect(page.get_by_test_id("field-error-admin_ict_mykad")).to_be_visible()  # same person twice
    assert page.locator("#id_agency_name").input_value() == "Pejabat Daerah dan Tanah Tumpat"

    page.locator("#id_subdomain").fill(SUBDOMAIN)
    page.locator("#id_admin_ict_mykad").fill("860606-03-5023")
    page.locator("#id_has_sop").check()
    page.get_by_test_id("submit").click()
    reference = page.get_by_test_id("reference").inner_text().strip()
    assert re.fullmatch(r"SPM-\d{4}-[0-9A-Z]{8}", reference)

    # 2. The applicant checks the status with the reference.
    page.get_by_test_id("status-link").click()
    page.locator("#id_reference").fill(reference.lower())
    page.get_by_test_id("status-submit").click()
    expect(page.get_by_test_id("status-label")).to_have_attribute("class", "badge submitted")

    # 3. A JDN operator approves it in the console.
    page.goto(url(live_url, PLATFORM, "/operator/applications/"))
    login(page, e2e_people["operator"], PASSWORD)
    page.get_by_test_id(f"application-row-{SUBDOMAIN}").get_by_role("link").click()
    assert page.get_by_test_id("reference").inner_text() == reference
    page.get_by_test_id("approve").click()

    # 4. Provisioning runs in the Celery worker; the page follows it without reloading. The
    #    worker is started with a fault in the calendar step's first attempt.
    progress = page.get_by_test_id("run-progress")
    page.wait_for_selector('[data-testid=run-progress][data-status="failed"]', timeout=30_000)
    expect(page.get_by_test_id("step-schema")).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("step-calendar")).to_have_attribute("data-status", "failed")
    page.get_by_test_id("retry").click()
    page.wait_for_selector('[data-testid=run-progress][data-status="succeeded"]', timeout=30_000)
    assert progress.locator("[data-status=done]").count() == 9

    # 5. The audit log has the decision with the operator's name.
    page.get_by_test_id("nav-audit").click()
    audit = page.get_by_test_id("audit-table").inner_text()
    assert "OPERATOR PELAYAR" in audit
    assert reference in audit

    # 6. The ICT admin's invitation: set a password on the new subdomain, then log in there.
    link = wait_for_link(ICT_EMAIL)
    assert f"//{SUBDOMAIN}.localhost:" in link
    page.goto(link)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.locator("[data-testid=invitation-form] button[type=submit]").click()
    assert "/login/" in page.url
    login(page, "860606-03-5023", NEW_PASSWORD)
    assert page.get_by_test_id("welcome").inner_text().endswith("FAIZAL BIN HAMID")
    assert "Pentadbir Organisasi" in page.get_by_test_id("roles").inner_text()

    # The link works once.
    page.goto(link)
    expect(page.get_by_test_id("invitation-problem")).to_have_attribute(
        "data-code", "invitation_used"
    )

    # 7. The applicant sees the approval and the agency's address.
    page.goto(url(live_url, PLATFORM, f"/apply/status/?reference={reference}"))
    expect(page.get_by_test_id("status-label")).to_have_attribute("class", "badge approved")
    assert SUBDOMAIN in page.get_by_test_id("agency-link").get_attribute("href")


def test_operator_suspends_resumes_exports_archives_and_purges_an_agency(
    page: Any, live_url: str, e2e_people: dict[str, str]
) -> None:
    agency_host = "e2e-kitar.localhost"
    page.goto(url(live_url, PLATFORM, "/operator/?q=e2e-kitar"))
    login(page, e2e_people["operator"], PASSWORD)
    page.get_by_test_id("agency-row-e2e-kitar").get_by_role("link").click()
    agency_page = page.url

    # Suspend needs a reason; then the agency's users see the suspended page.
    page.get_by_test_id("suspend").click()
    expect(page.get_by_test_id("field-error-reason")).to_be_visible()
    page.locator("#id_reason").fill("Semakan keselamatan JDN")
    page.get_by_test_id("suspend").click()
    expect(page.get_by_test_id("agency-status")).to_have_attribute("class", "badge suspended")
    officer = page.context.new_page()
    response = officer.goto(url(live_url, agency_host, "/login/"))
    assert response.status == 403

    page.get_by_test_id("resume").click()
    expect(page.get_by_test_id("agency-status")).to_have_attribute("class", "badge active")
    officer.goto(url(live_url, agency_host, "/login/"))
    login(officer, "910101-05-5013", PASSWORD)
    expect(officer.get_by_test_id("welcome")).to_be_visible()

    # Export in the worker; the download link appears when it is ready.
    page.get_by_test_id("export").click()
    deadline = time.monotonic() + 30
    while not page.get_by_test_id("export-download").count():
        assert time.monotonic() < deadline, "the export did not become ready"
        time.sleep(0.5)
        page.goto(agency_page)
    with page.expect_download() as download:
        page.get_by_test_id("export-download").click()
    assert download.value.suggested_filename.startswith("e2e-kitar-")

    # Archive (read-only: nobody logs in), then purge after typing the short name.
    page.locator("#id_reason").fill("Agensi digabungkan")
    page.get_by_test_id("archive").click()
    expect(page.get_by_test_id("agency-status")).to_have_attribute("class", "badge archived")
    assert officer.goto(url(live_url, agency_host, "/")).status == 403
    page.locator("#id_short_name").fill("akh")
    page.get_by_test_id("purge").click()
    expect(page.get_by_test_id("agency-status")).to_be_visible()  # wrong name: still there
    page.locator("#id_short_name").fill("AKH")
    page.get_by_test_id("purge").click()
    assert page.url.endswith("/operator/")
    assert officer.goto(url(live_url, agency_host, "/")).status == 404
