"""Integrations: biometric devices and their raw ledger (in), API keys and webhooks (out)."""

from tenant_apps.integrations.models.api import ApiCall, ApiKey
from tenant_apps.integrations.models.devices import (
    Device,
    DeviceContact,
    DeviceUserMap,
    IntegrationSettings,
)
from tenant_apps.integrations.models.ledger import ImportBatch, RawPunch
from tenant_apps.integrations.models.webhooks import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)

__all__ = [
    "ApiCall",
    "ApiKey",
    "Device",
    "DeviceContact",
    "DeviceUserMap",
    "ImportBatch",
    "IntegrationSettings",
    "RawPunch",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookSubscription",
]
