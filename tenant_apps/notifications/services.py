"""Writes for notifications.

``notification_send`` is called from Celery tasks only (never on a request's path). It makes one
row per recipient as the delivery record, by each recipient's channels for the kind, and hands
e-mail and web push to delivery tasks once the transaction commits. A recipient who turned the
in-app channel off still gets the row when e-mail or push is on: it is stored already read, with
``read_at == created_at``, which the in-app list leaves out (selectors.notification_list_for_user).
A recipient with every channel off gets no row at all."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator

from accounts.models import User
from tenant_apps.notifications.models import Kind, Notification, Preference, PushSubscription
from tenant_apps.notifications.selectors import Channels, channels_for, notification_get_for_user

TEXT_MAX = 500
LINK_MAX = 300


def notification_send(
    *, recipients: Iterable[User], kind: Kind, text_ms: str, text_en: str, link: str = ""
) -> list[Notification]:
    """Notify each active recipient (deduplicated) in the channels they chose for ``kind``.
    Returns the rows made (one per recipient reached by at least one channel)."""
    users = [user for user in {user.pk: user for user in recipients}.values() if user.is_active]
    if not users:
        return []
    channels = channels_for(users=users, kind=kind)
    subscribed = set(
        PushSubscription.objects.filter(user__in=users).values_list("user_id", flat=True)
    )
    text_ms = Truncator(text_ms).chars(TEXT_MAX)
    text_en = Truncator(text_en).chars(TEXT_MAX)
    link = link if len(link) <= LINK_MAX else ""
    made: list[tuple[Notification, bool, bool]] = []
    with transaction.atomic():
        for user in users:
            wanted = channels[user.pk]
            by_email = wanted.email and bool(user.email)
            by_push = wanted.push and user.pk in subscribed
            if not (wanted.in_app or by_email or by_push):
                continue
            notification = Notification.objects.create(
                recipient=user, kind=kind, text_ms=text_ms, text_en=text_en, link=link
            )
            if not wanted.in_app:
                Notification.objects.filter(pk=notification.pk).update(read_at=F("created_at"))
                notification.read_at = notification.created_at
            made.append((notification, by_email, by_push))
        for notification, by_email, by_push in made:
            _deliveries_on_commit(notification.pk, by_email=by_email, by_push=by_push)
    return [notification for notification, _email, _push in made]


def _deliveries_on_commit(notification_id: int, *, by_email: bool, by_push: bool) -> None:
    from tenant_apps.notifications.tasks import notification_email_send, notification_push_send

    if by_email:
        transaction.on_commit(partial(notification_email_send.delay, notification_id))
    if by_push:
        transaction.on_commit(partial(notification_push_send.delay, notification_id))


@transaction.atomic
def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read (another's id raises Http404)."""
    notification = notification_get_for_user(user=user, notification_id=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notification_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the user read; returns how many were unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preferences_save(*, user: User, table: Mapping[str, Channels]) -> None:
    """Store the user's channels for each kind given (unknown kinds are ignored)."""
    known = set(Kind.values)
    for kind, channels in table.items():
        if kind not in known:
            continue
        Preference.objects.update_or_create(
            user=user,
            kind=kind,
            defaults={"in_app": channels.in_app, "email": channels.email, "push": channels.push},
        )


@transaction.atomic
def push_subscription_save(
    *, user: User, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> PushSubscription:
    """Store a browser's push subscription. An endpoint belongs to one browser profile: when
    another person of the agency enables push in the same browser, it becomes theirs."""
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={
            "user": user,
            "p256dh": p256dh,
            "auth": auth,
            "user_agent": user_agent[:300],
            "last_error": "",
        },
    )
    return subscription


@transaction.atomic
def push_subscription_delete(*, user: User, endpoint: str) -> bool:
    """Forget one of the user's own subscriptions; True when there was one."""
    deleted, _by_model = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return deleted > 0
