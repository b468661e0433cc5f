"""Placeholder: filled by its owner."""

from celery import shared_task


@shared_task(acks_late=True)
def webhook_deliver(delivery_id: int) -> str:
    return ""
