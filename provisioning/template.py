"""The template schema new agencies are cloned from.

The template is a schema with every tenant migration applied and no tenant row. Its COMMENT holds a
fingerprint of the tenant migrations it was built from; when the migrations on disk change, the
next provisioning (or ``manage.py template_refresh``) rebuilds it beside the old one and swaps the
two in one transaction, so a clone never sees a half-built template.
"""

from __future__ import annotations

import hashlib
import logging
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django_tenants.clone import CloneSchema
from django_tenants.utils import schema_exists

from provisioning.export import ExportError, pg_dump_binary, pg_environment
from provisioning.models import TemplateScript
from tenants.db import use_public_schema

logger = logging.getLogger(__name__)

COMMENT_PREFIX = "spotme-template:"
_LOCK_KEY = 0x5350_4F54  # "SPOT": one template build at a time across workers


def template_schema_name() -> str:
    return str(settings.TENANT_BASE_SCHEMA)


def tenant_migration_fingerprint() -> str:
    """A hash of every tenant app's migration files (names and contents)."""
    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    labels = {_label_of(app) for app in settings.TENANT_APPS}
    digest = hashlib.sha256()
    for app_label, name in sorted(key for key in loader.disk_migrations if key[0] in labels):
        migration = loader.disk_migrations[(app_label, name)]
        digest.update(f"{app_label}.{name}\n".encode())
        source = getattr(sys.modules.get(migration.__module__), "__file__", None)
        if source:
            digest.update(Path(source).read_bytes())
    return digest.hexdigest()


def _label_of(app: str) -> str:
    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name == app:
            return config.label
    return app.rsplit(".", 1)[-1]


def template_fingerprint_in_database() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = %s",
            [template_schema_name()],
        )
        row = cursor.fetchone()
    if row is None or not row[0] or not str(row[0]).startswith(COMMENT_PREFIX):
        return None
    return str(row[0])[len(COMMENT_PREFIX) :]


@contextmanager
def _build_lock() -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [_LOCK_KEY])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_LOCK_KEY])


def template_ensure() -> bool:
    """Make sure the template matches the migrations on disk. Returns True if it was rebuilt."""
    wanted = tenant_migration_fingerprint()
    if template_fingerprint_in_database() == wanted:
        if not TemplateScript.objects.filter(fingerprint=wanted).exists():
            _template_script_write(wanted)
        return False
    with _build_lock():
        if template_fingerprint_in_database() == wanted:  # another worker built it meanwhile
            return False
        _template_build(wanted)
    return True


def _template_build(fingerprint: str) -> None:
    started = time.monotonic()
    name = template_schema_name()
    building = f"{name}_building"
    use_public_schema()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{building}" CASCADE')
        cursor.execute(f'CREATE SCHEMA "{building}"')
    call_command(
        "migrate_schemas", tenant=True, schema_name=building, interactive=False, verbosity=0
    )
    use_public_schema()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        cursor.execute(f'ALTER SCHEMA "{building}" RENAME TO "{name}"')
        cursor.execute(f"COMMENT ON SCHEMA \"{name}\" IS '{COMMENT_PREFIX}{fingerprint}'")
    _template_script_write(fingerprint)
    logger.info("template schema %s rebuilt in %.1f s", name, time.monotonic() - started)


# Lines of a plain pg_dump that set up the dumping session or the schema itself; the clone sets
# its own schema up, and must not change the connection's search_path.
_SESSION_LINE = re.compile(
    r"^(SET \w+ = .*;|SELECT pg_catalog\.set_config\(.*\);|CREATE SCHEMA \S+;"
    r"|COMMENT ON SCHEMA .*;|\\\S.*|--.*)$"
)


def _server_major() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int / 10000")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _template_script_write(fingerprint: str) -> None:
    """Dump the committed template to SQL once, so each clone is a single replay."""
    if connection.in_atomic_block:
        return  # pg_dump's own connection cannot see an uncommitted template
    try:
        binary = pg_dump_binary(_server_major())
    except ExportError as exc:
        logger.warning("no template script (%s); clones use clone_schema()", exc)
        return
    dump = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [
            *(binary, f"--schema={template_schema_name()}", "--no-owner", "--no-privileges"),
            *("--rows-per-insert=1000", "--no-password"),
        ],
        env=pg_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if dump.returncode != 0:
        logger.warning("pg_dump of the template failed: %s", dump.stderr.strip())
        return
    lines = [line for line in dump.stdout.splitlines() if not _SESSION_LINE.match(line)]
    TemplateScript.objects.exclude(fingerprint=fingerprint).delete()
    TemplateScript.objects.update_or_create(
        fingerprint=fingerprint, defaults={"sql": "\n".join(lines).strip() + "\n"}
    )


_SCHEMA_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def schema_clone_from_template(schema_name: str) -> None:
    """Create ``schema_name`` as a copy of the template: tables, sequences, data (content types,
    permissions, the migrations table). The caller holds the transaction.

    The template's SQL script is replayed under the new name; without one (no pg_dump on this
    host) django-tenants' clone_schema() copies the template instead, more slowly."""
    template = template_schema_name()
    if not schema_exists(template):
        raise RuntimeError("The template schema is missing; call template_ensure() first.")
    if not _SCHEMA_NAME.match(schema_name):
        raise ValueError(f"{schema_name!r} is not a safe schema name.")
    fingerprint = template_fingerprint_in_database()
    script = (
        TemplateScript.objects.filter(fingerprint=fingerprint).values_list("sql", flat=True).first()
    )
    if not script:
        CloneSchema().clone_schema(template, schema_name, "DATA", set_connection=False)
        return
    body = script.replace(f"{template}.", f"{schema_name}.")
    if template in body:
        raise RuntimeError("The template script names the template unqualified; not replaying.")
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{schema_name}"')
        cursor.execute(body)
