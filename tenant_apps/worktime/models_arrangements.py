"""Who works under which policy, on which roster, with which approved arrangements; the agency's
settings for card colours, and the card colours themselves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenant_apps.worktime.models import WorkPolicy


class PolicyAssignment(models.Model):
    """A policy for one officer or one unit (and the units below it) from a date."""

    policy = models.ForeignKey(WorkPolicy, on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(
        "people.OrgUnit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    officer = models.ForeignKey(
        "people.Officer", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("policy assignment")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=True, officer__isnull=False)
                | Q(unit__isnull=False, officer__isnull=True),
                name="worktime_assignment_one_target",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="worktime_assignment_period_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy_id} → {self.unit_id or self.officer_id} from {self.effective_from}"


class Roster(models.Model):
    """A recurring shift pattern: ``pattern`` is one entry per day of the cycle, a WorkPolicy id
    or null for a rest day; day 0 of the cycle is ``anchor``."""

    name = models.CharField(_("name"), max_length=100)
    anchor = models.DateField(_("first day of the cycle"))
    pattern = models.JSONField(_("pattern"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("shift roster")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RosterAssignment(models.Model):
    roster = models.ForeignKey(Roster, on_delete=models.PROTECT, related_name="assignments")
    officer = models.ForeignKey("people.Officer", on_delete=models.CASCADE, related_name="+")
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.officer_id} on {self.roster_id} from {self.effective_from}"


class Arrangement(models.Model):
    """An approved (or requested) departure from the normal day: BDR, pregnancy early leave,
    Ramadan shortened rest. Only approved ones reach the engine."""

    class Kind(models.TextChoices):
        BDR = "bdr", _("Work from home (BDR)")
        PREGNANCY_EARLY_LEAVE = "pregnancy_early_leave", _("Pregnancy early leave")
        RAMADAN_SHORT_REST = "ramadan_short_rest", _("Ramadan shortened rest")

    class Scope(models.TextChoices):
        FULL = "full", _("Full day")
        AM = "am", _("Morning")
        PM = "pm", _("Afternoon")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    officer = models.ForeignKey(
        "people.Officer", on_delete=models.CASCADE, related_name="arrangements"
    )
    kind = models.CharField(_("arrangement"), max_length=30, choices=Kind.choices)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.FULL)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    # Pregnancy early leave ends at the latest on the first day of maternity leave.
    expected_delivery = models.DateField(_("expected delivery date"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("arrangement")
        ordering = ["-starts_on"]
        permissions = [("approve_arrangement", _("Can approve BDR and early-leave requests"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="worktime_arrangement_ordered"
            ),
        ]
        indexes = [models.Index(fields=["officer", "status", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.officer_id} {self.starts_on}..{self.ends_on} ({self.status})"


class WorktimeSettings(models.Model):
    """The agency's card-colour rules (one row)."""

    yellow_to_green = models.PositiveSmallIntegerField(
        _("exceptions in a month that turn a yellow card green"), default=3
    )
    green_to_red = models.PositiveSmallIntegerField(
        _("exceptions in a month that turn a green card red"), default=2
    )
    counted_categories = models.JSONField(
        _("exceptions counted"), default=list, help_text=_("LATE_IN, EARLY_OUT, INCOMPLETE")
    )
    evaluation_day = models.PositiveSmallIntegerField(
        _("day of the month the cards are evaluated"), default=1
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("working-time settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(evaluation_day__gte=1) & Q(evaluation_day__lte=28),
                name="worktime_settings_evaluation_day",
            ),
        ]

    def __str__(self) -> str:
        return "working-time settings"


class CardColour(models.Model):
    """An officer's card for one month, with the counts and rule version it came from."""

    class Colour(models.TextChoices):
        YELLOW = "yellow", _("Yellow (kuning)")
        GREEN = "green", _("Green (hijau)")
        RED = "red", _("Red (merah)")

    officer = models.ForeignKey("people.Officer", on_delete=models.CASCADE, related_name="cards")
    month = models.DateField(_("month"))  # the first day of the month
    colour = models.CharField(_("colour"), max_length=10, choices=Colour.choices)
    counts = models.JSONField(default=dict)
    rule_version = models.CharField(max_length=40)
    reason = models.CharField(max_length=300, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    override_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("card colour")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["officer", "month"], name="worktime_card_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id} {self.month:%Y-%m} {self.colour}"
