"""Exporting an agency's data: one zip holding a pg_dump of its schema, a CSV per table and a
manifest. A building block: the model, task and console page that offer the download sit on top."""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from django.db import DatabaseError, connection, transaction
from django_tenants.utils import get_public_schema_name
from psycopg import sql

SCHEMA_RE = re.compile(r"[a-z_][a-z0-9_]{0,62}")
TABLE_RE = re.compile(r"[A-Za-z0-9_]{1,63}")
VERSION_RE = re.compile(r"\(PostgreSQL\)\s+(\d+)")
CHUNK = 1024 * 1024
PDPA_NOTE = (
    "This archive contains personal data within the meaning of Malaysia's Personal Data "
    "Protection Act 2010 (PDPA). Keep it encrypted, share it only with the agency it belongs to, "
    "and delete it once it is no longer needed."
)


class ExportError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ExportResult:
    path: Path
    size: int
    sha256: str
    tables: dict[str, int]


def _pg_dump_candidates() -> list[str]:
    candidates: list[str] = []
    try:
        import pgserver  # type: ignore[import-untyped,unused-ignore]

        candidates.append(str(Path(pgserver.__file__).parent / "pginstall/bin/pg_dump"))
    except ImportError:
        pass

    def major_of(path: str) -> int:
        match = re.search(r"/postgresql/(\d+)/", path)
        return int(match.group(1)) if match else 0

    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"), key=major_of, reverse=True)
    on_path = shutil.which("pg_dump")
    if on_path:
        candidates.append(on_path)
    return candidates


