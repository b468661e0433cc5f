"""Local development and the demo: embedded PostgreSQL unless DATABASE_URL is set."""

from spotme_platform.settings.base import *  # noqa: F403

DEBUG = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WHITENOISE_USE_FINDERS = True
