"""Pengurusan Isu Kehadiran: every exception the engine finds on a closed duty day opens an issue
for the officer to explain; the supervisor accepts or rejects. An accepted issue excuses the
exception: the day is judged again without it and the card colour no longer counts it."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenant_apps.people.models import Officer


class IssueSettings(models.Model):
    """One row per agency (pk 1)."""

    deadline_day = models.PositiveSmallIntegerField(
        _("explanations are due by this day of the next month"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    attachment_max_kb = models.PositiveIntegerField(
        _("largest attachment (KB)"),
        default=5 * 1024,
        validators=[MinValueValidator(100), MaxValueValidator(20 * 1024)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance issue settings")

    def __str__(self) -> str:
        return "attendance issue settings"


class IssueReason(models.Model):
    """The agency's list of reason codes an officer picks when explaining."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    label_ms = models.CharField(_("label (Malay)"), max_length=150)
    label_en = models.CharField(_("label (English)"), max_length=150)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("issue reason")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.label_ms}"


class AttendanceIssue(models.Model):
    class Category(models.TextChoices):
        LATE_IN = "LATE_IN", _("Late in")
        EARLY_OUT = "EARLY_OUT", _("Early out")
        INCOMPLETE = "INCOMPLETE", _("Incomplete (no check-out)")
        ABSENT = "ABSENT", _("Absent")
        EXTERNAL = "EXTERNAL", _("Outside the office")

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting explanation")
        EXPLAINED = "explained", _("Awaiting decision")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("No longer applies")

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="issues")
    day = models.DateField(_("day"))
    category = models.CharField(_("exception"), max_length=12, choices=Category.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    deadline = models.DateField(_("explain by"))
    reason = models.ForeignKey(
        IssueReason,
        verbose_name=_("reason"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    explanation = models.TextField(_("explanation"), blank=True, max_length=2000)
    attachment = models.FileField(_("attachment"), upload_to="issues/%Y/%m/", blank=True)
    explained_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(_("comment"), blank=True, max_length=1000)
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance issue")
        ordering = ["-day", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "day", "category"], name="attendance_issue_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["officer", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id} {self.day} {self.category} ({self.status})"


class IssueEvent(models.Model):
    """The issue's history: opened, explained, accepted, rejected, explained again, escalated."""

    class Action(models.TextChoices):
        OPENED = "opened", _("Opened")
        EXPLAINED = "explained", _("Explained")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        ESCALATED = "escalated", _("Escalated")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REOPENED = "reopened", _("Reopened")

    issue = models.ForeignKey(AttendanceIssue, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.issue_id} {self.action}"
