"""Celery entry points of the movements app. Sent from an agency's request (after the commit),
they run in that agency's schema (spotme_platform.celery is tenant-aware)."""

from __future__ import annotations

from celery import shared_task
from django.urls import reverse

# The seed's words (the SPOT-Me phone app's notifications), and their English.
TEXTS: dict[str, tuple[str, str]] = {
    "created": (
        '{name} telah memasukkan pergerakan baru - "{purpose}".',
        '{name} declared a new movement - "{purpose}".',
    ),
    "updated": (
        '{name} telah mengemas kini pergerakan - "{purpose}".',
        '{name} changed a movement - "{purpose}".',
    ),
    "cancelled": (
        '{name} telah membatalkan pergerakan - "{purpose}".',
        '{name} cancelled a movement - "{purpose}".',
    ),
    "acknowledged": (
        'Pergerakan anda "{purpose}" telah dimaklumi oleh {supervisor}.',
        'Your movement "{purpose}" was acknowledged by {supervisor}.',
    ),
}


@shared_task(acks_late=True)
def movement_notify(movement_id: int, event: str) -> int:
    """Tell the supervisors of a declared, changed or cancelled movement, or the officer of an
    acknowledgement. Returns how many were addressed (0 if the movement is gone)."""
    from tenant_apps.movements.models import Movement
    from tenant_apps.movements.selectors import movement_acknowledgers
    from tenant_apps.notifications.models import Kind
    from tenant_apps.notifications.services import notification_send

    movement = (
        Movement.objects.select_related("officer__user", "acknowledged_by")
        .filter(pk=movement_id)
        .first()
    )
    if movement is None or event not in TEXTS:
        return 0
    text_ms, text_en = TEXTS[event]
    values = {"name": movement.officer.user.full_name, "purpose": movement.purpose}
    if event == "acknowledged":
        if movement.acknowledged_by is None:
            return 0
        values["supervisor"] = movement.acknowledged_by.full_name
        recipients = [movement.officer.user]
        kind = Kind.MOVEMENT_ACKNOWLEDGED
    else:
        recipients = movement_acknowledgers(movement.officer)
        kind = Kind.MOVEMENT_NEW
    notification_send(
        recipients=recipients,
        kind=kind,
        text_ms=text_ms.format(**values),
        text_en=text_en.format(**values),
        link=reverse("movements:detail", args=[movement.pk]),
    )
    return len(recipients)
