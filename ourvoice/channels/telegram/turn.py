"""One turn of a conversation: the locked conversation, its state, and what the bot will say.

Handlers change ``state`` and append to ``outbox``; the caller saves the state in the same
transaction and sends the outbox only after it commits, so nothing is said about a change that
was rolled back, and no transaction is held open while Telegram is called.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from ourvoice.channels.common.models import Conversation
from ourvoice.channels.telegram.api import Buttons
from ourvoice.feedback.files import CleanFile

# The steps of a report, in order; the draft remembers the last one reached, to resume there.
REPORT_STEPS = (
    "kind",
    "place",
    "office",
    "category",
    "question",
    "describe",
    "gender",
    "age",
    "disability",
    "consent",
    "confirm",
)
TRACK_STEPS = ("track_receipt", "tracking")


@dataclass
class Message:
    """What the citizen sent this turn: text, a pressed button, files already cleaned."""

    text: str = ""
    data: str = ""
    files: list[CleanFile] = field(default_factory=list)
    file_errors: list[ValidationError] = field(default_factory=list)


@dataclass
class Turn:
    conversation: Conversation
    state: dict[str, Any]
    chat_id: str  # in memory for this turn only; never written to the state
    outbox: list[tuple[str, Buttons | None]] = field(default_factory=list)
    forgotten: bool = False
    cleared: bool = False

    @property
    def language(self) -> str:
        return self.conversation.language

    def name(self, km: str, en: str) -> str:
        """The Khmer or English name of something, by the conversation's language."""
        return km if self.language == "km" else (en or km)

    def say(self, text: str, buttons: Buttons | None = None) -> None:
        self.outbox.append((text, buttons))

    @property
    def step(self) -> str:
        return str(self.state.get("step", ""))

    @property
    def draft(self) -> dict[str, Any]:
        draft: dict[str, Any] = self.state.setdefault("draft", {})
        return draft

    def has_draft(self) -> bool:
        return bool(self.state.get("draft", {}).get("at"))

    def goto(self, step: str) -> None:
        self.state["step"] = step
        if step in REPORT_STEPS:
            self.draft["at"] = step
