"""Local development and the demo: embedded PostgreSQL unless DATABASE_URL is set."""

import os

from spotme_platform.settings.base import *  # noqa: F403

DEBUG = True
if not os.environ.get("SPOTME_EMAIL_FILE_PATH"):
    # The demo prints e-mails (invitation links) on the console.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
SPOTME_URL_SCHEME = os.environ.get("SPOTME_URL_SCHEME", "http")
SPOTME_URL_PORT = os.environ.get("SPOTME_URL_PORT", os.environ.get("PORT", "8000"))
WHITENOISE_USE_FINDERS = True
SPOTME_WEBHOOK_ALLOW_PRIVATE = True  # loopback receivers in tests and the demo
