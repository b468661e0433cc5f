"""Integrasi: /integrations/ and its pages (org admin only)."""

from django.urls import include, path

from tenant_apps.integrations import views

app_name = "integrations"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("", include("tenant_apps.integrations.urls_devices")),
    path("", include("tenant_apps.integrations.urls_api_keys")),
    path("", include("tenant_apps.integrations.urls_webhooks")),
]
