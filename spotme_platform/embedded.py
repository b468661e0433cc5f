"""The embedded PostgreSQL used when no ``DATABASE_URL`` is configured.

pgserver bundles PostgreSQL 16 and listens on a Unix socket inside the data folder, so a laptop or a
fresh machine runs the platform with nothing installed. Run as root, pgserver creates an OS user
``pgserver`` to own the cluster (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

_servers: dict[Path, Any] = {}
# pgserver narrates every pg_ctl call at INFO, also from atexit after log streams have closed.
logging.getLogger("pgserver").setLevel(logging.WARNING)


def embedded_database_url(data_dir: Path, *, dbname: str = "spotme") -> str:
    """Start (or reuse) the embedded server in ``data_dir`` and return a URL to ``dbname``."""
    data_dir = data_dir.resolve()
    server = _servers.get(data_dir)
    if server is None:
        import pgserver  # imported here: only the embedded path needs it

        data_dir.mkdir(parents=True, exist_ok=True)
        # "stop" shuts the server down when the last process using it exits; the data stays.
        server = pgserver.get_server(data_dir, cleanup_mode="stop")  # type: ignore[attr-defined]
        _servers[data_dir] = server
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", dbname):
            raise ValueError(f"Unsafe database name {dbname!r}")
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{dbname}';")  # noqa: S608
        if "(1 row)" not in exists:
            server.psql(f'CREATE DATABASE "{dbname}";')
    socket_dir = data_dir
    return f"postgresql://postgres:@/{dbname}?host={socket_dir}"


def embedded_enabled() -> bool:
    return not os.environ.get("DATABASE_URL") and not os.environ.get("SPOTME_SKIP_EMBEDDED")
