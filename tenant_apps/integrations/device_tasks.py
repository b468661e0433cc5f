"""Celery entry points of the device side: apply raw lines, check device health, and the periodic
fan-out over agencies. The names are fixed to ``tenant_apps.integrations.tasks.*``, where Celery
finds them and the beat schedule names them."""

from __future__ import annotations

from celery import shared_task

PREFIX = "tenant_apps.integrations.tasks"


@shared_task(name=f"{PREFIX}.raw_lines_apply", acks_late=True)
def raw_lines_apply(raw_ids: list[int]) -> int:
    """Turn these ledger lines into punches where their device user id is known. Idempotent: a
    line is applied once."""
    from tenant_apps.integrations.ledger_services import raw_apply

    return raw_apply(list(raw_ids))


@shared_task(name=f"{PREFIX}.agency_devices_health", acks_late=True)
def agency_devices_health() -> int:
    """Judge the agency's devices (silent, clock drift) and alert its org admins."""
    from tenant_apps.integrations.health import devices_health_check

    return devices_health_check()


@shared_task(name=f"{PREFIX}.integrations_tick_all")
def integrations_tick_all() -> int:
    """Every few minutes (beat): each active agency checks its devices and retries its webhook
    deliveries that are due."""
    from tenant_apps.integrations.webhook_tasks import agency_webhooks_retry
    from tenants.fanout import send_to_each_agency

    return send_to_each_agency(agency_devices_health, agency_webhooks_retry)
