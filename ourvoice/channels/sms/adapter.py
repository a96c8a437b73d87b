"""The SMS channel behind the common interface (``channels.common.base.ChannelAdapter``)."""

import json

from django.utils import translation
from django.utils.translation import gettext as _

from ourvoice.channels.sms.conversation import sms_reply
from ourvoice.channels.sms.gateway import sms_configured, sms_send
from ourvoice.core.crypto import decrypt, encrypt
from ourvoice.feedback.models import Channel


def update_text(language: str) -> str:
    """One SMS part in Khmer (70 UCS-2 characters) or English: news exists, nothing more."""
    with translation.override(language):
        return _("Our Voice: news on your case. Send STATUS and your receipt to read it.")


def sms_seal(*, phone: str, text: str) -> bytes:
    """Encrypted for the queue: the phone number is not written to Redis or the queue in clear."""
    return encrypt(json.dumps({"phone": phone, "text": text}).encode(), purpose="sms-inbound")


class SmsAdapter:
    channel = Channel.SMS.value

    def enabled(self) -> bool:
        return sms_configured()

    def receive(self, payload: bytes) -> None:
        data = json.loads(decrypt(payload, purpose="sms-inbound"))
        for text in sms_reply(phone=data["phone"], text=data["text"]):
            self.reply(address=data["phone"], text=text)

    def reply(self, *, address: str, text: str) -> None:
        sms_send(to=address, text=text)

    def notify(self, *, address: str, language: str) -> None:
        self.reply(address=address, text=update_text(language))
