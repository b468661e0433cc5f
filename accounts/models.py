from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.managers import UserManager


class User(AbstractBaseUser, PermissionsMixin):
    """One model for both planes. ``login_id`` is the MyKad number (12 digits, no dashes)."""

    class LoginKind(models.TextChoices):
        MYKAD = "mykad", _("MyKad")
        PASSPORT = "passport", _("Passport")

    login_id = models.CharField(_("login ID"), max_length=20, unique=True)
    login_kind = models.CharField(
        _("login ID kind"), max_length=10, choices=LoginKind.choices, default=LoginKind.MYKAD
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Set when the org admin gives a temporary password: until the user chooses their own, every
    # page sends them to the password change page and the API answers 403.
    must_change_password = models.BooleanField(_("must change password"), default=False)

    objects = UserManager()

    USERNAME_FIELD = "login_id"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.login_id

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.login_id


class SecurityEvent(models.Model):
    """Sign-ins, failed sign-ins, sign-outs, password changes and the org admin's actions on an
    account: the account's audit trail.

    Append-only. A failed sign-in for an unknown ID keeps only a masked ID. ``user`` is the account
    the event is about; ``actor`` is whoever acted on it when that was someone else."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Signed in")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")
        LOGOUT = "logout", _("Signed out")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        TOKEN_ISSUED = "token_issued", _("API token issued")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted, password set")
        INVITATION_SENT = "invitation_sent", _("Invitation sent")
        TEMPORARY_PASSWORD_SET = "temporary_password_set", _("Temporary password set")
        PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset requested")
        PASSWORD_RESET = "password_reset", _("Password reset by e-mail link")
        DEACTIVATED = "deactivated", _("Account deactivated")
        REACTIVATED = "reactivated", _("Account reactivated")

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="security_events"
    )
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    login_id_masked = models.CharField(max_length=20, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.login_id_masked} {self.created_at:%Y-%m-%d %H:%M}"


class Invitation(models.Model):
    """A single-use link where a user sets a password: a new user's invitation, or a password
    reset asked for on the login page. Only a SHA-256 of the token is kept, so a copy of the
    database cannot be used to take over an account."""

    class Purpose(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        PASSWORD_RESET = "password_reset", _("Password reset")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.INVITATION)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation for {self.user_id} until {self.expires_at:%Y-%m-%d %H:%M}"

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at
