"""The org admin's writes of the issue module: the agency's reason list and its settings."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from tenant_apps.attendance_issues.models import IssueReason, IssueSettings
from tenant_apps.attendance_issues.selectors import issue_settings
from tenant_apps.attendance_issues.services import CODE_PATTERN, _refused
from tenant_apps.audit.services import audit_record


def _labels(label_ms: str, label_en: str) -> tuple[str, str]:
    label_ms, label_en = " ".join(label_ms.split()), " ".join(label_en.split())
    if not label_ms or not label_en:
        raise _refused("label_required")
    return label_ms[:150], label_en[:150]


@transaction.atomic
def reason_create(
    *, actor: User, code: str, label_ms: str, label_en: str, order: int = 0
) -> IssueReason:
    """Add a reason code (unique, in capitals; it never changes once made)."""
    code = code.strip().upper()
    if not CODE_PATTERN.match(code):
        raise _refused("code_invalid")
    if IssueReason.objects.filter(code=code).exists():
        raise _refused("code_taken")
    label_ms, label_en = _labels(label_ms, label_en)
    reason = IssueReason.objects.create(
        code=code, label_ms=label_ms, label_en=label_en, order=max(order, 0)
    )
    audit_record(
        actor=actor,
        action="attendance_issues.reason_create",
        target=reason,
        summary=f"Issue reason {code} added",
        detail={"code": code, "label_ms": label_ms, "label_en": label_en},
    )
    return reason


def _reason_values(reason: IssueReason) -> dict[str, object]:
    return {
        "label_ms": reason.label_ms,
        "label_en": reason.label_en,
        "order": reason.order,
        "is_active": reason.is_active,
    }


@transaction.atomic
def reason_update(
    *,
    actor: User,
    reason: IssueReason,
    label_ms: str,
    label_en: str,
    order: int,
    is_active: bool,
) -> IssueReason:
    """Change a reason's labels and order, or (de)activate it. A deactivated reason is no longer
    offered; explanations that used it keep it."""
    label_ms, label_en = _labels(label_ms, label_en)
    locked = IssueReason.objects.select_for_update().get(pk=reason.pk)
    before = _reason_values(locked)
    locked.label_ms, locked.label_en = label_ms, label_en
    locked.order, locked.is_active = max(order, 0), is_active
    locked.save()
    audit_record(
        actor=actor,
        action="attendance_issues.reason_update",
        target=locked,
        summary=f"Issue reason {locked.code} changed" + ("" if is_active else " (inactive)"),
        detail={"before": before, "after": _reason_values(locked)},
    )
    return locked


@transaction.atomic
def issue_settings_update(
    *, actor: User, deadline_day: int, attachment_max_kb: int
) -> IssueSettings:
    """The day of the next month explanations are due by (1–28; it applies to issues opened from
    now on) and the largest attachment in KB (100–20480)."""
    if not 1 <= deadline_day <= 28:
        raise _refused("deadline_day_invalid")
    if not 100 <= attachment_max_kb <= 20 * 1024:
        raise _refused("max_kb_invalid")
    row = IssueSettings.objects.select_for_update().get(pk=issue_settings().pk)
    before = {"deadline_day": row.deadline_day, "attachment_max_kb": row.attachment_max_kb}
    row.deadline_day = deadline_day
    row.attachment_max_kb = attachment_max_kb
    row.save()
    audit_record(
        actor=actor,
        action="attendance_issues.settings_update",
        target=row,
        summary="Attendance issue settings changed",
        detail={
            "before": before,
            "after": {"deadline_day": deadline_day, "attachment_max_kb": attachment_max_kb},
        },
    )
    return row
