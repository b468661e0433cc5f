"""Agency applications (permohonan): how an agency asks JDN to join the platform.

Public schema only. An application is looked up by its reference alone, so the reference is random
and unguessable, never derived from the id or the agency's name."""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.models import STATE_CHOICES

# Crockford's base32: no I, L, O or U, so a reference read out over the phone is not misheard.
CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_PREFIX = "SPM"
REFERENCE_RANDOM_LENGTH = 8  # 32**8 ≈ 1.1e12 references per year: not enumerable
REFERENCE_RE = re.compile(rf"^{REFERENCE_PREFIX}-\d{{4}}-[{CROCKFORD_ALPHABET}]{{8}}$")
_CROCKFORD_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})

SUBDOMAIN_CLAIM_CONSTRAINT = "onboarding_application_subdomain_claimed"
REFERENCE_CONSTRAINT = "onboarding_application_reference_unique"


def reference_new(*, year: int | None = None) -> str:
    """A fresh reference such as ``SPM-2026-7KQ4M9XD``; the year is the submission year."""
    year = year if year is not None else timezone.localdate().year
    random_part = "".join(
        secrets.choice(CROCKFORD_ALPHABET) for _ in range(REFERENCE_RANDOM_LENGTH)
    )
    return f"{REFERENCE_PREFIX}-{year}-{random_part}"


def reference_normalise(raw: str) -> str:
    """A reference as typed (any case, spaces around, O for 0 or I/L for 1) in its stored form."""
    value = raw.strip().upper()
    head, sep, random_part = value.rpartition("-")
    if not sep:
        return value
    return f"{head}-{random_part.translate(_CROCKFORD_ALIASES)}"


class AgencyApplication(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Language(models.TextChoices):
        MALAY = "ms", "Bahasa Melayu"
        ENGLISH = "en", "English"

    # A subdomain is claimed while an application waits for a decision or has been approved.
    CLAIMING_STATUSES = (Status.SUBMITTED, Status.APPROVED)

    reference = models.CharField(_("reference"), max_length=20, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )

    agency_name = models.CharField(_("agency name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=30)
    ministry = models.CharField(_("ministry"), max_length=200)
    state_code = models.CharField(_("state"), max_length=2, choices=STATE_CHOICES)
    subdomain = models.CharField(_("subdomain"), max_length=30)
    expected_officers = models.PositiveIntegerField(_("expected number of officers"))

    contact_name = models.CharField(_("contact officer"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact telephone"), max_length=30)

    # The two Pentadbir Organisasi: one from Bahagian Khidmat Pengurusan, one from Bahagian ICT.
    admin_mgmt_name = models.CharField(_("management services admin name"), max_length=150)
    admin_mgmt_mykad = models.CharField(_("management services admin MyKad"), max_length=12)
    admin_mgmt_email = models.EmailField(_("management services admin e-mail"))
    admin_ict_name = models.CharField(_("ICT admin name"), max_length=150)
    admin_ict_mykad = models.CharField(_("ICT admin MyKad"), max_length=12)
    admin_ict_email = models.EmailField(_("ICT admin e-mail"))

    has_sop = models.BooleanField(_("has an attendance SOP"), default=False)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.MALAY
    )

    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    agency = models.ForeignKey(
        "tenants.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )

    class Meta:
        verbose_name = _("agency application")
        verbose_name_plural = _("agency applications")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name=REFERENCE_CONSTRAINT),
            # Race-safe: two applicants submitting the same subdomain at once cannot both win.
            models.UniqueConstraint(
                fields=["subdomain"],
                condition=models.Q(status__in=["submitted", "approved"]),
                name=SUBDOMAIN_CLAIM_CONSTRAINT,
            ),
            models.CheckConstraint(
                condition=models.Q(expected_officers__gte=1),
                name="onboarding_application_expected_officers_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="onboarding_status_submitted"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.short_name}"

    @property
    def is_decided(self) -> bool:
        return self.status != self.Status.SUBMITTED
