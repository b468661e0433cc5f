"""The evidence pack: the PDF's text carries every punch time, the engine's reasons, the issue's
explanation and decision, and the SHA-256 that ``evidence_digest`` recomputes (on the cover and on
every page); a tampered punch shows the chain broken and changes the digest; who may make one (the
org admin and executives granted the unit only); isolation between agencies; the audit entry; and
a query count that does not grow with the punches."""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.attendance_issues.models import AttendanceIssue
from tenant_apps.attendance_issues.services import issue_decide
from tenant_apps.audit.models import AuditEntry
from tenant_apps.reports.evidence import (
    canonical_json,
    evidence_content,
    evidence_digest,
    month_parse,
)
from tenants.models import Agency
from tests.attendance_issues.helpers import (
    MONDAY,
    TUESDAY,
    WEDNESDAY,
    World,
    at,
    build_world,
    client_for,
    explained,
    late_day,
    punch,
)
from tests.conftest import PASSWORD, host_of, make_user

MONTH = "2026-11"
EXPLANATION = "Kesesakan di Lebuhraya MEX"
DECISION = "Tiada bukti kesesakan dikemukakan"


@pytest.fixture
def world(agency_a: Agency, settings: object, tmp_path: Path) -> Iterator[World]:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


@pytest.fixture
def decided(world: World) -> AttendanceIssue:
    """A late Wednesday, explained by the officer and rejected by the supervisor."""
    issue = explained(late_day(world.officer, WEDNESDAY), EXPLANATION)
    return issue_decide(issue=issue, actor=world.supervisor.user, accept=False, comment=DECISION)


def _pack(client: Client, officer_id: int, month: str = MONTH) -> tuple[int, bytes, str]:
    response = client.get(f"/reports/evidence/{officer_id}/{month}/")
    return response.status_code, response.content, response.get("X-Evidence-SHA256", "")


def _pages(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "pack.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def test_the_pack_carries_every_punch_the_reasons_the_explanation_and_the_decision(
    world: World, decided: AttendanceIssue, tmp_path: Path, agency_a: Agency
) -> None:
    punch(world.officer, "in", at(TUESDAY, 8, 2))
    client = client_for(agency_a, "admin")

    status, pdf, header = _pack(client, world.officer.pk)

    assert status == 200
    assert pdf.startswith(b"%PDF")
    pages = _pages(pdf, tmp_path)
    text = "\n".join(pages)
    for moment in AttendanceEvent.objects.filter(officer=world.officer):
        local = moment.claimed_at.astimezone(at(MONDAY, 0).tzinfo)
        assert f"{local:%H:%M:%S}" in text
    assert {"09:30:00", "18:45:00", "08:02:00"} <= set(re.findall(r"\d\d:\d\d:\d\d", text))
    day = AttendanceDay.objects.get(officer=world.officer, day=WEDNESDAY)
    assert day.reasons
    flat = " ".join(text.split())
    for reason in day.reasons:  # the engine's reasons, in Malay (the page's language)
        assert " ".join(reason["ms"].split()) in flat
    assert EXPLANATION in flat
    assert DECISION in flat
    assert "PEGAWAI ISU" in text
    digest = evidence_digest(world.officer, MONTH)
    assert header == digest
    assert all(digest in "".join(page.split()) for page in pages)  # every page's foot
    assert len(pages) >= 2


def test_the_printed_digest_is_the_sha256_of_the_canonical_content(
    world: World, decided: AttendanceIssue
) -> None:
    content = evidence_content(world.officer, date(2026, 11, 1))
    expected = hashlib.sha256(canonical_json(content)).hexdigest()

    assert evidence_digest(world.officer, MONTH) == expected
    assert evidence_digest(world.officer, date(2026, 11, 15)) == expected
    assert [p["kind"] for p in content["punches"]] == ["in", "out"]
    assert content["issues"][0]["explanation"] == EXPLANATION
    assert [event["action"] for event in content["issues"][0]["history"]] == [
        "opened",
        "explained",
        "rejected",
    ]
    assert content["chain"] == {"holds": True, "broken_at": None, "broken_claimed_at": None}


def test_the_digest_does_not_depend_on_the_language_or_the_time_of_making(
    world: World, decided: AttendanceIssue, agency_a: Agency
) -> None:
    client = client_for(agency_a, "admin")
    _status, _pdf, malay = _pack(client, world.officer.pk)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    status, _pdf_en, english = _pack(client, world.officer.pk)

    assert status == 200
    assert english == malay == evidence_digest(world.officer, MONTH)
    entries = AuditEntry.objects.filter(action="reports.evidence_pack").order_by("id")
    assert [entry.detail["language"] for entry in entries] == ["ms", "en"]


