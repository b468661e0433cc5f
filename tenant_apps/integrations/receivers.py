"""Webhook events from the records of other apps: a punch recorded (``punch.created``), a duty day
closed (``day.closed``), an issue accepted or rejected (``issue.decided``), a movement declared
(``movement.created``).

These run on the morning punch path, so the common case (no subscriber for the event) costs one
cache read (``wanted_events``). Otherwise one delivery per active subscriber is written in the same
transaction as the record, with its payload built now, and queued when that transaction commits.
A failure here is logged and never undoes the record itself."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from tenant_apps.attendance.models import AttendanceDay, AttendanceEvent
from tenant_apps.attendance.signals import day_closed
from tenant_apps.attendance_issues.models import IssueEvent
from tenant_apps.integrations.models import WebhookDelivery, WebhookSubscription
from tenant_apps.integrations.models.webhooks import Event
from tenant_apps.integrations.webhook_payloads import (
    DECISIONS,
    day_data,
    envelope,
    event_id_for,
    issue_data,
    movement_data,
    punch_data,
)
from tenant_apps.integrations.webhook_services import wanted_events, wanted_events_forget
from tenant_apps.movements.models import Movement

logger = logging.getLogger(__name__)


def deliveries_make(event: str, key: str, data: Callable[[], dict[str, Any]]) -> list[int]:
    """One pending delivery per active subscription to ``event`` (none twice for the same
    happening, ``key``); queued on commit. Returns the new deliveries' ids."""
    if event not in wanted_events():
        return []
    from tenant_apps.integrations.webhook_tasks import deliveries_queue

    try:
        with transaction.atomic():  # a savepoint: a failure here leaves the record alone
            subscriptions = list(
                WebhookSubscription.objects.filter(
                    status=WebhookSubscription.Status.ACTIVE, events__contains=[event]
                ).values_list("pk", flat=True)
            )
            if not subscriptions:
                return []
            event_id = event_id_for(event, key)
            payload = envelope(event=event, event_id=event_id, data=data())
            now = timezone.now()
            known = set(
                WebhookDelivery.objects.filter(
                    event_id=event_id, subscription_id__in=subscriptions
                ).values_list("subscription_id", flat=True)
            )
            made = WebhookDelivery.objects.bulk_create(
                WebhookDelivery(
                    subscription_id=pk,
                    event=event,
                    event_id=event_id,
                    payload=payload,
                    created_at=now,
                    next_attempt_at=now,
                )
                for pk in subscriptions
                if pk not in known
            )
    except Exception:
        logger.exception("webhook deliveries for %s %s were not made", event, key)
        return []
    ids = [delivery.pk for delivery in made]
    deliveries_queue(ids)
    return ids


@receiver(post_save, sender=AttendanceEvent, dispatch_uid="integrations.webhook.punch")
def punch_created(sender: type[AttendanceEvent], instance: AttendanceEvent, **kwargs: Any) -> None:
    if kwargs.get("created") and not kwargs.get("raw"):
        deliveries_make(Event.PUNCH_CREATED, str(instance.event_id), lambda: punch_data(instance))


@receiver(day_closed, dispatch_uid="integrations.webhook.day")
def day_was_closed(sender: type[AttendanceDay], day: AttendanceDay, **kwargs: Any) -> None:
    key = f"{day.officer_id}:{day.day.isoformat()}"
    deliveries_make(Event.DAY_CLOSED, key, lambda: day_data(day))


@receiver(post_save, sender=IssueEvent, dispatch_uid="integrations.webhook.issue")
def issue_decided(sender: type[IssueEvent], instance: IssueEvent, **kwargs: Any) -> None:
    if kwargs.get("created") and not kwargs.get("raw") and instance.action in DECISIONS:
        deliveries_make(Event.ISSUE_DECIDED, str(instance.pk), lambda: issue_data(instance))


@receiver(post_save, sender=Movement, dispatch_uid="integrations.webhook.movement")
def movement_created(sender: type[Movement], instance: Movement, **kwargs: Any) -> None:
    if kwargs.get("created") and not kwargs.get("raw"):
        deliveries_make(Event.MOVEMENT_CREATED, str(instance.pk), lambda: movement_data(instance))


@receiver(post_save, sender=WebhookSubscription, dispatch_uid="integrations.webhook.changed")
@receiver(post_delete, sender=WebhookSubscription, dispatch_uid="integrations.webhook.removed")
def subscriptions_changed(sender: type[WebhookSubscription], **kwargs: Any) -> None:
    wanted_events_forget()
