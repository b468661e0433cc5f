"""The card-colour settings: their ranges, and every change audited."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenant_apps.audit.models import AuditEntry
from tenant_apps.worktime.models import WorktimeSettings
from tenant_apps.worktime.policy_services import WorktimeAdminError
from tenant_apps.worktime.roster_services import worktime_settings_update
from tenants.models import Agency
from tests.conftest import PASSWORD, make_user

ADMIN = "700101165039"

VALID = {
    "yellow_to_green": 3,
    "green_to_red": 2,
    "counted_categories": ["LATE_IN"],
    "evaluation_day": 1,
}


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"yellow_to_green": 0}, "threshold_range"),
        ({"yellow_to_green": 32}, "threshold_range"),
        ({"green_to_red": 0}, "threshold_range"),
        ({"green_to_red": 32}, "threshold_range"),
        ({"counted_categories": ["LATE_IN", "ABSENT"]}, "categories"),
        ({"evaluation_day": 0}, "evaluation_day"),
        ({"evaluation_day": 29}, "evaluation_day"),
    ],
)
def test_settings_out_of_range_are_refused_and_nothing_changes(
    agency_a: Agency, change: dict[str, object], code: str
) -> None:
    with schema_context(agency_a.schema_name):
        before = list(WorktimeSettings.objects.values())

        with pytest.raises(WorktimeAdminError) as refusal:
            worktime_settings_update(actor=None, **{**VALID, **change})  # type: ignore[arg-type]

        assert refusal.value.code == code
        assert list(WorktimeSettings.objects.values()) == before
        assert not AuditEntry.objects.filter(action="worktime.settings_update").exists()


def test_settings_are_saved_with_the_categories_in_order_and_audited(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        saved = worktime_settings_update(
            actor=None,
            yellow_to_green=31,
            green_to_red=1,
            counted_categories=["INCOMPLETE", "LATE_IN", "LATE_IN"],
            evaluation_day=28,
        )

        assert WorktimeSettings.objects.get() == saved
        assert (saved.yellow_to_green, saved.green_to_red, saved.evaluation_day) == (31, 1, 28)
        assert saved.counted_categories == ["LATE_IN", "INCOMPLETE"]
        entry = AuditEntry.objects.get(action="worktime.settings_update")
        assert entry.detail["before"]["yellow_to_green"] == 3
        assert entry.detail["after"]["counted_categories"] == ["LATE_IN", "INCOMPLETE"]


def test_the_admin_saves_the_settings_in_the_page(agency_a: Agency, client_a: Client) -> None:
    make_user(agency_a, ADMIN, full_name="PENTADBIR A", roles=(Role.OFFICER, Role.ORG_ADMIN))
    client_a.post("/login/", {"mykad": ADMIN, "password": PASSWORD})

    shown = client_a.get("/worktime/settings/").content.decode()
    saved = client_a.post(
        "/worktime/settings/",
        {
            "yellow_to_green": "4",
            "green_to_red": "3",
            "counted_categories": ["LATE_IN", "INCOMPLETE"],
            "evaluation_day": "5",
        },
    )
    refused = client_a.post(
        "/worktime/settings/",
        {"yellow_to_green": "4", "green_to_red": "3", "evaluation_day": "29"},
    )

    assert shown.count("checked") == 3
    assert (saved.status_code, refused.status_code) == (302, 400)
    assert 'data-testid="field-error-evaluation_day"' in refused.content.decode()
    with schema_context(agency_a.schema_name):
        row = WorktimeSettings.objects.get()
        assert (row.yellow_to_green, row.green_to_red, row.evaluation_day) == (4, 3, 5)
        assert row.counted_categories == ["LATE_IN", "INCOMPLETE"]
        assert row.updated_by is not None
    assert "PENTADBIR A" in client_a.get("/worktime/settings/").content.decode()
