"""The morning rush: every officer opens the app or the site between 07:30 and 09:00.

Times four requests through the whole Django stack in-process (the test Client runs every
middleware, tenant resolution by host included) against a real PostgreSQL, and prints each figure
with its ratio to ``GET /healthz``, measured in the same run.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/spotme_bench \\
        .venv/bin/python bench/login.py [--requests N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

# Never fall back to the embedded server: the figures must come from the server named here.
os.environ.setdefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/spotme_bench")
# dev, not test: test settings swap in MD5, which would make a login look free.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spotme_platform.settings.dev")

SLUG = "bench-login"
OFFICERS = 300
SESSIONS = 10  # each session costs one real login (one password hash) to set up
PASSWORD = "Bench.Kata.Laluan.2026"  # noqa: S105 - the bench officers' throwaway password


@dataclass(frozen=True)
class Result:
    name: str
    seconds: list[float]
    queries: tuple[int, int] | None  # statements, of which SET search_path

    @property
    def mean_ms(self) -> float:
        return statistics.fmean(self.seconds) * 1000

    @property
    def p95_ms(self) -> float:
        return statistics.quantiles(self.seconds, n=20)[-1] * 1000

    @property
    def per_second(self) -> float:
        return len(self.seconds) / sum(self.seconds)


def database_ensure(url: str) -> None:
    dbname = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
    admin = psycopg.conninfo.make_conninfo(url, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone():
            return
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(str(dbname))))


def mykad(i: int) -> str:
    # Born 1 to 28 January 1985, so the YYMMDD part is always a real date.
    return f"8501{1 + i % 28:02d}16{i:04d}"


def provision() -> tuple[Any, list[str]]:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.test.utils import override_settings
    from django_tenants.utils import schema_context
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from accounts.roles import Role
    from provisioning.services import (
        AgencySpec,
        agency_create,
        agency_user_ensure,
        public_tenant_ensure,
    )

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    public_tenant_ensure()
    spec = AgencySpec(slug=SLUG, name="Agensi Penanda Aras", short_name="APA", state_code="16")
    agency = agency_create(spec=spec)
    # An agency made by an earlier run misses tenant migrations added since.
    call_command("migrate_schemas", schema_name=agency.schema_name, verbosity=0)
    ids = [mykad(i) for i in range(OFFICERS)]
    # Hashing 300 passwords with PBKDF2 would take minutes: create with MD5, then give every
    # officer the same real hash, which costs exactly what each officer's own would to check.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        for i, login_id in enumerate(ids):
            agency_user_ensure(
                agency=agency,
                login_id=login_id,
                full_name=f"PEGAWAI PENANDA ARAS {i}",
                password=PASSWORD,
                roles=[Role.OFFICER],
            )
    with schema_context(agency.schema_name):
        User.objects.filter(login_id__in=ids).update(password=make_password(PASSWORD))
        tokens = [Token.objects.get_or_create(user=u)[0].key for u in User.objects.order_by("id")]
    return agency, tokens


def measure(
    name: str, count: int, send: Callable[[int], Any], expect: int, *, count_sql: bool
) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def checked(i: int) -> None:
        status = send(i).status_code
        if status != expect:
            raise SystemExit(f"{name}: HTTP {status}, expected {expect}")

    checked(0)  # warm-up: URLconf, templates, the connection
    seconds = []
    for i in range(count):
        start = time.perf_counter()
        checked(i)
        seconds.append(time.perf_counter() - start)
    queries = None
    if count_sql:
        # Counted apart from the timed loop: capturing forces the debug cursor, which costs time.
        with CaptureQueriesContext(connection) as captured:
            checked(1)
        statements = [q["sql"] for q in captured.captured_queries]
        queries = (len(statements), sum(s.startswith("SET search_path") for s in statements))
    return Result(name, seconds, queries)


def run(n: int) -> list[Result]:
    from django.test import Client

    agency, tokens = provision()
    host = f"{agency.slug}.localhost"
    client = Client(HTTP_HOST=host)
    sessions = []
    for i in range(SESSIONS):
        browser = Client(HTTP_HOST=host)
        response = browser.post("/login/", {"mykad": mykad(i), "password": PASSWORD})
        if response.status_code != 302:
            raise SystemExit(f"login of officer {i} failed: HTTP {response.status_code}")
        sessions.append(browser)

    def me(i: int) -> Any:
        return client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {tokens[i % len(tokens)]}")

    def token(i: int) -> Any:
        body = {"mykad": mykad(i % OFFICERS), "password": PASSWORD}
        return client.post("/api/v1/auth/token", body, content_type="application/json")

    return [
        measure("GET /healthz", n, lambda i: client.get("/healthz"), 200, count_sql=False),
        measure("GET /api/v1/me (token)", n, me, 200, count_sql=True),
        measure(
            "GET / (session)", n, lambda i: sessions[i % SESSIONS].get("/"), 200, count_sql=True
        ),
        measure("POST /api/v1/auth/token", min(n, 30), token, 200, count_sql=False),
    ]


def report(results: list[Result]) -> None:
    from django.contrib.auth.hashers import get_hasher
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        row = cursor.fetchone()
    hasher = get_hasher()
    encoded = hasher.encode(PASSWORD, hasher.salt())
    start = time.perf_counter()
    for _ in range(5):
        hasher.verify(PASSWORD, encoded)
    # The hash alone, outside any request: how much of a login it is.
    hash_ms = (time.perf_counter() - start) / 5 * 1000
    print(f"Machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    print(f"PostgreSQL {row[0] if row else '?'}")
    print(f"Hasher {hasher.algorithm}, {getattr(hasher, 'iterations', '-')} iterations: ", end="")
    print(f"{hash_ms:.0f} ms per password check outside a request\n")
    base = results[0]
    print("| Path | Requests | Requests/s | Mean ms | p95 ms | SQL/request |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in results:
        rate = f"{r.per_second:,.1f} (×{r.per_second / base.per_second:.3g})"
        mean = f"{r.mean_ms:.2f} (×{r.mean_ms / base.mean_ms:,.3g})"
        p95 = f"{r.p95_ms:.2f} (×{r.p95_ms / base.p95_ms:,.3g})"
        sql_count = "-" if r.queries is None else f"{r.queries[0]} ({r.queries[1]} SET)"
        print(f"| {r.name} | {len(r.seconds)} | {rate} | {mean} | {p95} | {sql_count} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=300, help="requests per path (≥ 2)")
    n = max(2, parser.parse_args().requests)
    database_ensure(os.environ["DATABASE_URL"])

    import django
    from django.test.utils import override_settings

    django.setup()
    # WhiteNoise warns that collectstatic has not run; the bench serves no static files.
    warnings.filterwarnings("ignore", message="No directory at")
    # dev settings turn DEBUG on, which logs every query; production runs with it off.
    with override_settings(DEBUG=False):
        results = run(n)
    report(results)


if __name__ == "__main__":
    main()
