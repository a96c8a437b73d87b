"""The Telegram channel behind the common interface (``channels.common.base.ChannelAdapter``)."""

from django.utils import translation
from django.utils.translation import gettext as _

from ourvoice.channels.telegram import api
from ourvoice.channels.telegram.conversation import update_handle
from ourvoice.channels.telegram.inbound import inbound_open
from ourvoice.feedback.models import Channel


def update_text(language: str) -> str:
    """The whole of an update: news exists, and how to read it. Never the case's content."""
    with translation.override(language):
        return _("Our Voice: there is news about your case. Send /status and your receipt code to read it.")


class TelegramAdapter:
    channel = Channel.TELEGRAM.value

    def enabled(self) -> bool:
        return api.telegram_configured()

    def receive(self, payload: bytes) -> None:
        update_handle(inbound_open(payload))

    def reply(self, *, address: str, text: str) -> None:
        api.send_message(chat_id=address, text=text)

    def notify(self, *, address: str, language: str) -> None:
        self.reply(address=address, text=update_text(language))
