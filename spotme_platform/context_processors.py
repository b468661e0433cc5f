from typing import Any

from django.http import HttpRequest
from django_tenants.utils import get_public_schema_name


def platform(request: HttpRequest) -> dict[str, Any]:
    """``agency``: the agency whose host this is, or None on the platform host."""
    agency = getattr(request, "tenant", None)
    if agency is None or agency.schema_name == get_public_schema_name():
        return {"agency": None}
    return {"agency": agency}
