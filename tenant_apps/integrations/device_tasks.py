"""Placeholder: filled by its owner."""

from celery import shared_task


@shared_task(acks_late=True)
def raw_lines_apply(raw_ids: list[int]) -> int:
    return 0


@shared_task(acks_late=True)
def agency_devices_health() -> int:
    return 0


@shared_task
def integrations_tick_all() -> int:
    return 0
