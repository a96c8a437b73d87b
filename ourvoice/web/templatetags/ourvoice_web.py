"""Template tags of the citizen pages: ``{% load ourvoice_web %}``."""

from typing import Any

from django import template
from django.conf import settings
from django.utils.translation import get_language

from ourvoice.core.i18n import native_name, url_in_language

register = template.Library()


@register.inclusion_tag("ourvoice/includes/language_switcher.html", takes_context=True)
def language_switcher(context: template.Context) -> dict[str, Any]:
    """A POST form to Django's ``set_language`` per other language, landing on the same page.

    Without a request in the context (the 500 page) there is no CSRF token and no current address,
    so the switcher falls back to plain links to the other language's home page.
    """
    request = context.get("request")
    current = get_language() or settings.LANGUAGE_CODE
    here = request.get_full_path() if request is not None else "/"
    others = [
        {"code": code, "name": native_name(code), "url": url_in_language(here, code)}
        for code, _name in settings.LANGUAGES
        if code != current
    ]
    return {"languages": others, "use_form": request is not None}
