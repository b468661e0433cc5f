"""Simulasi in the browser's shape: org admins and executives evaluate JSON cases."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from accounts.roles import Role
from tenants.models import Agency
from tests.conftest import PASSWORD, make_user

LATE = {
    "region": "16",
    "date": "2026-03-03",
    "policy": {"type": "WBF"},
    "punches": [
        {"at": "2026-03-03T09:07:00+08:00", "kind": "in", "inside_geofence": True},
        {"at": "2026-03-03T18:00:00+08:00", "kind": "out", "inside_geofence": True},
    ],
    "arrangements": [],
    "day_closed": True,
}


def logged_in(client: Client, agency: Agency, login: str, *roles: Role) -> Client:
    make_user(agency, login, roles=(Role.OFFICER, *roles))
    assert client.post("/login/", {"mykad": login, "password": PASSWORD}).status_code == 302
    return client


@pytest.mark.parametrize("role", [Role.ORG_ADMIN, Role.EXECUTIVE])
def test_a_late_check_in_is_explained(agency_a: Agency, client_a: Client, role: Role) -> None:
    client = logged_in(client_a, agency_a, "700101165039", role)

    page = client.post("/worktime/simulate/", {"cases": json.dumps(LATE)}).content.decode()

    assert 'data-testid="simulate-status">PRESENT<' in page
    assert 'data-testid="simulate-category">LATE_IN<' in page
    assert 'data-testid="simulate-late">7<' in page
    assert "Lewat" in page  # the reason, in Malay


def test_a_bad_case_is_reported_and_the_good_one_still_evaluated(
    agency_a: Agency, client_a: Client
) -> None:
    client = logged_in(client_a, agency_a, "700101165039", Role.ORG_ADMIN)
    cases = json.dumps([{**LATE, "region": "17"}, LATE])

    page = client.post("/worktime/simulate/", {"cases": cases}).content.decode()

    assert page.count('data-testid="simulate-result"') == 2
    assert 'data-testid="simulate-error"' in page
    assert 'data-testid="simulate-status">PRESENT<' in page


def test_officers_and_supervisors_do_not_have_the_page(agency_a: Agency, client_a: Client) -> None:
    client = logged_in(client_a, agency_a, "900101165017", Role.SUPERVISOR)

    assert client.get("/worktime/simulate/").status_code == 404
