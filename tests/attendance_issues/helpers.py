"""A small world for attendance issue tests: an officer with a supervisor and a second-level
supervisor, a second officer of the same supervisor, someone who may act for the supervisor, an
outsider, an executive granted the officers' unit, and the org admin; and closed duty days with
exceptions, made by the real punch and recompute services."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import User
from accounts.roles import Role
from tenant_apps.attendance.days import day_recompute
from tenant_apps.attendance.services import PunchInput, punch_record
from tenant_apps.attendance_issues.models import AttendanceIssue, IssueReason
from tenant_apps.attendance_issues.services import issue_explain
from tenant_apps.people import geo
from tenant_apps.people.models import Officer, OrgUnit
from tenant_apps.people.office_services import OfficeData, office_create
from tenant_apps.people.officer_services import OfficerData, officer_create
from tenant_apps.people.services import executive_grant, unit_create
from tenant_apps.worktime.engine import MALAYSIA
from tenants.models import Agency
from tests.conftest import PASSWORD, host_of, make_user

OFFICE = (2.9264, 101.6964)  # Kompleks JDN, Putrajaya
# Working weekdays in Putrajaya (no public holiday), in the past of the test clock's November.
MONDAY = date(2026, 11, 2)
TUESDAY = date(2026, 11, 3)
WEDNESDAY = date(2026, 11, 4)
THURSDAY = date(2026, 11, 5)

LOGINS = {
    "officer": "821111165013",
    "colleague": "821111165021",
    "supervisor": "821111165039",
    "second": "821111165047",
    "acting": "821111165055",
    "outsider": "821111165063",
    "executive": "821111165071",
    "admin": "821111165089",
}

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@dataclass
class World:
    officer: Officer
    colleague: Officer
    supervisor: Officer
    second: Officer
    acting: Officer
    outsider: Officer
    executive: Officer
    admin: User
    unit: OrgUnit
    other_unit: OrgUnit


def _officer(key: str, name: str, unit: OrgUnit, **extra: Any) -> Officer:
    officer = officer_create(
        data=OfficerData(login_id=LOGINS[key], full_name=name, org_unit=unit, **extra),
        actor=None,
    )
    officer.user.set_password(PASSWORD)
    officer.user.email = f"{key}@ujian.gov.my"
    officer.user.save()
    return officer


def build_world(agency: Agency) -> World:
    """Call inside the agency's schema."""
    from django.contrib.auth.models import Group

    root = OrgUnit.objects.get(parent=None)
    unit = unit_create(name="Bahagian Kehadiran", short_name="BKH", parent=root)
    other_unit = unit_create(name="Bahagian Lain", short_name="BLN", parent=root)
    second = _officer("second", "PENYELIA KANAN", unit)
    supervisor = _officer("supervisor", "PENYELIA ISU", unit, supervisor=second)
    officer = _officer(
        "officer", "PEGAWAI ISU", unit, supervisor=supervisor, second_supervisor=second
    )
    colleague = _officer("colleague", "RAKAN SEPASUKAN", unit, supervisor=supervisor)
    acting = _officer("acting", "PEMANGKU PENYELIA", unit)
    outsider = _officer("outsider", "PENYELIA LUAR", other_unit)
    executive = _officer("executive", "EKSEKUTIF BAHAGIAN", other_unit)
    executive.user.groups.add(Group.objects.get(name=Role.EXECUTIVE.value))
    executive_grant(executive=executive.user, unit=unit)
    office_create(
        data=OfficeData("Kompleks JDN", "Putrajaya", geo.Circle(*OFFICE, 150.0)),
        units=[root],
        actor=None,
    )
    # Officers made today would not be judged on earlier days.
    Officer.objects.update(created_at=at(MONDAY - timedelta(days=30), 8))
    admin = make_user(agency, LOGINS["admin"], roles=(Role.OFFICER, Role.ORG_ADMIN))
    return World(
        officer, colleague, supervisor, second, acting, outsider, executive, admin, unit, other_unit
    )


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), MALAYSIA)


def punch(officer: Officer, kind: str, when: datetime) -> None:
    punch_record(
        officer=officer,
        data=PunchInput(kind=kind, event_id=uuid.uuid4(), latitude=OFFICE[0], longitude=OFFICE[1]),
        now=when,
    )


def late_day(officer: Officer, day: date = WEDNESDAY) -> AttendanceIssue:
    """A closed day with only LATE_IN (in 09:30 after the WBF window, out after nine hours):
    closing it opens the issue, which is returned."""
    punch(officer, "in", at(day, 9, 30))
    punch(officer, "out", at(day, 18, 45))
    day_recompute(officer, day, now=at(day + timedelta(days=1), 0, 5))
    return AttendanceIssue.objects.get(officer=officer, day=day, category="LATE_IN")


def reason(code: str = "KESESAKAN") -> IssueReason:
    return IssueReason.objects.get(code=code)


def upload(name: str = "surat.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def explained(issue: AttendanceIssue, text: str = "Kesesakan di Lebuhraya MEX") -> AttendanceIssue:
    return issue_explain(
        issue=issue,
        actor=issue.officer.user,
        reason=reason(),
        explanation=text,
        attachment=None,
    )


def client_for(agency: Agency, key: str) -> Client:
    client = Client(HTTP_HOST=host_of(agency))
    response = client.post("/login/", {"mykad": LOGINS[key], "password": PASSWORD})
    assert response.status_code == 302
    return client
