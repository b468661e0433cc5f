"""The agency's working-time calendar: its state's weekends, public holidays and work policies.

All rows live in the agency's schema and are the agency's to edit; provisioning seeds them from
``regions.py`` and the ``holidays`` package (see ``services.py``)."""

from __future__ import annotations

from datetime import time

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """One version of a state's working week (a copy of ``regions.RegionVersion``).

    ``effective_to`` is the last day the version is in force, inclusive; ``None``: still in
    force."""

    state_code = models.CharField(_("state"), max_length=2)
    name = models.CharField(_("name"), max_length=100)
    weekend_days = models.JSONField(
        _("weekend days"), default=list, help_text=_("ISO weekdays: 1 is Monday, 7 is Sunday.")
    )
    short_thursday = models.BooleanField(_("short Thursday"), default=False)
    friday_rest_start = models.TimeField(_("Friday rest starts"), null=True, blank=True)
    friday_rest_end = models.TimeField(_("Friday rest ends"), null=True, blank=True)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["state_code", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["state_code", "effective_from"],
                name="worktime_region_unique_state_from",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="worktime_region_period_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from:%Y-%m-%d})"


class PublicHoliday(models.Model):
    """A day off for the whole agency. Package rows are never deleted, only switched off."""

    class Source(models.TextChoices):
        PACKAGE = "package", _("Public holiday list")
        AGENCY = "agency", _("Added by the agency")

    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    state_code = models.CharField(
        _("state"), max_length=2, blank=True, help_text=_("The state it was seeded for.")
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.AGENCY
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "name"], name="worktime_publicholiday_unique_date_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class WorkPolicy(models.Model):
    """A version of a working-hours policy; a past day is judged by the version then in force.

    ``effective_to`` is inclusive; ``None``: still in force. Spans include the rest."""

    class Kind(models.TextChoices):
        WBF = "wbf", _("WBF")
        FIXED = "fixed", _("Fixed hours")
        SHIFT = "shift", _("Shift")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WBF)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    is_default = models.BooleanField(_("default policy"), default=False)
    check_in_start = models.TimeField(_("check-in window opens"), default=time(7, 30))
    check_in_end = models.TimeField(_("check-in window closes"), default=time(9, 0))
    span_minutes = models.PositiveSmallIntegerField(_("daily span (minutes)"), default=540)
    short_day_span_minutes = models.PositiveSmallIntegerField(
        _("short Thursday span (minutes)"), default=450
    )
    rest_minutes = models.PositiveSmallIntegerField(_("rest (minutes)"), default=60)
    grace_minutes = models.PositiveSmallIntegerField(_("grace (minutes)"), default=0)
    # Fixed hours and shifts: the day's start and end (a shift may end the next morning).
    start_time = models.TimeField(_("starts"), null=True, blank=True)
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    # Shifts: punches before this time of the next day still belong to the shift's day.
    day_split = models.TimeField(_("day split"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("work policy")
        verbose_name_plural = _("work policies")
        ordering = ["name", "effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(check_in_start__lt=F("check_in_end")) & Q(span_minutes__gt=0),
                name="worktime_workpolicy_window_and_span_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from:%Y-%m-%d})"


from tenant_apps.worktime.models_arrangements import (  # noqa: E402 - after WorkPolicy
    Arrangement,
    CardColour,
    PolicyAssignment,
    Roster,
    RosterAssignment,
    WorktimeSettings,
)

__all__ = [
    "Arrangement",
    "CardColour",
    "PolicyAssignment",
    "PublicHoliday",
    "Region",
    "Roster",
    "RosterAssignment",
    "WorkPolicy",
    "WorktimeSettings",
]
