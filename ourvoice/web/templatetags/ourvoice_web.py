"""Template tags of the citizen pages: ``{% load ourvoice_web %}``."""

from typing import Any

from django import template
from django.conf import settings
from django.forms import BoundField
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from ourvoice.cases.models import Status
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


@register.filter
def local(obj: object, field: str = "name") -> str:
    """``{{ office|local }}``: ``name_km`` on Khmer pages, ``name_en`` on English ones (the other
    one when that is empty). Works on anything with ``<field>_km``/``<field>_en`` attributes."""
    first, second = ("km", "en") if (get_language() or "km").startswith("km") else ("en", "km")
    return str(getattr(obj, f"{field}_{first}", "") or getattr(obj, f"{field}_{second}", "") or "")


# The mouths of the faces of the 1-5 scale (scorecards, ratings), drawn in inline SVG so that every
# phone shows them (emoji fonts differ); the words beside them carry the meaning for screen readers.
FACE_MOUTHS = {
    "1": "M7.5 17.5 Q12 12.5 16.5 17.5",
    "2": "M8 16.5 Q12 14 16 16.5",
    "3": "M8 15.5 H16",
    "4": "M8 14.5 Q12 17.5 16 14.5",
    "5": "M7 13.5 Q12 20 17 13.5",
}


@register.filter
def face_mouth(value: object) -> str:
    return FACE_MOUTHS.get(str(value), FACE_MOUTHS["3"])


@register.filter
def with_help(field: BoundField) -> SafeString:
    """The field's widget described by the help text the template writes (``<id>_helptext``) and,
    when there is one, by its error (``<id>_error``)."""
    ids = [f"{field.auto_id}_helptext"] + ([f"{field.auto_id}_error"] if field.errors else [])
    return field.as_widget(attrs={"aria-describedby": " ".join(ids)})


@register.filter
def described(field: BoundField) -> SafeString:
    """The field's widget (every part of a day/month/year date) described by its help text and
    its error, those of them that the template writes."""
    ids = ([f"{field.auto_id}_helptext"] if field.help_text else []) + (
        [f"{field.auto_id}_error"] if field.errors else []
    )
    return field.as_widget(attrs={"aria-describedby": " ".join(ids)} if ids else None)


@register.filter
def status_label(value: str) -> str:
    """A case status in plain words ("in_progress" → "In progress", translated)."""
    return str(Status(value).label) if value in Status.values else ""
