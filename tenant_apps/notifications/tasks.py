"""Celery entry points of notifications. Sent from an agency (after the sending transaction
commits), they run in that agency's schema (spotme_platform.celery is tenant-aware). Both are
idempotent: a second delivery of the same task sends nothing more."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task


@shared_task(
    autoretry_for=(OSError, SMTPException), retry_backoff=True, max_retries=5, acks_late=True
)
def notification_email_send(notification_id: int) -> bool:
    from tenant_apps.notifications.mail import notification_email_deliver

    return notification_email_deliver(notification_id=notification_id)


@shared_task(acks_late=True)
def notification_push_send(notification_id: int) -> int:
    from tenant_apps.notifications.push import notification_push_deliver

    return notification_push_deliver(notification_id=notification_id)
