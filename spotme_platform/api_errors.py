"""One error shape for the whole API: ``{"code": ..., "detail": ..., "fields": {...}}``.

``code`` is stable for programs; ``detail`` is translated for people."""

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
        detail = exc.detail
        fields: dict[str, Any] = detail if isinstance(detail, dict) else {}
        non_field = fields.pop("non_field_errors", None) if fields else None
        message = (
            str(non_field[0])
            if non_field
            else str(next(iter(fields.values()))[0])
            if fields
            else str(detail[0] if isinstance(detail, list) else detail)
        )
        code = _first_code(exc.get_codes())
        response.data = {"code": code, "detail": message, "fields": fields}
    elif isinstance(exc, exceptions.APIException):
        response.data = {"code": exc.default_code, "detail": str(exc.detail)}
    return response


def _first_code(codes: Any) -> str:
    if isinstance(codes, dict):
        for key, value in codes.items():
            if key == "non_field_errors" or value:
                return _first_code(value)
        return "invalid"
    if isinstance(codes, list):
        return _first_code(codes[0]) if codes else "invalid"
    return str(codes)
