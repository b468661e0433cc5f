"""In-app notifications, each person's choice of channels per kind, web-push subscriptions and
the agency's VAPID key pair. The words are stored in both languages when the notification is
made, so the list reads the same later."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PUNCH_OUTSIDE = "punch_outside", _("A subordinate checked in or out outside the office")
    MOVEMENT_NEW = "movement_new", _("A subordinate declared a movement")
    MOVEMENT_ACKNOWLEDGED = "movement_ack", _("My movement was acknowledged")
    CHECKOUT_REMINDER = "checkout_reminder", _("Reminder to check out")
    ISSUE_EXPLAINED = "issue_explained", _("A subordinate explained an attendance issue")
    ISSUE_DECIDED = "issue_decided", _("My attendance issue was accepted or rejected")
    ISSUE_ESCALATED = "issue_escalated", _("An attendance issue passed its deadline")
    CARD_CHANGED = "card_changed", _("A card colour changed")
    TASK_ASSIGNED = "task_assigned", _("A task was assigned or updated")
    DEVICE_HEALTH = "device_health", _("A biometric device is silent or its clock drifts")
    WEBHOOK_PAUSED = "webhook_paused", _("A webhook subscription was paused")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    text_ms = models.CharField(max_length=500)
    text_en = models.CharField(max_length=500)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    pushed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind}"


class Preference(models.Model):
    """A person's channels for one kind. No row: in-app and e-mail on, push on once subscribed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    in_app = models.BooleanField(_("in the app"), default=True)
    email = models.BooleanField(_("e-mail"), default=True)
    push = models.BooleanField(_("push to this device"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notifications_pref_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


class PushSubscription(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("push subscription")

    def __str__(self) -> str:
        return f"{self.user_id} push"


class VapidKeys(models.Model):
    """The agency's own VAPID key pair (pk 1), made on first use. The private key never leaves
    the agency's schema."""

    public_key = models.CharField(max_length=200)  # base64url, uncompressed P-256 point
    private_key_pem = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return "VAPID keys"
