"""The four things a citizen can do (DOMAIN.md), in words: the titles and hints the pages
(``web/kinds.py``), the chat channels and the printed QR posters (``catalogue/posters.py``) show.

The ``kind`` keys are ``feedback.Kind`` values.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ourvoice.feedback.models import Kind


@dataclass(frozen=True)
class CitizenAction:
    kind: str
    title: Promise
    description: Promise
    # The label and hint of the "Tell us" text box on this kind's form.
    tell_us: Promise
    tell_us_help: Promise


CITIZEN_ACTIONS = (
    CitizenAction(
        Kind.COMPLAINT,
        _("Make a complaint"),
        _(
            "For example, you were asked to pay more than the official fee, the service was slow, "
            "or staff were rude or absent."
        ),
        _("What happened?"),
        _("Say what happened, when and where. Do not write your name unless you want to."),
    ),
    CitizenAction(
        Kind.SUPPORT,
        _("Seek support"),
        _("Get help to obtain a service, or to solve a problem you have with one."),
        _("What do you need help with?"),
        _("Say which service you need and what stands in the way."),
    ),
    CitizenAction(
        Kind.INFORMATION,
        _("Ask for information"),
        _("Which documents you need, what the fee is, how long it takes and where to go."),
        _("What would you like to know?"),
        _("Ask your question as you would ask it at the counter."),
    ),
    CitizenAction(
        Kind.EVALUATION,
        _("Evaluate a service"),
        _("Tell us how a service you used went, in a few simple questions."),
        _("Tell us about your visit"),
        _("Which service you used, and what went well or badly."),
    ),
)
