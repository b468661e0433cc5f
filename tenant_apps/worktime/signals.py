"""Signals of the working-time records. ``days_affected`` says that some officers' duty days may
now be judged differently (a policy, an assignment, a roster, an approved arrangement or a
movement changed); the attendance app recomputes the stored days in a Celery task.

Arguments: ``officer_ids`` (a list, or None for every officer of the agency), ``start`` and
``end`` (local dates, inclusive; ``end`` None means up to today)."""

from django.dispatch import Signal

days_affected = Signal()
