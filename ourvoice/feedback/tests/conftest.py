import pytest

from ourvoice.feedback.models import Category, Channel, Kind
from ourvoice.feedback.services import FeedbackInput


@pytest.fixture
def make_input(area):
    """A valid input for a kind; override any field by keyword."""

    def make(kind: str = Kind.COMPLAINT, category: str | None = None, **overrides: object) -> FeedbackInput:
        codes: dict[str, str] = {
            Kind.COMPLAINT: "slow-service",
            Kind.SUPPORT: "resolve-problem",
            Kind.INFORMATION: "processing-time",
            Kind.EVALUATION: "service-evaluation",
        }
        values: dict[str, object] = {
            "kind": kind,
            "category": Category.objects.get(code=category or codes[kind]),
            "description": "ខ្ញុំបានរង់ចាំសំបុត្រកំណើតអស់រយៈពេលពីរសប្ដាហ៍។",
            "channel": Channel.WEB,
            "commune": area.commune,
            "office": area.commune_office,
        }
        values.update(overrides)
        return FeedbackInput(**values)  # type: ignore[arg-type]

    return make
