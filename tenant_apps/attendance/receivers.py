"""When the working-time records change, the stored duty days they judge are recomputed in a
Celery task, after the change commits."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.dispatch import receiver

from tenant_apps.worktime.signals import days_affected


@receiver(days_affected)
def days_recompute_enqueue(
    sender: Any, officer_ids: list[int] | None, start: date, end: date | None, **kwargs: Any
) -> None:
    from tenant_apps.attendance.tasks import officer_days_recompute

    ids = sorted(set(officer_ids)) if officer_ids is not None else None
    first, last = start.isoformat(), end.isoformat() if end else None
    transaction.on_commit(lambda: officer_days_recompute.delay(ids, first, last))
