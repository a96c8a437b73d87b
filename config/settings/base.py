"""Settings for every environment, read from environment variables (see ``.env.example``).

With no variable set this is the newcomer's laptop: SQLite and files under ``./var``,
the Huey queue in a SQLite file beside them, no server needed.
"""

from pathlib import Path

import dj_database_url
from csp import constants as csp
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from config.env import env_bool, env_int, env_list, env_path, env_str
from ourvoice.core.published import DEVELOPMENT_SECRET_KEY

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# OURVOICE_ENV: "development" (default) or "production"; the demo seed refuses production.
OURVOICE_ENV = env_str("OURVOICE_ENV", "development")
# OURVOICE_DATA_DIR: where the SQLite database, the Huey queue and uploaded files live.
DATA_DIR = env_path("OURVOICE_DATA_DIR", BASE_DIR / "var")
DATA_DIR.mkdir(parents=True, exist_ok=True)

# DJANGO_SECRET_KEY: required in production; the development default is published (refused there).
SECRET_KEY = env_str("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "ourvoice.accounts.apps.TOTPConfig",  # django_otp.plugins.otp_totp, named in Khmer
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "huey.contrib.djhuey",
    "import_export",
    "ourvoice.core",
    "ourvoice.geo",
    "ourvoice.offices",
    "ourvoice.catalogue",
    "ourvoice.accounts",
    "ourvoice.feedback",
    "ourvoice.cases",
    "ourvoice.messaging",
    "ourvoice.notifications",
    "ourvoice.api",
    "ourvoice.web",
    "ourvoice.channels.staff",
    "ourvoice.channels.common",
    "ourvoice.channels.telegram",
    "ourvoice.channels.sms",
    "ourvoice.channels.webpush",
    "ourvoice.demo",
    "ourvoice.apikeys",
    "ourvoice.open311",
    "ourvoice.ops",
    "ourvoice.analytics",
]

MIDDLEWARE = [
    # Outermost: every request counted and timed by route name (ourvoice/ops/metrics.py).
    "ourvoice.ops.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "ourvoice.core.middleware.PrivacyHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    # After the two above, so static files carry the same CSP and Permissions-Policy as pages
    # (they keep WhiteNoise's own Cache-Control: PrivacyHeadersMiddleware adds no-store only
    # where a response has none).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Renews the idle timeout by saving the session at most once a minute (not every request).
    "ourvoice.accounts.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "ourvoice.core.csrf.NoReferrerCsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Overrides of Django's own templates, which app folders cannot override because
        # django.contrib.admin comes first in INSTALLED_APPS: the admin's base_site.html (ourvoice/
        # accounts/admin_templates/admin/base_site.html) adds its accessibility fixes.
        "DIRS": [BASE_DIR / "ourvoice" / "accounts" / "admin_templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # ``data_notice``: "synthetic demo data" on pages of figures (core/notices.py).
                "ourvoice.core.notices.context",
            ],
            "builtins": ["ourvoice.core.templatetags.khmer"],
        },
    },
]

