"""The test suite: real PostgreSQL (embedded unless DATABASE_URL is set), fast hashing."""

import os

from spotme_platform.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not os.environ.get("SPOTME_EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SPOTME_URL_SCHEME = os.environ.get("SPOTME_URL_SCHEME", "http")
# Tests run tasks in-process, whatever REDIS_URL says; the tests about real workers start one (and
# switch this off for themselves), and the processes they start get SPOTME_CELERY_EAGER=0.
CELERY_TASK_ALWAYS_EAGER = os.environ.get("SPOTME_CELERY_EAGER", "1") == "1"
CELERY_TASK_EAGER_PROPAGATES = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SPOTME_WEBHOOK_ALLOW_PRIVATE = True  # loopback receivers in tests and the demo
