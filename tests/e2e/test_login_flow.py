"""A new user's first minutes, in a phone-sized Chromium."""

from typing import Any

import pytest

from tests.conftest import AGENCY_A, AGENCY_B, AGENCY_SUSPENDED, PASSWORD
from tests.e2e.conftest import url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
HOST_A = f"{AGENCY_A.slug}.localhost"
HOST_B = f"{AGENCY_B.slug}.localhost"


def login(page: Any, mykad: str, password: str) -> None:
    page.get_by_label("No. MyKad").fill(mykad)
    page.get_by_label("Kata laluan").fill(password)
    page.get_by_role("button", name="Log Masuk").click()


def test_officer_logs_in_sees_roles_switches_language_and_logs_out(
    page: Any, live_url: str, e2e_people: dict[str, str]
) -> None:
    page.goto(url(live_url, HOST_A, "/"))

    assert page.locator("h1").inner_text() == "Log Masuk"
    assert page.locator("html").get_attribute("lang") == "ms"

    login(page, "930303-16-555", PASSWORD)
    assert "tepat 12 digit" in page.get_by_test_id("field-error-mykad").inner_text()

    login(page, e2e_people["a"], "salah-sekali")
    assert page.get_by_test_id("form-error").inner_text() == "No. MyKad atau kata laluan tidak sah."

    login(page, e2e_people["a"], PASSWORD)
    assert page.get_by_test_id("welcome").inner_text() == "Selamat datang, PENYELIA PELAYAR A"
    assert page.get_by_test_id("roles").inner_text().split("\n") == ["Pegawai", "Penyelia"]

    page.get_by_role("button", name="English").click()
    assert page.get_by_test_id("welcome").inner_text() == "Welcome, PENYELIA PELAYAR A"
    assert page.get_by_test_id("roles").inner_text().split("\n") == ["Officer", "Supervisor"]

    page.get_by_role("link", name="Account activity").click()
    assert "Signed in" in page.get_by_test_id("activity-table").inner_text()

    page.get_by_role("button", name="Log out").click()
    assert page.locator("h1").inner_text() == "Log in"
    assert "You have signed out." in page.locator(".messages").inner_text()


def test_a_login_on_agency_a_is_not_a_login_on_agency_b(
    page: Any, live_url: str, e2e_people: dict[str, str]
) -> None:
    page.goto(url(live_url, HOST_A, "/login/"))
    login(page, e2e_people["a"], PASSWORD)
    assert page.get_by_test_id("welcome").is_visible()

    page.goto(url(live_url, HOST_B, "/"))
    assert page.locator("h1").inner_text() == "Log Masuk"

    login(page, e2e_people["a"], PASSWORD)
    assert page.get_by_test_id("form-error").inner_text() == "No. MyKad atau kata laluan tidak sah."

    login(page, e2e_people["b"], PASSWORD)
    assert page.get_by_test_id("welcome").inner_text() == "Selamat datang, PEGAWAI PELAYAR B"


def test_unknown_and_suspended_agencies_get_their_pages(page: Any, live_url: str) -> None:
    response = page.goto(url(live_url, "tiada-agensi.localhost", "/"))
    assert response.status == 404
    assert page.get_by_test_id("error-message").inner_text() == "Tiada agensi di alamat ini."

    response = page.goto(url(live_url, f"{AGENCY_SUSPENDED.slug}.localhost", "/login/"))
    assert response.status == 403
    assert "digantung" in page.get_by_test_id("error-message").inner_text()
    assert page.get_by_label("No. MyKad").count() == 0


def test_operator_reaches_the_console_from_the_landing_page(
    page: Any, live_url: str, e2e_people: dict[str, str], platform_host: str
) -> None:
    page.goto(url(live_url, platform_host, "/"))
    assert page.locator("h1").first.inner_text() == "Platform SPOT-Me"

    page.get_by_role("link", name="Log Masuk").last.click()
    login(page, e2e_people["operator"], PASSWORD)
    page.get_by_test_id("console-link").click()

    table = page.get_by_test_id("agency-table").inner_text()
    assert "Agensi Ujian A" in table
    assert "Agensi Digantung" in table
    page.get_by_label("Status").select_option("suspended")
    page.locator("form.filters button[type=submit]").click()
    assert "Agensi Ujian A" not in page.get_by_test_id("agency-table").inner_text()


def test_pages_load_only_the_apps_own_assets(page: Any, live_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(url(live_url, HOST_A, "/login/"))
    page.wait_for_load_state("networkidle")

    origin = url(live_url, HOST_A, "")
    assert requested
    assert all(address.startswith(origin) for address in requested), requested
    assert any(address.endswith(".css") for address in requested)
    assert any("htmx" in address for address in requested)


def test_officer_changes_password_and_the_old_one_stops_working(
    page: Any, live_url: str, e2e_people: dict[str, str]
) -> None:
    new_password = "Kata.Laluan.Baharu.2027"
    page.goto(url(live_url, HOST_A, "/login/"))
    login(page, e2e_people["password_changer"], PASSWORD)

    page.get_by_role("link", name="Tukar kata laluan").click()
    page.get_by_label("Kata laluan lama").fill(PASSWORD)
    page.get_by_label("Kata laluan baharu", exact=True).fill(new_password)
    page.get_by_label("Pengesahan kata laluan baharu").fill("tidak-sama-langsung")
    page.get_by_role("button", name="Simpan kata laluan baharu").click()
    assert "tidak sepadan" in page.get_by_test_id("field-error-new_password2").inner_text()

    page.get_by_label("Kata laluan lama").fill(PASSWORD)
    page.get_by_label("Kata laluan baharu", exact=True).fill(new_password)
    page.get_by_label("Pengesahan kata laluan baharu").fill(new_password)
    page.get_by_role("button", name="Simpan kata laluan baharu").click()
    assert "Kata laluan anda telah ditukar." in page.locator(".messages").inner_text()

    page.get_by_role("button", name="Log Keluar").click()
    login(page, e2e_people["password_changer"], PASSWORD)
    assert page.get_by_test_id("form-error").inner_text() == "No. MyKad atau kata laluan tidak sah."
    login(page, e2e_people["password_changer"], new_password)
    assert page.get_by_test_id("welcome").inner_text() == "Selamat datang, PEGAWAI TUKAR KATA"
