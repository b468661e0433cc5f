"""The integration API (``/api/v1/data/...`` to read, ``/api/v1/kiosk/punches`` to record), for API
keys only (ADR 0009): each endpoint needs its scope, every call is rate-limited per key and logged.

Lists walk by cursor in the order of their change field (``updated_at``; a punch's
``recorded_at``; a day's ``computed_at``) then id; ``updated_since`` gives only rows changed at or
after a moment, so a client syncs by keeping the greatest change time it saw."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.request_info import client_info
from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.attendance.services import AttendanceError, PunchInput, punch_record
from tenant_apps.attendance_issues.models import AttendanceIssue
from tenant_apps.integrations.api_auth import ApiKeyView
from tenant_apps.integrations.api_pagination import (
    BIGINT_MAX,
    ChangeCursorPagination,
    choice_param,
    date_range,
    id_param,
    query_error,
    updated_since,
)
from tenant_apps.integrations.api_serializers import (
    DaySerializer,
    ErrorSerializer,
    IssueSerializer,
    KioskPunchInputSerializer,
    KioskPunchOutputSerializer,
    MovementSerializer,
    OfficerSerializer,
    OrgUnitSerializer,
    PunchSerializer,
)
from tenant_apps.integrations.models.api import Scope
from tenant_apps.movements.models import Movement
from tenant_apps.people.models import Officer, OrgUnit

F = TypeVar("F", bound=Callable[..., Any])
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": BIGINT_MAX}

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="A query parameter was refused."),
    401: OpenApiResponse(
        ErrorSerializer,
        description="No key, or a key that is unknown here (`key_invalid`), revoked "
        "(`key_revoked`) or expired (`key_expired`).",
    ),
    403: OpenApiResponse(ErrorSerializer, description="The key lacks the scope (`scope_missing`)."),
    429: OpenApiResponse(
        ErrorSerializer,
        description="The key's calls a minute are used up (`rate_limited`); see Retry-After.",
    ),
}


def _param(name: str, schema: Any, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, schema, OpenApiParameter.QUERY, description=description)


UPDATED_SINCE = _param(
    "updated_since",
    OpenApiTypes.DATETIME,
    "Only rows changed at or after this moment (ISO 8601; without an offset it is UTC).",
)
UNIT = _param("unit", ID_SCHEMA, "Only officers of this unit (their current unit; not sub-units).")
OFFICER = _param("officer", ID_SCHEMA, "Only this officer's rows.")
FROM = _param("from", OpenApiTypes.DATE, "From this day (inclusive, Malaysian time).")
TO = _param("to", OpenApiTypes.DATE, "Until this day (inclusive, Malaysian time).")


class DataListApi(ApiKeyView, generics.ListAPIView):  # type: ignore[type-arg]
    """A read endpoint: scope, cursor pages in change order, ``updated_since``."""

    pagination_class = ChangeCursorPagination
    updated_field = "updated_at"
    filters: tuple[str, ...] = ()

    def rows(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        # A misspelt filter would quietly give every row: an unknown parameter is refused.
        known = {"cursor", "page_size", "updated_since", *self.filters}
        for name in self.request.query_params:
            if name not in known:
                raise query_error(
                    name[:50],
                    "parameter_unknown",
                    _("Unknown query parameter %(name)s; this endpoint takes: %(known)s.")
                    % {"name": name[:50], "known": ", ".join(sorted(known))},
                )
        rows = self.rows()
        since = updated_since(self.request)
        if since is not None:
            rows = rows.filter(**{f"{self.updated_field}__gte": since})
        return rows


def _by_officer(request: Request, rows: QuerySet[Any]) -> QuerySet[Any]:
    officer, unit = id_param(request, "officer"), id_param(request, "unit")
    if officer is not None:
        rows = rows.filter(officer_id=officer)
    if unit is not None:
        rows = rows.filter(officer__org_unit_id=unit)
    return rows


def _in_dates(request: Request, rows: QuerySet[Any], day_lookup: str) -> QuerySet[Any]:
    """The ``from`` / ``to`` filter (local dates, inclusive) on the field ``day_lookup``."""
    start, end = date_range(request)
    if start is not None:
        rows = rows.filter(**{f"{day_lookup}__gte": start})
    if end is not None:
        rows = rows.filter(**{f"{day_lookup}__lte": end})
    return rows


LIST_DESCRIPTION = (
    "Pages of rows in the order of their change time, then id: follow `next` (or send "
    "`cursor`) until it is null. `updated_since` keeps only rows changed at or after a moment; "
    "a client syncs by remembering the greatest change time it has seen."
)


def _list_schema(summary: str, serializer: Any, *params: OpenApiParameter) -> Callable[[F], F]:
    return extend_schema(
        summary=summary,
        description=LIST_DESCRIPTION,
        tags=["data"],
        parameters=[UPDATED_SINCE, *params],
        responses={200: serializer, **ERRORS},
    )


class OfficersApi(DataListApi):
    required_scope = Scope.READ_PEOPLE
    serializer_class = OfficerSerializer
    filters = ("unit", "status")

    @_list_schema(
        "Officers (scope people:read), with a masked MyKad",
        OfficerSerializer,
        UNIT,
        _param("status", {"type": "string", "enum": Officer.Status.values}, "Only this status."),
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    def rows(self) -> QuerySet[Officer]:
        rows = Officer.objects.select_related("user")
        unit = id_param(self.request, "unit")
        if unit is not None:
            rows = rows.filter(org_unit_id=unit)
        wanted = choice_param(self.request, "status", Officer.Status.values)
        if wanted is not None:
            rows = rows.filter(status=wanted)
        return rows


class OrgUnitsApi(DataListApi):
    required_scope = Scope.READ_PEOPLE
    serializer_class = OrgUnitSerializer

    @_list_schema("Organisation units (scope people:read)", OrgUnitSerializer)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    def rows(self) -> QuerySet[OrgUnit]:
        return OrgUnit.objects.all()


class PunchesApi(DataListApi):
    required_scope = Scope.READ_ATTENDANCE
    serializer_class = PunchSerializer
    updated_field = "recorded_at"
    filters = ("officer", "unit", "from", "to")

    @_list_schema(
        "Punches (scope attendance:read); updated_since reads the time recorded",
        PunchSerializer,
        OFFICER,
        UNIT,
        FROM,
        TO,
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    def rows(self) -> QuerySet[AttendanceEvent]:
        return _in_dates(
            self.request,
            _by_officer(self.request, AttendanceEvent.objects.all()),
            "claimed_at__date",
        )


class DaysApi(DataListApi):
    required_scope = Scope.READ_ATTENDANCE
    serializer_class = DaySerializer
    updated_field = "computed_at"
    filters = ("officer", "unit", "from", "to")

    @_list_schema(
        "Duty days with their verdicts (scope attendance:read); updated_since reads the time "
        "last judged",
        DaySerializer,
        OFFICER,
        UNIT,
        FROM,
        TO,
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    def rows(self) -> QuerySet[AttendanceDay]:
        return _in_dates(
            self.request, _by_officer(self.request, AttendanceDay.objects.all()), "day"
        )


class IssuesApi(DataListApi):
    required_scope = Scope.READ_ATTENDANCE
    serializer_class = IssueSerializer
    filters = ("officer", "unit", "from", "to", "status")

    @_list_schema(
        "Attendance issues (scope attendance:read)",
        IssueSerializer,
        OFFICER,
        UNIT,
        FROM,
        TO,
        _param(
            "status",
            {"type": "string", "enum": AttendanceIssue.Status.values},
            "Only this status.",
        ),
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    def rows(self) -> QuerySet[AttendanceIssue]:
        rows = _in_dates(
            self.request,
            _by_officer(self.request, AttendanceIssue.objects.select_related("reason")),
            "day",
        )
        wanted = choice_param(self.request, "status", AttendanceIssue.Status.values)
        if wanted is not None:
            rows = rows.filter(status=wanted)
        return rows


class MovementsApi(DataListApi):
    required_scope = Scope.READ_ATTENDANCE
    serializer_class = MovementSerializer
    filters = ("officer", "unit", "from", "to")

    @_list_schema(
        "Movements (scope attendance:read); from/to give the movements overlapping those days",
        MovementSerializer,
        OFFICER,
        UNIT,
        FROM,
        TO,
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)

    def rows(self) -> QuerySet[Movement]:
        rows = _by_officer(self.request, Movement.objects.all())
        start, end = date_range(self.request)
        if start is not None:
            rows = rows.filter(ends_at__date__gte=start)
        if end is not None:
            rows = rows.filter(starts_at__date__lte=end)
        return rows


class OfficerUnknown(NotFound):
    default_code = "officer_unknown"
    default_detail = gettext_lazy("No officer of this agency has this id or MyKad.")


class KioskPunchApi(ApiKeyView):
    """A kiosk records an officer's punch: once per event id, with source ``api``."""

    required_scope = Scope.WRITE_PUNCHES

    @extend_schema(
        summary="Record a punch from a kiosk (scope punches:write)",
        tags=["kiosk"],
        request=KioskPunchInputSerializer,
        responses={
            201: OpenApiResponse(KioskPunchOutputSerializer, description="Recorded."),
            200: OpenApiResponse(
                KioskPunchOutputSerializer, description="This event id was already recorded."
            ),
            400: OpenApiResponse(
                ErrorSerializer,
                description="Refused input, or refused by the agency's rules (its code, such as "
                "`position_required`, `officer_inactive`, `event_id_taken`).",
            ),
            404: OpenApiResponse(
                ErrorSerializer, description="No such officer (`officer_unknown`)."
            ),
            **{code: ERRORS[code] for code in (401, 403, 429)},
        },
    )
    def post(self, request: Request) -> Response:
        data = KioskPunchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        officers = Officer.objects.select_related("user")
        if values["officer"] is not None:
            officer = officers.filter(pk=values["officer"]).first()
        else:
            officer = officers.filter(user__login_id=values["mykad"]).first()
        if officer is None:
            raise OfficerUnknown
        client = client_info(request._request)
        try:
            result = punch_record(
                officer=officer,
                data=PunchInput(
                    kind=values["kind"],
                    event_id=values["event_id"],
                    device_time=values["device_time"],
                    source=AttendanceEvent.Source.API,
                    ip=client.ip_address,
                    user_agent=client.user_agent,
                ),
            )
        except AttendanceError as exc:
            raise ValidationError({"non_field_errors": [exc.message]}, code=exc.code) from None
        body = KioskPunchOutputSerializer(
            {"punch": result.event, "day": result.day, "created": result.created}
        )
        return Response(
            body.data, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        )
