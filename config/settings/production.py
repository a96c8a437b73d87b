"""Production: refuses to start without real keys (none of the published ones) and a database
server."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_str
from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, SECRET_KEY
from ourvoice.core.published import KEY_PURPOSES, key_problems

# Every key set, none of them published with the code (the development secret key, the keys
# `make run` derives from it, the demo's password, TOTP and API keys), none too short or too
# regular, and no two the same (ourvoice/core/published.py).
_keys = {"DJANGO_SECRET_KEY": SECRET_KEY if env_str("DJANGO_SECRET_KEY") else ""}
_keys |= {name: env_str(name) for name in KEY_PURPOSES}
if _problems := key_problems(_keys):
    raise ImproperlyConfigured(" ".join(_problems))
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
