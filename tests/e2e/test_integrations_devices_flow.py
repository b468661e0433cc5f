"""Peranti Biometrik in a phone-sized browser. The org admin adds a terminal and sees its secret
once; uploads a CSV export with a line that cannot be read and a device user id nobody is mapped
to; reads the preview with the per-line error; imports; maps the id on the unmapped queue by the
officer's MyKad (typed with dashes); and the officer's attendance transactions show the two
biometric punches.

Data is committed (the server is another process): each run registers a device of its own
serial, so earlier runs' lines never count as duplicates of this one's."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.conftest import AGENCY_A, PASSWORD
from tests.e2e.conftest import url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
HOST = f"{AGENCY_A.slug}.localhost"
KL = ZoneInfo("Asia/Kuala_Lumpur")
OFFICER_MYKAD = "750505-16-5557"
DEVICE_USER_ID = "4021"


@pytest.fixture(scope="module")
def device_officer(django_db_blocker: Any, e2e_people: dict[str, str]) -> int:
    """An officer of agency A (committed, idempotent). Returns the officer's id."""
    from django_tenants.utils import schema_context

    from tenant_apps.people.models import Officer, OrgUnit
    from tenant_apps.people.officer_services import OfficerData, officer_create
    from tenants.models import Agency

    login_id = OFFICER_MYKAD.replace("-", "")
    with django_db_blocker.unblock():
        agency = Agency.objects.get(slug=AGENCY_A.slug)
        with schema_context(agency.schema_name):
            officer = Officer.objects.filter(user__login_id=login_id).first()
            if officer is None:
                root = OrgUnit.objects.get(parent=None)
                officer = officer_create(
                    data=OfficerData(login_id, "PEGAWAI BIOMETRIK", root), actor=None
                )
            return int(officer.pk)


def login(page: Any, mykad: str) -> None:
    page.locator("#id_mykad").fill(mykad)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def _count(page: Any, name: str) -> Any:
    return page.get_by_test_id(f"count-{name}")


def test_the_org_admin_imports_a_file_and_maps_the_unknown_id(
    live_url: str, page: Any, e2e_people: dict[str, str], device_officer: int
) -> None:
    serial = f"E2E{uuid.uuid4().hex[:8].upper()}"
    day = datetime.now(KL).date() - timedelta(days=1)
    # A minute of its own, so the punches of earlier runs (other devices) are told apart.
    minute = 10 + uuid.uuid4().int % 50
    check_in, check_out = f"08:{minute:02d}", f"17:{minute:02d}"

    # Add the device: the secret once, with the push settings.
    page.goto(url(live_url, HOST, "/integrations/devices/new/"))
    login(page, e2e_people["admin_a"])
    page.locator("#id_serial").fill(serial)
    page.locator("#id_name").fill("Terminal Pelayar")
    page.locator("#id_time_zone").fill("Asia/Kuala_Lumpur")
    page.get_by_test_id("device-submit").click()
    expect(page.get_by_test_id("secret-warning")).to_be_visible()
    secret = page.get_by_test_id("device-secret").inner_text().strip()
    assert len(secret) >= 32
    expect(page.get_by_test_id("push-key")).to_have_text(f"key={secret}")
    page.get_by_test_id("secret-done").click()
    expect(page.get_by_test_id("device-title")).to_contain_text(serial)
    assert secret not in page.content()
    device_id = re.search(r"/integrations/devices/(\d+)/", page.url)
    assert device_id

    # Upload a CSV with a malformed line and an unmapped device user id.
    page.goto(url(live_url, HOST, "/integrations/import/"))
    page.locator("#id_device").select_option(device_id.group(1))
    page.locator("#id_fmt").select_option("csv")
    csv = (
        "PIN,Waktu,Status\n"
        f"{DEVICE_USER_ID},{day:%d/%m/%Y} {check_in},0\n"
        f"{DEVICE_USER_ID},{day:%d/%m/%Y} {check_out},1\n"
        f"{DEVICE_USER_ID},31/02/2026 25:00,0\n"
    )
    page.locator("#id_file").set_input_files(
        {"name": "eksport.csv", "mimeType": "text/csv", "buffer": csv.encode()}
    )
    page.locator("#id_user_id").fill("PIN")
    page.locator("#id_timestamp").fill("Waktu")
    page.locator("#id_state").fill("Status")
    page.get_by_test_id("import-preview-submit").click()

    # The preview: nothing imported yet; the bad line with its number and raw text.
    expect(_count(page, "lines")).to_have_text("3")
    expect(_count(page, "new")).to_have_text("2")
    expect(_count(page, "errors")).to_have_text("1")
    expect(_count(page, "unmapped")).to_have_text("2")
    bad = page.get_by_test_id("line-error-4")
    expect(bad).to_contain_text("31/02/2026 25:00")
    page.get_by_test_id("import-confirm").click()
    expect(page.get_by_test_id("import-result")).to_be_visible()
    expect(page.get_by_test_id("batch-status")).to_have_attribute("class", re.compile("ok"))

    # The unmapped queue: the id waits with its two lines; the officer's MyKad maps it.
    page.get_by_test_id("to-unmapped").click()
    row = page.get_by_test_id(f"unmapped-row-{serial}-{DEVICE_USER_ID}")
    expect(row).to_be_visible()
    row.locator("input[name=mykad]").fill("010101-01-0101")
    page.get_by_test_id(f"resolve-{DEVICE_USER_ID}").click()
    row = page.get_by_test_id(f"unmapped-row-{serial}-{DEVICE_USER_ID}")
    expect(row.get_by_test_id("field-error-mykad")).to_contain_text("010101-01-0101")
    row.locator("input[name=mykad]").fill(OFFICER_MYKAD)
    page.get_by_test_id(f"resolve-{DEVICE_USER_ID}").click()
    expect(page.locator(".msg.success")).to_contain_text("PEGAWAI BIOMETRIK")
    expect(page.get_by_test_id(f"unmapped-row-{serial}-{DEVICE_USER_ID}")).to_have_count(0)

    # The officer's transactions show the two biometric punches of that day.
    page.goto(url(live_url, HOST, f"/attendance/officers/{device_officer}/?month={day:%Y-%m}"))
    biometric = page.locator('[data-testid="punch-row"][data-source="biometric"]')
    stamp = f"{day.day} "
    expect(biometric.filter(has_text=re.compile(rf"\b{stamp}.*{check_in}"))).to_have_count(1)
    expect(biometric.filter(has_text=re.compile(rf"\b{stamp}.*{check_out}"))).to_have_count(1)
