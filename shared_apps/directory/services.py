"""Writes of the login finder's directory. Every write goes to the public schema explicitly,
whatever schema the connection is in: the receivers that keep the directory up to date run while
an agency's schema is selected."""

from __future__ import annotations

import re

from django.db import transaction
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from accounts.models import User
from shared_apps.directory.hashing import login_hash
from shared_apps.directory.models import DirectoryEntry
from tenants.models import Agency

_SEPARATORS = re.compile(r"[\s-]")


def listed_mykad(*, login_id: str, login_kind: str, is_active: bool) -> str | None:
    """The 12 digits the finder knows this login by, or None when it is not listed: inactive
    users and passport logins are not."""
    digits = _SEPARATORS.sub("", login_id)
    if not is_active or login_kind != User.LoginKind.MYKAD or not re.fullmatch(r"\d{12}", digits):
        return None
    return digits


def directory_user_sync(
    *, agency_id: int, user_id: int, login_id: str, login_kind: str, is_active: bool
) -> None:
    """One user's entry follows the user: written for an active MyKad login, removed otherwise."""
    mykad = listed_mykad(login_id=login_id, login_kind=login_kind, is_active=is_active)
    with schema_context(get_public_schema_name()), transaction.atomic():
        if mykad is None:
            DirectoryEntry.objects.filter(agency_id=agency_id, user_id=user_id).delete()
            return
        digest = login_hash(mykad)
        # A stale entry of another user with this login ID (it can only be stale: login IDs are
        # unique in an agency) would block the write.
        DirectoryEntry.objects.filter(agency_id=agency_id, login_hash=digest).exclude(
            user_id=user_id
        ).delete()
        DirectoryEntry.objects.bulk_create(
            [DirectoryEntry(agency_id=agency_id, user_id=user_id, login_hash=digest)],
            update_conflicts=True,
            unique_fields=["agency", "user_id"],
            update_fields=["login_hash", "updated_at"],
        )


def directory_users_sync(*, agency_id: int, users: list[tuple[int, str, str, bool]]) -> None:
    """Many users' entries at once (after a bulk import): ``(id, login_id, login_kind,
    is_active)`` each. A few queries for the whole list."""
    listed: dict[int, str] = {}
    for user_id, login_id, login_kind, is_active in users:
        mykad = listed_mykad(login_id=login_id, login_kind=login_kind, is_active=is_active)
        if mykad is not None:
            listed[user_id] = login_hash(mykad)
    with schema_context(get_public_schema_name()), transaction.atomic():
        DirectoryEntry.objects.filter(
            agency_id=agency_id, user_id__in=[user[0] for user in users]
        ).delete()
        DirectoryEntry.objects.filter(
            agency_id=agency_id, login_hash__in=list(listed.values())
        ).delete()
        DirectoryEntry.objects.bulk_create(
            [
                DirectoryEntry(agency_id=agency_id, user_id=user_id, login_hash=digest)
                for user_id, digest in listed.items()
            ],
            batch_size=2000,
        )


def directory_user_remove(*, agency_id: int, user_id: int) -> None:
    with schema_context(get_public_schema_name()):
        DirectoryEntry.objects.filter(agency_id=agency_id, user_id=user_id).delete()


def directory_agency_rebuild(*, agency: Agency) -> int:
    """Recompute every entry of one agency from its users (existing data, a new hash key).
    Returns the number of entries."""
    if agency.schema_name == get_public_schema_name():
        return 0  # JDN operators are never listed
    entries: list[DirectoryEntry] = []
    if schema_exists(agency.schema_name):
        with schema_context(agency.schema_name):
            users = User.objects.filter(is_active=True, login_kind=User.LoginKind.MYKAD)
            for user_id, login_id in users.values_list("pk", "login_id").iterator():
                mykad = listed_mykad(
                    login_id=login_id, login_kind=User.LoginKind.MYKAD, is_active=True
                )
                if mykad is not None:
                    entries.append(
                        DirectoryEntry(agency=agency, user_id=user_id, login_hash=login_hash(mykad))
                    )
    with schema_context(get_public_schema_name()), transaction.atomic():
        DirectoryEntry.objects.filter(agency=agency).delete()
        DirectoryEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries)


def directory_rebuild_all() -> dict[str, int]:
    """Every agency's entries, agency by agency (each in its own transaction). Agencies whose
    schema is gone keep no entries."""
    with schema_context(get_public_schema_name()):
        agencies = list(Agency.objects.exclude(schema_name=get_public_schema_name()).order_by("pk"))
    return {agency.slug: directory_agency_rebuild(agency=agency) for agency in agencies}
