"""Celery entry points of attendance. Sent from an agency, they run in its schema; the periodic
``attendance_tick_all`` runs in the public schema and sends each active agency its own tasks."""

from __future__ import annotations

from datetime import date

from celery import shared_task


@shared_task(acks_late=True)
def punch_outside_notify(event_id: int) -> int:
    """Tell the officer's supervisors that a punch was made outside every office."""
    from tenant_apps.attendance.notify import punch_outside_notify_send

    return punch_outside_notify_send(event_id)


@shared_task(acks_late=True)
def officer_days_recompute(officer_ids: list[int] | None, start: str, end: str | None) -> int:
    """Judge the stored duty days of some officers (None: all) in ``[start, end]`` again after a
    policy, roster, arrangement or movement changed. Idempotent: the same records give the same
    rows, so a repeated or late delivery changes nothing."""
    from tenant_apps.attendance.closing import stored_days_recompute

    return stored_days_recompute(
        officer_ids, date.fromisoformat(start), date.fromisoformat(end) if end else None
    )


@shared_task(acks_late=True)
def agency_days_close() -> int:
    """Close every duty day whose window has ended (a missing check-out becomes INCOMPLETE, a day
    without a punch ABSENT)."""
    from django.core.cache import cache

    from tenant_apps.attendance.closing import days_close

    # One run at a time per agency (the cache key carries the schema): a slow first run of the
    # day must not be joined by the next tick.
    if not cache.add("attendance:days-close:running", 1, timeout=30 * 60):
        return 0
    try:
        return days_close()
    finally:
        cache.delete("attendance:days-close:running")


@shared_task(acks_late=True)
def agency_checkout_reminders() -> int:
    from tenant_apps.attendance.notify import checkout_reminders_send

    return checkout_reminders_send()


@shared_task
def attendance_tick_all() -> int:
    """Every few minutes (beat): each active agency closes its ended days and sends reminders."""
    from tenants.fanout import send_to_each_agency

    return send_to_each_agency(agency_days_close, agency_checkout_reminders)


@shared_task(acks_late=True)
def cards_changed_notify(month: str, changes: list[list[object]]) -> int:
    """Tell each officer whose card changed, and their supervisor."""
    from tenant_apps.attendance.notify import cards_changed_send

    return cards_changed_send(date.fromisoformat(month), changes)


@shared_task(acks_late=True)
def agency_cards_evaluate_due() -> int:
    """On and after the agency's evaluation day, judge last month's cards once."""
    from django.utils import timezone

    from tenant_apps.attendance_issues.cards import cards_due, cards_evaluate

    month = cards_due(timezone.localdate())
    return cards_evaluate(month=month) if month is not None else 0


@shared_task
def supervision_tick_all() -> int:
    """Every hour (beat): each active agency evaluates cards when due and escalates issues past
    their deadline."""
    from tenant_apps.attendance_issues.tasks import agency_issues_escalate
    from tenants.fanout import send_to_each_agency

    return send_to_each_agency(agency_cards_evaluate_due, agency_issues_escalate)
