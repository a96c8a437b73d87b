"""Writes of the chat channels: conversation state, pending files, opt-ins to updates.

Addresses (a Telegram chat id, a phone number) arrive in memory with each inbound message. They
are turned into a keyed hash to find the conversation, and stored, encrypted, only when the
citizen agrees to updates about a case (``subscription_create``).
"""

import datetime
import json
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ourvoice.cases.models import Case
from ourvoice.channels.common.models import Conversation, InboundSeen, PendingFile, Subscription
from ourvoice.core.crypto import decrypt, encrypt, lookup_hash, lookup_hashes
from ourvoice.feedback.files import CleanFile
from ourvoice.feedback.models import Feedback
from ourvoice.feedback.services import Upload

# Inbound ids and idle conversation rows are kept this long, then purged.
KEEP_DAYS = 30


def address_hash(*, channel: str, address: str) -> str:
    return lookup_hash(address, purpose=f"{channel}-address")


def address_hashes(*, channel: str, address: str) -> list[str]:
    """The address's hash under every HMAC key, newest first (rows written before a rotation)."""
    return lookup_hashes(address, purpose=f"{channel}-address")


def throttle_client(*, channel: str, address: str) -> str:
    """The throttling key of an address for ``receipt_open`` (a keyed hash, never the address)."""
    return lookup_hash(address, purpose=f"{channel}-throttle")[:32]


def conversation_lock(*, channel: str, address: str) -> Conversation:
    """The conversation of an address, created if new and locked until the transaction ends."""
    keys = address_hashes(channel=channel, address=address)
    try:
        with transaction.atomic():
            found = Conversation.objects.select_for_update().filter(channel=channel, address_hash__in=keys)
            conversation = found.first() or Conversation.objects.create(channel=channel, address_hash=keys[0])
    except IntegrityError:  # created at the same moment by a concurrent message
        conversation = Conversation.objects.select_for_update().get(channel=channel, address_hash=keys[0])
    if conversation.address_hash != keys[0]:  # found under a rotated-out HMAC key: re-key it now
        conversation.address_hash = keys[0]
        conversation.save(update_fields=["address_hash"])
    return conversation


def conversation_state(*, conversation: Conversation) -> dict[str, Any]:
    """The decrypted state, or an empty one when there is none or it has expired."""
    if not conversation.state or (conversation.expires_at and conversation.expires_at <= timezone.now()):
        return {}
    plain = decrypt(bytes(conversation.state), purpose=f"{conversation.channel}-conversation")
    state: dict[str, Any] = json.loads(plain)
    return state


def conversation_save(*, conversation: Conversation, state: dict[str, Any]) -> None:
    now = timezone.now()
    if state:
        conversation.state = encrypt(
            json.dumps(state).encode(), purpose=f"{conversation.channel}-conversation"
        )
        conversation.expires_at = now + datetime.timedelta(hours=settings.CHANNELS_CONVERSATION_HOURS)
    else:
        conversation.state = None
        conversation.expires_at = None
    conversation.updated_at = now
    conversation.save(update_fields=["state", "expires_at", "updated_at", "language"])


def conversation_clear(*, conversation: Conversation) -> None:
    """Forget the draft and its files; the language stays."""
    PendingFile.objects.filter(conversation=conversation).delete()
    conversation_save(conversation=conversation, state={})


def conversation_expired(*, conversation: Conversation) -> bool:
    return bool(conversation.state and conversation.expires_at and conversation.expires_at <= timezone.now())


def pending_file_add(*, conversation: Conversation, clean: CleanFile) -> PendingFile:
    return PendingFile.objects.create(
        conversation=conversation,
        kind=clean.kind,
        name=f"{clean.kind}.{clean.extension}",
        ciphertext=encrypt(clean.data, purpose="pending-file"),
    )


def pending_uploads(*, conversation: Conversation) -> list[Upload]:
    return [
        Upload(name=pending.name, data=decrypt(bytes(pending.ciphertext), purpose="pending-file"))
        for pending in PendingFile.objects.filter(conversation=conversation)
    ]


def subscription_create(*, case: Case, channel: str, address: str, language: str) -> Subscription | None:
    """Record the citizen's consent to updates about ``case`` at ``address`` (stored encrypted).

    None for a case whose content was removed after the retention period: no address is kept
    for it again (SECURITY.md C5, ``feedback/retention.py``).
    """
    if Feedback.objects.filter(pk=case.feedback_id, purged_at__isnull=False).exists():
        return None
    keys = address_hashes(channel=channel, address=address)
    subscription = Subscription.objects.filter(case=case, channel=channel, address_hash__in=keys).first()
    created = subscription is None
    if subscription is None:
        subscription, created = Subscription.objects.get_or_create(
            case=case,
            channel=channel,
            address_hash=keys[0],
            defaults={
                "address_ciphertext": encrypt(address.encode(), purpose=f"{channel}-address"),
                "language": language,
            },
        )
    if not created and subscription.language != language:
        subscription.language = language
        subscription.save(update_fields=["language"])
    return subscription


def subscription_address(*, subscription: Subscription) -> str:
    return decrypt(bytes(subscription.address_ciphertext), purpose=f"{subscription.channel}-address").decode()


@transaction.atomic
def address_forget(*, channel: str, address: str) -> int:
    """Withdraw every opt-in of an address and forget its conversation; returns opt-ins removed."""
    keys = address_hashes(channel=channel, address=address)
    removed, _by_model = Subscription.objects.filter(channel=channel, address_hash__in=keys).delete()
    Conversation.objects.filter(channel=channel, address_hash__in=keys).delete()
    return int(_by_model.get(Subscription._meta.label, 0)) if removed else 0


def inbound_first_seen(*, channel: str, key: str, earlier_keys: Sequence[str] = ()) -> bool:
    """True the first time an inbound id is seen; False for a retry of the same message.

    ``earlier_keys``: the same id's keys under HMAC keys being rotated out (``lookup_hashes``)."""
    if earlier_keys and InboundSeen.objects.filter(channel=channel, key__in=earlier_keys).exists():
        return False
    try:
        with transaction.atomic():
            InboundSeen.objects.create(channel=channel, key=key[:64])
    except IntegrityError:
        return False
    return True


def channels_purge(*, now: datetime.datetime | None = None) -> int:
    """Drop expired drafts (and their files), idle conversations and old inbound ids."""
    now = now or timezone.now()
    expired = Conversation.objects.filter(expires_at__lte=now)
    PendingFile.objects.filter(conversation__in=expired).delete()
    cleared = expired.update(state=None, expires_at=None)
    old = now - datetime.timedelta(days=KEEP_DAYS)
    Conversation.objects.filter(updated_at__lt=old, state__isnull=True).delete()
    InboundSeen.objects.filter(seen_at__lt=old).delete()
    return cleared
