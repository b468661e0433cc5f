"""An officer of agency A does not exist on agency B's supervisor pages, even for B's org admin
(who reaches every officer of B), and A's rows never appear on B's board or year grid."""

from __future__ import annotations

from django_tenants.utils import schema_context

from accounts.roles import Role
from tenant_apps.people.models import Officer
from tenants.models import Agency
from tests.conftest import make_user
from tests.dashboard.helpers import AsUser, World, client_for

ADMIN_B = "830808035019"


def test_an_officer_of_agency_a_answers_404_on_agency_b(
    world: World, agency_a: Agency, agency_b: Agency, as_user: AsUser
) -> None:
    make_user(agency_b, ADMIN_B, roles=(Role.OFFICER, Role.ORG_ADMIN))
    with schema_context(agency_b.schema_name):
        assert not Officer.objects.filter(pk=world.officer.pk).exists()
    client = client_for(agency_b, ADMIN_B)

    assert client.get(f"/supervision/officers/{world.officer.pk}/").status_code == 404
    board = client.get("/supervision/").content.decode()
    assert world.officer.user.full_name not in board
    assert world.officer.user.full_name not in client.get("/supervision/year/").content.decode()
    # The same page on agency A answers its supervisor.
    assert (
        as_user("supervisor").get(f"/supervision/officers/{world.officer.pk}/").status_code == 200
    )
