"""Celery entry points of the people app. Sent from an agency's request, they run in that agency's
schema (spotme_platform.celery is tenant-aware)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def people_import_run(batch_id: int) -> str:
    """Import a queued officer file; a second delivery of the same batch does nothing."""
    from tenant_apps.people.import_services import import_batch_run

    return str(import_batch_run(batch_id=batch_id).status)
