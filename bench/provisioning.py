"""Provisioning an agency: cloning the template schema against running every tenant migration.

Provisions N agencies each way, one after the other in turns, in a throwaway database
``spotme_bench_provisioning`` made fresh on the server named by DATABASE_URL and dropped at the
end (also on failure or Ctrl-C), so dev and test data are never touched:

- clone: ``agency_create``, the real provisioning service (a ProvisioningRun: template check,
  schema cloned from ``_tenant_template``, domain, calendar, policy, roles, org unit, two
  Pentadbir Organisasi with their invitation e-mails, which go to the locmem backend);
- migrate: an ``Agency`` saved with ``TENANT_CREATION_FAKES_MIGRATIONS=False``, so django-tenants
  creates the schema and runs ``migrate_schemas`` for it (no domain, no seed data).

Prints wall-clock seconds per agency for each (median, p95, mean), their ratio, and the clone
path's steps from its ProvisioningStep rows.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/ \\
        .venv/bin/python bench/provisioning.py [--agencies N]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import time
import warnings
from dataclasses import dataclass
from types import FrameType
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

# Never fall back to the embedded server: the figures must come from the server named here.
os.environ.setdefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spotme_platform.settings.dev")

DBNAME = "spotme_bench_provisioning"
ADMINS = 2  # Pentadbir Organisasi per agency, each e-mailed an invitation
CLONE_TARGET_RATIO = 5.0  # clone at least this many times faster than migrating
CLONE_TARGET_SECONDS = 3.0  # and under this per agency


@dataclass(frozen=True)
class Timings:
    name: str
    seconds: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.seconds, n=20)[-1]

    @property
    def mean(self) -> float:
        return statistics.fmean(self.seconds)


@dataclass(frozen=True)
class Results:
    template_build: float
    clone: Timings
    migrate: Timings
    steps: dict[str, list[float]]  # step name -> seconds per clone run, in step order
    schemas_whole: int  # agency schemas, each with the template's tables and migrations (0: not)
    step_sums: list[float]  # sum of the steps of each clone run
    emails: int


def bench_url(server_url: str) -> str:
    """The server's URL with the bench database in place of whatever database it names."""
    return urlsplit(server_url)._replace(path=f"/{DBNAME}").geturl()


def database_drop(server_url: str) -> None:
    admin = psycopg.conninfo.make_conninfo(server_url, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [DBNAME],
        )
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(DBNAME)))


def database_create(server_url: str) -> None:
    database_drop(server_url)  # left over from a run that was killed: start fresh
    admin = psycopg.conninfo.make_conninfo(server_url, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DBNAME)))


def mykad(i: int) -> str:
    # Born 1 to 28 January 1985, so the YYMMDD part is always a real date.
    return f"8501{1 + i % 28:02d}16{i:04d}"


def provision_clone(slug: str) -> float:
    from provisioning.services import AgencyAdmin, AgencySpec, agency_create

    admins = tuple(
        AgencyAdmin(name=f"PENTADBIR {i}", login_id=mykad(i), email=f"admin{i}@{slug}.gov.my")
        for i in range(ADMINS)
    )
    spec = AgencySpec(
        slug=slug, name=f"Agensi {slug}", short_name="AGN", state_code="16", admins=admins
    )
    start = time.perf_counter()
    agency_create(spec=spec)
    return time.perf_counter() - start


def provision_migrate(slug: str) -> float:
    from django.test.utils import override_settings

    from provisioning.services import agency_schema_name
    from tenants.models import Agency

    agency = Agency(
        schema_name=agency_schema_name(slug),
        slug=slug,
        name=f"Agensi {slug}",
        short_name="AGN",
        state_code="16",
    )
    start = time.perf_counter()
    with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=False):
        # TenantMixin.save takes verbosity (passed on to migrate_schemas); the stubs lack it.
        agency.save(verbosity=0)  # type: ignore[call-arg]
    return time.perf_counter() - start


