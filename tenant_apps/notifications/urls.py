from django.urls import path

from tenant_apps.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list_view, name="list"),
    path("<int:notification_id>/open/", views.notification_open_view, name="open"),
    path("read-all/", views.notification_read_all_view, name="read-all"),
    path("settings/", views.preferences_view, name="settings"),
]
