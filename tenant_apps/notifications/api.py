"""Notifications API (agency hosts only): the caller's own list, unread count, marking one
read, and the browser's web-push subscription. Session (with X-CSRFToken) or token auth."""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from tenant_apps.notifications.models import Notification, PushSubscription
from tenant_apps.notifications.push import b64url_decode
from tenant_apps.notifications.selectors import (
    notification_list_for_user,
    notification_unread_count,
)
from tenant_apps.notifications.services import (
    notification_mark_read,
    push_subscription_delete,
    push_subscription_save,
)

_endpoint_url = URLValidator(schemes=["http", "https"])


def _user(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


def _validate_endpoint(value: str) -> None:
    try:
        _endpoint_url(value)
    except DjangoValidationError:
        raise serializers.ValidationError(
            _("The endpoint must be an http or https URL."), code="invalid_endpoint"
        ) from None


class NotificationPagination(PageNumberPagination):
    page_size = 25


class NotificationListApi(APIView):
    """``GET /api/v1/notifications``: the caller's notifications, newest first, paginated.
    ``text`` is in the request's language; both languages are given too."""

    class OutputSerializer(serializers.ModelSerializer[Notification]):
        text = serializers.SerializerMethodField()

        class Meta:
            model = Notification
            fields = ["id", "kind", "text", "text_ms", "text_en", "link", "created_at", "read_at"]

        def get_text(self, notification: Notification) -> str:
            if translation.get_language() == "ms":
                return notification.text_ms
            return notification.text_en

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        paginator = NotificationPagination()
        page = paginator.paginate_queryset(
            notification_list_for_user(user=_user(request)), request, view=self
        )
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)


class NotificationUnreadCountApi(APIView):
    """``GET /api/v1/notifications/unread-count``: ``{"unread": n}``."""

    class OutputSerializer(serializers.Serializer[dict[str, Any]]):
        unread = serializers.IntegerField()

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request) -> Response:
        return Response({"unread": notification_unread_count(user=_user(request))})


class NotificationReadApi(APIView):
    """``POST /api/v1/notifications/<id>/read``: mark one of the caller's notifications read
    (anyone else's id answers 404)."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, notification_id: int) -> Response:
        notification_mark_read(user=_user(request), notification_id=notification_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PushSubscriptionApi(APIView):
    """``POST /api/v1/notifications/push-subscriptions`` with the browser's
    ``PushSubscription.toJSON()`` (``{"endpoint", "keys": {"p256dh", "auth"}}``) subscribes this
    browser; ``DELETE`` with ``{"endpoint"}`` unsubscribes it."""

    class KeysSerializer(serializers.Serializer[dict[str, Any]]):
        p256dh = serializers.CharField(
            max_length=200,
            error_messages={"required": _("The subscription has no p256dh key.")},
        )
        auth = serializers.CharField(
            max_length=100,
            error_messages={"required": _("The subscription has no auth secret.")},
        )

        def validate_p256dh(self, value: str) -> str:
            message = _("p256dh must be a P-256 public key in base64url.")
            try:
                ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(value))
            except ValueError:
                raise serializers.ValidationError(message, code="invalid_key") from None
            return value

        def validate_auth(self, value: str) -> str:
            try:
                secret = b64url_decode(value)
            except ValueError:
                secret = b""
            if len(secret) != 16:
                raise serializers.ValidationError(
                    _("auth must be 16 bytes in base64url."), code="invalid_key"
                )
            return value

    class InputSerializer(serializers.Serializer[dict[str, Any]]):
        endpoint = serializers.CharField(
            max_length=1000,
            validators=[_validate_endpoint],
            error_messages={"required": _("The subscription has no endpoint.")},
        )
        keys = serializers.JSONField(
            error_messages={"required": _("The subscription has no keys (p256dh and auth).")}
        )

        def validate_keys(self, value: Any) -> dict[str, Any]:
            if not isinstance(value, dict):
                raise serializers.ValidationError(
                    _("The subscription has no keys (p256dh and auth)."), code="required"
                )
            keys = PushSubscriptionApi.KeysSerializer(data=value)
            keys.is_valid(raise_exception=True)
            return dict(keys.validated_data)

    class DeleteInputSerializer(serializers.Serializer[dict[str, Any]]):
        endpoint = serializers.CharField(
            max_length=1000, error_messages={"required": _("The subscription has no endpoint.")}
        )

    class OutputSerializer(serializers.Serializer[PushSubscription]):
        id = serializers.IntegerField()
        endpoint = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        subscription = push_subscription_save(
            user=_user(request),
            endpoint=data.validated_data["endpoint"],
            p256dh=data.validated_data["keys"]["p256dh"],
            auth=data.validated_data["keys"]["auth"],
            user_agent=request.headers.get("User-Agent", ""),
        )
        return Response(self.OutputSerializer(subscription).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DeleteInputSerializer, responses={204: None})
    def delete(self, request: Request) -> Response:
        data = self.DeleteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        push_subscription_delete(user=_user(request), endpoint=data.validated_data["endpoint"])
        return Response(status=status.HTTP_204_NO_CONTENT)
