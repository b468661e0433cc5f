"""The test suite: real PostgreSQL (embedded unless DATABASE_URL is set), fast hashing."""

import os

from spotme_platform.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not os.environ.get("SPOTME_EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SPOTME_URL_SCHEME = os.environ.get("SPOTME_URL_SCHEME", "http")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
