"""Catatan Tugasan Harian: an officer's notes of the day's work, editable on that day only and
readable by their supervisors; and Papan Tugasan, the tasks a supervisor assigns, to which notes
may be linked."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tenant_apps.people.models import Officer


class Task(models.Model):
    """Papan Tugasan: a task a supervisor assigns to a subordinate, followed to the end."""

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    class Status(models.TextChoices):
        TODO = "todo", _("To do")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="tasks")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.TODO
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["officer", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100), name="assignments_progress"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id} {self.title}"


class TaskNote(models.Model):
    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="task_notes")
    day = models.DateField(_("day"))
    text = models.TextField(_("note"), max_length=2000)
    task = models.ForeignKey(
        Task,
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notes",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("task note")
        verbose_name_plural = _("task notes")
        ordering = ["day", "created_at"]
        indexes = [models.Index(fields=["officer", "day"])]

    def __str__(self) -> str:
        return f"{self.officer_id} {self.day}"
