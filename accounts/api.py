from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.forms import ValidationError as FormValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.forms import INVALID_LOGIN, validate_login_id
from accounts.models import SecurityEvent, User
from accounts.mykad import parse_mykad
from accounts.request_info import client_info
from accounts.selectors import security_event_list_for_user, user_role_names
from accounts.services import api_token_issue, api_token_revoke, security_event_record
from tenants.db import current_schema


class TokenApi(APIView):
    """``POST /api/v1/auth/token`` with ``{"mykad", "password"}``: the phone app's login.
    ``DELETE`` with the token: the phone app's logout."""

    def get_authenticators(self) -> list[Any]:
        # Logging in needs no credentials; logging out needs the token being revoked.
        if self.request is not None and self.request.method == "DELETE":
            return [TokenAuthentication()]
        return []

    def get_permissions(self) -> list[Any]:
        if self.request is not None and self.request.method == "DELETE":
            return [IsAuthenticated()]
        return [AllowAny()]

    class InputSerializer(serializers.Serializer[dict[str, Any]]):
        mykad = serializers.CharField(max_length=20)
        password = serializers.CharField(max_length=256, trim_whitespace=False)

        def validate_mykad(self, value: str) -> str:
            try:
                return validate_login_id(value)
            except FormValidationError as exc:
                raise serializers.ValidationError(exc.messages[0], code=exc.code) from None

    class OutputSerializer(serializers.Serializer[dict[str, Any]]):
        token = serializers.CharField()

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            login_id=data.validated_data["mykad"],
            password=data.validated_data["password"],
        )
        if not isinstance(user, User) or not user.is_active:
            security_event_record(
                kind=SecurityEvent.Kind.LOGIN_FAILED,
                user=None,
                login_id=data.validated_data["mykad"],
                client=client_info(request._request),
            )
            return Response(
                {"code": "invalid_login", "detail": str(INVALID_LOGIN)},
                status=status.HTTP_400_BAD_REQUEST,
            )
        token = api_token_issue(user=user, client=client_info(request._request))
        return Response(self.OutputSerializer({"token": token.key}).data, status=status.HTTP_200_OK)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        assert isinstance(request.user, User)
        api_token_revoke(user=request.user, client=client_info(request._request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeApi(APIView):
    """``GET /api/v1/me``: who the token or session belongs to, in which agency."""

    class OutputSerializer(serializers.Serializer[User]):
        id = serializers.IntegerField()
        full_name = serializers.CharField()
        mykad_masked = serializers.SerializerMethodField()
        roles = serializers.SerializerMethodField()
        agency = serializers.SerializerMethodField()

        def get_mykad_masked(self, user: User) -> str:
            if user.login_kind != User.LoginKind.MYKAD:
                return user.login_id
            return parse_mykad(user.login_id, today=timezone.localdate()).masked

        def get_roles(self, user: User) -> list[str]:
            return user_role_names(user=user)

        def get_agency(self, user: User) -> str:
            return current_schema()

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request) -> Response:
        assert isinstance(request.user, User)
        return Response(self.OutputSerializer(request.user).data)


class MyActivityListApi(APIView):
    """``GET /api/v1/me/activity``: the caller's own account activity, paginated."""

    class OutputSerializer(serializers.ModelSerializer[SecurityEvent]):
        kind_label = serializers.CharField(source="get_kind_display")

        class Meta:
            model = SecurityEvent
            fields = ["id", "kind", "kind_label", "ip_address", "created_at"]

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        assert isinstance(request.user, User)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(
            security_event_list_for_user(user=request.user), request, view=self
        )
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)
