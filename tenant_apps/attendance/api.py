"""Attendance API: ``POST /api/v1/attendance/punches`` (check in or out, once per event id),
``GET`` the same path (one's own punches by month) and ``GET /api/v1/attendance/today``."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.request_info import client_info
from tenant_apps.attendance.days import duty_day_of
from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.attendance.selectors import day_of, punches_of_month
from tenant_apps.attendance.services import AttendanceError, PunchInput, punch_record
from tenant_apps.people.models import Officer
from tenant_apps.people.selectors import actor_officer


def _finite(value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise serializers.ValidationError(_("A finite number is required."), code="not_finite")
    return value


class PunchInputSerializer(serializers.Serializer[dict[str, Any]]):
    event_id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=["in", "out"])
    latitude = serializers.FloatField(min_value=-90, max_value=90, allow_null=True, default=None)
    longitude = serializers.FloatField(min_value=-180, max_value=180, allow_null=True, default=None)
    accuracy = serializers.FloatField(min_value=0, max_value=100_000, allow_null=True, default=None)
    device_time = serializers.DateTimeField(allow_null=True, default=None)
    offline = serializers.BooleanField(default=False)
    sent_at = serializers.DateTimeField(allow_null=True, default=None)
    position_error = serializers.ChoiceField(
        choices=["denied", "unavailable", "timeout"], allow_null=True, default=None
    )

    def validate_latitude(self, value: float | None) -> float | None:
        return _finite(value)

    def validate_longitude(self, value: float | None) -> float | None:
        return _finite(value)

    def validate_accuracy(self, value: float | None) -> float | None:
        return _finite(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs["latitude"] is None) != (attrs["longitude"] is None):
            raise serializers.ValidationError(
                _("Send both latitude and longitude, or neither."), code="position_partial"
            )
        if attrs["offline"] and attrs["device_time"] is None:
            raise serializers.ValidationError(
                {"device_time": [_("An offline punch needs the time it was made.")]},
                code="device_time_required",
            )
        return attrs


class PunchOutputSerializer(serializers.ModelSerializer[AttendanceEvent]):
    class Meta:
        model = AttendanceEvent
        fields = [
            "event_id",
            "kind",
            "source",
            "recorded_at",
            "claimed_at",
            "device_time",
            "place",
            "distance_m",
            "accuracy_m",
            "flags",
        ]


class DayOutputSerializer(serializers.ModelSerializer[AttendanceDay]):
    reasons = serializers.SerializerMethodField()

    class Meta:
        model = AttendanceDay
        fields = [
            "day",
            "status",
            "categories",
            "late_minutes",
            "early_minutes",
            "worked_minutes",
            "check_in",
            "check_out",
            "required_out",
            "closed",
            "reasons",
        ]

    def get_reasons(self, day: AttendanceDay) -> list[dict[str, str]]:
        return [{"ms": r["ms"], "en": r["en"]} for r in day.reasons]


def _officer_of(request: Request) -> Officer:
    user = request.user
    assert isinstance(user, User)
    officer = actor_officer(user)
    if officer is None:
        raise NotFound(_("Your account has no officer record in this agency."))
    return officer


def punch_message(event: AttendanceEvent, created: bool) -> str:
    at = timezone.localtime(event.claimed_at).strftime("%H:%M")
    if not created:
        return _("This punch was already recorded at %(time)s.") % {"time": at}
    if event.kind == AttendanceEvent.Kind.OUT:
        text = _("Checked out at %(time)s.") % {"time": at}
    else:
        text = _("Checked in at %(time)s.") % {"time": at}
    if event.place == AttendanceEvent.Place.OUTSIDE:
        text += " " + _("You are outside your office area; your supervisor is told.")
    return text


class PunchApi(APIView):
    @extend_schema(
        request=PunchInputSerializer,
        responses={201: PunchOutputSerializer, 200: PunchOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        officer = _officer_of(request)
        data = PunchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        client = client_info(request._request)
        via_token = isinstance(request.successful_authenticator, TokenAuthentication)
        try:
            result = punch_record(
                officer=officer,
                data=PunchInput(
                    kind=values["kind"],
                    event_id=values["event_id"],
                    latitude=values["latitude"],
                    longitude=values["longitude"],
                    accuracy_m=values["accuracy"],
                    device_time=values["device_time"],
                    offline=values["offline"],
                    sent_at=values["sent_at"],
                    source=AttendanceEvent.Source.API if via_token else AttendanceEvent.Source.WEB,
                    ip=client.ip_address,
                    user_agent=client.user_agent,
                ),
            )
        except AttendanceError as exc:
            raise ValidationError({"non_field_errors": [exc.message]}, code=exc.code) from None
        return Response(
            {
                "punch": PunchOutputSerializer(result.event).data,
                "day": DayOutputSerializer(result.day).data,
                "message": punch_message(result.event, result.created),
                "language": get_language(),
            },
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )

    @extend_schema(responses=PunchOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        officer = _officer_of(request)
        month = request.query_params.get("month", "")
        today = timezone.localdate()
        try:
            year, number = (
                (int(part) for part in month.split("-"))
                if month
                else (
                    today.year,
                    today.month,
                )
            )
            date(year, number, 1)
        except ValueError:
            raise ValidationError(
                {"month": [_("Give the month as YYYY-MM.")]}, code="invalid"
            ) from None
        rows = punches_of_month(officer, year, number)[:500]
        return Response({"results": PunchOutputSerializer(rows, many=True).data})


class TodayApi(APIView):
    @extend_schema(responses=DayOutputSerializer)
    def get(self, request: Request) -> Response:
        officer = _officer_of(request)
        day = day_of(officer, duty_day_of(officer, timezone.now()))
        return Response({"day": DayOutputSerializer(day).data if day else None})