def run(n: int) -> Results:
    from django.core import mail
    from django.core.management import call_command

    from provisioning.models import ProvisioningRun
    from provisioning.services import public_tenant_ensure
    from provisioning.template import template_ensure

    call_command("migrate_schemas", interactive=False, verbosity=0)
    public_tenant_ensure()
    # The template is built once per change of the tenant migrations, not once per agency.
    start = time.perf_counter()
    template_ensure()
    template_build = time.perf_counter() - start
    # Warm-up, not counted: first imports (holidays, e-mail templates), the migration graph.
    provision_clone("warmup-clone")
    provision_migrate("warmup-migrate")

    clone, migrate = [], []
    # In turns, so drift of a shared machine and the growing catalogue weigh on both alike.
    for i in range(n):
        clone.append(provision_clone(f"clone-{i:03d}"))
        migrate.append(provision_migrate(f"migrate-{i:03d}"))
        print(f"\r{i + 1}/{n} agencies each way", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)

    steps: dict[str, list[float]] = {}
    step_sums = []
    for i in range(n):
        provisioning = ProvisioningRun.objects.get(
            slug=f"clone-{i:03d}", status=ProvisioningRun.Status.SUCCEEDED
        )
        total = 0.0
        for step in provisioning.steps.order_by("position"):
            seconds = step.seconds or 0.0
            steps.setdefault(step.name, []).append(seconds)
            total += seconds
        step_sums.append(total)
    return Results(
        template_build=template_build,
        schemas_whole=schemas_whole(),
        clone=Timings("clone (agency_create)", clone),
        migrate=Timings("migrate (migrate_schemas)", migrate),
        steps=steps,
        step_sums=step_sums,
        emails=len(getattr(mail, "outbox", [])),
    )


def schemas_whole() -> int:
    """How many agency schemas there are, if each has as many tables and applied migrations as the
    template (0 if any differs)."""
    from django.db import connection

    from provisioning.template import template_schema_name

    counts = set()
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", ["ag\\_%"])
        agencies = [row[0] for row in cursor.fetchall()]
        schemas = [template_schema_name(), *agencies]
        for schema in schemas:
            table = f"{connection.ops.quote_name(schema)}.django_migrations"
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = %s", [schema])
            tables = cursor.fetchone()
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - quoted, from the catalogue
            counts.add((tables, cursor.fetchone()))
    return len(agencies) if len(counts) == 1 else 0


def machine() -> tuple[str, int, int]:
    """PostgreSQL's version, the number of tenant migrations and of tables in the template."""
    from django.apps import apps
    from django.conf import settings
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from provisioning.template import template_schema_name

    labels = {c.label for c in apps.get_app_configs() if c.name in settings.TENANT_APPS}
    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    migrations = sum(app_label in labels for app_label, _name in loader.disk_migrations)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = %s", [template_schema_name()]
        )
        tables = cursor.fetchone()
    return (str(version[0]) if version else "?"), migrations, int(tables[0]) if tables else 0


