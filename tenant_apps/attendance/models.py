"""Punches (append-only, hash-chained evidence) and duty days (derived by the rule engine), and
the agency's attendance settings."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tenant_apps.people.models import OfficeLocation, Officer


class AttendanceSettings(models.Model):
    """One row per agency (pk 1): how check-ins are judged. Flags never refuse a punch; only a
    missing position can, and only when the agency says so."""

    accept_without_position = models.BooleanField(
        _("accept a punch without a position (flagged)"), default=True
    )
    offline_window_hours = models.PositiveSmallIntegerField(
        _("offline punches accepted up to (hours)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(72)],
    )
    poor_accuracy_m = models.PositiveIntegerField(
        _("poor accuracy above (metres)"),
        default=200,
        validators=[MinValueValidator(10), MaxValueValidator(10_000)],
    )
    impossible_speed_kmh = models.PositiveIntegerField(
        _("impossible travel above (km/h)"),
        default=150,
        validators=[MinValueValidator(20), MaxValueValidator(2_000)],
    )
    clock_skew_minutes = models.PositiveSmallIntegerField(
        _("device clock skew flagged above (minutes)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(720)],
    )
    repeated_coordinates_count = models.PositiveSmallIntegerField(
        _("identical coordinates flagged after (earlier punches)"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(1_000)],
    )
    reminder_minutes_before = models.PositiveSmallIntegerField(
        _("check-out reminder (minutes before the required time)"),
        default=15,
        validators=[MinValueValidator(0), MaxValueValidator(240)],
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance settings")

    def __str__(self) -> str:
        return "attendance settings"


class AttendanceEvent(models.Model):
    """A punch: never edited, never deleted. ``recorded_at`` (the server's clock) is the record;
    ``claimed_at`` is the time the day is judged by: the same, except for an offline punch (the
    device's time when it was made) and an admin correction (the time the admin gives)."""

    class Kind(models.TextChoices):
        IN = "in", _("Check in")
        OUT = "out", _("Check out")
        UNKNOWN = "unknown", _("Unknown")

    class Source(models.TextChoices):
        WEB = "web", _("Browser")
        OFFLINE = "offline", _("Offline (sent later)")
        API = "api", _("API")
        BIOMETRIC = "biometric", _("Biometric")
        ADMIN = "admin", _("Admin correction")

    class Place(models.TextChoices):
        OFFICE = "office", _("Inside office")
        HOME = "home", _("At home (BDR)")
        OUTSIDE = "outside", _("Outside office")

    class Flag(models.TextChoices):
        NO_POSITION = "no_position", _("No position")
        POOR_ACCURACY = "poor_accuracy", _("Poor accuracy")
        IMPOSSIBLE_TRAVEL = "impossible_travel", _("Impossible travel")
        CLOCK_SKEW = "clock_skew", _("Device clock skew")
        REPEATED_COORDINATES = "repeated_coordinates", _("Identical coordinates")
        OFFLINE = "offline", _("Sent offline")

    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="punches")
    event_id = models.UUIDField(_("event id"), unique=True, default=uuid.uuid4)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    recorded_at = models.DateTimeField(_("recorded at"))
    claimed_at = models.DateTimeField(_("time"))
    device_time = models.DateTimeField(_("device time"), null=True, blank=True)
    skew_seconds = models.IntegerField(_("device clock skew (seconds)"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    accuracy_m = models.FloatField(_("accuracy (metres)"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=8, choices=Place.choices)
    office = models.ForeignKey(
        OfficeLocation,
        verbose_name=_("nearest office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    distance_m = models.FloatField(_("distance to the office (metres)"), null=True, blank=True)
    flags = ArrayField(models.CharField(max_length=24), default=list, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    # Admin corrections: who and why. A correction never changes another punch.
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Hash chain per officer: sha256 over the previous punch's hash and this punch's fields.
    prev_hash = models.CharField(max_length=64, blank=True)
    chain_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("punch")
        verbose_name_plural = _("punches")
        ordering = ["claimed_at", "id"]
        indexes = [
            models.Index(fields=["officer", "claimed_at"]),
            models.Index(fields=["claimed_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="attendance_event_position_valid",
            ),
            models.CheckConstraint(
                condition=~Q(source="admin") | ~Q(reason=""),
                name="attendance_event_correction_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id} {self.kind} {self.claimed_at:%Y-%m-%d %H:%M}"

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class AttendanceDay(models.Model):
    """One officer's duty day as the engine last judged it. Derived: recomputing writes the same
    row again from the punches, the policy then in force and the approved arrangements."""

    class Status(models.TextChoices):
        PRESENT = "PRESENT", _("Present")
        ABSENT = "ABSENT", _("Absent")
        WEEKEND = "WEEKEND", _("Weekend")
        PUBLIC_HOLIDAY = "PUBLIC_HOLIDAY", _("Public holiday")
        BDR = "BDR", _("Work from home (BDR)")
        LEAVE = "LEAVE", _("Leave")
        PENDING = "PENDING", _("Not yet recorded")
        REST_DAY = "REST_DAY", _("Rest day (roster)")

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="duty_days")
    day = models.DateField(_("day"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    categories = ArrayField(models.CharField(max_length=12), default=list, blank=True)
    excused = ArrayField(models.CharField(max_length=12), default=list, blank=True)
    late_minutes = models.PositiveIntegerField(default=0)
    early_minutes = models.PositiveIntegerField(default=0)
    worked_minutes = models.PositiveIntegerField(default=0)
    check_in = models.DateTimeField(null=True, blank=True)
    check_out = models.DateTimeField(null=True, blank=True)
    required_out = models.DateTimeField(null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)  # [{"code", "ms", "en"}, ...]
    policy_kind = models.CharField(max_length=8, blank=True)  # WBF / FIXED / SHIFT; "" rest day
    # The end of the duty day's window (a shift's runs into the next date): closed after it.
    ends_at = models.DateTimeField()
    closed = models.BooleanField(default=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("duty day")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["officer", "day"], name="attendance_day_unique"),
        ]
        indexes = [
            models.Index(fields=["day", "status"]),
            models.Index(fields=["closed", "ends_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id} {self.day} {self.status}"
