"""Daftar Masuk / Daftar Keluar in a browser whose position is set: inside the office's geofence,
far outside it, without location permission, and with no connection (the punch waits on the
phone, survives a reload served by the service worker, and arrives exactly once with the time of
the press). The installable app's manifest and service worker load on the agency's host."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.conftest import AGENCY_A, PASSWORD
from tests.e2e.conftest import url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
HOST = f"{AGENCY_A.slug}.localhost"
SUPERVISOR = "870707-16-5101"
INSIDE = "870707-16-5113"
OUTSIDE = "870707-16-5125"
OFFLINE = "870707-16-5137"
NO_LOCATION = "870707-16-5149"
OFFICE_NAME = "Pejabat Ujian Daftar Masuk"
PUTRAJAYA = {"latitude": 2.9264, "longitude": 101.6964, "accuracy": 12}
NEAR_THE_DOOR = {"latitude": 2.9266, "longitude": 101.6966, "accuracy": 12}  # about 30 m away
KL = ZoneInfo("Asia/Kuala_Lumpur")
KOTA_BHARU = {"latitude": 6.1254, "longitude": 102.2381, "accuracy": 20}
# The service worker is active (not merely installed) once this resolves.
WORKER_ACTIVE = """() => navigator.serviceWorker.ready.then((registration) => {
  const worker = registration.active;
  if (worker.state === "activated") return [worker.state, registration.scope];
  return new Promise((resolve) => worker.addEventListener("statechange", () => {
    if (worker.state === "activated") resolve([worker.state, registration.scope]);
  }));
})"""

STORED_PUNCHES = """() => new Promise((resolve) => {
  const open = indexedDB.open("spotme");
  open.onsuccess = () => {
    const all = open.result.transaction("punches").objectStore("punches").getAll();
    all.onsuccess = () => resolve(all.result.length);
  };
})"""


def _login_id(mykad: str) -> str:
    return mykad.replace("-", "")


@pytest.fixture(scope="module")
def punch_staff(django_db_blocker: Any, e2e_people: dict[str, str]) -> None:
    """Officers with a supervisor, all given one circular office of 150 m at Putrajaya,
    committed for the server."""
    from django_tenants.utils import schema_context

    from tenant_apps.people import geo
    from tenant_apps.people.models import OfficeLocation, Officer, OrgUnit
    from tenant_apps.people.office_services import OfficeData, office_assign, office_create
    from tenant_apps.people.officer_services import OfficerData, officer_create
    from tenants.models import Agency

    with django_db_blocker.unblock():
        agency = Agency.objects.get(slug=AGENCY_A.slug)
        with schema_context(agency.schema_name):
            root = OrgUnit.objects.get(parent=None)

            def ensure(mykad: str, name: str, supervisor: Officer | None) -> Officer:
                officer = Officer.objects.filter(user__login_id=_login_id(mykad)).first()
                if officer is None:
                    officer = officer_create(
                        data=OfficerData(_login_id(mykad), name, root, supervisor=supervisor),
                        actor=None,
                    )
                officer.user.set_password(PASSWORD)
                officer.user.save(update_fields=["password"])
                return officer

            boss = ensure(SUPERVISOR, "PENYELIA DAFTAR MASUK", None)
            staff = [
                ensure(INSIDE, "PEGAWAI DALAM PEJABAT", boss),
                ensure(OUTSIDE, "PEGAWAI LUAR KAWASAN", boss),
                ensure(OFFLINE, "PEGAWAI TANPA SAMBUNGAN", boss),
                ensure(NO_LOCATION, "PEGAWAI TANPA LOKASI", boss),
            ]
            office = OfficeLocation.objects.filter(name=OFFICE_NAME).first()
            if office is None:
                office = office_create(
                    data=OfficeData(
                        OFFICE_NAME,
                        "Presint 1, Putrajaya",
                        geo.Circle(PUTRAJAYA["latitude"], PUTRAJAYA["longitude"], 150),
                    ),
                    actor=None,
                )
            office_assign(office=office, units=[], officers=[boss, *staff], actor=None)


def punches_of(mykad: str) -> list[Any]:
    """The officer's punches as the server stored them (committed rows, read in the agency)."""
    from django_tenants.utils import schema_context

    from tenant_apps.attendance.models import AttendanceEvent
    from tenants.models import Agency

    with schema_context(Agency.objects.get(slug=AGENCY_A.slug).schema_name):
        return list(
            AttendanceEvent.objects.select_related("office")
            .filter(officer__user__login_id=_login_id(mykad))
            .order_by("recorded_at")
        )