# DATABASE_URL: e.g. postgres://postgres@127.0.0.1:5432/ourvoice; default SQLite under the data dir.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'ourvoice.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # DATABASE_TEST_TEMPLATE: a database created with UTF-8 LC_CTYPE that test databases copy,
    # so that trigram search sees Khmer (docs: KHMER.md); .ci/run sets it.
    test_template = env_str("DATABASE_TEST_TEMPLATE")
    if test_template:
        DATABASES["default"]["TEST"] = {"TEMPLATE": test_template, "CHARSET": "UTF8"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
# Django's model backend, except that production refuses the published demo password.
AUTHENTICATION_BACKENDS = ["ourvoice.accounts.backends.NoPublishedPasswordBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "web:home"
# SESSION_IDLE_SECONDS: staff sessions end after this much inactivity (default 30 minutes).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
# Renewed by ourvoice.accounts.middleware.SessionRefreshMiddleware, at most once a minute.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
OTP_TOTP_ISSUER = "Our Voice"

# Khmer first: LocaleMiddleware sends "/" to /km/ or /en/ by Accept-Language, Khmer by default.
LANGUAGE_CODE = "km"
LANGUAGES = [("km", _("Khmer")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["ourvoice.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Phnom_Penh"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# collectstatic leaves out what no page loads (ourvoice/core/staticfiles.py).
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "ourvoice.core.staticfiles.AppDirectoriesFinder",
]
# Source maps are collected (the bundles that name them must resolve) but not compressed: no
# browser downloads them, and compressing them was the slowest part of `collectstatic`.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

# REDIS_URL: when set, the cache and the Huey queue use Redis (production); otherwise local.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "ourvoice.core.cache.RedisCache", "LOCATION": REDIS_URL}}
    HUEY = {"huey_class": "huey.RedisHuey", "name": "ourvoice", "url": REDIS_URL, "immediate": False}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "ourvoice",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": False,
    }
# HUEY_IMMEDIATE: run tasks in the calling process (tests of services only).
HUEY["immediate"] = env_bool("HUEY_IMMEDIATE", False)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Our Voice API",
    "DESCRIPTION": "Public API of Our Voice (សំឡេងយើង): geography, offices and citizen feedback.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Open311's own choice sets, named apart from the REST API's "type" and "status".
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "ourvoice.cases.models.Status",
        "TypeEnum": "ourvoice.offices.models.Office.Type",
        "Open311ServiceTypeEnum": ["realtime", "batch", "blackbox"],
        "Open311EndpointTypeEnum": ["production", "test"],
        "Open311StatusEnum": ["open", "closed"],
    },
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
X_FRAME_OPTIONS = "DENY"

# Logs never carry a client address: no request logging of REMOTE_ADDR (SECURITY.md A1, A5).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Times in ISO 8601, UTC, with the offset (2026-12-06T16:30:00.123+00:00): one clock in every
    # process, whatever TIME_ZONE (ourvoice/ops/logging.py).
    "formatters": {
        "plain": {
            "()": "ourvoice.ops.logging.PlainFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "filters": {"drop_request": {"()": "ourvoice.core.logging.DropRequest"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Server errors are logged as path + traceback; the request object is dropped (A5).
        "django.request": {
            "handlers": ["console"],
            "level": "ERROR",
            "filters": ["drop_request"],
            "propagate": False,
        },
        # runserver's request lines start with the client address: never logged.
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
    },
}

# --- Secrets that must not live in the database (SECURITY.md B2, C4, D4) -------------------
# OURVOICE_RECEIPT_PEPPER: mixed into every receipt hash; a stolen database alone opens no case.
# OURVOICE_ENCRYPTION_KEY: 32 bytes, urlsafe base64, for contact details and files at rest.
# OURVOICE_HMAC_KEY: keys the hashes used for lookups (idempotency keys, chat ids, phone numbers).
# Development derives all three from the secret key; production requires them (production.py).
RECEIPT_PEPPER = env_str("OURVOICE_RECEIPT_PEPPER")
ENCRYPTION_KEY = env_str("OURVOICE_ENCRYPTION_KEY")
HMAC_KEY = env_str("OURVOICE_HMAC_KEY")
# Receipt hashing cost (Argon2id). Time cost 2 and 19 MiB follow OWASP's minimum for Argon2id.
RECEIPT_ARGON2_TIME_COST = env_int("OURVOICE_RECEIPT_ARGON2_TIME_COST", 2)
RECEIPT_ARGON2_MEMORY_KIB = env_int("OURVOICE_RECEIPT_ARGON2_MEMORY_KIB", 19456)
# OURVOICE_RECEIPT_RETRY_MINUTES: a retried submission (same idempotency key: a double tap, a
# dropped connection) gets its receipt again only this long after the first answer; later, it is
# told that the report exists and to use the receipt it was given (SECURITY.md B5, G2).
RECEIPT_RETRY_MINUTES = env_int("OURVOICE_RECEIPT_RETRY_MINUTES", 15)
# OURVOICE_RECEIPT_RETRIES_PER_CLIENT: receipts one client may get again that way per 15 minutes.
RECEIPT_RETRIES_PER_CLIENT = env_int("OURVOICE_RECEIPT_RETRIES_PER_CLIENT", 10)
# OURVOICE_SUBMISSIONS_PER_CLIENT_PER_HOUR: new reports one client (a daily HMAC of its address,
# or a chat) may send per hour; OURVOICE_SUBMISSIONS_PER_OFFICE_PER_HOUR: new reports one office
# may receive per hour, against floods. Both counted in the cache only, checked before anything
# is written; staff intake is not counted (ourvoice/feedback/README.md).
SUBMISSIONS_PER_CLIENT_PER_HOUR = env_int("OURVOICE_SUBMISSIONS_PER_CLIENT_PER_HOUR", 20)
SUBMISSIONS_PER_OFFICE_PER_HOUR = env_int("OURVOICE_SUBMISSIONS_PER_OFFICE_PER_HOUR", 300)
# Uploads: at most this many files per report or message, each at most this many bytes.
UPLOAD_MAX_FILES = env_int("OURVOICE_UPLOAD_MAX_FILES", 5)
UPLOAD_MAX_BYTES = env_int("OURVOICE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# OURVOICE_UPLOAD_MAX_PIXELS: an image (a photo, or one inside a PDF) declaring more pixels is
# refused from its header, before it is decoded (SECURITY.md D3): 40 million is a 48-megapixel
# phone's full-size photo less a margin; decoding one costs about 160 MB of memory.
UPLOAD_MAX_PIXELS = env_int("OURVOICE_UPLOAD_MAX_PIXELS", 40_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- E-mail (staff notifications, batched and content-free: SECURITY.md A7) ----------------
# EMAIL_BACKEND: Django's console backend by default (e-mails are printed to the worker's log);
# production sets django.core.mail.backends.smtp.EmailBackend and the EMAIL_HOST* variables.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Our Voice <noreply@localhost>")
# OURVOICE_SITE_URL: the address staff open, for the inbox link in notification e-mails; and the
# public address printed in the QR codes of the office posters (ourvoice/catalogue/posters.py)
# and on the receipt slips of staff-entered reports (ourvoice/channels/staff/views.py).
OURVOICE_SITE_URL = env_str("OURVOICE_SITE_URL", "http://127.0.0.1:8000")

# --- Open311 GeoReport v2 and API keys (ourvoice/open311, ourvoice/apikeys; docs/open311.md) ---
# APIKEY_DEFAULT_RATE_PER_MINUTE: the rate limit of a new API key unless its issuer sets another.
APIKEY_DEFAULT_RATE_PER_MINUTE = env_int("APIKEY_DEFAULT_RATE_PER_MINUTE", 60)
# OPEN311_ANONYMOUS_READS_PER_MINUTE: reads without a key, per client (keyed by a daily HMAC of
# the address, in the cache only); reads with a key count against the key's own limit.
OPEN311_ANONYMOUS_READS_PER_MINUTE = env_int("OPEN311_ANONYMOUS_READS_PER_MINUTE", 60)
# OPEN311_CONTACT and OPEN311_KEY_SERVICE: what discovery.{xml,json} says about whom to ask
# for help and how to get an API key.
OPEN311_CONTACT = env_str(
    "OPEN311_CONTACT", "Our Voice (សំឡេងយើង): ask the system administrator of this installation."
)
OPEN311_KEY_SERVICE = env_str(
    "OPEN311_KEY_SERVICE",
    "API keys are issued by the system administrators of this installation (admin, or "
    "`manage.py apikey_create`). Reads need no key; every write does.",
)

# --- Chat channels: Telegram bot and SMS gateway (docs/channels.md) -------------------------
# Each channel is off (its webhook answers 404) until its variables are set.
# TELEGRAM_BOT_TOKEN: from BotFather. TELEGRAM_WEBHOOK_SECRET: a random string Telegram sends back
# in X-Telegram-Bot-Api-Secret-Token (1-256 of A-Z a-z 0-9 _ -). TELEGRAM_API_BASE: the Bot API server.
TELEGRAM_BOT_TOKEN = env_str("TELEGRAM_BOT_TOKEN")
TELEGRAM_WEBHOOK_SECRET = env_str("TELEGRAM_WEBHOOK_SECRET")
TELEGRAM_API_BASE = env_str("TELEGRAM_API_BASE", "https://api.telegram.org")
# SMS_WEBHOOK_SECRET: shared with the gateway (a bearer token or the HMAC key of the signature).
# SMS_GATEWAY_URL: where replies are POSTed; SMS_GATEWAY_TOKEN: sent there as a bearer token.
SMS_WEBHOOK_SECRET = env_str("SMS_WEBHOOK_SECRET")
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL")
SMS_GATEWAY_TOKEN = env_str("SMS_GATEWAY_TOKEN")
# Seconds to wait for Telegram or the gateway; hours an unfinished conversation is kept.
CHANNELS_HTTP_TIMEOUT = env_int("CHANNELS_HTTP_TIMEOUT", 10)
CHANNELS_CONVERSATION_HOURS = env_int("CHANNELS_CONVERSATION_HOURS", 24)

# --- Web Push to citizens who asked for news (issue 17; docs/app.md) ------------------------
# WEBPUSH_VAPID_PRIVATE_KEY: the deployment's VAPID private key (`manage.py webpush_vapid_keys`);
# empty: Web Push is off and the "tell me when there is news" button is not offered.
# WEBPUSH_VAPID_SUBJECT: a mailto: or https: address push services may use to reach the operator.
# WEBPUSH_BATCH_MINUTES: notifications leave in batches this many minutes apart, each one at a random
# moment within the next batch (SECURITY.md A7: the time of a push does not tell when staff acted).
WEBPUSH_VAPID_PRIVATE_KEY = env_str("WEBPUSH_VAPID_PRIVATE_KEY")
WEBPUSH_VAPID_SUBJECT = env_str("WEBPUSH_VAPID_SUBJECT", "mailto:admin@localhost")
WEBPUSH_BATCH_MINUTES = env_int("WEBPUSH_BATCH_MINUTES", 10)
# WEBPUSH_ENDPOINT_HOSTS: the push services a subscription may point to (the worker posts there, so
# not just any address): the browsers' own services by default, comma-separated, subdomains included.
WEBPUSH_ENDPOINT_HOSTS = env_list(
    "WEBPUSH_ENDPOINT_HOSTS",
    ["fcm.googleapis.com", "push.services.mozilla.com", "notify.windows.com", "push.apple.com"],
)
# Tests only: the local push service listens on http://127.0.0.1.
WEBPUSH_ALLOW_HTTP = False

# --- Production services (issue 8; docs/operations.md) --------------------------------------
from config.storages import default_storage_from_env  # noqa: E402

# OURVOICE_STATIC_ROOT: where `collectstatic` puts static files (default: $OURVOICE_DATA_DIR/static);
# every web node needs them, from its own `collectstatic` or a shared folder.
STATIC_ROOT = env_path("OURVOICE_STATIC_ROOT", STATIC_ROOT)
# OURVOICE_S3_BUCKET (and the other OURVOICE_S3_* variables): files in S3-compatible storage.
STORAGES["default"] = default_storage_from_env()
# OURVOICE_HUEY_NAME: the queue's name (its Redis keys); OURVOICE_CACHE_PREFIX: prefix of every
# cache key. Both let several installations (or test runs) share one Redis.
HUEY["name"] = env_str("OURVOICE_HUEY_NAME", "ourvoice")
CACHES["default"]["KEY_PREFIX"] = env_str("OURVOICE_CACHE_PREFIX")
# DATABASE_CONN_HEALTH_CHECKS: check a kept connection before reusing it, so the site answers
# again by itself after the database server restarts (default on).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("DATABASE_CONN_HEALTH_CHECKS", True)
# DATABASE_REPLICA_URL: a read replica of the primary; analytics reads go there (ourvoice/ops/routers.py).
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", True),
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["ourvoice.ops.routers.ReplicaRouter"]
# OURVOICE_CLIENT_ADDRESS_HEADER: behind a proxy, the request header (as in request.META) that
# carries the client's address for per-client throttling, e.g. HTTP_X_FORWARDED_FOR. The address
# is only ever used as an HMAC with a daily key and never stored or logged (SECURITY.md A1, B3).
CLIENT_ADDRESS_HEADER = env_str("OURVOICE_CLIENT_ADDRESS_HEADER", "REMOTE_ADDR")
# OURVOICE_TRUSTED_PROXIES: comma-separated addresses or networks (CIDR) of the reverse proxies.
# The header above is believed only when the direct peer is one of them (feedback/throttle.py);
# a client that reaches the server directly is keyed by its own address, whatever it sends.
TRUSTED_PROXIES = env_list("OURVOICE_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
# EMAIL_FILE_PATH: where django.core.mail.backends.filebased.EmailBackend writes e-mails.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))

# LOG_FORMAT: "json" (one JSON object per line; the default in production) or "plain". Either
# way every handler drops requests and scrubs client addresses (ourvoice/ops/logging.py).
LOG_FORMAT = env_str("LOG_FORMAT", "json" if OURVOICE_ENV == "production" else "plain")
_logging: dict[str, dict[str, dict[str, object]]] = LOGGING  # type: ignore[assignment]
_logging["formatters"]["json"] = {"()": "ourvoice.ops.logging.JsonFormatter"}
_logging["filters"]["no_client_address"] = {"()": "ourvoice.ops.logging.NoClientAddress"}
_logging["handlers"]["console"] |= {"formatter": LOG_FORMAT, "filters": ["no_client_address"]}
# The Huey consumer logs through the same handler (so its lines are JSON and scrubbed too).
_logging["loggers"]["huey"] = {
    "handlers": ["console"],
    "level": env_str("LOG_LEVEL", "INFO"),
    "propagate": False,
}

# --- Content-Security-Policy on every response Django produces (SECURITY.md F2) ---------------
# django-csp's CSPMiddleware (after PrivacyHeadersMiddleware above) writes it; a view that sets
# its own header keeps it (the attachment view's sandbox). Fixed in code, not read from the
# environment: nothing here loads from another host (A4), so no installation needs to widen it.
# - no inline script: a template that needs one uses ``{{ request.csp_nonce }}`` (NONCE below);
# - style-src 'self': no inline <style> or style="" (the receipt QR is inline SVG without style);
# - img-src data: (Swagger UI's and the admin's icons; the printed slip's QR) and blob:;
# - media-src blob: plays back a voice note recorded in the page before it is sent;
# - worker-src 'self': the app's service worker at /<lang>/sw.js (issue 17, docs/app.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:", "blob:"],
        "media-src": [csp.SELF, "blob:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "worker-src": [csp.SELF],
        "manifest-src": [csp.SELF],
        "frame-src": [csp.NONE],
        "object-src": [csp.NONE],
        "base-uri": [csp.NONE],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}

# --- Retention (SECURITY.md C5; ourvoice/feedback/retention.py) -------------------------------
# OURVOICE_RETENTION_DAYS: days after a case's last status change or message, once it is closed,
# rejected or resolved (resolved cases the citizen never closes count too), after which its
# contact details, files and texts are removed; statistics keep only de-identified fields.
RETENTION_DAYS = env_int("OURVOICE_RETENTION_DAYS", 365)

# --- Metrics for operations (ourvoice/ops/metrics.py, docs/operations.md) ----------------------
# OURVOICE_METRICS_TOKEN: /ops/metrics answers a request with "Authorization: Bearer <token>";
# OURVOICE_METRICS_NETWORKS: or a direct client in these networks (comma-separated CIDRs, e.g. the
# monitoring subnet). Neither set: /ops/metrics is 404 for everyone.
METRICS_TOKEN = env_str("OURVOICE_METRICS_TOKEN")
METRICS_NETWORKS = [n.strip() for n in env_str("OURVOICE_METRICS_NETWORKS").split(",") if n.strip()]
# OURVOICE_METRICS_CACHE_SECONDS: the database figures (open and overdue cases, backlogs) are
# counted at most this often, whatever the number of scrapers.
METRICS_CACHE_SECONDS = env_int("OURVOICE_METRICS_CACHE_SECONDS", 60)
# OURVOICE_RESTORE_MAINTENANCE_WORK_MEM: memory for each index pg_restore builds (`manage.py
# restore`): the trigram search index of millions of reports builds several times faster with more.
RESTORE_MAINTENANCE_WORK_MEM = env_str("OURVOICE_RESTORE_MAINTENANCE_WORK_MEM", "512MB")
