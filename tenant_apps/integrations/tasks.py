"""Celery tasks of the integrations app (the modules below define them; Celery finds this one)."""

from tenant_apps.integrations.device_tasks import (
    agency_devices_health,
    integrations_tick_all,
    raw_lines_apply,
)
from tenant_apps.integrations.webhook_tasks import webhook_deliver

__all__ = ["agency_devices_health", "integrations_tick_all", "raw_lines_apply", "webhook_deliver"]
