from django.apps import AppConfig


class AssignmentsConfig(AppConfig):
    name = "tenant_apps.assignments"
    label = "assignments"
    verbose_name = "Task notes and tasks"
