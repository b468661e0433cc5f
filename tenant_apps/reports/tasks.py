"""Celery entry points of reports. Sent from an agency, they run in its schema; the periodic
``reports_tick_all`` runs in the public schema and sends each active agency its own task."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def report_run_build(run_id: int) -> str:
    """Build a big report's file (idempotent: a run no longer queued is left alone)."""
    from tenant_apps.reports.services import report_run_build as build

    run = build(run_id)
    return run.status if run is not None else "missing"


@shared_task(acks_late=True)
def agency_report_runs_expire() -> int:
    """Delete report files older than 7 days."""
    from tenant_apps.reports.services import report_runs_expire

    return report_runs_expire()


@shared_task
def reports_tick_all() -> int:
    """Every hour (beat): each active agency deletes its expired report files and sends the
    report subscriptions due today."""
    from tenants.fanout import send_to_each_agency

    return send_to_each_agency(agency_report_runs_expire, agency_report_subscriptions_send)


@shared_task(acks_late=True)
def agency_report_subscriptions_send() -> int:
    """Send every report subscription due today in this agency (once per scheduled day)."""
    from tenant_apps.reports.subscriptions import agency_subscriptions_send

    return agency_subscriptions_send()
