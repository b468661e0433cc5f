"""Pergerakan Harian: trips out of the office on duty, declared by the officer. A declared
movement covers its window at once (the engine removes EXTERNAL and absence inside it); the
supervisor is told and may acknowledge it. Cancelled movements cover nothing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tenant_apps.people.models import Officer


class Movement(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Declared")
        CANCELLED = "cancelled", _("Cancelled")

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="movements")
    purpose = models.CharField(_("purpose"), max_length=200)
    place = models.CharField(_("place"), max_length=200)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("declared at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("movement")
        verbose_name_plural = _("movements")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["officer", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="movements_window_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id} {self.purpose} {self.starts_at:%Y-%m-%d %H:%M}"
