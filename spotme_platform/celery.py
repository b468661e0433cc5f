"""The one Celery app. It is tenant-aware: a task sent from an agency runs in that agency's schema
(a plain Celery app would run it in the public schema without an error)."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spotme_platform.settings.dev")

app = CeleryApp("spotme_platform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
