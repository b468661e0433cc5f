"""The reports by slug. Each report module registers its ``ReportSpec`` here."""

from __future__ import annotations

from tenant_apps.reports.table import ReportSpec

REPORTS: dict[str, ReportSpec] = {}


def register(spec: ReportSpec) -> ReportSpec:
    if spec.slug in REPORTS:
        raise ValueError(f"Report {spec.slug!r} is registered twice.")
    REPORTS[spec.slug] = spec
    return spec


def report_by_slug(slug: str) -> ReportSpec | None:
    _load()
    return REPORTS.get(slug)


def report_list() -> list[ReportSpec]:
    _load()
    return list(REPORTS.values())


def _load() -> None:
    """Import every report module once (each registers itself)."""
    import importlib
    import pkgutil

    from tenant_apps.reports import reports as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
