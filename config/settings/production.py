"""Production: refuses to start without a real secret key and a database server."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_str
from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, SECRET_KEY

if SECRET_KEY.startswith("dev-insecure") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a random value of 50+ characters.")
for _name in ("OURVOICE_RECEIPT_PEPPER", "OURVOICE_ENCRYPTION_KEY", "OURVOICE_HMAC_KEY"):
    if not env_str(_name):
        raise ImproperlyConfigured(f"Set {_name} in production (see .env.example).")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not env_bool("OURVOICE_ALLOW_SQLITE"):
    raise ImproperlyConfigured("Set DATABASE_URL to a PostgreSQL server in production.")

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [o for o in env_str("DJANGO_CSRF_TRUSTED_ORIGINS").split(",") if o]
# security.W003 looks for Django's CsrfViewMiddleware by name; we run a subclass of it
# (ourvoice/core/csrf.py, docs/adr/0002). ourvoice/ops/checks.py checks the subclass instead, so
# `check --deploy` still fails if CSRF protection is ever taken out.
SILENCED_SYSTEM_CHECKS = ["security.W003"]
