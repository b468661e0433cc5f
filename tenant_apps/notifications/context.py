"""The unread count in the header, on agency hosts only (the public schema has no notifications
table). The count is a callable the template calls when it shows the bell: one query, and none
on pages that do not render the header."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest
from django_tenants.utils import get_public_schema_name

from accounts.models import User
from tenant_apps.notifications.selectors import notification_unread_count
from tenants.db import current_schema


def notifications_unread(request: HttpRequest) -> dict[str, Any]:
    tenant = getattr(request, "tenant", None)
    user = getattr(request, "user", None)
    public = get_public_schema_name()
    if tenant is None or tenant.schema_name == public or current_schema() == public:
        return {}
    if not isinstance(user, User) or not user.is_authenticated:
        return {}

    @cache
    def count() -> int:
        return notification_unread_count(user=user)

    return {"notifications_unread": count}
