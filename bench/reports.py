"""Reports for a big agency: the unit summary and the monthly attendance sheet of 5,000 officers.

Seeds an agency ``bench-reports`` with 5,000 officers in 20 units and a month of duty days
(bulk inserts; idempotent, so a second run reuses them), then builds each report for the whole
agency as its org admin would and renders it as HTML, CSV, XLSX and PDF, printing the seconds
and the SQL statements of each step, with the ratio to a baseline measured in the same run
(reading the month's duty days, every column, into Python).

The monthly sheet's PDF has one A4 page per officer: 5,000 pages are timed for a sample of
``--sheet-pdf-officers`` officers (250 by default) and the figure per page is printed.

    SPOTME_SKIP_EMBEDDED=1 REDIS_URL= \\
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/spotme_bench \\
        .venv/bin/python bench/reports.py [--officers 5000] [--sheet-pdf-officers 250]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.login import database_ensure

os.environ.setdefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/spotme_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spotme_platform.settings.dev")

SLUG = "bench-reports"
UNITS = 20
MONTH_START = date(2026, 10, 1)
MONTH_END = date(2026, 10, 31)


@dataclass(frozen=True)
class Step:
    name: str
    seconds: float
    queries: int  # statements, SET search_path excluded
    size: int  # bytes of output (0 for a build)


def mykad(i: int) -> str:
    # Born 1 to 28 February 1986, so the YYMMDD part is a real date; unique per officer.
    return f"8602{1 + i % 28:02d}16{i:04d}"


def _day_values(n: int, day: date, at: Callable[[date, int, int], datetime]) -> dict[str, Any]:
    """A realistic mix: weekends, 3% leave, 2% absent, 5% BDR, 12% late, 6% early out."""
    if day.weekday() >= 5:
        return {"status": "WEEKEND", "policy_kind": ""}
    roll = (n * 31 + day.day * 7) % 100
    if roll < 3:
        return {"status": "LEAVE"}
    if roll < 5:
        return {"status": "ABSENT"}
    status = "BDR" if roll < 10 else "PRESENT"
    late = 5 + roll % 40 if roll >= 88 else 0
    early = 10 + roll % 30 if 10 <= roll < 16 else 0
    return {
        "status": status,
        "categories": [c for c, on in (("LATE_IN", late), ("EARLY_OUT", early)) if on],
        "late_minutes": late,
        "early_minutes": early,
        "worked_minutes": 540 - late - early,
        "check_in": at(day, 8 + (late > 0), roll % 60),
        "check_out": at(day, 17, roll % 60),
    }


def provision(count: int) -> Any:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from accounts.models import User
    from accounts.roles import Role
    from provisioning.services import (
        AgencySpec,
        agency_create,
        agency_user_ensure,
        public_tenant_ensure,
    )
    from tenant_apps.attendance.models import AttendanceDay
    from tenant_apps.people.models import Officer, OrgUnit

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    public_tenant_ensure()
    spec = AgencySpec(
        slug=SLUG, name="Agensi Penanda Aras Laporan", short_name="APL", state_code="16"
    )
    agency = agency_create(spec=spec)
    call_command("migrate_schemas", schema_name=agency.schema_name, verbosity=0)
    agency_user_ensure(
        agency=agency,
        login_id="700101165555",
        full_name="PENTADBIR PENANDA ARAS",
        password="Bench.Kata.Laluan.2026",  # noqa: S106 - a throwaway bench login
        roles=[Role.OFFICER, Role.ORG_ADMIN],
    )
    with schema_context(agency.schema_name):
        root = OrgUnit.objects.get(parent=None)
        units = list(OrgUnit.objects.filter(parent=root).order_by("pk"))
        for u in range(len(units), UNITS):
            units.append(OrgUnit.objects.create(name=f"Bahagian {u + 1:02d}", parent=root))
        have = Officer.objects.count()
        if have < count:
            unusable = make_password(None)
            users = User.objects.bulk_create(
                User(login_id=mykad(i), full_name=f"PEGAWAI LAPORAN {i:05d}", password=unusable)
                for i in range(have, count)
            )
            Officer.objects.bulk_create(
                Officer(user=user, org_unit=units[i % UNITS])
                for i, user in enumerate(users, start=have)
            )
        officers = list(Officer.objects.order_by("pk").values_list("pk", flat=True)[:count])
        seeded = AttendanceDay.objects.filter(
            officer_id__in=officers, day__range=(MONTH_START, MONTH_END)
        ).values_list("officer_id", flat=True)
        done = set(seeded.distinct())
        now = timezone.now()

        def at(day: date, hour: int, minute: int) -> datetime:
            return timezone.make_aware(datetime.combine(day, datetime.min.time())).replace(
                hour=hour, minute=minute
            )

        days = [MONTH_START + timedelta(days=n) for n in range((MONTH_END - MONTH_START).days + 1)]
        batch: list[AttendanceDay] = []
        for n, pk in enumerate(officers):
            if pk in done:
                continue
            for day in days:
                values = {"policy_kind": "WBF"} | _day_values(n, day, at)
                batch.append(
                    AttendanceDay(
                        officer_id=pk,
                        day=day,
                        ends_at=at(day, 23, 59),
                        computed_at=now,
                        closed=True,
                        **values,
                    )
                )
            if len(batch) >= 20_000:
                AttendanceDay.objects.bulk_create(batch)
                batch = []
        AttendanceDay.objects.bulk_create(batch)
    return agency


def timed(name: str, action: Callable[[], Any]) -> tuple[Step, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        result = action()
        seconds = time.perf_counter() - start
    queries = sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET "))
    size = len(result) if isinstance(result, bytes | str) else 0
    return Step(name, seconds, queries, size), result


def run(count: int, sheet_pdf_officers: int) -> list[Step]:
    from django.test import RequestFactory
    from django.utils import timezone, translation
    from django_tenants.utils import schema_context

    from accounts.models import User
    from tenant_apps.attendance.models import AttendanceDay
    from tenant_apps.reports.registry import report_by_slug
    from tenant_apps.reports.render import render_csv, render_html, render_pdf, render_xlsx
    from tenant_apps.reports.scope import scope_of
    from tenant_apps.reports.table import ReportParams

    agency = provision(count)
    steps: list[Step] = []
    with schema_context(agency.schema_name), translation.override("ms"):
        admin = User.objects.get(login_id="700101165555")
        ids = scope_of(admin).officer_ids[:count]
        params = ReportParams(start=MONTH_START, end=MONTH_END, officer_ids=ids)
        request = RequestFactory().get("/reports/", HTTP_HOST="bench")
        steps.append(
            timed(
                "baseline: read the month's duty days",
                lambda: list(
                    AttendanceDay.objects.filter(
                        officer_id__in=ids, day__range=(MONTH_START, MONTH_END)
                    ).values_list()
                ),
            )[0]
        )
        for slug in ("unit-summary", "monthly-sheet"):
            spec = report_by_slug(slug)
            assert spec is not None
            step, table = timed(f"{slug}: build", partial(spec.build, params))
            steps.append(step)
            steps.append(timed(f"{slug}: HTML (one page)", partial(render_html, table, request))[0])
            steps.append(timed(f"{slug}: CSV", partial(render_csv, table))[0])
            steps.append(timed(f"{slug}: XLSX", partial(render_xlsx, table))[0])
            pdf_table, label = table, f"{slug}: PDF"
            if slug == "monthly-sheet":
                sample = ids[:sheet_pdf_officers]
                pdf_table = spec.build(replace(params, officer_ids=sample))
                label = f"{slug}: PDF ({len(sample)} officers)"
            pdf = partial(
                render_pdf,
                pdf_table,
                agency_name=agency.name,
                generated_by=admin.full_name,
                generated_at=timezone.now(),
                language="ms",
            )
            steps.append(timed(label, pdf)[0])
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--officers", type=int, default=5000)
    parser.add_argument("--sheet-pdf-officers", type=int, default=250)
    args = parser.parse_args()
    database_ensure(os.environ["DATABASE_URL"])

    import django
    from django.test.utils import override_settings

    django.setup()
    warnings.filterwarnings("ignore", message="No directory at")
    with override_settings(DEBUG=False):
        steps = run(args.officers, args.sheet_pdf_officers)
    base = steps[0]
    print(
        f"Machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; {args.officers} "
        f"officers, {MONTH_START:%B %Y} ({(MONTH_END - MONTH_START).days + 1} days)\n"
    )
    print("| Step | Seconds | × baseline | SQL statements | Output |")
    print("|---|---:|---:|---:|---:|")
    for step in steps:
        size = f"{step.size / 1_000_000:.1f} MB" if step.size else "-"
        ratio = step.seconds / base.seconds
        print(f"| {step.name} | {step.seconds:.2f} | ×{ratio:.3g} | {step.queries} | {size} |")


if __name__ == "__main__":
    main()
