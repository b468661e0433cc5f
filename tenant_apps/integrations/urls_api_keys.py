"""Kunci API pages, included into the "integrations" namespace (no app_name here)."""

from django.urls import URLPattern, path

from tenant_apps.integrations import views_api_keys as views

urlpatterns: list[URLPattern] = [
    path("api-keys/", views.api_key_list_view, name="api-key-list"),
    path("api-keys/new/", views.api_key_create_view, name="api-key-create"),
    path("api-keys/<int:key_id>/", views.api_key_detail_view, name="api-key-detail"),
    path("api-keys/<int:key_id>/revoke/", views.api_key_revoke_view, name="api-key-revoke"),
]
