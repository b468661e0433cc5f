"""What the integration API gives and takes. Related rows are given by id (``officer``, ``unit``,
``supervisor``...), so a client joins them from the other endpoints. Never a full MyKad number,
never an attachment."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from accounts.models import User
from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.attendance_issues.models import AttendanceIssue
from tenant_apps.movements.models import Movement
from tenant_apps.people.models import Officer, OrgUnit


def login_masked(user: User) -> str:
    """``880303-**-**13`` for a MyKad; the last three characters of any other ID."""
    number = user.login_id
    if user.login_kind == User.LoginKind.MYKAD and len(number) == 12 and number.isdigit():
        return f"{number[:6]}-**-**{number[-2:]}"
    return "*" * max(len(number) - 3, 3) + number[-3:]


DEVICE_TIME_SPAN = timedelta(days=365 * 50)

ErrorSerializer = inline_serializer(
    name="ApiError",
    fields={
        "code": serializers.CharField(help_text="Stable code for programs."),
        "detail": serializers.CharField(help_text="Explanation for people, in their language."),
        "fields": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text="Validation errors only: every refused field (or query parameter) and why.",
        ),
    },
)


class OfficerSerializer(serializers.ModelSerializer[Officer]):
    full_name = serializers.CharField(source="user.full_name")
    mykad_masked = serializers.SerializerMethodField()
    unit = serializers.IntegerField(source="org_unit_id")
    supervisor = serializers.IntegerField(source="supervisor_id", allow_null=True)

    class Meta:
        model = Officer
        fields = [
            "id",
            "full_name",
            "mykad_masked",
            "unit",
            "position",
            "grade",
            "status",
            "supervisor",
            "updated_at",
        ]

    def get_mykad_masked(self, officer: Officer) -> str:
        return login_masked(officer.user)


class OrgUnitSerializer(serializers.ModelSerializer[OrgUnit]):
    # "parent" is the model's key, given as its id (a field named so would shadow Field.parent).
    class Meta:
        model = OrgUnit
        fields = ["id", "name", "short_name", "parent", "is_active", "updated_at"]


class PunchSerializer(serializers.ModelSerializer[AttendanceEvent]):
    officer = serializers.IntegerField(source="officer_id")
    office = serializers.IntegerField(source="office_id", allow_null=True)
    flags = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = AttendanceEvent
        fields = [
            "event_id",
            "officer",
            "kind",
            "source",
            "claimed_at",
            "recorded_at",
            "device_time",
            "place",
            "office",
            "distance_m",
            "flags",
        ]


class DayReasonSerializer(serializers.Serializer[dict[str, str]]):
    code = serializers.CharField()
    ms = serializers.CharField(help_text="In Malay.")
    en = serializers.CharField(help_text="In English.")


class DaySerializer(serializers.ModelSerializer[AttendanceDay]):
    officer = serializers.IntegerField(source="officer_id")
    categories = serializers.ListField(child=serializers.CharField())
    excused = serializers.ListField(child=serializers.CharField())
    reasons = serializers.SerializerMethodField()

    class Meta:
        model = AttendanceDay
        fields = [
            "id",
            "officer",
            "day",
            "status",
            "categories",
            "excused",
            "late_minutes",
            "early_minutes",
            "worked_minutes",
            "check_in",
            "check_out",
            "closed",
            "reasons",
            "computed_at",
        ]

    @extend_schema_field(DayReasonSerializer(many=True))
    def get_reasons(self, day: AttendanceDay) -> list[dict[str, str]]:
        return [
            {"code": str(r.get("code", "")), "ms": str(r.get("ms", "")), "en": str(r.get("en", ""))}
            for r in day.reasons
            if isinstance(r, dict)
        ]


class IssueSerializer(serializers.ModelSerializer[AttendanceIssue]):
    officer = serializers.IntegerField(source="officer_id")
    reason = serializers.SerializerMethodField()

    class Meta:
        model = AttendanceIssue
        fields = [
            "id",
            "officer",
            "day",
            "category",
            "status",
            "deadline",
            "reason",
            "explanation",
            "explained_at",
            "decided_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_reason(self, issue: AttendanceIssue) -> str | None:
        return issue.reason.code if issue.reason is not None else None


class MovementSerializer(serializers.ModelSerializer[Movement]):
    officer = serializers.IntegerField(source="officer_id")

    class Meta:
        model = Movement
        fields = [
            "id",
            "officer",
            "purpose",
            "place",
            "starts_at",
            "ends_at",
            "status",
            "updated_at",
        ]


class KioskPunchInputSerializer(serializers.Serializer[dict[str, Any]]):
    officer = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        required=False,
        allow_null=True,
        default=None,
        help_text="The officer's id (from /api/v1/data/officers). Give this or `mykad`.",
    )
    mykad = serializers.CharField(
        max_length=20,
        required=False,
        allow_null=True,
        allow_blank=True,
        default=None,
        help_text="The officer's MyKad (12 digits, dashes allowed). Give this or `officer`.",
    )
    kind = serializers.ChoiceField(choices=["in", "out"])
    event_id = serializers.UUIDField(
        help_text="Made by the kiosk for each punch; sending it again records nothing new."
    )
    device_time = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The kiosk's clock when the punch was made (kept as evidence of its skew).",
    )

    def validate_device_time(self, value: datetime | None) -> datetime | None:
        # Kept as evidence of the clock's skew, in seconds: a clock decades off is no evidence.
        if value is not None and abs(value - timezone.now()) > DEVICE_TIME_SPAN:
            raise serializers.ValidationError(
                _("device_time is decades away from now: check the kiosk's clock."),
                code="device_time_out_of_range",
            )
        return value

    def validate_mykad(self, value: str | None) -> str | None:
        if not value:
            return None
        digits = value.replace("-", "").replace(" ", "")
        if not digits.isalnum():
            raise serializers.ValidationError(
                _("A MyKad has 12 digits (dashes allowed)."), code="mykad_invalid"
            )
        return digits.upper()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["officer"] is None and attrs["mykad"] is None:
            raise serializers.ValidationError(
                _("Give the officer's id or MyKad."), code="officer_required"
            )
        if attrs["officer"] is not None and attrs["mykad"] is not None:
            raise serializers.ValidationError(
                _("Give the officer's id or MyKad, not both."), code="officer_ambiguous"
            )
        return attrs


class KioskPunchOutputSerializer(serializers.Serializer[dict[str, Any]]):
    punch = PunchSerializer()
    day = DaySerializer()
    created = serializers.BooleanField(help_text="False when this event id was already recorded.")