def report(results: Results, n: int) -> None:
    version, migrations, tables = machine()
    clone, migrate = results.clone, results.migrate
    print(f"Machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    print(f"PostgreSQL {version}")
    print(f"Tenant schema: {migrations} tenant migrations, {tables} tables")
    print(
        f"Template build (once per change of the tenant migrations): {results.template_build:.2f} s"
    )
    matching = f"all {results.schemas_whole}" if results.schemas_whole else "NOT all"
    print(f"Agency schemas with the template's tables and migrations: {matching} (warm-ups too)")
    print(f"Invitation e-mails sent (locmem): {results.emails} for {n + 1} cloned agencies\n")

    # Like for like: a ready agency schema, made by replaying the template vs by migrating.
    schema = Timings("clone: schema step (template replay)", results.steps.get("schema", [0.0]))
    print("Making one ready agency schema:\n")
    print("| Path | Agencies | Median s | p95 s | Mean s |")
    print("|---|---:|---:|---:|---:|")
    for t in (schema, migrate):
        print(f"| {t.name} | {len(t.seconds)} | {t.median:.3f} | {t.p95:.3f} | {t.mean:.3f} |")
    ratios = (migrate.median / schema.median, migrate.p95 / schema.p95, migrate.mean / schema.mean)
    print(f"| ratio migrate / clone | | ×{ratios[0]:.1f} | ×{ratios[1]:.1f} | ×{ratios[2]:.1f} |\n")
    print("The whole provisioning of one agency (every step, defaults and invitations included):\n")
    print("| Path | Agencies | Median s | p95 s | Mean s |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| {clone.name} | {len(clone.seconds)} | {clone.median:.3f} | {clone.p95:.3f}"
        f" | {clone.mean:.3f} |\n"
    )
    # Each agency adds its tables to the catalogue: does the next one cost more?
    k = max(1, n // 5)
    print(f"Mean s of the first {k} and the last {k} agencies (schemas in the database grow):")
    for t in (clone, migrate):
        first, last = statistics.fmean(t.seconds[:k]), statistics.fmean(t.seconds[-k:])
        print(f"  {t.name}: {first:.3f} → {last:.3f} (×{last / first:.2f})")
    print()

    whole = statistics.fmean(clone.seconds)
    print("Clone path by step (ProvisioningStep rows), per agency:\n")
    print("| Step | Median s | Mean s | Share of the whole |")
    print("|---|---:|---:|---:|")
    for name, seconds in results.steps.items():
        mean = statistics.fmean(seconds)
        print(f"| {name} | {statistics.median(seconds):.3f} | {mean:.3f} | {mean / whole:.0%} |")
    steps_mean = statistics.fmean(results.step_sums)
    print(
        f"| all steps | {statistics.median(results.step_sums):.3f} | {steps_mean:.3f}"
        f" | {steps_mean / whole:.0%} |"
    )
    print(f"| whole agency_create | {clone.median:.3f} | {clone.mean:.3f} | 100% |\n")
    print(
        f"Schema step: median {schema.median:.3f} s of {clone.median:.3f} s"
        f" for the whole provisioning ({schema.mean / whole:.0%} of the mean)"
    )

    fast_enough = ratios[0] >= CLONE_TARGET_RATIO
    short_enough = clone.p95 < CLONE_TARGET_SECONDS
    verdict = "MET" if fast_enough and short_enough else "MISSED"
    print(
        f"Verdict: targets {verdict}: a cloned schema ×{ratios[0]:.1f} faster than a migrated one"
        f" (median;"
        f" target ≥ ×{CLONE_TARGET_RATIO:g}: {'yes' if fast_enough else 'no'}),"
        f" whole provisioning p95 {clone.p95:.2f} s per agency"
        f" (target < {CLONE_TARGET_SECONDS:g} s:"
        f" {'yes' if short_enough else 'no'})"
    )


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds through the finally that drops the database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--agencies", type=int, default=50, help="agencies per path (≥ 2)")
    n = max(2, parser.parse_args().agencies)
    server_url = os.environ["DATABASE_URL"]
    os.environ["DATABASE_URL"] = bench_url(server_url)
    signal.signal(signal.SIGTERM, _terminate)
    database_create(server_url)
    try:
        import django
        from django.test.utils import override_settings

        django.setup()
        # WhiteNoise warns that collectstatic has not run; the bench serves no static files.
        warnings.filterwarnings("ignore", message="No directory at")
        # dev settings turn DEBUG on, which logs every query; production runs with it off.
        with override_settings(
            DEBUG=False, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
        ):
            results = run(n)
            report(results, n)
    finally:
        from django.db import connections

        connections.close_all()
        database_drop(server_url)
        print(f"Dropped database {DBNAME}.", file=sys.stderr)


if __name__ == "__main__":
    main()
