"""The tenant: an agency (Agensi) with its own PostgreSQL schema and subdomain."""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

# State and federal-territory codes as the `holidays` package spells Malaysia's subdivisions.
STATE_CHOICES = [
    ("01", "Johor"),
    ("02", "Kedah"),
    ("03", "Kelantan"),
    ("04", "Melaka"),
    ("05", "Negeri Sembilan"),
    ("06", "Pahang"),
    ("07", "Pulau Pinang"),
    ("08", "Perak"),
    ("09", "Perlis"),
    ("10", "Selangor"),
    ("11", "Terengganu"),
    ("12", "Sabah"),
    ("13", "Sarawak"),
    ("14", "W.P. Kuala Lumpur"),
    ("15", "W.P. Labuan"),
    ("16", "W.P. Putrajaya"),
]

slug_validator = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{1,28})[a-z0-9]$",
    _("Use 3 to 30 lowercase letters, digits or hyphens, not starting or ending with a hyphen."),
    code="invalid_slug",
)


def validate_timezone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("%(value)s is not a known time zone."),
            code="invalid_timezone",
            params={"value": value},
        ) from None


class Agency(TenantMixin):
    class Status(models.TextChoices):
        PROVISIONING = "provisioning", _("Being prepared")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ARCHIVED = "archived", _("Archived")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=30)
    slug = models.CharField(_("subdomain"), max_length=30, unique=True, validators=[slug_validator])
    state_code = models.CharField(_("state"), max_length=2, choices=STATE_CHOICES)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Kuala_Lumpur", validators=[validate_timezone]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    auto_create_schema = True
    auto_drop_schema = False

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.short_name} ({self.slug})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domain")
