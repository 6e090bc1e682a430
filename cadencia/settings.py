"""Django settings for Cadencia.

Every value comes from the environment, with embedded defaults so that ``make run`` works on a
machine with no services: SQLite under ``var/``, in-memory channel layer, local-memory cache and
local files. See README.md ("Configuration") for the production variables.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp import constants as csp_constants
from django.utils.translation import gettext_lazy as _

from cadencia import config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("CADENCIA_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = config.secret_key(env.str("SECRET_KEY", default=""), VAR_DIR / "secret_key")
# Fernet keys for secrets stored in the database (SIP credentials), newest first; unset: one
# key derived from SECRET_KEY (cadencia/core/crypto.py).
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Behind TLS in production; plain HTTP on the embedded defaults so `make run` can log in.
HTTPS = env.bool("HTTPS", default=False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env.bool("SECURE_HSTS_PRELOAD", default=True)
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "servestatic.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "auditlog",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "cadencia.core",
    "cadencia.accounts",
    "cadencia.projects",
    "cadencia.resources",
    "cadencia.contacts",
    "cadencia.telephony",
    "cadencia.campaigns",
    "cadencia.console",
    "cadencia.audits",
    "cadencia.crm",
    "cadencia.site",
]

# No inline scripts or handlers anywhere (pages wire behaviour in static/cadencia/app.js); style
# attributes are allowed (Bootstrap markup uses a few), style elements are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF],
        # The nonce: the comments' editor (Trix) adds its core styles as <style> elements.
        "style-src": [csp_constants.SELF, csp_constants.NONCE],
        "style-src-attr": [csp_constants.UNSAFE_INLINE],
        "img-src": [csp_constants.SELF, "data:"],
        "font-src": [csp_constants.SELF, "data:"],
        "connect-src": [csp_constants.SELF],
        "object-src": [csp_constants.NONE],
        "base-uri": [csp_constants.SELF],
        "form-action": [csp_constants.SELF],
        "frame-ancestors": [csp_constants.NONE],
    }
}

# Tenancy is plugged into core (see cadencia/core/tenancy.py), as AUTH_USER_MODEL is.
CADENCIA_TENANCY = "cadencia.projects.tenancy.ProjectTenancy"
CADENCIA_PROJECT_MODEL = "projects.Project"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "servestatic.middleware.ServeStaticMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cadencia.core.middleware.UserPreferencesMiddleware",
    "cadencia.core.middleware.ProjectScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires, so it sees the outcome of the login view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cadencia.urls"
ASGI_APPLICATION = "cadencia.asgi.application"
WSGI_APPLICATION = "cadencia.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cadencia" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cadencia.site.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": config.database_options(
        env.db_url("DATABASE_URL", default=config.sqlite_url(VAR_DIR / "cadencia.sqlite3")),
        parallel_workers=env.int("DATABASE_PARALLEL_WORKERS", default=0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
CHANNEL_LAYERS = config.channel_layers(REDIS_URL)
CACHES = config.caches(REDIS_URL, VAR_DIR)
# Publishers wake every web process's event tail through Redis (core/event_tail.py).
EVENTS_WAKEUP_REDIS_URL = REDIS_URL

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A worker that has not written its heartbeat for this long is reported as down by /healthz.
WORKER_HEARTBEAT_SECONDS = env.int("WORKER_HEARTBEAT_SECONDS", default=10)
WORKER_STALE_AFTER_SECONDS = env.int("WORKER_STALE_AFTER_SECONDS", default=60)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "cadencia.accounts.backends.RoleBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock an account (not an address) after repeated failures: agents often share one NAT address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_CALLABLE = "cadencia.accounts.views.lockout"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# axes.W006 asks to also lock by IP address; we deliberately do not (docs/decisions.md, "Lock-out").
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Change log: django-auditlog with our own entry model (source, request id, projects).
AUDITLOG_LOGENTRY_MODEL = "core.ChangeLogEntry"
# Reading the "before" values must not depend on the request's project scope.
AUDITLOG_USE_BASE_MANAGER = True
AUDITLOG_STORE_JSON_CHANGES = True
# auditlog's only model is the LogEntry we swap out; skipping its migrations avoids an unused
# table whose foreign keys would block PostgreSQL's TRUNCATE between tests.
MIGRATION_MODULES = {"auditlog": None}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes unauthenticated requests answer 401.
        "cadencia.core.api_auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["cadencia.core.api_auth.ModelPermissions"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "cadencia.core.api_auth.CursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["cadencia.core.api_auth.FilterBackend"],
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cadencia API",
    "DESCRIPTION": "Contact-center CRM: projects, roles, resources and the change log.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "DEFAULT_GENERATOR_CLASS": "cadencia.core.api_schema.ScopedSchemaGenerator",
    "ENUM_NAME_OVERRIDES": {
        "AgentStateEnum": "cadencia.console.choices.AgentState",
        "RequestedAgentStateEnum": "cadencia.console.choices.REQUESTED_STATES",
        "CallStateEnum": "cadencia.console.choices.CallState",
        "CampaignStateEnum": "cadencia.campaigns.choices.CampaignState",
        "AuditStatusEnum": "cadencia.audits.choices.AuditStatus",
        "AuditEntryKindEnum": "cadencia.audits.choices.EntryKind",
        "AuditExportKindEnum": "cadencia.audits.models.AuditExport.Kind",
        # Audit exports and downloads go through the same states.
        "ExportStatusEnum": "cadencia.audits.models.AuditExport.Status",
        "AuditDecisionEnum": "cadencia.audits.choices.Decision",
        "TicketActionStatusEnum": "cadencia.crm.choices.ActionStatus",
        "TicketPriorityEnum": "cadencia.crm.choices.Priority",
        "CommentEmailStatusEnum": "cadencia.crm.choices.EmailStatus",
        "SmsStatusEnum": "cadencia.crm.choices.SmsStatus",
        # Calls and SMS share the values "in" and "out".
        "DirectionEnum": "cadencia.console.choices.Direction",
        "DownloadFormatEnum": "cadencia.core.models.Export.Format",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cadencia.core.api_schema.document_errors",
    ],
}

# Region used to read a phone number typed without country code (lookups, click-to-call).
PHONE_DEFAULT_REGION = env.str("PHONE_DEFAULT_REGION", default="AR")

# Telephony: the connector campaigns and the console talk to, and where its reports go.
TELEPHONY_CONNECTOR = env.str(
    "TELEPHONY_CONNECTOR", default="cadencia.telephony.connectors.simulator.SimulatorConnector"
)
TELEPHONY_EVENT_SINK = "cadencia.console.services.telephony_sink.ConsoleSink"
# Simulated customers (see telephony/connectors/simulator.py ``Behaviour``); empty: defaults.
TELEPHONY_SIMULATOR: dict[str, object] = {}
# Calls wait this long in an agent's list for a disposition, then get "no disposition".
DISPOSITION_PENDING_HOURS = env.int("DISPOSITION_PENDING_HOURS", default=24)
# An auditor's claim on an audit item keeps other auditors off it this long.
AUDIT_CLAIM_MINUTES = env.int("AUDIT_CLAIM_MINUTES", default=15)
# Audit CSVs up to this many items stream at once; larger ones are built in the background.
AUDIT_EXPORT_DIRECT_ROWS = env.int("AUDIT_EXPORT_DIRECT_ROWS", default=5000)
# Downloads of searches up to this many rows are answered at once; larger ones are built in
# the background with their progress shown.
EXPORT_DIRECT_ROWS = env.int("EXPORT_DIRECT_ROWS", default=5000)
# The most contacts a campaign made from a contact search may copy.
CAMPAIGN_FROM_CONTACTS_MAX = env.int("CAMPAIGN_FROM_CONTACTS_MAX", default=1_000_000)
# CRM: attachments of calls and comments, and the wait before a failed e-mail is tried again
# (doubled at each attempt).
CRM_ATTACHMENT_MAX_BYTES = env.int("CRM_ATTACHMENT_MAX_MB", default=10) * 1024 * 1024
CRM_ATTACHMENTS_PER_UPLOAD = 10
CRM_EMAIL_RETRY_SECONDS = env.int("CRM_EMAIL_RETRY_SECONDS", default=60)
# SMS chat: "simulated" (delivers at once; replies simulated on the page) or "twilio".
SMS_PROVIDER = env.str("SMS_PROVIDER", default="simulated")
SMS_WEBHOOK_SECRET = env.str("SMS_WEBHOOK_SECRET", default="cadencia-simulated-sms")
SMS_SENDER = env.str("SMS_SENDER", default="Cadencia")
# Where the provider reports delivery statuses: https://<host>/crm/sms/webhook/status/
SMS_STATUS_URL = env.str("SMS_STATUS_URL", default="")
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
TWILIO_API_URL = env.str("TWILIO_API_URL", default="https://api.twilio.com")
# Contact imports: uploads above this size are refused before being read.
CONTACT_IMPORT_MAX_BYTES = env.int("CONTACT_IMPORT_MAX_BYTES", default=200 * 1024 * 1024)
# Rows are checked in this many processes when the file is at least PARALLEL_BYTES big.
CONTACT_IMPORT_WORKERS = env.int("CONTACT_IMPORT_WORKERS", default=os.cpu_count() or 1)
CONTACT_IMPORT_PARALLEL_BYTES = env.int("CONTACT_IMPORT_PARALLEL_BYTES", default=2_000_000)
CONTACT_IMPORT_DIR = Path(env.str("CONTACT_IMPORT_DIR", default=str(VAR_DIR / "imports")))

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en")
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "cadencia" / "locale"]
LANGUAGE_COOKIE_NAME = "cadencia_language"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
# Front-end libraries from npm, copied here by `make setup` (never committed).
STATICFILES_DIRS = [BASE_DIR / "cadencia" / "static", VAR_DIR / "vendor"]
MEDIA_URL = env.str("MEDIA_URL", default="media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = config.storages(env.str("MEDIA_S3_BUCKET", default=""), MEDIA_ROOT, STATIC_ROOT)
AWS_S3_ENDPOINT_URL = env.str("MEDIA_S3_ENDPOINT_URL", default="") or None
AWS_S3_REGION_NAME = env.str("MEDIA_S3_REGION", default="") or None
AWS_ACCESS_KEY_ID = env.str("MEDIA_S3_ACCESS_KEY_ID", default="") or None
AWS_SECRET_ACCESS_KEY = env.str("MEDIA_S3_SECRET_ACCESS_KEY", default="") or None

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_HOST = EMAIL_CONFIG.get("EMAIL_HOST", "localhost")
EMAIL_PORT = EMAIL_CONFIG.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = EMAIL_CONFIG.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = EMAIL_CONFIG.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = EMAIL_CONFIG.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = EMAIL_CONFIG.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="cadencia@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django_tasks_db": {"level": "INFO"}},
}
