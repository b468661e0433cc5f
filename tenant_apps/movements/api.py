"""Movements in the REST API (v1): the caller's own movements, and declaring one. A movement
outside the caller's reach answers 404, as on the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from tenant_apps.movements.models import Movement
from tenant_apps.movements.selectors import (
    WHEN_PAST,
    WHEN_UPCOMING,
    movement_list_of,
    movement_list_visible_to,
)
from tenant_apps.movements.services import MovementError, movement_create
from tenant_apps.people.selectors import actor_officer


class MovementOutputSerializer(serializers.ModelSerializer[Movement]):
    officer_name = serializers.CharField(source="officer.user.full_name")
    acknowledged_by_name = serializers.CharField(
        source="acknowledged_by.full_name", default=None, allow_null=True
    )

    class Meta:
        model = Movement
        fields = [
            "id",
            "officer",
            "officer_name",
            "purpose",
            "place",
            "starts_at",
            "ends_at",
            "status",
            "acknowledged_at",
            "acknowledged_by_name",
            "cancelled_at",
            "created_at",
        ]


def _actor(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


class MovementListCreateApi(APIView):
    """``GET /api/v1/movements``: the caller's movements, latest first, paginated (filters
    ``status``, ``when`` = upcoming | past). ``POST``: declare one."""

    class InputSerializer(serializers.Serializer[dict[str, Any]]):
        purpose = serializers.CharField(max_length=200)
        place = serializers.CharField(max_length=200)
        starts_at = serializers.DateTimeField()
        ends_at = serializers.DateTimeField()

        class Meta:
            ref_name = "MovementInput"

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=Movement.Status.values, required=False),
            OpenApiParameter("when", str, enum=[WHEN_UPCOMING, WHEN_PAST], required=False),
        ],
        responses=MovementOutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        officer = actor_officer(_actor(request))
        movements = (
            movement_list_of(
                officer=officer,
                status=request.query_params.get("status"),
                when=request.query_params.get("when"),
            )
            if officer is not None
            else Movement.objects.none()
        )
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(movements, request, view=self)
        return paginator.get_paginated_response(MovementOutputSerializer(page, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: MovementOutputSerializer})
    def post(self, request: Request) -> Response:
        actor = _actor(request)
        officer = actor_officer(actor)
        if officer is None:
            raise Http404
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            movement = movement_create(officer=officer, actor=actor, **data.validated_data)
        except MovementError as exc:
            raise serializers.ValidationError(exc.message, code=exc.code) from None
        return Response(MovementOutputSerializer(movement).data, status=status.HTTP_201_CREATED)


class MovementDetailApi(APIView):
    """``GET /api/v1/movements/<id>``: one movement within the caller's reach."""

    @extend_schema(responses=MovementOutputSerializer)
    def get(self, request: Request, movement_id: int) -> Response:
        movement = movement_list_visible_to(actor=_actor(request)).filter(pk=movement_id).first()
        if movement is None:
            raise Http404
        return Response(MovementOutputSerializer(movement).data)
