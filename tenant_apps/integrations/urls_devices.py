"""Peranti Biometrik pages, included into the "integrations" namespace (no app_name here)."""

from django.urls import URLPattern, path

from tenant_apps.integrations import views_device_imports as imports
from tenant_apps.integrations import views_devices as devices

urlpatterns: list[URLPattern] = [
    path("devices/", devices.device_list_view, name="device-list"),
    path("devices/new/", devices.device_create_view, name="device-create"),
    path("devices/contacts/", devices.device_contacts_view, name="device-contacts"),
    path("devices/<int:device_id>/", devices.device_detail_view, name="device-detail"),
    path("settings/", devices.settings_view, name="settings"),
    path("import/", imports.import_upload_view, name="import-upload"),
    path("import/history/", imports.import_upload_view, name="import-list"),
    path("import/<int:batch_id>/", imports.import_preview_view, name="import-preview"),
    path("import/<int:batch_id>/confirm/", imports.import_confirm_view, name="import-confirm"),
    path("import/<int:batch_id>/discard/", imports.import_discard_view, name="import-discard"),
    path("unmapped/", imports.unmapped_list_view, name="unmapped-list"),
]
