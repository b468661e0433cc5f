"""The agency's biometric devices, who tried to talk to the push endpoint, which device user id is
which officer, and the agency's integration settings."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenant_apps.people.models import OfficeLocation, Officer

SERIAL_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9_-]{3,40}$",
    _("A serial number has 3 to 40 letters, digits, dashes or underscores."),
    code="serial_invalid",
)


class IntegrationSettings(models.Model):
    """One row per agency (pk 1)."""

    device_silent_minutes = models.PositiveIntegerField(
        _("a device is silent after (minutes without contact)"),
        default=120,
        validators=[MinValueValidator(10), MaxValueValidator(7 * 24 * 60)],
    )
    device_drift_minutes = models.PositiveSmallIntegerField(
        _("a device clock drifts when it is off by more than (minutes)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(720)],
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("integration settings")

    def __str__(self) -> str:
        return "integration settings"


class Device(models.Model):
    """A biometric terminal of the agency. Its lines are read in its own time zone."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        DISABLED = "disabled", _("Disabled")

    class Health(models.TextChoices):
        UNKNOWN = "unknown", _("Not heard from yet")
        OK = "ok", _("Healthy")
        SILENT = "silent", _("Silent")
        DRIFT = "drift", _("Clock drift")

    serial = models.CharField(
        _("serial number"), max_length=40, unique=True, validators=[SERIAL_VALIDATOR]
    )
    name = models.CharField(_("name"), max_length=100)
    office = models.ForeignKey(
        OfficeLocation,
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="devices",
    )
    time_zone = models.CharField(_("time zone of the device clock"), max_length=50)
    # Terminals whose firmware cannot send the secret may push without it from these networks
    # (comma-separated CIDR, e.g. the agency's own address); empty: the secret is always needed.
    keyless_networks = models.CharField(
        _("networks that may push without the secret"), max_length=300, blank=True
    )
    # sha256 of the device secret; the secret itself is shown once when made.
    secret_hash = models.CharField(max_length=64)
    secret_hint = models.CharField(max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    last_seen_ip = models.GenericIPAddressField(null=True, blank=True)
    last_upload_at = models.DateTimeField(_("last upload"), null=True, blank=True)
    # Device clock minus server clock, from the freshest line of its recent uploads.
    clock_drift_seconds = models.IntegerField(_("clock drift (seconds)"), null=True, blank=True)
    attlog_stamp = models.CharField(max_length=40, blank=True)  # the ADMS stamp last delivered
    firmware = models.CharField(_("firmware"), max_length=200, blank=True)
    health = models.CharField(max_length=10, choices=Health.choices, default=Health.UNKNOWN)
    health_alerted_at = models.DateTimeField(null=True, blank=True)
    # The saved column mapping for CSV files from this device: {"user_id": "PIN", ...}.
    csv_mapping = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("biometric device")
        ordering = ["name", "serial"]

    def __str__(self) -> str:
        return f"{self.name} ({self.serial})"


class DeviceContact(models.Model):
    """Every request to the push endpoint, refused ones included. Append-only."""

    class Outcome(models.TextChoices):
        OK = "ok", _("Accepted")
        UNKNOWN = "unknown", _("Unknown device")
        DISABLED = "disabled", _("Disabled device")
        BAD_SECRET = "bad_secret", _("Wrong device secret")
        BAD_REQUEST = "bad_request", _("Bad request")

    device = models.ForeignKey(
        Device, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    serial = models.CharField(max_length=100)
    ip = models.GenericIPAddressField(null=True, blank=True)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=200)
    query = models.CharField(max_length=500, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    detail = models.CharField(max_length=300, blank=True)
    lines = models.PositiveIntegerField(default=0)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["outcome", "at"]), models.Index(fields=["device", "at"])]

    def __str__(self) -> str:
        return f"{self.serial} {self.outcome} {self.at:%Y-%m-%d %H:%M}"


class DeviceUserMap(models.Model):
    """Device user id (the PIN on the terminal) of one device → an officer."""

    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="user_maps")
    device_user_id = models.CharField(_("device user id"), max_length=40)
    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="device_ids"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("device user id")
        ordering = ["device", "device_user_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["device", "device_user_id"], name="integrations_device_user_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.device_id}:{self.device_user_id} → {self.officer_id}"
