"""Included at ``api/v1/`` on agency hosts only (urls_tenant; the public host has no
notifications), so each route names ``notifications`` itself."""

from django.urls import path

from tenant_apps.notifications import api

urlpatterns = [
    path("notifications", api.NotificationListApi.as_view(), name="api-notification-list"),
    path(
        "notifications/unread-count",
        api.NotificationUnreadCountApi.as_view(),
        name="api-notification-unread-count",
    ),
    path(
        "notifications/<int:notification_id>/read",
        api.NotificationReadApi.as_view(),
        name="api-notification-read",
    ),
    path(
        "notifications/push-subscriptions",
        api.PushSubscriptionApi.as_view(),
        name="api-notification-push-subscriptions",
    ),
]
