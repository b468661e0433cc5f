from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "tenant_apps.attendance"
    label = "attendance"
    verbose_name = "Attendance"

    def ready(self) -> None:
        from tenant_apps.attendance import receivers  # noqa: F401 - connects the signal
