"""The login finder's directory: which agency a MyKad number logs in at.

Only a keyed hash of the MyKad is kept (HMAC-SHA256 with SPOTME_MYKAD_HASH_KEY), never the number:
a copy of this table says nothing about who works where without the key. The key matters: MyKad
numbers are guessable (a birth date, a place code, four digits), so anyone holding both the table
and the key could test every number. The key comes from the environment, never the database."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import Agency


class DirectoryEntry(models.Model):
    login_hash = models.CharField(_("login hash"), max_length=64, db_index=True)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="directory_entries")
    # The user's id in the agency's own schema, so an entry follows its user when the login ID
    # changes or the user is deleted. A number only: no foreign key crosses schemas.
    user_id = models.BigIntegerField(_("user id in the agency"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "login_hash"], name="directory_entry_hash_per_agency"
            ),
            models.UniqueConstraint(
                fields=["agency", "user_id"], name="directory_entry_user_per_agency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}:{self.login_hash[:8]}…"
