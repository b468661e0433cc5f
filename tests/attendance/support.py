"""A small world for attendance tests: an officer with a supervisor and an office in Putrajaya,
an outsider, and the org admin. Call inside the agency's schema."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.test import Client

from accounts.models import User
from accounts.roles import Role
from tenant_apps.people import geo
from tenant_apps.people.models import OfficeLocation, Officer, OrgUnit
from tenant_apps.people.office_services import OfficeData, office_create
from tenant_apps.people.officer_services import OfficerData, officer_create
from tenants.models import Agency
from tests.conftest import PASSWORD, host_of, make_user

# Kompleks JDN, Putrajaya (a 150 m circle) and a point 5 km away.
OFFICE = (2.9264, 101.6964)
FAR = (2.9714, 101.6964)

LOGINS = {
    "officer": "880303165013",
    "supervisor": "780303165017",
    "outsider": "790303165019",
    "admin": "690303165011",
}


@dataclass
class World:
    officer: Officer
    supervisor: Officer
    outsider: Officer
    admin: User
    office: OfficeLocation


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
    root = OrgUnit.objects.get(parent=None)
    supervisor = _officer("supervisor", "PENYELIA KEHADIRAN", root)
    officer = _officer("officer", "MARLIANA BINTI RAMLI", root, supervisor=supervisor)
    outsider = _officer("outsider", "PEGAWAI LUAR", root)
    office = office_create(
        data=OfficeData("Kompleks JDN", "Putrajaya", geo.Circle(*OFFICE, 150.0)),
        units=[root],
        actor=None,
    )
    admin = make_user(agency, LOGINS["admin"], roles=(Role.OFFICER, Role.ORG_ADMIN))
    return World(officer, supervisor, outsider, admin, office)


def client_for(agency: Agency, key: str) -> Client:
    client = Client(HTTP_HOST=host_of(agency))
    assert client.post("/login/", {"mykad": LOGINS[key], "password": PASSWORD}).status_code == 302
    return client


def punch_body(kind: str = "in", at: tuple[float, float] | None = OFFICE, **extra: Any) -> str:
    body: dict[str, Any] = {"event_id": str(uuid.uuid4()), "kind": kind, "accuracy": 12.0}
    if at is not None:
        body["latitude"], body["longitude"] = at
    body.update(extra)
    return json.dumps(body)


def post_punch(client: Client, body: str) -> Any:
    return client.post("/api/v1/attendance/punches", body, content_type="application/json")
