"""Celery entry points of the control plane. They run in the public schema."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def provision_agency(run_id: int) -> str:
    from provisioning.runner import provisioning_run_execute

    return str(provisioning_run_execute(run_id).status)


@shared_task(acks_late=True)
def agency_export_build(export_id: int) -> str:
    from provisioning.lifecycle import agency_export_run

    return str(agency_export_run(export_id=export_id).status)


@shared_task
def agency_stats_refresh_all() -> int:
    from provisioning.stats import agency_stats_refresh_all as refresh

    return refresh()


@shared_task
def agency_exports_expire() -> int:
    from provisioning.lifecycle import agency_exports_expire as expire

    return expire()
