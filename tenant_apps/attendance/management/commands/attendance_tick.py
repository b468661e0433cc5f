"""Close ended duty days and send check-out reminders in every active agency now: what Celery
beat does every 5 minutes, for a machine without beat (the embedded demo) or from cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Close ended duty days and send check-out reminders in every active agency."

    def handle(self, *args: Any, **options: Any) -> None:
        from tenant_apps.attendance.tasks import attendance_tick_all

        count = attendance_tick_all()
        self.stdout.write(f"Sent the attendance tick to {count} agencies.")
