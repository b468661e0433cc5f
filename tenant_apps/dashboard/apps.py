from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "tenant_apps.dashboard"
    label = "dashboard"
    verbose_name = "Agency home"
