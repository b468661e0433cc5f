"""The log of the integration API: every call made with a known API key (refused ones too: 401 of
a revoked or expired key, 403, 429, 4xx, 5xx) becomes one ``ApiCall``, written after the answer is
known. The key is left on the request by ``api_auth.ApiKeyAuthentication``."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError, transaction
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone

from accounts.request_info import client_info
from tenant_apps.integrations.models import ApiCall, ApiKey

logger = logging.getLogger(__name__)


def _text(value: str, limit: int) -> str:
    # PostgreSQL text holds no NUL character; a caller may well send one.
    return value.replace("\x00", "\\x00")[:limit]


class ApiCallMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        key = getattr(request, "spotme_api_key", None)
        if isinstance(key, ApiKey):
            try:
                with transaction.atomic():
                    ApiCall.objects.create(
                        key=key,
                        method=_text(request.method or "", 8),
                        path=_text(request.path, 300),
                        query=_text(request.META.get("QUERY_STRING", ""), 500),
                        status_code=response.status_code,
                        ip=client_info(request).ip_address,
                        at=timezone.now(),
                    )
            except DatabaseError:  # the answer stands; the log's failure is reported
                logger.exception("API call of key %s not logged", key.pk)
        return response
