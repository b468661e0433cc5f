"""The SPOT-Me Platform Django project.

Named ``spotme_platform`` rather than ``platform``: a top-level package called ``platform``
shadows Python's standard-library module of that name and breaks ``import uuid``, pytest and Celery.
"""

from spotme_platform.celery import app as celery_app

__all__ = ["celery_app"]
