"""The read API's query parameters: cursor pagination, ordered by (the endpoint's change field, id),
and the filters (``updated_since``, ids, dates, choices), each refused by name when malformed.

The cursor is the (change time, id) of the last row given, so a walk sees every row once even when
rows share a time, and rows changed during the walk come again later (their time moved on): a
client that keeps the last cursor, or the greatest change time it saw for ``updated_since``, never
misses a change. The cursor is opaque to clients (URL-safe base64 of a small JSON)."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, date, datetime
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

PAGE_SIZE_DEFAULT = 100
PAGE_SIZE_MAX = 500
BIGINT_MAX = 2**63 - 1


def query_error(param: str, code: str, message: str) -> ValidationError:
    """A 400 naming the query parameter: ``{"code": code, "detail": message, "fields": ...}``."""
    return ValidationError({param: [message]}, code=code)


def _encode(at: datetime, pk: int) -> str:
    text = json.dumps({"t": at.isoformat(), "i": pk}, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode())
        at = parse_datetime(data["t"])
        pk = data["i"]
        if at is None or timezone.is_naive(at) or type(pk) is not int or not 0 < pk <= BIGINT_MAX:
            raise ValueError(cursor)
        return at.astimezone(UTC), pk
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeError, OverflowError):
        raise query_error(
            "cursor",
            "cursor_invalid",
            _("This cursor is not one the API gave; start again without a cursor."),
        ) from None


def _page_size(request: Request) -> int:
    raw = request.query_params.get("page_size")
    if raw is None:
        return PAGE_SIZE_DEFAULT
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 4 and 1 <= int(raw) <= PAGE_SIZE_MAX):
        raise query_error(
            "page_size",
            "page_size_invalid",
            _("page_size is a whole number from 1 to %(max)s.") % {"max": PAGE_SIZE_MAX},
        )
    return int(raw)


class ChangeCursorPagination(BasePagination):
    """Pages of ``page_size`` rows (default 100, at most 500), ordered by the view's
    ``updated_field`` then id; ``next`` is the link to the following page (null on the last)."""

    def __init__(self) -> None:
        self.request: Request | None = None
        self.next_cursor: str | None = None

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: APIView | None = None
    ) -> list[Any]:
        field: str = getattr(view, "updated_field", "pk")
        self.request = request
        size = _page_size(request)
        cursor = request.query_params.get("cursor")
        rows = queryset.order_by(field, "pk")
        if cursor:
            at, pk = _decode(cursor)
            rows = rows.filter(Q(**{f"{field}__gt": at}) | Q(**{field: at, "pk__gt": pk}))
        page: list[Model] = list(rows[: size + 1])
        self.next_cursor = None
        if len(page) > size:
            page = page[:size]
            last = page[-1]
            self.next_cursor = _encode(getattr(last, field), int(last.pk))
        return page

    def next_link(self) -> str | None:
        if self.next_cursor is None or self.request is None:
            return None
        return replace_query_param(self.request.build_absolute_uri(), "cursor", self.next_cursor)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {"next": self.next_link(), "next_cursor": self.next_cursor, "results": data}
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["next", "next_cursor", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The next page's address; null on the last page.",
                },
                "next_cursor": {
                    "type": "string",
                    "nullable": True,
                    "description": "The cursor of the next page (the same as in `next`).",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        return [
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": "The page after a previous one: `next_cursor` of that page.",
                "schema": {"type": "string"},
            },
            {
                "name": "page_size",
                "required": False,
                "in": "query",
                "description": f"Rows per page (default {PAGE_SIZE_DEFAULT}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": PAGE_SIZE_MAX},
            },
        ]


# --- The filters' query parameters --------------------------------------------------------


def updated_since(request: Request) -> datetime | None:
    raw = request.query_params.get("updated_since")
    if raw is None:
        return None
    text = raw.strip()
    if "T" in text and text[-6:-5] == " ":  # an unescaped "+" of the offset became a space
        text = text[:-6] + "+" + text[-5:]
    try:
        value = parse_datetime(text)
        if value is not None:
            if timezone.is_naive(value):
                value = value.replace(tzinfo=UTC)
            # In UTC: PostgreSQL takes no offset beyond ±15:59; out of range raises here.
            value = value.astimezone(UTC)
    except (ValueError, OverflowError):
        value = None
    if value is None:
        raise query_error(
            "updated_since",
            "updated_since_invalid",
            _("updated_since is an ISO 8601 date and time, such as 2026-01-31T08:00:00+08:00."),
        )
    return value


def id_param(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 19 and 1 <= int(raw) <= BIGINT_MAX):
        raise query_error(
            name, f"{name}_invalid", _("%(name)s is an id (a whole number).") % {"name": name}
        )
    return int(raw)


def date_param(request: Request, name: str) -> date | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    try:
        value = parse_date(raw.strip())
    except ValueError:
        value = None
    if value is None:
        raise query_error(
            name, f"{name}_invalid", _("%(name)s is a date, YYYY-MM-DD.") % {"name": name}
        )
    return value


def date_range(request: Request) -> tuple[date | None, date | None]:
    start, end = date_param(request, "from"), date_param(request, "to")
    if start is not None and end is not None and start > end:
        raise query_error("to", "range_invalid", _("to is before from."))
    return start, end


def choice_param(request: Request, name: str, choices: list[str]) -> str | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if raw not in choices:
        raise query_error(
            name,
            f"{name}_invalid",
            _("%(name)s is one of: %(choices)s.") % {"name": name, "choices": ", ".join(choices)},
        )
    return raw