def _pg_dump_version(binary: str) -> str | None:
    """The first line of ``<binary> --version``, or None when it does not run."""
    try:
        done = subprocess.run(  # noqa: S603 - a fixed argument list, no shell
            [binary, "--version"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    line = done.stdout.strip().splitlines()[0] if done.stdout.strip() else ""
    return line if done.returncode == 0 and VERSION_RE.search(line) else None


def _pg_dump_choose(server_major: int) -> tuple[str, str]:
    """The closest pg_dump able to dump this server, and its version line."""
    found: list[tuple[int, str, str]] = []
    for binary in _pg_dump_candidates():
        version = _pg_dump_version(binary)
        match = VERSION_RE.search(version or "")
        if version and match and int(match.group(1)) >= server_major:
            found.append((int(match.group(1)), binary, version))
    if not found:
        raise ExportError(
            "pg_dump_missing",
            f"No pg_dump of version {server_major} or later is installed; "
            f"install postgresql-client-{server_major}.",
        )
    best = min(found, key=lambda item: item[0])  # min() keeps the first of equal majors
    return best[1], best[2]


def pg_dump_binary(server_major: int) -> str:
    return _pg_dump_choose(server_major)[0]


def _schema_checked(schema_name: str) -> str:
    if (
        not SCHEMA_RE.fullmatch(schema_name)
        or schema_name == get_public_schema_name()
        or schema_name.startswith("pg_")
        or schema_name == "information_schema"
    ):
        raise ExportError("schema_invalid", f"{schema_name!r} is not an agency schema name.")
    return schema_name


LIBPQ_ENV = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "dbname": "PGDATABASE",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def pg_environment() -> dict[str, str]:
    """libpq's environment for Django's database, merged as Django merges it: NAME, then OPTIONS
    (where dj-database-url puts a Unix-socket host), then USER/PASSWORD/HOST/PORT when set.
    Passwords never go on a command line."""
    settings = connection.settings_dict
    params: dict[str, Any] = {"dbname": settings.get("NAME"), **(settings.get("OPTIONS") or {})}
    for key in ("USER", "PASSWORD", "HOST", "PORT"):
        if settings.get(key):
            params[key.lower()] = settings[key]
    env = dict(os.environ)
    for keyword, var in LIBPQ_ENV.items():
        if params.get(keyword) not in (None, ""):
            env[var] = str(params[keyword])
    return env


def _entry(zf: zipfile.ZipFile, name: str, when: datetime) -> IO[bytes]:
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return zf.open(info, "w", force_zip64=True)  # entries are streamed: size unknown up front


# Live credentials: an export must not let its reader take over a session or an API token. Their
# structure is dumped, their rows are not.
SECRET_TABLES = ("django_session", "authtoken_token")


def _write_dump(
    zf: zipfile.ZipFile, binary: str, schema: str, snapshot: str | None, when: datetime
) -> None:
    args = [binary, f"--schema={schema}", "--no-owner", "--no-privileges", "--format=plain"]
    args += ["--no-password", "--lock-wait-timeout=60000"]
    args += [f"--exclude-table-data={schema}.{table}" for table in SECRET_TABLES]
    if snapshot:
        args.append(f"--snapshot={snapshot}")
    with tempfile.TemporaryFile() as stderr, _entry(zf, "schema.sql", when) as out:
        # Leaving the block closes pg_dump's stdout and waits for it, even on an error here.
        with subprocess.Popen(  # noqa: S603 - a fixed argument list, no shell
            args, stdout=subprocess.PIPE, stderr=stderr, env=pg_environment()
        ) as process:
            assert process.stdout is not None
            shutil.copyfileobj(process.stdout, out, CHUNK)
        if process.returncode != 0:
            stderr.seek(0)
            message = stderr.read().decode(errors="replace").strip()
            raise ExportError("pg_dump_failed", f"pg_dump failed for {schema}: {message}")


def _write_tables(zf: zipfile.ZipFile, raw: Any, schema: str, when: datetime) -> dict[str, int]:
    raw.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = %s AND table_type = 'BASE TABLE' ORDER BY table_name",
        [schema],
    )
    counts: dict[str, int] = {}
    for (table,) in raw.fetchall():
        if not TABLE_RE.fullmatch(table):
            raise ExportError("table_name_unsafe", f"Table {schema}.{table!r} has an unsafe name.")
        if table in SECRET_TABLES:
            continue
        query = sql.SQL("COPY (SELECT * FROM {}.{}) TO STDOUT WITH (FORMAT csv, HEADER true)")
        with (
            _entry(zf, f"csv/{table}.csv", when) as out,
            raw.copy(query.format(sql.Identifier(schema), sql.Identifier(table))) as copy,
        ):
            for data in copy:
                out.write(data)
        counts[table] = int(raw.rowcount)
    return counts


def _write_archive(
    zf: zipfile.ZipFile, schema: str, agency_name: str, *, share_snapshot: bool
) -> dict[str, int]:
    when = datetime.now(UTC)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        # In a transaction of our own, the dump and the CSVs share one snapshot: pg_dump imports
        # it. Inside the caller's transaction (or a savepoint) they are read separately.
        snapshot: str | None = None
        if share_snapshot:
            raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            raw.execute("SELECT pg_export_snapshot()")
            snapshot = str(raw.fetchone()[0])
        raw.execute(
            "SELECT current_setting('server_version'), current_setting('server_version_num')"
        )
        server_version, server_num = raw.fetchone()
        raw.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema])
        if raw.fetchone() is None:
            raise ExportError("schema_missing", f"Schema {schema} does not exist.")
        binary, dump_version = _pg_dump_choose(int(server_num) // 10000)
        _write_dump(zf, binary, schema, snapshot, when)
        tables = _write_tables(zf, raw, schema, when)
    manifest = {
        "schema": schema,
        "agency_name": agency_name,
        "generated_at": when.isoformat(),
        "postgres_server_version": server_version,
        "pg_dump_version": dump_version,
        "consistent_snapshot": snapshot is not None,
        "tables": tables,
        "personal_data_note": PDPA_NOTE,
    }
    with _entry(zf, "manifest.json", when) as out:
        out.write(json.dumps(manifest, indent=2, ensure_ascii=False).encode())
    return tables


def agency_export_write(*, schema_name: str, agency_name: str, destination: Path) -> ExportResult:
    """Write the agency's export archive to ``destination``. The file appears complete or not at
    all: it is written under a temporary name in the same folder and renamed at the end."""
    schema = _schema_checked(schema_name)
    destination.parent.mkdir(parents=True, exist_ok=True)
    fd, part_name = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.")
    part = Path(part_name)
    try:
        share_snapshot = not connection.in_atomic_block
        with (
            os.fdopen(fd, "wb") as file,
            zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as zf,
            transaction.atomic(),
        ):
            try:
                tables = _write_archive(zf, schema, agency_name, share_snapshot=share_snapshot)
            except DatabaseError as exc:
                raise ExportError("database_error", f"Reading {schema} failed: {exc}") from exc
        digest = hashlib.sha256()
        with part.open("rb") as written:
            for block in iter(lambda: written.read(CHUNK), b""):
                digest.update(block)
        part.replace(destination)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return ExportResult(
        path=destination, size=destination.stat().st_size, sha256=digest.hexdigest(), tables=tables
    )
