from django.apps import AppConfig


class AttendanceIssuesConfig(AppConfig):
    name = "tenant_apps.attendance_issues"
    label = "attendance_issues"
    verbose_name = "Attendance issues (Isu Kehadiran) and card colours"
