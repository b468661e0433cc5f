"""How the integration API knows its caller: an API key in ``Authorization: Api-Key <key>`` (or
``X-Api-Key: <key>``), a scope per endpoint and a rate limit per key.

The key found is left on the Django request (``spotme_api_key``), refused or not, so that
``api_middleware`` logs every call made with it, whatever its answer. A value that is no key of
this agency is answered 401 and logged nowhere: there is no key to log it under."""

from __future__ import annotations

import math
import time
from typing import Any, NoReturn

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from accounts.request_info import client_info
from tenant_apps.integrations.api_keys import api_key_find, api_key_touch
from tenant_apps.integrations.models import ApiKey
from tenant_apps.integrations.models.api import Scope

HEADER_KEYWORD = "api-key"

REFUSALS = {
    "key_missing": _(
        "This endpoint needs an API key: send it as 'Authorization: Api-Key <key>' or "
        "'X-Api-Key: <key>'."
    ),
    "key_invalid": _("This API key is not valid for this agency."),
    "key_revoked": _("This API key was revoked by the organisation administrator."),
    "key_expired": _("This API key has expired; ask the organisation administrator for a new one."),
}


class ApiKeyRefused(exceptions.AuthenticationFailed):
    """401 with a specific code (``key_missing``, ``key_invalid``, ``key_revoked``,
    ``key_expired``)."""

    def __init__(self, code: str) -> None:
        super().__init__(detail=REFUSALS[code], code=code)
        self.default_code = code


class ScopeMissing(exceptions.PermissionDenied):
    default_code = "scope_missing"

    def __init__(self, scope: str) -> None:
        super().__init__(
            detail=_("This API key lacks the scope %(scope)s (%(label)s).")
            % {"scope": scope, "label": Scope(scope).label},
            code="scope_missing",
        )


class RateLimited(exceptions.Throttled):
    default_code = "rate_limited"

    def __init__(self, wait: float | None, limit: int) -> None:
        seconds = max(1, math.ceil(wait or 1))
        # APIException's own init: Throttled's would append an English sentence to the detail.
        exceptions.APIException.__init__(
            self,
            detail=_(
                "This API key may make %(limit)s calls a minute; try again in %(seconds)s seconds."
            )
            % {"limit": limit, "seconds": seconds},
            code="rate_limited",
        )
        self.wait = seconds


class ApiKeyUser(AnonymousUser):
    """The caller of a key-authenticated request: no person, no permissions of a user."""

    def __init__(self, key: ApiKey) -> None:
        super().__init__()
        self.api_key = key

    def __str__(self) -> str:
        return f"API key {self.api_key.prefix}"


def _raw_key(request: Request) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        keyword, _space, value = header.strip().partition(" ")
        if keyword.lower() == HEADER_KEYWORD:
            return str(value).strip()
    value = str(request.META.get("HTTP_X_API_KEY", ""))
    return value.strip() or None


class ApiKeyAuthentication(BaseAuthentication):
    """Authenticates an API key of the current agency (its schema holds its keys, so a key of
    another agency is simply unknown here)."""

    def authenticate(self, request: Request) -> tuple[ApiKeyUser, ApiKey] | None:
        raw = _raw_key(request)
        if raw is None:
            return None
        key = api_key_find(raw)
        if key is None:
            raise ApiKeyRefused("key_invalid")
        request._request.spotme_api_key = key  # type: ignore[attr-defined]
        now = timezone.now()
        if key.revoked_at is not None:
            raise ApiKeyRefused("key_revoked")
        if key.expires_at <= now:
            raise ApiKeyRefused("key_expired")
        api_key_touch(key=key, ip=client_info(request._request).ip_address, now=now)
        return ApiKeyUser(key), key

    def authenticate_header(self, request: Request) -> str:
        # A WWW-Authenticate header makes DRF answer 401 (not 403) to a missing or bad key.
        return 'Api-Key realm="api"'


def request_key(request: Request) -> ApiKey:
    key = request.auth
    if not isinstance(key, ApiKey):
        raise ApiKeyRefused("key_missing")
    return key


class HasScope(BasePermission):
    """The key must carry the view's ``required_scope``; 403 ``scope_missing`` otherwise."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        key = request_key(request)
        scope: str = view.required_scope  # type: ignore[attr-defined]
        if scope not in key.scopes:
            raise ScopeMissing(scope)
        return True


class ApiKeyRateThrottle(BaseThrottle):
    """At most ``key.rate_limit_per_minute`` calls in each clock minute, counted in the cache
    (shared by every process when the cache is Redis)."""

    def __init__(self) -> None:
        self.limit = 0
        self.reset_in = 0.0

    def allow_request(self, request: Request, view: APIView) -> bool:
        key = request.auth
        if not isinstance(key, ApiKey):
            return True
        now = time.time()
        minute = int(now // 60)
        counter = f"integrations:apikey-rate:{key.pk}:{minute}"
        cache.add(counter, 0, timeout=120)
        try:
            count = cache.incr(counter)
        except ValueError:  # expired between add and incr
            cache.set(counter, 1, timeout=120)
            count = 1
        self.limit = key.rate_limit_per_minute
        self.reset_in = (minute + 1) * 60 - now
        return bool(count <= self.limit)

    def wait(self) -> float | None:
        return self.reset_in


class ApiKeyView(APIView):
    """Authentication, scope and rate limit of every integration endpoint."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasScope]
    throttle_classes = [ApiKeyRateThrottle]
    required_scope: str = ""

    def throttled(self, request: Request, wait: float | None) -> NoReturn:
        key = request.auth
        limit = key.rate_limit_per_minute if isinstance(key, ApiKey) else 0
        raise RateLimited(wait, limit)


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The security scheme in the OpenAPI document."""

    target_class = "tenant_apps.integrations.api_auth.ApiKeyAuthentication"
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Api-Key",
            "description": (
                "An API key made by the agency's org admin (Integrations → API keys). Send it as "
                "`X-Api-Key: <key>` or `Authorization: Api-Key <key>`."
            ),
        }
