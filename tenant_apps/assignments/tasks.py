"""Celery entry points of the assignments app. Sent from an agency's request (after the commit),
they run in that agency's schema (spotme_platform.celery is tenant-aware)."""

from __future__ import annotations

from celery import shared_task
from django.urls import reverse

TEXTS: dict[str, tuple[str, str]] = {
    "assigned": (
        '{supervisor} telah memberikan tugasan baru kepada anda - "{title}".',
        '{supervisor} gave you a new task - "{title}".',
    ),
    "updated": (
        '{supervisor} telah mengemas kini tugasan anda - "{title}".',
        '{supervisor} changed your task - "{title}".',
    ),
    "cancelled": (
        '{supervisor} telah membatalkan tugasan anda - "{title}".',
        '{supervisor} cancelled your task - "{title}".',
    ),
    "done": (
        '{name} telah menyelesaikan tugasan - "{title}".',
        '{name} completed the task - "{title}".',
    ),
}


@shared_task(acks_late=True)
def task_notify(task_id: int, event: str, actor_id: int | None = None) -> int:
    """Tell the officer of a task given, changed or cancelled (by ``actor_id``), or the
    assigner (else the officer's current supervisors) of a task done. Returns how many were
    addressed (0 if the task is gone)."""
    from accounts.models import User
    from tenant_apps.assignments.models import Task
    from tenant_apps.notifications.models import Kind
    from tenant_apps.notifications.services import notification_send
    from tenant_apps.people.selectors import supervisor_users_of

    task = Task.objects.select_related("officer__user", "assigned_by").filter(pk=task_id).first()
    if task is None or event not in TEXTS:
        return 0
    text_ms, text_en = TEXTS[event]
    values = {"title": task.title, "name": task.officer.user.full_name, "supervisor": ""}
    recipients: list[User]
    if event == "done":
        if task.assigned_by is not None and task.assigned_by.is_active:
            recipients = [task.assigned_by]
        else:
            recipients = supervisor_users_of(task.officer)
        recipients = [user for user in recipients if user.pk != task.officer.user_id]
    else:
        actor = User.objects.filter(pk=actor_id).first() if actor_id is not None else None
        values["supervisor"] = actor.full_name if actor is not None else ""
        recipients = [task.officer.user]
    notification_send(
        recipients=recipients,
        kind=Kind.TASK_ASSIGNED,
        text_ms=text_ms.format(**values),
        text_en=text_en.format(**values),
        link=reverse("assignments:task-detail", args=[task.pk]),
    )
    return len(recipients)
