"""The embedded PostgreSQL used when no ``DATABASE_URL`` is configured.

pgserver bundles PostgreSQL 16 and listens on a Unix socket inside the data folder, so a laptop or a
fresh machine runs the platform with nothing installed. Run as root, pgserver creates an OS user
``pgserver`` to own the cluster (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import sys
import threading
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
        _forget_dead_handles(data_dir)
        # "stop" shuts the server down when the last process using it exits; the data stays.
        server = pgserver.get_server(data_dir, cleanup_mode="stop")  # type: ignore[attr-defined]
        _exit_cleanly_on_sigterm()
        _servers[data_dir] = server
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", dbname):
            raise ValueError(f"Unsafe database name {dbname!r}")
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{dbname}';")  # noqa: S608
        if "(1 row)" not in exists:
            server.psql(f'CREATE DATABASE "{dbname}";')
    # pgserver listens on a Unix socket inside the data folder.
    return f"postgresql://postgres:@/{dbname}?host={data_dir}"


def _forget_dead_handles(data_dir: Path) -> None:
    """pgserver stops the server when the last process that uses it exits, counting processes in
    a file; a process that was killed never removes itself, and the server would then run forever.
    Drop the processes that no longer exist."""
    handles = data_dir / ".handle_pids.json"
    if not handles.exists():
        return
    try:
        pids = [int(pid) for pid in json.loads(handles.read_text())]
    except (ValueError, TypeError):
        pids = []
    handles.write_text(json.dumps([pid for pid in pids if _alive(pid)]))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _exit_cleanly_on_sigterm() -> None:
    """pgserver stops the server from an atexit hook, which a plain SIGTERM skips: turn SIGTERM
    into a normal exit so `kill` leaves no PostgreSQL behind (SIGINT may be ignored in a process
    started in the background)."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def embedded_enabled() -> bool:
    return not os.environ.get("DATABASE_URL") and not os.environ.get("SPOTME_SKIP_EMBEDDED")
