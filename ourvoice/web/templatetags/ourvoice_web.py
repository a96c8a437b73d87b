"""Template tags of the citizen pages: ``{% load ourvoice_web %}``."""

from typing import Any

from django import template
from django.conf import settings
from django.forms import BoundField
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ourvoice.cases.models import citizen_status_label
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


# The faces of the 1-5 scale (scorecards, ratings), drawn in inline SVG so that every phone shows
# them alike (emoji fonts differ). Neighbours differ at a glance in more than the mouth: 1 frowns
# hard under angry brows, 2 frowns a little, 3 is flat, 4 smiles, 5 laughs with closed eyes and an
# open mouth; each has its own colour too (site.css `--face-1`..`--face-5`, light fills under dark
# ink, never colour alone). The words beside them carry the meaning for screen readers.
_DOT_EYES = (
    '<circle class="face__ink" cx="17" cy="20" r="2.6"/><circle class="face__ink" cx="31" cy="20" r="2.6"/>'
)
FACE_PARTS = {
    "1": _DOT_EYES + '<path class="face__line" d="M11 12.5 L20 16 M37 12.5 L28 16"/>'
    '<path class="face__line" d="M14 36.5 Q24 25 34 36.5"/>',
    "2": _DOT_EYES + '<path class="face__line" d="M16 34 Q24 29.5 32 34"/>',
    "3": _DOT_EYES + '<path class="face__line" d="M16 32 H32"/>',
    "4": _DOT_EYES + '<path class="face__line" d="M15 29 Q24 37.5 33 29"/>',
    "5": '<path class="face__line" d="M12.5 21 Q17 15 21.5 21 M26.5 21 Q31 15 35.5 21"/>'
    '<path class="face__ink" d="M12.5 27 H35.5 Q35.5 39.5 24 39.5 Q12.5 39.5 12.5 27 Z"/>',
}


@register.simple_tag
def face(value: object) -> SafeString:
    """The face of a score from 1 to 5, decorative (the label says the score in words)."""
    key = str(value) if str(value) in FACE_PARTS else "3"
    return mark_safe(  # noqa: S308 - constant markup, only the key (1-5) chosen by the value
        f'<svg class="face__icon face__icon--{key}" viewBox="0 0 48 48" aria-hidden="true" '
        f'focusable="false"><circle class="face__skin" cx="24" cy="24" r="21"/>{FACE_PARTS[key]}</svg>'
    )


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
    return citizen_status_label(value)
