"""API keys (per agency, scoped, stored hashed) and the log of every call made with one."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ_ATTENDANCE = "attendance:read", _("Read attendance (punches, days, issues, movements)")
    READ_PEOPLE = "people:read", _("Read people (officers, org units)")
    WRITE_PUNCHES = "punches:write", _("Record punches (kiosk integrations)")


class ApiKey(models.Model):
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)  # shown in lists; the key starts with it
    key_hash = models.CharField(max_length=64, unique=True)  # sha256 of the whole key
    scopes = ArrayField(models.CharField(max_length=20, choices=Scope.choices))
    rate_limit_per_minute = models.PositiveIntegerField(
        _("calls allowed per minute"),
        default=120,
        validators=[MinValueValidator(1), MaxValueValidator(10_000)],
    )
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("API key")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ApiCall(models.Model):
    """One call made with an API key: the audit of the integration API. Append-only."""

    key = models.ForeignKey(ApiKey, on_delete=models.PROTECT, related_name="calls")
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    query = models.CharField(max_length=500, blank=True)
    status_code = models.PositiveSmallIntegerField()
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["key", "at"])]

    def __str__(self) -> str:
        return f"{self.key_id} {self.method} {self.path} {self.status_code}"
