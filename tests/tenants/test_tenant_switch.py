from django.db import connection
from guardian.shortcuts import _get_ct_cached

from tenants.models import Agency


def test_switching_agency_forgets_guardian_content_type_ids(
    agency_a: Agency, agency_b: Agency
) -> None:
    # Content-type ids differ between schemas: a cached id from agency A would make guardian
    # fetch the permissions of another model in agency B.
    connection.set_tenant(agency_a)  # type: ignore[attr-defined]
    _get_ct_cached("accounts", "view_user")
    assert _get_ct_cached.cache_info().currsize == 1

    connection.set_tenant(agency_b)  # type: ignore[attr-defined]

    assert _get_ct_cached.cache_info().currsize == 0
