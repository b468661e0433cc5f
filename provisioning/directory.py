"""Keeps the login finder (shared_apps.directory, in the public schema) in step with the people of
every agency: a user created, changed (login ID, status) or deleted in an agency's schema updates
its entry in the same transaction. Bulk writes send no post_save: their authors call
accounts.services.users_bulk_written_notify, and ``directory_rebuild`` repairs any drift.

Receivers rather than calls from the services, as an exception to "no domain logic in signals":
users are written by accounts, people and provisioning, and accounts may not know about either
plane, so only this bridge can watch them all. Connected in ProvisioningConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models.signals import post_delete, post_save
from django_tenants.utils import get_public_schema_name

from accounts.models import User
from accounts.services import users_bulk_written
from shared_apps.directory.services import (
    directory_user_remove,
    directory_user_sync,
    directory_users_sync,
)
from tenants.db import current_schema
from tenants.models import Agency

# A save that touches none of these (last_login at every sign-in, a name) leaves the entry as is.
WATCHED_FIELDS = frozenset({"login_id", "login_kind", "is_active"})


def current_agency_id() -> int | None:
    """The agency whose schema the connection is in; None in the public schema (JDN operators are
    never listed) and in schemas of no agency (the provisioning template)."""
    schema = current_schema()
    if schema == get_public_schema_name():
        return None
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Agency) and tenant.schema_name == schema:
        return int(tenant.pk)
    # Under schema_context() (provisioning, commands) the connection knows only the schema name.
    return Agency.objects.filter(schema_name=schema).values_list("pk", flat=True).first()


def user_saved(
    sender: type[User],
    instance: User,
    created: bool,
    update_fields: frozenset[str] | None,
    raw: bool = False,
    **kwargs: Any,
) -> None:
    if raw or (update_fields is not None and not WATCHED_FIELDS & set(update_fields)):
        return
    agency_id = current_agency_id()
    if agency_id is None:
        return
    directory_user_sync(
        agency_id=agency_id,
        user_id=instance.pk,
        login_id=instance.login_id,
        login_kind=instance.login_kind,
        is_active=instance.is_active,
    )


def user_deleted(sender: type[User], instance: User, **kwargs: Any) -> None:
    agency_id = current_agency_id()
    if agency_id is not None and instance.pk is not None:
        directory_user_remove(agency_id=agency_id, user_id=instance.pk)


def users_written(sender: type[User], user_ids: list[int], **kwargs: Any) -> None:
    agency_id = current_agency_id()
    if agency_id is None:
        return
    users = User.objects.filter(pk__in=user_ids).values_list(
        "pk", "login_id", "login_kind", "is_active"
    )
    directory_users_sync(agency_id=agency_id, users=list(users))


def directory_receivers_connect() -> None:
    post_save.connect(user_saved, sender=User, dispatch_uid="directory_user_saved")
    post_delete.connect(user_deleted, sender=User, dispatch_uid="directory_user_deleted")
    users_bulk_written.connect(users_written, sender=User, dispatch_uid="directory_users_written")
