"""The Pentadbir Organisasi builds the organisation in a browser: units, officers with their
supervisor, an office with its geofence; then the supervisor sees exactly their people."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import AGENCY_A, PASSWORD
from tests.e2e.conftest import url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
HOST = f"{AGENCY_A.slug}.localhost"
SUPERVISOR = "810808-16-5011"
OFFICER = "920202-16-5016"


def login(page: Any, mykad: str, password: str) -> None:
    page.locator("#id_mykad").fill(mykad)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()


def add_officer(page: Any, live_url: str, mykad: str, name: str, unit: str, boss: str = "") -> None:
    page.goto(url(live_url, HOST, "/org/officers/new/"))
    page.locator("#id_login_id").fill(mykad)
    page.locator("#id_full_name").fill(name)
    page.locator("#id_org_unit").select_option(label=unit)
    page.locator("#id_supervisor").fill(boss)
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("officer-name")).to_have_text(name)


def test_admin_builds_units_officers_and_an_office(
    page: Any, live_url: str, e2e_people: dict[str, str]
) -> None:
    page.goto(url(live_url, HOST, "/org/units/"))
    login(page, e2e_people["admin_a"], PASSWORD)

    # A unit under the agency's top-level unit, then one under it.
    page.get_by_test_id("unit-tree").locator("a").first.click()
    page.locator("#id_child-name").fill("Bahagian Pelayar")
    page.locator("#id_child-short_name").fill("BPL")
    page.get_by_test_id("add-unit").click()
    page.get_by_test_id("unit-children").get_by_role("link", name="Bahagian Pelayar").click()
    page.locator("#id_child-name").fill("Seksyen Pelayar")
    page.get_by_test_id("add-unit").click()
    expect(page.get_by_test_id("unit-children")).to_contain_text("Seksyen Pelayar")

    # Officers: a supervisor, and an officer under them; a bad MyKad is explained first.
    add_officer(page, live_url, SUPERVISOR, "PENYELIA BAHAGIAN", "Bahagian Pelayar (BPL)")
    page.goto(url(live_url, HOST, "/org/officers/new/"))
    page.locator("#id_login_id").fill("920231-16-5016")
    page.locator("#id_full_name").fill("PEGAWAI SEKSYEN")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("field-error-login_id")).to_be_visible()
    add_officer(page, live_url, OFFICER, "PEGAWAI SEKSYEN", "Seksyen Pelayar", boss=SUPERVISOR)
    expect(page.get_by_test_id("officer-supervisor")).to_have_text("PENYELIA BAHAGIAN")
    expect(page.get_by_test_id("line-row")).to_have_count(1)

    # An office with a circle geofence, and a coordinate tested against it.
    page.goto(url(live_url, HOST, "/org/offices/new/"))
    page.locator("#id_name").fill("Kompleks Pelayar")
    page.locator("#id_latitude").fill("2.926")
    page.locator("#id_longitude").fill("101.696")
    page.locator("#id_radius_m").fill("0")
    page.get_by_test_id("office-save").click()
    expect(page.get_by_test_id("field-error-radius_m")).to_be_visible()
    page.locator("#id_radius_m").fill("150")
    page.locator("#id_units").select_option(label="Seksyen Pelayar")
    page.get_by_test_id("office-save").click()
    expect(page.get_by_test_id("office-name")).to_have_text("Kompleks Pelayar")
    page.locator("#id_lat").fill("2.926")
    page.locator("#id_lon").fill("101.697")
    page.get_by_test_id("geofence-test-submit").click()
    expect(page.get_by_test_id("geofence-verdict")).to_have_attribute("data-inside", "true")
    page.locator("#id_lat").fill("2.93")
    page.locator("#id_lon").fill("101.696")
    page.get_by_test_id("geofence-test-submit").click()
    expect(page.get_by_test_id("geofence-verdict")).to_have_attribute("data-inside", "false")
    metres = float(page.get_by_test_id("geofence-distance").get_attribute("data-metres"))
    assert 280 < metres < 310  # 0.004° of latitude is 445 m from the centre, 150 m radius


def test_supervisor_gets_a_temporary_password_changes_it_and_sees_their_people(
    page: Any, browser: Any, live_url: str, e2e_people: dict[str, str]
) -> None:
    # Runs after the test above, which created the supervisor and their officer.
    page.goto(url(live_url, HOST, "/org/officers/?q=PENYELIA BAHAGIAN"))
    login(page, e2e_people["admin_a"], PASSWORD)
    page.get_by_test_id("officer-table").get_by_role("link", name="PENYELIA BAHAGIAN").click()
    page.get_by_test_id("account-link").click()
    page.get_by_test_id("account-temp-password").click()
    page.locator("#id_new_password1").fill("Sementara.Pelayar.2026")
    page.locator("#id_new_password2").fill("Sementara.Pelayar.2026")
    page.get_by_test_id("temp-password-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("account-password")).to_be_visible()

    supervisor = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    supervisor.goto(url(live_url, HOST, "/org/officers/"))
    login(supervisor, SUPERVISOR, "Sementara.Pelayar.2026")
    assert "/password/change/" in supervisor.url  # must choose their own first
    supervisor.locator("#id_old_password").fill("Sementara.Pelayar.2026")
    supervisor.locator("#id_new_password1").fill("Pilihan.Penyelia.2026")
    supervisor.locator("#id_new_password2").fill("Pilihan.Penyelia.2026")
    supervisor.locator("main form button[type=submit]").click()
    supervisor.goto(url(live_url, HOST, "/org/officers/"))
    rows = supervisor.get_by_test_id("officer-table").locator("tbody tr")
    expect(rows).to_have_count(2)  # themselves and their officer, nobody else
    expect(supervisor.get_by_test_id(f"officer-row-{OFFICER.replace('-', '')}")).to_be_visible()
    assert supervisor.goto(url(live_url, HOST, "/org/officers/new/")).status == 404
    supervisor.context.close()


COLUMNS = (
    "login_id,login_kind,full_name,email,phone,position,grade,unit,"
    "supervisor_login_id,second_supervisor_login_id,gender,status"
)


def test_admin_imports_officers_from_a_file_with_a_preview(
    page: Any, live_url: str, e2e_people: dict[str, str]
) -> None:
    bad = "\n".join(
        [
            COLUMNS,
            f"930303-16-5024,mykad,PEGAWAI IMPORT SATU,,,Pembantu Tadbir,N19,Seksyen Pelayar,"
            f"{SUPERVISOR},,,",
            "930303-16-5035,mykad,PEGAWAI IMPORT DUA,,,Pembantu Tadbir,N19,Unit Tiada,,,,",
            "930231-16-5046,mykad,PEGAWAI TARIKH SALAH,,,,,Seksyen Pelayar,,,,",
        ]
    )
    page.goto(url(live_url, HOST, "/org/import/"))
    login(page, e2e_people["admin_a"], PASSWORD)
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "pegawai.csv", "mimeType": "text/csv", "buffer": bad.encode()}]
    )
    page.get_by_test_id("import-upload-submit").click()
    errors = page.get_by_test_id("import-error")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_have_attribute("data-row", "3")
    expect(errors.nth(0)).to_have_attribute("data-code", "unknown_unit")
    expect(errors.nth(1)).to_have_attribute("data-row", "4")
    expect(errors.nth(1)).to_have_attribute("data-code", "bad_mykad")
    expect(page.get_by_test_id("import-run")).to_have_count(0)  # nothing can be written

    good = "\n".join(bad.splitlines()[:2]) + "\n"
    page.goto(url(live_url, HOST, "/org/import/"))
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "pegawai.csv", "mimeType": "text/csv", "buffer": good.encode()}]
    )
    page.get_by_test_id("import-upload-submit").click()
    expect(page.get_by_test_id("import-count-create")).to_have_attribute("data-count", "1")
    page.get_by_test_id("import-run").click()
    expect(page.get_by_test_id("import-done")).to_be_visible(timeout=20_000)

    page.goto(url(live_url, HOST, "/org/officers/?q=IMPORT"))
    page.get_by_role("link", name="PEGAWAI IMPORT SATU").click()
    expect(page.get_by_test_id("officer-supervisor")).to_have_text("PENYELIA BAHAGIAN")


def test_an_officer_finds_their_agency_from_the_platform(page: Any, live_url: str) -> None:
    page.goto(url(live_url, "localhost", "/"))
    page.get_by_test_id("finder-link").click()
    page.locator("#id_mykad").fill("880101-14-1234")  # nobody
    page.get_by_test_id("find-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("find-problem")).to_be_visible()

    page.locator("#id_mykad").fill(OFFICER)
    page.get_by_test_id("find-form").locator("button[type=submit]").click()
    page.wait_for_url(f"**//{HOST}:*/login/**")
    expect(page.locator("#id_mykad")).to_be_visible()


def test_an_executive_sees_the_units_granted_to_them(
    page: Any, browser: Any, live_url: str, e2e_people: dict[str, str]
) -> None:
    executive = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    executive.goto(url(live_url, HOST, "/org/officers/"))
    login(executive, e2e_people["exec_a"], PASSWORD)
    expect(executive.get_by_test_id("officer-table")).to_have_count(0)  # nobody yet

    page.goto(url(live_url, HOST, "/org/units/"))
    login(page, e2e_people["admin_a"], PASSWORD)
    page.get_by_test_id("unit-tree").get_by_role("link", name="Bahagian Pelayar").click()
    page.locator("#id_executive").fill(e2e_people["exec_a"])
    page.get_by_test_id("grant").click()
    expect(page.get_by_test_id("unit-executives")).to_contain_text("EKSEKUTIF PELAYAR A")

    executive.reload()
    table = executive.get_by_test_id("officer-table")
    expect(table).to_contain_text("PEGAWAI SEKSYEN")  # in a unit below the granted one
    expect(table).not_to_contain_text("PENTADBIR")
    executive.context.close()


def test_ten_thousand_officers_import_in_the_worker_with_progress(
    page: Any, live_url: str, e2e_people: dict[str, str]
) -> None:
    from datetime import date, timedelta

    rows = [COLUMNS]
    for n in range(10_000):
        born = date(1970, 1, 1) + timedelta(days=n)
        rows.append(f"{born:%y%m%d}03{n:04d},mykad,PEGAWAI PUKAL {n},,,,,UJB,,,,")
    host_b = "ujian-b.localhost"
    page.goto(url(live_url, host_b, "/org/import/"))
    login(page, e2e_people["admin_b"], PASSWORD)
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "pukal.csv", "mimeType": "text/csv", "buffer": "\n".join(rows).encode()}]
    )
    page.get_by_test_id("import-upload-submit").click()
    expect(page.get_by_test_id("import-count-create")).to_have_attribute(
        "data-count", "10000", timeout=30_000
    )
    page.get_by_test_id("import-run").click()
    expect(page.get_by_test_id("import-progress")).to_be_visible()
    expect(page.get_by_test_id("import-done")).to_be_visible(timeout=120_000)
    expect(page.get_by_test_id("import-processed")).to_contain_text("10")
    page.goto(url(live_url, host_b, "/org/officers/?q=PEGAWAI PUKAL 9999"))
    expect(page.get_by_test_id("officer-table")).to_contain_text("PEGAWAI PUKAL 9999")
