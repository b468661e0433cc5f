"""The control plane's records of provisioning and lifecycle, all in the public schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The steps of provisioning, in order. Each is idempotent, so a retry resumes at the first step
# that is not done and repeats nothing that is.
STEPS: list[tuple[str, StrOrPromise]] = [
    ("template", _("Template schema up to date")),
    ("schema", _("Agency schema cloned")),
    ("domain", _("Subdomain")),
    ("calendar", _("State calendar and public holidays")),
    ("work_policy", _("Default WBF policy")),
    ("roles", _("Four role groups")),
    ("org_unit", _("Root org unit")),
    ("org_admins", _("Pentadbir Organisasi and invitations")),
    ("activate", _("Agency opened")),
]
STEP_LABELS = dict(STEPS)


class ProvisioningRun(models.Model):
    """Provisioning one agency: from an approved application, or from the create_agency command."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        FAILED = "failed", _("Failed")
        SUCCEEDED = "succeeded", _("Completed")

    application = models.OneToOneField(
        "onboarding.AgencyApplication",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="provisioning_run",
    )
    agency = models.ForeignKey(
        "tenants.Agency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="provisioning_runs",
    )
    slug = models.CharField(max_length=30)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=30)
    state_code = models.CharField(max_length=2)
    # The first Pentadbir Organisasi: [{"name", "login_id", "email"}]; MyKads are masked once done.
    admins = models.JSONField(default=list)
    language = models.CharField(max_length=5, default="ms")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"provisioning {self.slug} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}


class ProvisioningStep(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    run = models.ForeignKey(ProvisioningRun, on_delete=models.CASCADE, related_name="steps")
    name = models.CharField(max_length=20)
    position = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "name"], name="provisioning_step_once_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.run.slug}: {self.name} ({self.status})"

    @property
    def label(self) -> str:
        return str(STEP_LABELS.get(self.name, self.name))

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class AuditEvent(models.Model):
    """Every decision and lifecycle change made on the control plane: who, what, when. Append-only;
    it outlives the agency it is about (a purge keeps the agency's name and slug here)."""

    class Action(models.TextChoices):
        APPLICATION_APPROVED = "application_approved", _("Application approved")
        APPLICATION_REJECTED = "application_rejected", _("Application rejected")
        PROVISIONING_STARTED = "provisioning_started", _("Provisioning started")
        PROVISIONING_FAILED = "provisioning_failed", _("Provisioning failed")
        PROVISIONING_RETRIED = "provisioning_retried", _("Provisioning retried")
        PROVISIONING_SUCCEEDED = "provisioning_succeeded", _("Provisioning completed")
        AGENCY_SUSPENDED = "agency_suspended", _("Agency suspended")
        AGENCY_RESUMED = "agency_resumed", _("Agency resumed")
        AGENCY_ARCHIVED = "agency_archived", _("Agency archived")
        AGENCY_PURGED = "agency_purged", _("Agency purged")
        EXPORT_REQUESTED = "export_requested", _("Export requested")
        EXPORT_DOWNLOADED = "export_downloaded", _("Export downloaded")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text as well: the actor may be a command line ("system") or a deleted account.
    actor_name = models.CharField(max_length=200)
    action = models.CharField(max_length=30, choices=Action.choices)
    agency_slug = models.CharField(max_length=30, blank=True, db_index=True)
    agency_name = models.CharField(max_length=200, blank=True)
    application_reference = models.CharField(max_length=30, blank=True)
    reason = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"


class AgencyExport(models.Model):
    """A downloadable archive of one agency's data (pg_dump of its schema + CSV per table)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        DELETED = "deleted", _("Deleted (expired)")

    agency = models.ForeignKey("tenants.Agency", on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    file_path = models.CharField(max_length=500, blank=True)
    size = models.BigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"export {self.agency_id} {self.created_at:%Y-%m-%d %H:%M} ({self.status})"


class AgencyStats(models.Model):
    """Per-agency counters for the platform overview, refreshed by a periodic task so the console
    never opens each agency's schema while answering a request."""

    agency = models.OneToOneField("tenants.Agency", on_delete=models.CASCADE, related_name="stats")
    users_total = models.PositiveIntegerField(default=0)
    users_active = models.PositiveIntegerField(default=0)
    checkins_today = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"stats {self.agency_id}"


class TemplateScript(models.Model):
    """The template schema as one SQL script (tables, indexes, constraints, rows), written by
    pg_dump when the template is built. Cloning replays it under the new schema's name: a fixed
    cost, unlike a catalogue-walking copy whose cost grows with every schema in the database."""

    fingerprint = models.CharField(max_length=64, unique=True)
    sql = models.TextField()
    built_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"template script {self.fingerprint[:12]}"
