from typing import Any

from django.http import HttpRequest
from django_tenants.utils import get_public_schema_name

from tenants.db import current_schema


def platform(request: HttpRequest) -> dict[str, Any]:
    agency = getattr(request, "tenant", None)
    is_public = agency is None or agency.schema_name == get_public_schema_name()
    return {
        "agency": None if is_public else agency,
        "on_platform_host": is_public,
        "schema_name": current_schema(),
    }
