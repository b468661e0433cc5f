"""Settings shared by every environment. Platform settings come from the environment;
agency policy is data in each agency's schema."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from spotme_platform.embedded import embedded_database_url, embedded_enabled

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(os.environ.get("SPOTME_DATA_DIR", BASE_DIR / ".data"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = False

# The platform domain: the public schema answers on it, each agency on <slug>.<domain>.
SPOTME_DOMAIN = os.environ.get("SPOTME_DOMAIN", "localhost")
ALLOWED_HOSTS = [SPOTME_DOMAIN, f".{SPOTME_DOMAIN}"]
# How links in e-mails reach the platform: scheme and, in development, the port.
SPOTME_URL_SCHEME = os.environ.get("SPOTME_URL_SCHEME", "https")
SPOTME_URL_PORT = os.environ.get("SPOTME_URL_PORT", "")
# Subdomains no agency may take.
SPOTME_RESERVED_SUBDOMAINS = frozenset(
    {
        *("www", "api", "admin", "static", "media", "cdn", "assets", "files"),
        *("mail", "webmail", "smtp", "imap", "pop", "ftp", "ns", "ns1", "ns2", "dns"),
        *("operator", "platform", "portal", "login", "auth", "sso", "app", "apps", "root"),
        *("help", "support", "status", "docs", "blog", "dev", "test", "staging", "system"),
        *("demo-platform", "jdn-platform"),
    }
)
# Provisioning steps to fail on purpose (comma-separated step names): a fault-injection point for
# proving retry and resume. Empty in production.
SPOTME_PROVISIONING_FAULTS = frozenset(
    step for step in os.environ.get("SPOTME_PROVISIONING_FAULTS", "").split(",") if step
)
# Agency exports (pg_dump + CSV, zipped) for operators; deleted after SPOTME_EXPORT_KEEP_DAYS.
SPOTME_EXPORT_ROOT = Path(os.environ.get("SPOTME_EXPORT_ROOT", DATA_DIR / "exports"))
SPOTME_EXPORT_KEEP_DAYS = 7
SPOTME_INVITATION_HOURS = 72
# Key of the keyed hash (HMAC-SHA256) the login finder stores instead of MyKad numbers; changing it
# orphans every stored hash until `manage.py directory_rebuild` runs.
SPOTME_MYKAD_HASH_KEY = os.environ.get("SPOTME_MYKAD_HASH_KEY", "dev-only-mykad-hash-key")
# Webhooks: private, loopback and link-local targets (and plain http) are refused unless allowed
# (dev and tests allow them); retries wait base × 2^(attempt−1) seconds; a subscription pauses after
# this many failed deliveries in a row.
SPOTME_WEBHOOK_ALLOW_PRIVATE = False
SPOTME_WEBHOOK_RETRY_BASE_SECONDS = float(os.environ.get("SPOTME_WEBHOOK_RETRY_BASE_SECONDS", "30"))
SPOTME_WEBHOOK_PAUSE_AFTER = int(os.environ.get("SPOTME_WEBHOOK_PAUSE_AFTER", "3"))

# --- Apps: the two planes ----------------------------------------------------------------------
# Apps in both lists have a table in the public schema (JDN operators) and in every agency schema
# (that agency's people). Sessions and tokens sit beside the user model so that a session or token
# of agency A means nothing on agency B.
BOTH_PLANES_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "rest_framework.authtoken",
    "axes",
    "accounts",
]

SHARED_APPS = [
    "django_tenants",
    "tenants",
    *BOTH_PLANES_APPS,
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "spotme_platform",
    "provisioning",
    "shared_apps.portal",
    "shared_apps.onboarding",
    "shared_apps.directory",
]

TENANT_APPS = [
    *BOTH_PLANES_APPS,
    "guardian",
    "tenant_apps.dashboard",
    "tenant_apps.people",
    "tenant_apps.worktime",
    "tenant_apps.attendance",
    "tenant_apps.movements",
    "tenant_apps.assignments",
    "tenant_apps.notifications",
    "tenant_apps.attendance_issues",
    "tenant_apps.reports",
    "tenant_apps.integrations",
    "tenant_apps.audit",
]

INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Agency"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_URLCONF = "spotme_platform.urls_public"
ROOT_URLCONF = "spotme_platform.urls_tenant"
# Clears process-wide caches keyed by content-type ids, which differ between schemas.
EXTRA_SET_TENANT_METHOD_PATH = "tenants.hooks.on_set_tenant"
# New agencies are cloned from a migrated template schema instead of replaying every migration;
# provisioning rebuilds the template whenever the tenant migrations change (provisioning.template).
TENANT_CREATION_FAKES_MIGRATIONS = True
TENANT_BASE_SCHEMA = "_tenant_template"

MIDDLEWARE = [
    "spotme_platform.health.HealthCheckMiddleware",
    "tenants.middleware.AgencyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "spotme_platform.locale.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionAgencyBindingMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Logs every call made with an API key (tenant_apps.integrations.api_auth finds the key).
    "tenant_apps.integrations.api_middleware.ApiCallMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "spotme_platform" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "spotme_platform.context_processors.platform",
                "tenant_apps.notifications.context.notifications_unread",
            ],
        },
    },
]

WSGI_APPLICATION = "spotme_platform.wsgi.application"

# --- Database ----------------------------------------------------------------------------------
if embedded_enabled():
    DATABASE_URL = embedded_database_url(DATA_DIR / "postgres")
    EMBEDDED_DATABASE = True
else:
    DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/spotme")
    EMBEDDED_DATABASE = False

DATABASES = {
    "default": {
        **dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True),
        "ENGINE": "django_tenants.postgresql_backend",
    }
}
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache, Celery ----------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_FUNCTION": "django_tenants.cache.make_key",
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL  # progress and results of long work (imports, reports)
    CELERY_RESULT_EXPIRES = 60 * 60 * 24
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_FUNCTION": "django_tenants.cache.make_key",
        }
    }
    # Without Redis, tasks run in-process: same code path, no broker.
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Kuala_Lumpur"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_MAX_TASKS_PER_CHILD = 200
CELERY_TASK_TENANT_CACHE_SECONDS = 30
CELERY_BEAT_SCHEDULE = {
    # The operator console's per-agency counters, kept in the public schema.
    "agency-stats-refresh": {
        "task": "provisioning.tasks.agency_stats_refresh_all",
        "schedule": 300.0,
    },
    "agency-exports-expire": {
        "task": "provisioning.tasks.agency_exports_expire",
        "schedule": 3600.0,
    },
    # Each active agency closes its ended duty days and sends check-out reminders.
    "attendance-tick": {
        "task": "tenant_apps.attendance.tasks.attendance_tick_all",
        "schedule": 300.0,
    },
    # Each active agency evaluates last month's cards when due and escalates overdue issues.
    "supervision-tick": {
        "task": "tenant_apps.attendance.tasks.supervision_tick_all",
        "schedule": 3600.0,
    },
    # Each active agency deletes report files older than 7 days.
    "reports-tick": {
        "task": "tenant_apps.reports.tasks.reports_tick_all",
        "schedule": 3600.0,
    },
    # Each active agency checks its biometric devices (silent, clock drift) and retries webhooks.
    "integrations-tick": {
        "task": "tenant_apps.integrations.tasks.integrations_tick_all",
        "schedule": 300.0,
    },
}

# --- Authentication ----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out sign-ins, authenticates no one
    "accounts.backends.MyKadBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# No guardian "AnonymousUser" row in every schema: anonymous visitors get no object permissions.
ANONYMOUS_USER_NAME = None
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lockout after repeated failed sign-ins: per MyKad and address, kept in each schema's own table.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.lockout.axes_username"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # accounts.SecurityEvent is the account's audit trail
AXES_VERBOSE = False

# Host-only cookies: a login on one agency's host is never sent to another's.
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
LANGUAGE_COOKIE_DOMAIN = None
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "spotme_platform.errors.csrf_failure"
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "spotme_platform.api_errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SPOT-Me Platform API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page (/api/docs/) is served from our own static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name get names of their own in the schema.
    "ENUM_NAME_OVERRIDES": {
        "OfficerStatusEnum": "tenant_apps.people.models.Officer.Status",
        "DayStatusEnum": "tenant_apps.attendance.models.AttendanceDay.Status",
        "IssueStatusEnum": "tenant_apps.attendance_issues.models.AttendanceIssue.Status",
        "MovementStatusEnum": "tenant_apps.movements.models.Movement.Status",
        "PunchKindEnum": "tenant_apps.attendance.models.AttendanceEvent.Kind",
        "PunchKindInOutEnum": [("in", "in"), ("out", "out")],
    },
}

# --- Internationalisation and time -------------------------------------------------------------
LANGUAGE_CODE = "ms"
LANGUAGES = [("ms", _("Malay")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Kuala_Lumpur"  # business days; storage is UTC (USE_TZ)
USE_I18N = True
USE_TZ = True

# Uploaded files: each agency's under MEDIA_ROOT/<schema>/, never served without a permission check.
MEDIA_ROOT = Path(os.environ.get("SPOTME_MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "/media/"
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
STORAGES = {
    "default": {"BACKEND": "tenants.storage.AgencyFileStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "spotme_platform" / "static"]

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
if os.environ.get("SPOTME_EMAIL_FILE_PATH"):
    # Mail written to files (browser tests read invitation links from them).
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["SPOTME_EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SPOT-Me <no-reply@spotme.gov.my>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tenant_context": {"()": "django_tenants.log.TenantContextFilter"}},
    "formatters": {
        "tenant": {"format": "%(asctime)s %(levelname)s [%(schema_name)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["tenant_context"],
            "formatter": "tenant",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
