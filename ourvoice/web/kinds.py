"""The four things a citizen can do (DOMAIN.md), as the pages present them.

The ``kind`` keys are ``feedback.Kind`` values: they appear in addresses (``/km/submit/complaint/``).
"""

# The four actions in words live with the feedback domain (the posters print them too).
from ourvoice.feedback.actions import CITIZEN_ACTIONS

ACTIONS_BY_KIND = {action.kind: action for action in CITIZEN_ACTIONS}
KIND_PATTERN = "|".join(ACTIONS_BY_KIND)

# A receipt code has 20 digits (SECURITY.md B1).
RECEIPT_DIGITS = 20


class KindConverter:
    """``<kind:kind>`` in a path: one of the four kinds, nothing else."""

    regex = KIND_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)
