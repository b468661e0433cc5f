"""The agency's audit trail page: the org admin's only, the agency's own entries only."""

from __future__ import annotations

from django.test import Client
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenant_apps.people.models import OrgUnit
from tenant_apps.people.services import unit_create
from tenants.models import Agency
from tests.conftest import PASSWORD, make_user


def login(client: Client, agency: Agency, mykad: str, *roles: Role) -> Client:
    make_user(agency, mykad, full_name="PENTADBIR", roles=(Role.OFFICER, *roles))
    assert client.post("/login/", {"mykad": mykad, "password": PASSWORD}).status_code == 302
    return client


def test_the_org_admin_reads_the_agency_audit_log(
    agency_a: Agency, agency_b: Agency, client_a: Client, client_b: Client
) -> None:
    with schema_context(agency_a.schema_name):
        unit_create(name="Bahagian Rahsia A", parent=OrgUnit.objects.get(parent=None))

    page_a = login(client_a, agency_a, "700101165039", Role.ORG_ADMIN).get("/audit/")
    page_b = login(client_b, agency_b, "700101035035", Role.ORG_ADMIN).get("/audit/")

    assert "Bahagian Rahsia A" in page_a.content.decode()
    assert "Bahagian Rahsia A" not in page_b.content.decode()


def test_an_officer_does_not_have_the_page(agency_a: Agency, client_a: Client) -> None:
    assert (
        login(client_a, agency_a, "900101165017", Role.SUPERVISOR).get("/audit/").status_code == 404
    )
