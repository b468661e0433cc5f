"""The morning rush of check-ins: every officer of an agency punches in between 07:30 and 09:00.

Times ``POST /api/v1/attendance/punches`` through the whole Django stack in-process (tenant
resolution, token authentication, the geofence test, evidence flags, the hash chain, the rule
engine's verdict and the stored duty day) against a real PostgreSQL, one first check-in per
officer and then a replay of the same event id, and prints each figure with its ratio to
``GET /healthz`` measured in the same run.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/spotme_bench \\
        .venv/bin/python bench/punch.py [--officers N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import uuid
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.login import Result, database_ensure, measure

os.environ.setdefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/spotme_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spotme_platform.settings.dev")

SLUG = "bench-punch"
OFFICE = (2.9264, 101.6964)


def provision(count: int) -> tuple[str, list[str]]:
    from django.core.management import call_command
    from django.test.utils import override_settings
    from django_tenants.utils import schema_context
    from rest_framework.authtoken.models import Token

    from provisioning.services import AgencySpec, agency_create, public_tenant_ensure
    from tenant_apps.people import geo
    from tenant_apps.people.models import OfficeLocation, Officer, OrgUnit
    from tenant_apps.people.office_services import OfficeData, office_create
    from tenant_apps.people.officer_services import OfficerData, officer_create

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    public_tenant_ensure()
    spec = AgencySpec(
        slug=SLUG, name="Agensi Penanda Aras Kehadiran", short_name="APK", state_code="16"
    )
    agency = agency_create(spec=spec)
    call_command("migrate_schemas", schema_name=agency.schema_name, verbosity=0)
    with (
        schema_context(agency.schema_name),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        root = OrgUnit.objects.get(parent=None)
        if not OfficeLocation.objects.exists():
            office_create(
                data=OfficeData("Ibu pejabat", "Putrajaya", geo.Circle(*OFFICE, 200.0)),
                units=[root],
                actor=None,
            )
        have = Officer.objects.count()
        for i in range(have, count):
            officer_create(
                data=OfficerData(f"8502{1 + i % 28:02d}16{i:04d}", f"PEGAWAI {i}", root),
                actor=None,
            )
        users = [o.user for o in Officer.objects.select_related("user").order_by("pk")[:count]]
        tokens = [Token.objects.get_or_create(user=user)[0].key for user in users]
    return f"{agency.slug}.localhost", tokens


def run(count: int) -> list[Result]:
    from django.test import Client

    host, tokens = provision(count)
    client = Client(HTTP_HOST=host)
    first_ids = [str(uuid.uuid4()) for _ in tokens]

    def body(event_id: str) -> str:
        lat, lon = OFFICE
        return json.dumps(
            {"event_id": event_id, "kind": "in", "latitude": lat, "longitude": lon, "accuracy": 9}
        )

    def first(i: int) -> Any:
        return client.post(
            "/api/v1/attendance/punches",
            body(first_ids[i % len(first_ids)]),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {tokens[i % len(tokens)]}",
        )

    # Every call punches the next officer who has not punched yet (the warm-up takes one).
    calls = iter(range(len(tokens)))

    def fresh(_: int) -> Any:
        return first(next(calls))

    return [
        measure(
            "GET /healthz", len(tokens), lambda i: client.get("/healthz"), 200, count_sql=False
        ),
        measure("POST punch (new, inside office)", len(tokens) - 1, fresh, 201, count_sql=False),
        measure("POST punch (replay of an event id)", len(tokens), first, 200, count_sql=True),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--officers", type=int, default=300, help="officers, one check-in each")
    count = max(10, parser.parse_args().officers)
    database_ensure(os.environ["DATABASE_URL"])

    import django
    from django.test.utils import override_settings

    django.setup()
    warnings.filterwarnings("ignore", message="No directory at")
    with override_settings(DEBUG=False):
        results = run(count)
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
    fresh = results[1]
    rush = 20_000 / (90 * 60)
    print(
        f"\n20,000 officers over 90 minutes is {rush:.1f} check-ins/s on average; one process "
        f"here records {fresh.per_second:.1f}/s (×{fresh.per_second / rush:.1f} the average)."
    )


if __name__ == "__main__":
    main()