def phone(browser: Any, position: dict[str, float] | None, **options: Any) -> Any:
    """A phone-sized context in Malaysia, its position set and location allowed (unless
    ``position`` is None: then location is refused)."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="en-US",
        timezone_id="Asia/Kuala_Lumpur",
        geolocation=position,
        permissions=["geolocation"] if position else [],
        **options,
    )
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def contexts() -> Iterator[list[Any]]:
    opened: list[Any] = []
    yield opened
    for context in opened:
        context.close()


def log_in_at_home(context: Any, live_url: str, mykad: str, language: str = "") -> Any:
    if language:
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": url(live_url, HOST)}]
        )
    page = context.new_page()
    page.goto(url(live_url, HOST, "/"))
    page.locator("#id_mykad").fill(mykad)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("punch-in")).to_be_visible()
    return page


def test_a_check_in_inside_the_geofence_is_recorded_at_the_office(
    browser: Any, live_url: str, punch_staff: None, contexts: list[Any]
) -> None:
    contexts.append(context := phone(browser, NEAR_THE_DOOR))
    page = log_in_at_home(context, live_url, INSIDE)

    page.get_by_test_id("punch-in").click()

    today = page.get_by_test_id("today")
    expect(today.locator('[data-place="office"]')).to_have_count(1)
    [punch] = punches_of(INSIDE)
    at = punch.claimed_at.astimezone(KL).strftime("%H:%M")
    expect(today.get_by_test_id("check-in")).to_have_text(at)
    expect(page.get_by_test_id("punch-status")).to_contain_text(at)
    assert (punch.kind, punch.source, punch.place) == ("in", "web", "office")
    assert punch.office.name == OFFICE_NAME
    assert punch.distance_m < 60
    assert (punch.latitude, punch.longitude) == (2.9266, 101.6966)
    assert punch.accuracy_m == 12
    assert "no_position" not in punch.flags
    assert "offline" not in punch.flags
    expect(page.get_by_test_id("punch-pending").locator("li")).to_have_count(0)


def test_punches_far_outside_the_geofence_are_recorded_outside_and_flagged(
    browser: Any, live_url: str, punch_staff: None, contexts: list[Any]
) -> None:
    contexts.append(context := phone(browser, KOTA_BHARU))
    page = log_in_at_home(context, live_url, OUTSIDE, language="en")
    status = page.get_by_test_id("punch-status")
    today = page.get_by_test_id("today")

    page.get_by_test_id("punch-in").click()
    expect(status).to_contain_text("outside your office area")
    expect(today.locator('[data-place="outside"]')).to_have_count(1)
    page.get_by_test_id("punch-out").click()
    expect(today.locator('[data-place="outside"]')).to_have_count(2)

    punches = punches_of(OUTSIDE)
    assert [(p.kind, p.place, p.source) for p in punches] == [
        ("in", "outside", "web"),
        ("out", "outside", "web"),
    ]
    # Judged against the officer's office, about 400 km away.
    assert all(p.distance_m is not None and p.distance_m > 300_000 for p in punches)
    expect(today.get_by_test_id("check-out")).not_to_have_text("—")


def test_a_refused_location_is_explained_and_the_punch_is_flagged(
    browser: Any, live_url: str, punch_staff: None, contexts: list[Any]
) -> None:
    contexts.append(context := phone(browser, None))
    page = log_in_at_home(context, live_url, NO_LOCATION)
    denied = page.locator("#punch").get_attribute("data-msg-denied")
    assert denied

    page.get_by_test_id("punch-in").click()

    expect(page.get_by_test_id("punch-status")).to_contain_text(denied)
    expect(page.get_by_test_id("today").locator("[data-place]")).to_have_count(1)
    [punch] = punches_of(NO_LOCATION)
    assert (punch.latitude, punch.longitude, punch.place) == (None, None, "outside")
    assert "no_position" in punch.flags


def test_an_offline_check_in_waits_survives_a_reload_and_arrives_once(
    browser: Any, live_url: str, punch_staff: None, contexts: list[Any]
) -> None:
    contexts.append(context := phone(browser, NEAR_THE_DOOR))
    page = log_in_at_home(context, live_url, OFFLINE)
    assert page.evaluate(WORKER_ACTIVE)[0] == "activated"
    # punch.js has the worker keep this page (loaded before the worker existed) for offline use.
    page.wait_for_function("caches.match('/').then((kept) => Boolean(kept))")
    waiting = page.locator("#punch").get_attribute("data-msg-waiting")
    assert waiting
    pending = page.get_by_test_id("punch-pending").locator("li")

    context.set_offline(True)
    pressed_at = datetime.now(UTC)
    page.get_by_test_id("punch-in").click()
    expect(pending).to_have_count(1)
    expect(pending).to_contain_text(waiting)
    expect(pending).to_contain_text(pressed_at.astimezone(KL).strftime("%H:%M"))
    event_id = pending.get_attribute("data-event-id")
    assert punches_of(OFFLINE) == []

    response = page.reload()
    assert response is not None
    assert response.from_service_worker
    expect(page.get_by_test_id("punch-in")).to_be_visible()
    expect(pending).to_have_count(1)
    expect(pending).to_have_attribute("data-event-id", str(event_id))
    assert punches_of(OFFLINE) == []

    context.set_offline(False)
    expect(pending).to_have_count(0)
    expect(page.get_by_test_id("today").locator('[data-place="office"]')).to_have_count(1)
    # Another "online" (a second tab, the timer) has nothing left to send.
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_timeout(1_000)
    [punch] = punches_of(OFFLINE)
    assert str(punch.event_id) == event_id
    assert (punch.kind, punch.source, punch.place) == ("in", "offline", "office")
    assert "offline" in punch.flags
    assert abs(punch.device_time - pressed_at) < timedelta(seconds=2)
    assert punch.claimed_at == punch.device_time
    assert punch.recorded_at > punch.device_time
    assert page.evaluate(STORED_PUNCHES) == 0


def test_the_app_is_installable_on_the_agency_host(page: Any, live_url: str) -> None:
    page.goto(url(live_url, HOST, "/login/"))

    href = page.locator('link[rel="manifest"]').get_attribute("href")
    manifest = page.evaluate("(href) => fetch(href).then((r) => r.json())", href)
    assert (manifest["name"], manifest["start_url"], manifest["display"]) == (
        "SPOT-Me",
        "/",
        "standalone",
    )
    for icon in manifest["icons"]:
        answer = page.evaluate(
            "(src) => fetch(src).then((r) => [r.status, r.headers.get('content-type')])",
            icon["src"],
        )
        assert answer == [200, "image/png"]
    state, scope = page.evaluate(WORKER_ACTIVE)
    assert (state, scope) == ("activated", url(live_url, HOST, "/"))