def test_a_tampered_punch_shows_the_chain_broken_and_changes_the_digest(
    world: World, decided: AttendanceIssue, tmp_path: Path, agency_a: Agency
) -> None:
    before = evidence_digest(world.officer, MONTH)
    first = AttendanceEvent.objects.filter(officer=world.officer).order_by("id").first()
    assert first is not None
    AttendanceEvent.objects.filter(pk=first.pk).update(
        claimed_at=first.claimed_at - timedelta(minutes=31)
    )
    client = client_for(agency_a, "admin")

    status, pdf, header = _pack(client, world.officer.pk)

    assert status == 200
    text = " ".join("\n".join(_pages(pdf, tmp_path)).split())
    assert "ROSAK" in text  # BROKEN, in the Malay the page speaks by default
    assert "08:59:00" in text  # the tampered time is shown, flagged
    assert header != before
    content = evidence_content(world.officer, date(2026, 11, 1))
    assert content["chain"]["holds"] is False
    assert content["chain"]["broken_at"] == str(first.event_id)
    assert [p["chain"] for p in content["punches"]] == ["broken", "after_break"]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("admin", 200),
        ("executive", 200),  # granted the officer's unit
        ("supervisor", 404),  # supervisors do not make evidence packs
        ("second", 404),
        ("officer", 404),  # not even of oneself
        ("outsider", 404),
    ],
)
def test_who_may_make_the_pack(
    world: World, decided: AttendanceIssue, who: str, expected: int, agency_a: Agency
) -> None:
    status, _pdf, _header = _pack(client_for(agency_a, who), world.officer.pk)

    assert status == expected
    made = AuditEntry.objects.filter(action="reports.evidence_pack").count()
    assert made == (1 if expected == 200 else 0)


def test_an_executive_gets_404_for_an_officer_outside_the_granted_unit(
    world: World, agency_a: Agency
) -> None:
    client = client_for(agency_a, "executive")

    assert _pack(client, world.outsider.pk)[0] == 404
    assert _pack(client, world.executive.pk)[0] == 404  # their own unit is not granted
    assert _pack(client, world.colleague.pk)[0] == 200


@pytest.mark.parametrize("month", ["2026-13", "2026-1", "26-11", "2027-01", "november"])
def test_a_malformed_or_future_month_is_404(world: World, month: str, agency_a: Agency) -> None:
    client = client_for(agency_a, "admin")
    assert _pack(client, world.officer.pk, month)[0] == 404
    assert not AuditEntry.objects.filter(action="reports.evidence_pack").exists()


def test_an_officer_of_agency_a_is_not_found_on_agency_b(
    world: World, agency_a: Agency, agency_b: Agency
) -> None:
    officer_id = world.officer.pk
    make_user(agency_b, "870707105015", roles=(Role.OFFICER, Role.ORG_ADMIN))
    client = Client(HTTP_HOST=host_of(agency_b))
    assert (
        client.post("/login/", {"mykad": "870707105015", "password": PASSWORD}).status_code == 302
    )

    assert _pack(client, officer_id)[0] == 404
    with schema_context(agency_b.schema_name):
        assert not AuditEntry.objects.filter(action="reports.evidence_pack").exists()


def test_every_generation_is_audited_with_both_digests(
    world: World, decided: AttendanceIssue, agency_a: Agency
) -> None:
    client = client_for(agency_a, "executive")

    _status, pdf, header = _pack(client, world.officer.pk)

    entry = AuditEntry.objects.get(action="reports.evidence_pack")
    assert entry.actor == world.executive.user
    assert (entry.object_type, entry.object_id) == ("people.officer", str(world.officer.pk))
    assert entry.detail["month"] == MONTH
    assert entry.detail["content_sha256"] == header
    assert entry.detail["pdf_sha256"] == hashlib.sha256(pdf).hexdigest()
    assert entry.detail["punches"] == 2
    assert entry.detail["chain_holds"] is True


def test_the_pack_makes_the_same_number_of_queries_for_more_records(
    world: World, decided: AttendanceIssue
) -> None:
    month = date(2026, 11, 1)
    with CaptureQueriesContext(connection) as few:
        evidence_content(world.officer, month)
    for day in (MONDAY, TUESDAY):
        explained(late_day(world.officer, day))
    with CaptureQueriesContext(connection) as more:
        content = evidence_content(world.officer, month)
    assert len(content["punches"]) == 6
    assert len(content["issues"]) == 3
    assert len(more) == len(few)


def test_the_finder_lists_the_officers_in_reach(world: World, agency_a: Agency) -> None:
    client = client_for(agency_a, "executive")

    response = client.get("/reports/evidence/", {"month": MONTH})

    assert response.status_code == 200
    page = response.content.decode()
    assert f"/reports/evidence/{world.officer.pk}/{MONTH}/" in page
    assert f"/reports/evidence/{world.outsider.pk}/" not in page
    searched = client.get("/reports/evidence/", {"q": "RAKAN", "month": MONTH}).content.decode()
    assert f"/reports/evidence/{world.colleague.pk}/{MONTH}/" in searched
    assert f"/reports/evidence/{world.officer.pk}/" not in searched
    assert client_for(agency_a, "supervisor").get("/reports/evidence/").status_code == 404


def test_the_month_is_parsed_strictly() -> None:
    assert month_parse("2026-02", today=date(2026, 11, 27)) == date(2026, 2, 1)
    with pytest.raises(ValueError, match="2026-12"):
        month_parse("2026-12", today=date(2026, 11, 27))
    with pytest.raises(ValueError, match=r"month must be in 1\.\.12"):
        month_parse("2026-00", today=date(2026, 11, 27))
