"""Webhook pages, included into the "integrations" namespace (no app_name here)."""

from django.urls import URLPattern, path

from tenant_apps.integrations import views_webhooks as views

urlpatterns: list[URLPattern] = [
    path("webhooks/", views.webhook_list_view, name="webhook-list"),
    path("webhooks/new/", views.webhook_create_view, name="webhook-create"),
    path("webhooks/<int:subscription_id>/", views.webhook_detail_view, name="webhook-detail"),
    path("webhooks/<int:subscription_id>/pause/", views.webhook_pause_view, name="webhook-pause"),
    path(
        "webhooks/<int:subscription_id>/resume/",
        views.webhook_resume_view,
        name="webhook-resume",
    ),
    path(
        "webhooks/<int:subscription_id>/secret/",
        views.webhook_rotate_view,
        name="webhook-rotate",
    ),
    path(
        "webhooks/<int:subscription_id>/delete/",
        views.webhook_delete_view,
        name="webhook-delete",
    ),
    path("webhooks/<int:subscription_id>/test/", views.webhook_ping_view, name="webhook-ping"),
]
