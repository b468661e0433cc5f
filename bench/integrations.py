"""Biometric terminals and the data API under load: every officer of an agency badges in on a
terminal in real-time push mode, a terminal re-sends its log, a terminal uploads a day's backlog
of lines nobody is mapped to yet, and an integration walks every duty day through the API.

Times the whole Django stack in-process against a real PostgreSQL (tenant resolution, the device
secret, the ledger's dedupe, the biometric punch with its hash chain and the rule engine's
verdict; the API key, scope, rate limit, call log and cursor pages), and prints each figure with
its ratio to ``GET /healthz`` measured in the same run.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/spotme_bench \\
        .venv/bin/python bench/integrations.py [--officers N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.login import Result, database_ensure, measure

os.environ.setdefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/spotme_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spotme_platform.settings.dev")

SLUG = "bench-integrasi"
SECRET = "bench-device-secret"  # noqa: S105 - a bench value


def provision(count: int) -> tuple[str, str, str]:
    """The agency, ``count`` officers each mapped to a device user id on one terminal, and an API
    key that reads attendance. Returns (host, device serial, API key)."""
    from django.core.management import call_command
    from django.test.utils import override_settings
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from provisioning.services import AgencySpec, agency_create, public_tenant_ensure
    from tenant_apps.integrations.api_keys import api_key_create
    from tenant_apps.integrations.device_services import secret_hash
    from tenant_apps.integrations.models import Device, DeviceUserMap
    from tenant_apps.people.models import Officer, OrgUnit
    from tenant_apps.people.officer_services import OfficerData, officer_create

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    public_tenant_ensure()
    spec = AgencySpec(
        slug=SLUG, name="Agensi Penanda Aras Integrasi", short_name="API", state_code="16"
    )
    agency = agency_create(spec=spec)
    call_command("migrate_schemas", schema_name=agency.schema_name, verbosity=0)
    with (
        schema_context(agency.schema_name),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        root = OrgUnit.objects.get(parent=None)
        for i in range(Officer.objects.count(), count):
            officer_create(
                data=OfficerData(f"8603{1 + i % 28:02d}16{i:04d}", f"PEGAWAI {i}", root),
                actor=None,
            )
        device, _ = Device.objects.get_or_create(
            serial="BENCH0001",
            defaults={
                "name": "Terminal Penanda Aras",
                "time_zone": "Asia/Kuala_Lumpur",
                "secret_hash": secret_hash(SECRET),
            },
        )
        officers = list(Officer.objects.order_by("pk")[:count])
        DeviceUserMap.objects.bulk_create(
            [
                DeviceUserMap(device=device, device_user_id=str(10_000 + n), officer=officer)
                for n, officer in enumerate(officers)
            ],
            ignore_conflicts=True,
        )
        _key, raw = api_key_create(
            actor=None,  # type: ignore[arg-type]
            name="Penanda aras",
            scopes=["attendance:read"],
            expires_at=timezone.now() + timedelta(days=30),
            rate_limit_per_minute=10_000,
        )
    return f"{agency.slug}.localhost", device.serial, raw


def run(count: int) -> tuple[list[Result], dict[str, float]]:
    from django.test import Client
    from django.utils import timezone

    host, serial, key = provision(count)
    client = Client(HTTP_HOST=host)
    push = f"/iclock/cdata?SN={serial}&table=ATTLOG&Stamp=1&key={SECRET}"
    start = timezone.localtime() - timedelta(hours=1)

    def line(n: int, user: int) -> str:
        at = (start + timedelta(seconds=n)).strftime("%Y-%m-%d %H:%M:%S")
        return f"{user}\t{at}\t255\t1\t0\t0\t0\t0\t0\t0\n"

    def live(i: int) -> Any:
        return client.generic("POST", push, line(i, 10_000 + i), content_type="text/plain")

    # Every call badges the next officer who has not badged yet (the warm-up takes one).
    calls = iter(range(count))

    def fresh(_: int) -> Any:
        return live(next(calls))

    extra: dict[str, float] = {}
    results = [
        measure("GET /healthz", count, lambda i: client.get("/healthz"), 200, count_sql=False),
        measure("ADMS push, 1 line (new punch)", count - 1, fresh, 200, count_sql=False),
        measure("ADMS push, 1 line (replayed)", count, live, 200, count_sql=True),
    ]
    backlog = "".join(line(n, 90_000 + n) for n in range(5_000))
    began = time.perf_counter()
    answer = client.generic("POST", push, backlog, content_type="text/plain")
    assert answer.status_code == 200, answer.content
    extra["ADMS push of 5,000 unmapped lines (s)"] = time.perf_counter() - began
    auth = {"HTTP_X_API_KEY": key}
    began, pages, rows = time.perf_counter(), 0, 0
    url: str | None = "/api/v1/data/days?page_size=500"
    while url:
        page = client.get(url, **auth)  # type: ignore[arg-type]
        assert page.status_code == 200, page.content
        body = page.json()
        pages, rows = pages + 1, rows + len(body["results"])
        url = body["next"]
    seconds = time.perf_counter() - began
    extra[f"API: every duty day ({rows} rows, {pages} pages of 500) (s)"] = seconds
    return results, extra


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--officers", type=int, default=300, help="officers, one badge-in each")
    count = max(10, parser.parse_args().officers)
    database_ensure(os.environ["DATABASE_URL"])

    import django
    from django.test.utils import override_settings

    django.setup()
    warnings.filterwarnings("ignore", message="No directory at")
    with override_settings(DEBUG=False):
        results, extra = run(count)
    base = results[0]
    print(f"Machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; {count} officers\n")
    print("| Path | Requests | Requests/s | Mean ms | p95 ms | SQL/request |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in results:
        rate = f"{r.per_second:,.1f} (×{r.per_second / base.per_second:.3g})"
        mean = f"{r.mean_ms:.2f} (×{r.mean_ms / base.mean_ms:,.3g})"
        p95 = f"{r.p95_ms:.2f} (×{r.p95_ms / base.p95_ms:,.3g})"
        sql_count = "-" if r.queries is None else f"{r.queries[0]} ({r.queries[1]} SET)"
        print(f"| {r.name} | {len(r.seconds)} | {rate} | {mean} | {p95} | {sql_count} |")
    print()
    for name, seconds in extra.items():
        print(f"- {name}: {seconds:.2f}")


if __name__ == "__main__":
    main()
