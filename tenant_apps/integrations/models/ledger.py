"""The raw ledger: every attendance line from any device path, as it came, once per
(device, device user id, device time). The raw columns are never changed; a line's application
(officer, punch) is filled in once, when its device user id is known."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenant_apps.attendance.models import AttendanceEvent
from tenant_apps.integrations.models.devices import Device
from tenant_apps.people.models import Officer


class ImportBatch(models.Model):
    """One push request or one uploaded file."""

    class Source(models.TextChoices):
        PUSH = "push", _("Device push")
        DAT = "dat", _("ATTLOG file (.dat)")
        CSV = "csv", _("CSV file")

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Previewed, not imported")
        IMPORTED = "imported", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="batches")
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    filename = models.CharField(_("file"), max_length=200, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    content = models.TextField(blank=True)  # an uploaded file, kept until it is imported
    mapping = models.JSONField(default=dict, blank=True)  # CSV column mapping used
    line_count = models.PositiveIntegerField(default=0)
    new_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    unmapped_count = models.PositiveIntegerField(default=0)
    applied_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"line", "raw", "code", "message"}]
    created_at = models.DateTimeField()
    imported_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("import batch")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.device_id} {self.source} {self.created_at:%Y-%m-%d %H:%M}"


class RawPunch(models.Model):
    class Status(models.TextChoices):
        UNMAPPED = "unmapped", _("Waiting for its device user id")
        APPLIED = "applied", _("Recorded as a punch")
        REFUSED = "refused", _("Not recorded")

    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="raw_punches")
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="raw_punches")
    line_no = models.PositiveIntegerField()
    raw = models.CharField(max_length=500)
    device_user_id = models.CharField(max_length=40)
    device_local = models.CharField(max_length=19)  # "YYYY-MM-DD HH:MM:SS" on the device's clock
    device_time = models.DateTimeField()  # device_local read in the device's time zone
    state = models.CharField(max_length=8, blank=True)  # the device's punch state code
    verify = models.CharField(max_length=8, blank=True)  # how the officer was verified
    kind = models.CharField(max_length=8, choices=AttendanceEvent.Kind.choices)
    received_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices)
    officer = models.ForeignKey(
        Officer, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    event = models.OneToOneField(
        AttendanceEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="raw"
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    refusal = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("raw device line")
        ordering = ["device_time", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["device", "device_user_id", "device_local"],
                name="integrations_raw_punch_key",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "device", "device_user_id"]),
            models.Index(fields=["batch", "line_no"]),
        ]

    def __str__(self) -> str:
        return f"{self.device_id}:{self.device_user_id} {self.device_local}"
