"""Catatan Tugasan Harian: an officer's notes of the day's work, editable on that day only and
readable by their supervisors. (The task board comes with the supervision issue.)"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenant_apps.people.models import Officer


class TaskNote(models.Model):
    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="task_notes")
    day = models.DateField(_("day"))
    text = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("task note")
        verbose_name_plural = _("task notes")
        ordering = ["day", "created_at"]
        indexes = [models.Index(fields=["officer", "day"])]

    def __str__(self) -> str:
        return f"{self.officer_id} {self.day}"
