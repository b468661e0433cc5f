"""A movement and a task note of agency A do not exist on agency B, on the pages or the API, even
for agency B's org admin (who sees every movement of B)."""

from __future__ import annotations

from django.test import Client
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenant_apps.assignments.models import TaskNote
from tenant_apps.assignments.services import task_note_add
from tenant_apps.movements.models import Movement
from tenants.models import Agency
from tests.conftest import host_of, make_user
from tests.movements.helpers import World, client_for, declare, today

ADMIN_B = "770707035019"


def test_agency_a_records_answer_404_on_agency_b(
    world: World, agency_a: Agency, agency_b: Agency
) -> None:
    movement = declare(world.officer)
    note = task_note_add(
        officer=world.officer, day=today(), text="Rahsia A", actor=world.officer.user
    )
    make_user(agency_b, ADMIN_B, roles=(Role.OFFICER, Role.ORG_ADMIN))
    with schema_context(agency_b.schema_name):
        assert not Movement.objects.filter(pk=movement.pk).exists()
        assert not TaskNote.objects.filter(pk=note.pk).exists()
    client = client_for(agency_b, ADMIN_B)

    for url in (
        f"/movements/{movement.pk}/",
        f"/notes/officer/{world.officer.pk}/",
        f"/api/v1/movements/{movement.pk}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/movements/{movement.pk}/acknowledge/").status_code == 404
    assert client.get("/api/v1/movements").json()["results"] == []
    # Agency A's officer's session means nothing on agency B.
    own = client_for(agency_a, "officer")
    assert own.get(f"/movements/{movement.pk}/").status_code == 200
    borrowed = Client(HTTP_HOST=host_of(agency_b))
    borrowed.cookies = own.cookies
    assert borrowed.get(f"/movements/{movement.pk}/").status_code == 302  # to the login page
    with schema_context(agency_a.schema_name):
        assert Movement.objects.filter(pk=movement.pk).exists()
