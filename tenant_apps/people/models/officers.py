"""Officers (Pegawai) and their supervision lines. The login itself is accounts.User; this is the
agency's record of the person: where they work, who supervises them, and since when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenant_apps.people.models.units import OrgUnit


class Officer(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")
        TRANSFERRED_OUT = "transferred_out", _("Transferred out")

    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")
        UNKNOWN = "unknown", _("Not stated")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="officer"
    )
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    grade = models.CharField(_("grade"), max_length=20, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="officers"
    )
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    status_since = models.DateField(_("status since"), default=timezone.localdate)
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("supervisor (Penyelia)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subordinates",
    )
    second_supervisor = models.ForeignKey(
        "self",
        verbose_name=_("second-level supervisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="second_level_subordinates",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        ordering = ["user__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(supervisor=F("id")), name="people_officer_not_own_supervisor"
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.user.full_name


class OfficerLine(models.Model):
    """One period of an officer's unit and supervisors. Periods of one officer never overlap;
    the open one (no end) is the current line. A past month's reports read the line then in
    force."""

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="lines")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    supervisor = models.ForeignKey(
        Officer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    second_supervisor = models.ForeignKey(
        Officer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["officer", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["officer"],
                condition=Q(effective_to__isnull=True),
                name="people_officerline_one_open",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="people_officerline_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id} {self.effective_from}..{self.effective_to or ''}"


class ActingSupervisor(models.Model):
    """Pemangku: ``acting`` has ``for_supervisor``'s reach over subordinates from ``starts_on``
    to ``ends_on`` inclusive, and loses it after."""

    acting = models.ForeignKey(
        Officer, verbose_name=_("acting officer"), on_delete=models.CASCADE, related_name="acting"
    )
    for_supervisor = models.ForeignKey(
        Officer,
        verbose_name=_("on behalf of"),
        on_delete=models.CASCADE,
        related_name="acted_for",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("acting supervisor")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="people_acting_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(acting=F("for_supervisor")), name="people_acting_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.acting_id} for {self.for_supervisor_id} {self.starts_on}..{self.ends_on}"
