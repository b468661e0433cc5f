"""The control plane's audit trail: one row per decision or lifecycle change."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from provisioning.models import AuditEvent


def audit_record(
    *,
    actor: object | None,
    action: str,
    agency_slug: str = "",
    agency_name: str = "",
    application_reference: str = "",
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    user = actor if isinstance(actor, User) else None
    actor_name = user.full_name if user else (str(actor) if actor else "system")
    return AuditEvent.objects.create(
        actor=user,
        actor_name=actor_name,
        action=action,
        agency_slug=agency_slug,
        agency_name=agency_name,
        application_reference=application_reference,
        reason=reason,
        detail=detail or {},
    )
