"""The request pages: the officer's list and form, the approvers' inbox, one request with its
trail, the org admin's approvers. Outside one's reach a page or request answers 404, and a
refused action changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenant_apps.audit.models import AuditEntry
from tenant_apps.worktime.arrangement_services import approver_grant, arrangement_decide
from tenant_apps.worktime.models import Arrangement
from tenants.models import Agency
from tests.conftest import PASSWORD, host_of, make_user
from tests.worktime.test_arrangements_services import LOGINS, World, apply, build_world, today

Status = Arrangement.Status


@pytest.fixture
def world(agency_a: Agency) -> Iterator[World]:
    with schema_context(agency_a.schema_name):
        yield build_world(agency_a)


def client_for(agency: Agency, key_or_login: str) -> Client:
    client = Client(HTTP_HOST=host_of(agency))
    login = LOGINS.get(key_or_login, key_or_login)
    assert client.post("/login/", {"mykad": login, "password": PASSWORD}).status_code == 302
    return client


def in_a(agency: Agency, call: object, **kwargs: object) -> Arrangement:
    with schema_context(agency.schema_name):
        assert callable(call)
        result = call(**kwargs)
    assert isinstance(result, Arrangement)
    return result


def status_of(agency: Agency, arrangement: Arrangement) -> str:
    with schema_context(agency.schema_name):
        return Arrangement.objects.get(pk=arrangement.pk).status


def grant(agency: Agency, world: World, key: str) -> None:
    with schema_context(agency.schema_name):
        approver_grant(user=getattr(world, key).user, actor=world.admin)


def test_the_officer_applies_and_sees_the_status_change(world: World, agency_a: Agency) -> None:
    client = client_for(agency_a, "officer")
    start = today() + timedelta(days=3)
    form = {"kind": "bdr", "scope": "pm", "starts_on": start, "ends_on": start, "reason": "Paip"}

    assert client.post("/worktime/requests/", form).status_code == 302
    with schema_context(agency_a.schema_name):
        arrangement = Arrangement.objects.get(officer=world.officer)
    assert (arrangement.scope, arrangement.status) == ("pm", Status.PENDING)
    page = client.get("/worktime/requests/").content.decode()
    assert f'data-testid="request-status-{arrangement.pk}" data-status="pending"' in page

    grant(agency_a, world, "supervisor")
    approver = client_for(agency_a, "supervisor")
    inbox = approver.get("/worktime/requests/approvals/").content.decode()
    assert f'data-testid="approval-row-{arrangement.pk}"' in inbox
    decided = approver.post(
        f"/worktime/requests/{arrangement.pk}/decide/", {"decision": "approve", "note": ""}
    )

    assert decided.status_code == 302
    page = client.get("/worktime/requests/").content.decode()
    assert f'data-testid="request-status-{arrangement.pk}" data-status="approved"' in page
    detail = client.get(f"/worktime/requests/{arrangement.pk}/").content.decode()
    assert 'data-testid="trail-worktime.arrangement_apply"' in detail
    assert 'data-testid="trail-worktime.arrangement_approve"' in detail
    assert 'data-testid="request-cancel"' in detail  # approved, not started yet


def test_a_refused_application_shows_on_its_field(world: World, agency_a: Agency) -> None:
    client = client_for(agency_a, "officer")
    delivery = today() + timedelta(weeks=8)
    form = {
        "kind": "pregnancy_early_leave",
        "starts_on": today(),
        "ends_on": delivery,
        "expected_delivery": delivery,
    }

    response = client.post("/worktime/requests/", form)

    assert response.status_code == 400
    assert 'data-testid="field-error-ends_on"' in response.content.decode()
    with schema_context(agency_a.schema_name):
        assert not Arrangement.objects.exists()


def test_a_rejection_without_a_note_changes_nothing(world: World, agency_a: Agency) -> None:
    arrangement = in_a(agency_a, apply, officer=world.officer)
    grant(agency_a, world, "supervisor")
    approver = client_for(agency_a, "supervisor")
    url = f"/worktime/requests/{arrangement.pk}/decide/"

    assert approver.post(url, {"decision": "reject", "note": "no"}).status_code == 302
    assert status_of(agency_a, arrangement) == Status.PENDING
    assert approver.post(url, {"decision": "reject", "note": "Tiada bukti"}).status_code == 302
    assert status_of(agency_a, arrangement) == Status.REJECTED


def test_a_supervisor_without_the_permission_gets_404(world: World, agency_a: Agency) -> None:
    arrangement = in_a(agency_a, apply, officer=world.officer)
    client = client_for(agency_a, "supervisor")

    assert client.get("/worktime/requests/approvals/").status_code == 404
    assert client.get(f"/worktime/requests/{arrangement.pk}/").status_code == 404
    decide = client.post(f"/worktime/requests/{arrangement.pk}/decide/", {"decision": "approve"})
    assert decide.status_code == 404
    assert status_of(agency_a, arrangement) == Status.PENDING


def test_an_approver_outside_reach_gets_404(world: World, agency_a: Agency) -> None:
    arrangement = in_a(agency_a, apply, officer=world.officer)
    grant(agency_a, world, "outsider")
    client = client_for(agency_a, "outsider")

    inbox = client.get("/worktime/requests/approvals/")
    assert inbox.status_code == 200
    assert 'data-testid="approval-empty"' in inbox.content.decode()
    assert client.get(f"/worktime/requests/{arrangement.pk}/").status_code == 404
    decide = client.post(f"/worktime/requests/{arrangement.pk}/decide/", {"decision": "approve"})
    assert decide.status_code == 404
    assert status_of(agency_a, arrangement) == Status.PENDING


def test_an_approver_cannot_approve_their_own_request(world: World, agency_a: Agency) -> None:
    own = in_a(agency_a, apply, officer=world.supervisor)
    grant(agency_a, world, "supervisor")
    client = client_for(agency_a, "supervisor")

    detail = client.get(f"/worktime/requests/{own.pk}/").content.decode()
    assert 'data-testid="request-decision"' not in detail
    response = client.post(f"/worktime/requests/{own.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    assert status_of(agency_a, own) == Status.PENDING
    with schema_context(agency_a.schema_name):
        assert not AuditEntry.objects.filter(action="worktime.arrangement_approve").exists()


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("officer", 200),
        ("supervisor", 200),
        ("head", 200),
        ("admin", 200),
        ("man", 404),
        ("outsider", 404),
        ("other_unit", 404),
    ],
)
def test_who_sees_a_request(world: World, agency_a: Agency, viewer: str, expected: int) -> None:
    arrangement = in_a(agency_a, apply, officer=world.officer)
    for key in ("supervisor", "head", "outsider"):
        grant(agency_a, world, key)

    response = client_for(agency_a, viewer).get(f"/worktime/requests/{arrangement.pk}/")

    assert response.status_code == expected


def test_the_officer_cancels_a_pending_request(world: World, agency_a: Agency) -> None:
    arrangement = in_a(agency_a, apply, officer=world.officer)
    url = f"/worktime/requests/{arrangement.pk}/cancel/"

    assert client_for(agency_a, "admin").post(url).status_code == 302
    assert status_of(agency_a, arrangement) == Status.PENDING
    assert client_for(agency_a, "officer").post(url).status_code == 302
    assert status_of(agency_a, arrangement) == Status.CANCELLED


def test_only_the_org_admin_names_approvers(world: World, agency_a: Agency) -> None:
    for key in ("officer", "supervisor", "head"):
        assert client_for(agency_a, key).get("/worktime/requests/approvers/").status_code == 404
    admin = client_for(agency_a, "admin")

    added = admin.post("/worktime/requests/approvers/", {"login_id": "800101-16-5013"})
    unknown = admin.post("/worktime/requests/approvers/", {"login_id": "111111111111"})

    assert (added.status_code, unknown.status_code) == (302, 400)
    page = admin.get("/worktime/requests/approvers/").content.decode()
    assert f'data-testid="approver-row-{LOGINS["supervisor"]}"' in page
    supervisor_user = world.supervisor.user_id
    removed = admin.post(f"/worktime/requests/approvers/{supervisor_user}/remove/")
    assert removed.status_code == 302
    with schema_context(agency_a.schema_name):
        actions = AuditEntry.objects.filter(object_id=str(supervisor_user)).values_list(
            "action", flat=True
        )
        assert sorted(actions) == ["worktime.approver_grant", "worktime.approver_revoke"]
    assert (
        client_for(agency_a, "supervisor").get("/worktime/requests/approvals/").status_code == 404
    )


def test_a_user_who_is_not_an_officer_cannot_apply(world: World, agency_a: Agency) -> None:
    client = client_for(agency_a, "admin")

    page = client.get("/worktime/requests/")
    assert 'data-testid="not-an-officer"' in page.content.decode()
    posted = client.post("/worktime/requests/", {"kind": "bdr", "starts_on": today()})
    assert posted.status_code == 404


def test_a_request_of_agency_a_is_not_found_on_agency_b(
    world: World, agency_a: Agency, agency_b: Agency
) -> None:
    arrangement = in_a(agency_a, apply, officer=world.officer)
    make_user(agency_b, "700101035035", roles=(Role.OFFICER, Role.ORG_ADMIN))
    client = client_for(agency_b, "700101035035")

    assert client.get(f"/worktime/requests/{arrangement.pk}/").status_code == 404
    decide = client.post(f"/worktime/requests/{arrangement.pk}/decide/", {"decision": "approve"})
    assert decide.status_code == 404
    assert "PEGAWAI WANITA" not in client.get("/worktime/requests/approvals/").content.decode()
    assert status_of(agency_a, arrangement) == Status.PENDING


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_lists_do_not_query_per_row(world: World, agency_a: Agency) -> None:
    grant(agency_a, world, "supervisor")
    first = in_a(agency_a, apply, officer=world.officer)
    officer, approver = client_for(agency_a, "officer"), client_for(agency_a, "supervisor")
    one = (
        _queries(officer, "/worktime/requests/"),
        _queries(approver, "/worktime/requests/approvals/"),
    )
    with schema_context(agency_a.schema_name):
        arrangement_decide(arrangement=first, approve=True, note="", actor=world.admin)
        for days in (20, 30):
            start = today() + timedelta(days=days)
            apply(world.officer, starts_on=start, ends_on=start)
            apply(world.man, starts_on=start, ends_on=start)

    many = (
        _queries(officer, "/worktime/requests/"),
        _queries(approver, "/worktime/requests/approvals/"),
    )

    assert many == one
