"""Homeward settings: one module, configured entirely from environment variables.

Three ways to run, chosen by the environment rather than by separate settings files:

* **Production** (``DEBUG`` off, the default): ``SECRET_KEY`` and ``ALLOWED_HOSTS`` must be set or
  start-up fails with a clear message; ``DATABASE_URL`` should point at Postgres; staff two-factor
  sign-in and secure cookies are on.
* **Demo / development** (``make run`` sets ``DEBUG=1`` and ``HOMEWARD_DEMO=1``): a throwaway
  secret, the console email backend, two-factor off.
* **The embedded default**: with no ``DATABASE_URL`` the app uses SQLite in ``var/``; with no
  ``CELERY_BROKER_URL``/``REDIS_URL`` Celery tasks run eagerly in-process.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").exists():  # optional local overrides; never committed
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DEBUG", default=False)
DEMO = env.bool("HOMEWARD_DEMO", default=False)
TESTING = env.bool("HOMEWARD_TESTING", default=False)

# --- Secrets and hosts: no production defaults --------------------------------------------------
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-do-not-use-in-production"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "value (for example: python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=1 for local development."
        )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    if DEBUG or TESTING:
        ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]
    else:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. Set it to the comma-separated host names this service "
            "answers to (for example: ALLOWED_HOSTS=homes.example-council.gov.uk)."
        )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications ------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_celery_beat",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "crispy_forms",
    "crispy_forms_gds",
    # Homeward: cross-cutting apps first, then the domain apps in dependency order.
    "housing.core",
    "housing.accounts",
    "housing.scheme",
    "housing.letters",
    "housing.approvals",
    "applications",
    "lettings",
    "nominations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "housing.accounts.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "housing.urls"
WSGI_APPLICATION = "housing.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
# Every change records why, in the officer's or applicant's own words: no length limit.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "housing.core.context_processors.council",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
_EMBEDDED_DB = f"sqlite:///{VAR_DIR / 'homeward.sqlite3'}"
DATABASES = {"default": env.db_url("DATABASE_URL", default=_EMBEDDED_DB)}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
DATABASES["default"]["ATOMIC_REQUESTS"] = False  # services own their transactions
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions -----------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if TESTING:
    # Tests never share the developer's Redis implicitly: the cache is per process and tasks run
    # eagerly, except where a test starts a real worker against TEST_CELERY_BROKER_URL itself.
    REDIS_URL = ""
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "housing.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "homeward",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database so several web machines can share them without sticky sessions.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Celery --------------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
if TESTING:
    CELERY_BROKER_URL = env.str("TEST_CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://"  # never used for delivery; keeps kombu from guessing a host
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Fail fast when the broker is down so a web request is never held up by it (letters are re-queued
# by the sweeper; see housing/letters/services.py).
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2,
                                   "socket_connect_timeout": 1, "socket_timeout": 5}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2,
                                    "interval_max": 0.5}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "Europe/London"
TASK_MODE = "eager (in-process)" if CELERY_TASK_ALWAYS_EAGER else "queued (Celery via broker)"

# --- Passwords and authentication ----------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "accounts:after-sign-in"
LOGOUT_REDIRECT_URL = "portal:home"

# Lockout after repeated failures (django-axes): per username and address, so one person mistyping
# does not lock out a whole office behind one NAT address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Staff two-factor sign-in (TOTP). On by default; make run and the test suite switch it off.
STAFF_TWO_FACTOR_REQUIRED = env.bool("STAFF_TWO_FACTOR_REQUIRED", default=not (DEBUG or DEMO))
OTP_TOTP_ISSUER = env.str("COUNCIL_NAME", default="Brackenfield Borough Council") + " Homeward"

# --- Email ---------------------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend" if (DEBUG or DEMO)
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# Links in emails sent by background jobs (which have no request to build them from).
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://localhost:8000")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="housing-register@example.gov.uk")

# --- The council ---------------------------------------------------------------------------------
COUNCIL_NAME = env.str("COUNCIL_NAME", default="Brackenfield Borough Council")
COUNCIL_SHORT_NAME = env.str("COUNCIL_SHORT_NAME", default="Brackenfield")
COUNCIL_BRAND_COLOUR = env.str("COUNCIL_BRAND_COLOUR", default="#0b4f6c")
if not re.fullmatch(r"#[0-9a-fA-F]{6}", COUNCIL_BRAND_COLOUR):
    raise ImproperlyConfigured("COUNCIL_BRAND_COLOUR must be a hex colour such as #0b4f6c.")
COUNCIL_LOGO = env.str("COUNCIL_LOGO", default="homeward/council-logo.svg")  # a static path
COUNCIL_CONTACT_EMAIL = env.str("COUNCIL_CONTACT_EMAIL", default="housing@example.gov.uk")
COUNCIL_CONTACT_PHONE = env.str("COUNCIL_CONTACT_PHONE", default="01632 960000")
COUNCIL_ADDRESS = env.list(
    "COUNCIL_ADDRESS", default=["Civic Centre", "Market Street", "Brackenfield", "BF1 1AA"]
)
SERVICE_NAME = env.str("SERVICE_NAME", default="Find a council or housing association home")

# --- Internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files and uploads (through the storage API, so web machines stay stateless) ----------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
if DEBUG or TESTING:
    # Served straight from the source folders; the (empty) root only keeps WhiteNoise quiet.
    WHITENOISE_USE_FINDERS = True
    STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served publicly: downloads go through permission-checked views
STORAGES = {
    "default": {"BACKEND": env.str("FILE_STORAGE_BACKEND",
                                   default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                    if not (DEBUG or TESTING)
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if STORAGES["default"]["BACKEND"] != "django.core.files.storage.FileSystemStorage":
    # For example storages.backends.s3.S3Storage (django-storages) with
    # FILE_STORAGE_OPTIONS='{"bucket_name": "homeward", "endpoint_url": "https://…",
    # "default_acl": "private", "querystring_auth": true}'; credentials from AWS_* variables.
    STORAGES["default"]["OPTIONS"] = env.json("FILE_STORAGE_OPTIONS", default={})
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- REST API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "housing.core.api.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "housing.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": "10/minute"},
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Homeward API",
    "DESCRIPTION": "Housing register, choice-based lettings and nominations. Errors always have "
    'the shape {"detail": "...", "errors": {"field": ["message"]}}.',
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- Security headers ----------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG and not TESTING:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Only a local run of the production topology over plain HTTP (make services) turns these off.
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# --- Letters -------------------------------------------------------------------------------------
# When the broker cannot be reached, render letters in the request instead of waiting for the
# sweeper to re-queue them. Either way the Letter row is committed first, so nothing is lost.
LETTERS_RENDER_INLINE_WHEN_BROKER_DOWN = env.bool(
    "LETTERS_RENDER_INLINE_WHEN_BROKER_DOWN", default=False
)
LETTERS_EMAIL_ATTACH_PDF = env.bool("LETTERS_EMAIL_ATTACH_PDF", default=True)

# --- Logging: one line per event, no personal data ------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}

_db_label = (
    "PostgreSQL " + str(DATABASES["default"].get("HOST") or "(socket)")
    + "/" + str(DATABASES["default"].get("NAME"))
    if DATABASE_IS_POSTGRES else "SQLite (embedded default, var/)"
)
STARTUP_SUMMARY = f"Homeward: database={_db_label}; tasks={TASK_MODE}"
logging.getLogger("housing.startup").debug(STARTUP_SUMMARY)
