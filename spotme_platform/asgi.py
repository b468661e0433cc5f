"""ASGI entry point. Deploy WSGI (gunicorn) for tenant traffic: django-tenants keeps the schema on
the thread's connection, which async hops do not carry."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spotme_platform.settings.prod")

application = get_asgi_application()
