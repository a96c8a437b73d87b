"""Project configuration: settings, URLs, WSGI/ASGI and gunicorn."""

import os


def default_settings_module() -> str:
    """``production`` when OURVOICE_ENV says so, else the development defaults."""
    if os.environ.get("OURVOICE_ENV") == "production":
        return "config.settings.production"
    return "config.settings.base"
