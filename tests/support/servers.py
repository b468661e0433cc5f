"""Real servers for the tests that are about them: the app in its own process on the test
database, a Celery worker, and Redis (the configured one, or a private redis-server)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_database_url() -> str:
    """The configured DATABASE_URL, pointed at the test database pytest-django created."""
    parts = urlsplit(settings.DATABASE_URL)
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


def wait_until(check: Callable[[], bool], *, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 60
    while not check():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"{what} did not start")
        time.sleep(0.2)


@contextmanager
def redis_server() -> Iterator[str]:
    """The configured Redis, or a private redis-server on a free port when none is configured."""
    if settings.REDIS_URL:
        yield settings.REDIS_URL
        return
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("No REDIS_URL and no redis-server: run `make test` to install it.")
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", folder],
            stdout=subprocess.DEVNULL,
        )

        def answers() -> bool:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            except OSError:
                return False
            return True

        wait_until(answers, process=process, what="redis-server")
        try:
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(timeout=10)


def child_env(**extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "DJANGO_SETTINGS_MODULE": "spotme_platform.settings.test",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }
    # A server or worker with a broker hands tasks to a real worker; without one, runs them.
    env["SPOTME_CELERY_EAGER"] = "0" if env.get("REDIS_URL") else "1"
    return env


def python() -> str:
    return sys.executable


def terminate_database_sessions() -> None:
    """Backends of a stopped child can outlive it for a moment; the test database is dropped
    at the end of the session."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def celery_connections_forget() -> None:
    """Celery keeps the broker connections and result backend it made first (an eager ``delay``
    makes them, for the in-memory broker): forget them when the broker changes, so a worker on
    another broker (the next test module's) is reached."""
    from spotme_platform.celery import app

    app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@contextmanager
def celery_worker(
    *, prefix: str, env: dict[str, str], extra_queues: tuple[str, ...] = ()
) -> Iterator[str]:
    """A real Celery worker (solo pool) on real Redis, consuming a queue of its own (plus
    ``extra_queues``), which this process sends its tasks to while the block runs. ``env`` is the
    worker's environment (``child_env(...)``, made where the database may be used). Yields the
    queue's name. Afterwards this process's Celery settings and connections are as before."""
    import uuid

    import pytest

    from spotme_platform.celery import app

    queue = f"{prefix}-{uuid.uuid4().hex[:8]}"
    name = f"{queue}@localhost"
    with redis_server() as redis_url:
        saved = dict(app.conf)
        app.conf.update(
            broker_url=redis_url,
            result_backend=redis_url,
            task_always_eager=False,
            task_default_queue=queue,
        )
        celery_connections_forget()
        process = subprocess.Popen(
            [
                *(str(ROOT / ".venv" / "bin" / "celery"), "-A", "spotme_platform", "worker"),
                *("--pool", "solo", "-l", "warning", "-n", name),
                *("-Q", ",".join((queue, *extra_queues))),
            ],
            cwd=ROOT,
            env={**env, "REDIS_URL": redis_url, "SPOTME_CELERY_EAGER": "0"},
        )
        try:
            for _ in range(60):
                if app.control.ping(destination=[name], timeout=1):
                    break
                assert process.poll() is None, "the Celery worker stopped"
            else:
                pytest.fail("the Celery worker did not answer")
            yield queue
        finally:
            process.terminate()
            process.wait(timeout=20)
            app.conf.update(
                {key: saved[key] for key in ("broker_url", "result_backend", "task_always_eager")}
                | {"task_default_queue": saved["task_default_queue"]}
            )
            celery_connections_forget()
