"""Reads for notifications: a person's own list and unread count, and the channels each person
chose for a kind. Everything is looked up inside the person's own rows, so another person's
notification id answers "not found"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.http import Http404

from accounts.models import User
from tenant_apps.notifications.models import Kind, Notification, Preference, PushSubscription


@dataclass(frozen=True)
class Channels:
    """Where one kind of notification reaches one person."""

    in_app: bool = True
    email: bool = True
    push: bool = True

    @property
    def any(self) -> bool:
        return self.in_app or self.email or self.push


DEFAULT_CHANNELS = Channels()


def notification_list_for_user(*, user: User) -> QuerySet[Notification]:
    """The notifications shown in the user's in-app list, newest first.

    A row whose ``read_at`` equals its ``created_at`` was delivered by e-mail or push only (the
    person turned the in-app channel off for its kind): it is the delivery record, not shown."""
    return (
        Notification.objects.filter(recipient=user)
        .exclude(read_at=F("created_at"))
        .order_by("-created_at", "-id")
    )


def notification_unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_get_for_user(*, user: User, notification_id: int) -> Notification:
    """One of the user's own notifications; anyone else's id raises Http404."""
    found = notification_list_for_user(user=user).filter(pk=notification_id).first()
    if found is None:
        raise Http404
    return found


def channels_for(*, users: Iterable[User], kind: str) -> dict[int, Channels]:
    """Each user's channels for ``kind`` (no preference row: every channel on), in one query."""
    ids = [user.pk for user in users]
    found = {
        pref.user_id: Channels(in_app=pref.in_app, email=pref.email, push=pref.push)
        for pref in Preference.objects.filter(user_id__in=ids, kind=kind)
    }
    return {pk: found.get(pk, DEFAULT_CHANNELS) for pk in ids}


def preference_table_for_user(*, user: User) -> list[tuple[Kind, Channels]]:
    """Every kind with the user's channels for it, in the order the kinds are declared."""
    saved = {
        pref.kind: Channels(in_app=pref.in_app, email=pref.email, push=pref.push)
        for pref in Preference.objects.filter(user=user)
    }
    return [(kind, saved.get(kind.value, DEFAULT_CHANNELS)) for kind in Kind]


def push_subscriptions_of(*, user: User) -> QuerySet[PushSubscription]:
    return PushSubscription.objects.filter(user=user).order_by("pk")
