from django.apps import AppConfig


class WorktimeConfig(AppConfig):
    name = "tenant_apps.worktime"
    label = "worktime"
    verbose_name = "Working time"
