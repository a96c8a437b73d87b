import os

from django.core.asgi import get_asgi_application

_default = "config.settings.production" if os.environ.get("OURVOICE_ENV") == "production" else "config.settings.base"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", _default)
application = get_asgi_application()
