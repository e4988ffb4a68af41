"""Settings, all from the environment, with defaults that are safe for a local start.

`ZSM_ENV=production` turns the defaults strict: no secret may be missing, cookies are
secure, HSTS is on and every role that sees case content needs a second factor.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[3]
SRC_DIR = BASE_DIR / "src" / "zsm"
VAR_DIR = Path(os.environ.get("ZSM_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


ZSM_ENV = env("ZSM_ENV", "local")  # local | test | production
PRODUCTION = ZSM_ENV == "production"
DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when ZSM_ENV=production.")
    # A local start gets its own random key, kept beside the SQLite file, never a shared default.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "zsm.config.apps.ZsmAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "zsm.common",
    "zsm.accounts",
    "zsm.audit",
    "zsm.persons",
    "zsm.cases",
    "zsm.decisions",
    "zsm.workplace",
    "zsm.socialmap",
    "zsm.meetings",
    "zsm.demo",
]

MIDDLEWARE = [
    "zsm.common.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "zsm.common.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zsm.common.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "zsm.accounts.middleware.SessionTimeoutMiddleware",
    "zsm.accounts.middleware.ActiveMembershipMiddleware",
    "zsm.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zsm.common.middleware.ApiVersionMiddleware",
    "zsm.common.middleware.NoStoreMiddleware",
    "zsm.common.middleware.RequestLogMiddleware",
    # Last, so that a locked-out login attempt is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zsm.config.urls"
WSGI_APPLICATION = "zsm.config.wsgi.application"
ASGI_APPLICATION = "zsm.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Overrides of third-party templates (the admin's); the apps' own templates live in the apps.
        "DIRS": [SRC_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zsm.config.navigation.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zsm.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the worker and the server read while the other writes; IMMEDIATE
        # makes a writing transaction take its lock up front instead of failing midway.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "zsm.accounts.backends.FunctionalAdministratorBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lockout: the account is locked after repeated failures whatever address they come from,
# so a forged X-Forwarded-For cannot reset the count.
AXES_FAILURE_LIMIT = env_int("ZSM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("ZSM_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
# Not also by address: a whole ZSM location behind one NAT would be locked out by one person.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zsm.accounts.views.lockout"
AXES_VERBOSE = False
# The client address is REMOTE_ADDR unless the deployment declares how many proxies it trusts.
AXES_IPWARE_PROXY_COUNT = env_int("ZSM_TRUSTED_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)

OTP_TOTP_ISSUER = "ZSM Werkplaats"
# Roles that must use a second factor; in production every role that sees case content does.
ZSM_MFA_FOR_ALL_ROLES = env_bool("ZSM_MFA_FOR_ALL_ROLES", PRODUCTION)

# --- Sessions -------------------------------------------------------------------------------
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# How often the live board asks for changes (a 204 when nothing changed costs one small query). Three seconds
# keeps a colleague's new case on every board within 5 s, render time included (ADR 0009).
ZSM_BOARD_REFRESH_SECONDS = env_int("ZSM_BOARD_REFRESH_SECONDS", 3)
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("ZSM_SESSION_IDLE_MINUTES", 30))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env_int("ZSM_SESSION_ABSOLUTE_HOURS", 10))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
HTTPS = env_bool("ZSM_HTTPS", PRODUCTION)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "__Host-zsm-session" if HTTPS else "zsm-session"
CSRF_COOKIE_NAME = "__Host-zsm-csrf" if HTTPS else "zsm-csrf"
CSRF_FAILURE_VIEW = "zsm.common.views.csrf_failure"

# --- Encryption at rest (special-category notes; see common/crypto.py) ------------------------
# Comma-separated Fernet keys, newest first. Required in production; derived from SECRET_KEY elsewhere.
FIELD_ENCRYPTION_KEYS = env_list("ZSM_FIELD_ENCRYPTION_KEYS", "")
if PRODUCTION and not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("ZSM_FIELD_ENCRYPTION_KEYS must be set when ZSM_ENV=production.")

# --- Security headers -----------------------------------------------------------------------
SECURE_SSL_REDIRECT = HTTPS and env_bool("ZSM_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("ZSM_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("ZSM_BEHIND_TLS_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files (our own, and front-end packages straight from node_modules) ---------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from here after collectstatic
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/idiomorph", NODE_MODULES / "idiomorph" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/utrecht", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/voorbeeld-tokens", NODE_MODULES / "@nl-design-system-unstable" / "voorbeeld-design-tokens" / "dist"),
]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "ZSM Werkplaats <noreply@zsm.example>")
# Without a mail server, mail goes to files under var/mail: never to a log, where it would
# carry personal data.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
if PRODUCTION and EMAIL_BACKEND.endswith("filebased.EmailBackend"):
    # Acknowledgement links are credentials: in production they go to the agency, never to a disk.
    raise ImproperlyConfigured("EMAIL_HOST (or EMAIL_BACKEND) must be set when ZSM_ENV=production.")

# --- Tasks ----------------------------------------------------------------------------------
# --- Social map and referrals ------------------------------------------------------------------
# A referral the institution has not acknowledged after this many working days puts a chase task on the
# worker's day; after twice as many it is escalated to the coordinator.
ZSM_REFERRAL_CHASE_WORKING_DAYS = env_int("ZSM_REFERRAL_CHASE_WORKING_DAYS", 3)
# How long an institution's acknowledgement link works (it works once).
ZSM_REFERRAL_LINK_DAYS = env_int("ZSM_REFERRAL_LINK_DAYS", 14)
# Where links in e-mails point (scheme and host, no trailing slash).
ZSM_BASE_URL = env("ZSM_BASE_URL", "http://127.0.0.1:8000")
# The OM's dismissal grounds (the annex of the Aanwijzing sepot en gebruik sepotgronden) as a CSV file
# (code;kind;wording;in_force_from;in_force_until;source). Empty: only the built-in, verified grounds.
ZSM_DISMISSAL_GROUNDS_FILE = env("ZSM_DISMISSAL_GROUNDS_FILE")

# --- Retention (bewaartermijnen) -------------------------------------------------------------
# Days each data class is kept, counted from the moment given in docs/operations.md (case closed,
# werkplaats case closed, link stopped working, event recorded). `zsm purge` applies them daily.
# Defaults follow the sources' regimes: police data out of use after 5 years (then pseudonymised),
# OM data destroyed after 10; the audit trail outlives what it accounts for by a year.
ZSM_RETENTION_DAYS = {
    "referral_links": env_int("ZSM_RETENTION_REFERRAL_LINKS_DAYS", 30),
    "special_category_notes": env_int("ZSM_RETENTION_SPECIAL_CATEGORY_NOTES_DAYS", 365),
    "werkplaats_casework": env_int("ZSM_RETENTION_WERKPLAATS_CASEWORK_DAYS", 5 * 365),
    "police_data": env_int("ZSM_RETENTION_POLICE_DATA_DAYS", 5 * 365),
    "om_decisions": env_int("ZSM_RETENTION_OM_DECISIONS_DAYS", 10 * 365),
    "subject_access_exports": env_int("ZSM_RETENTION_SUBJECT_ACCESS_EXPORTS_DAYS", 90),
    "audit_events": env_int("ZSM_RETENTION_AUDIT_EVENTS_DAYS", 11 * 365),
}
# The database refuses to delete audit events younger than 365 days, whatever the setting above says; the
# extra day keeps the daily purge clear of that floor when the application's clock runs ahead of the database's.
ZSM_AUDIT_MINIMUM_DAYS = 366
if ZSM_RETENTION_DAYS["audit_events"] < ZSM_AUDIT_MINIMUM_DAYS:
    raise ImproperlyConfigured(f"ZSM_RETENTION_AUDIT_EVENTS_DAYS must be at least {ZSM_AUDIT_MINIMUM_DAYS}.")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- API ------------------------------------------------------------------------------------
API_VERSION = "1.0.0"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "zsm.accounts.authentication.ApiTokenAuthentication",
        "zsm.accounts.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["djangorestframework_camel_case.render.CamelCaseJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["djangorestframework_camel_case.parser.CamelCaseJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "zsm.common.api.Pagination",
    "PAGE_SIZE": 25,
    "EXCEPTION_HANDLER": "zsm.common.api.problem_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_VERSIONING_CLASS": None,
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ZSM Werkplaats API",
    "DESCRIPTION": "API of ZSM Werkplaats for police, OM and partner systems. Follows the NL GOV API Design Rules.",
    "VERSION": API_VERSION,
    "CONTACT": {
        "name": "ZSM Werkplaats",
        "url": env("ZSM_CONTACT_URL", "https://zsm-werkplaats.example/contact"),
        "email": env("ZSM_CONTACT_EMAIL", "api@zsm-werkplaats.example"),
    },
    "LICENSE": {"name": "EUPL-1.2", "url": "https://eupl.eu/1.2/nl/"},
    "SERVERS": [{"url": env("ZSM_API_SERVER_URL", "https://zsm-werkplaats.example/api/v1")}],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "CAMELIZE_NAMES": False,
    # Fields named `kind` mean different things per component: each choice set gets a name of its own.
    "ENUM_NAME_OVERRIDES": {
        "OffenceKindEnum": "zsm.cases.constants.OffenceKind",
        "ClockKindEnum": [("holding", "holding"), ("custody", "custody")],
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "drf_spectacular.contrib.djangorestframework_camel_case.camelize_serializer_fields",
        "zsm.common.api.nlgov_postprocess",
    ],
}

# --- Logging: structured, with personal identifiers and secrets redacted ---------------------
LOG_FORMAT = env("ZSM_LOG_FORMAT", "console" if DEBUG else "json")
LOG_LEVEL = env("ZSM_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"structured": {"()": "zsm.common.logging.formatter", "fmt": LOG_FORMAT}},
    "handlers": {"stream": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["stream"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
    },
}

# --- Demo -----------------------------------------------------------------------------------
ZSM_DEMO_PASSWORD = env("ZSM_DEMO_PASSWORD", "zsm-demo-wachtwoord")
