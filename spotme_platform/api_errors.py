"""One error shape for the whole API: ``{"code": ..., "detail": ..., "fields": {...}}``.

``code`` is stable for programs; ``detail`` is translated for people; ``fields`` (validation errors
only) names every field that was refused and why."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = dict(exc.detail) if isinstance(exc.detail, dict) else {}
        general = fields.pop("non_field_errors", None)
        codes = exc.get_codes()
        if isinstance(codes, dict) and "non_field_errors" in codes:
            codes = codes["non_field_errors"]
        response.data = {
            "code": _first(codes),
            "detail": str(_first(general or fields or exc.detail)),
            "fields": fields,
        }
    elif isinstance(exc, exceptions.APIException):
        response.data = {"code": exc.default_code, "detail": str(exc.detail)}
    return response


def _first(value: Any) -> Any:
    """The first leaf of DRF's nested error structures (dicts of lists of details or codes)."""
    while isinstance(value, dict | list) and value:
        value = next(iter(value.values())) if isinstance(value, dict) else value[0]
    return value
