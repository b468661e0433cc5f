"""Recording to the agency's audit trail, in the caller's transaction."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from accounts.models import User
from tenant_apps.audit.models import AuditEntry


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: Model,
    summary: str,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=actor.full_name if actor else "system",
        action=action,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        summary=summary[:300],
        detail=detail or {},
    )
