"""The operator overview counts today's check-ins per agency (officers, not punches)."""

from __future__ import annotations

from django_tenants.utils import schema_context

from provisioning.stats import agency_stats_refresh
from tenants.models import Agency
from tests.attendance.support import build_world, client_for, post_punch, punch_body


def test_todays_check_ins_reach_the_operator_overview(agency_a: Agency) -> None:
    with schema_context(agency_a.schema_name):
        build_world(agency_a)
    client = client_for(agency_a, "officer")
    post_punch(client, punch_body("in"))
    post_punch(client, punch_body("in"))  # the same officer again: still one
    post_punch(client, punch_body("out"))
    assert agency_stats_refresh(agency=agency_a).checkins_today == 1
