"""What the chat channels keep: conversation state, files waiting for a report, and opt-ins.

Nothing here holds a chat id or a phone number in clear (SECURITY.md A): a conversation is found
by a keyed hash of the address (``core.crypto.lookup_hash``), and the address itself is stored,
AES-GCM encrypted, only on a ``Subscription``, which exists only when the citizen agreed to
receive updates about a case in that channel. Conversation state is encrypted too: it holds the
draft of a report until it is sent.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ourvoice.cases.models import Case
from ourvoice.feedback.models import Channel


class Conversation(models.Model):
    """One chat's (or one phone number's) conversation with a bot: language and encrypted state."""

    channel = models.CharField(max_length=16, choices=Channel.choices)
    # lookup_hash(address, purpose="<channel>-address"): the raw address is never stored here.
    address_hash = models.CharField(max_length=64)
    language = models.CharField(max_length=8, default="km")
    # AES-GCM ciphertext of the JSON state (step, draft, tracked case); empty when idle.
    state = models.BinaryField(null=True, blank=True)
    # The state (not the row) is forgotten after this moment.
    expires_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "address_hash"], name="conversation_address_unique")
        ]
        indexes = [models.Index(fields=["updated_at"])]

    def __str__(self) -> str:
        return f"{self.channel} conversation {self.pk}"


class PendingFile(models.Model):
    """A cleaned voice note or photo received during a conversation, until the report is sent."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=8)
    name = models.CharField(max_length=32)
    ciphertext = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"pending {self.kind} {self.pk}"


class Subscription(models.Model):
    """A citizen agreed to short, content-free updates about one case in one channel.

    ``channel`` is a chat channel of ``feedback.Channel`` or ``"webpush"`` (a browser's push
    subscription, issue 17: not a way to file a report, so not one of the report channels)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("channel"), max_length=16)
    address_hash = models.CharField(max_length=64)
    # AES-GCM ciphertext of the chat id or phone number (purpose "<channel>-address").
    address_ciphertext = models.BinaryField()
    language = models.CharField(max_length=8, default="km")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "channel", "address_hash"], name="subscription_case_address_unique"
            )
        ]
        indexes = [models.Index(fields=["channel", "address_hash"])]

    def __str__(self) -> str:
        return f"{self.channel} updates for case {self.case_id}"


class Delivery(models.Model):
    """One update sent (or being sent) to one subscription: makes the task safe to run twice."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    key = models.CharField(max_length=100)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Batched channels (Web Push): not sent before this moment (the next batch, with jitter,
    # SECURITY.md A7); a failed send moves it later and counts the attempt.
    due_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "key"], name="delivery_key_unique")]
        indexes = [models.Index(fields=["sent_at", "due_at"], name="delivery_due_idx")]

    def __str__(self) -> str:
        return f"delivery {self.key}"


class InboundSeen(models.Model):
    """An inbound update already accepted (Telegram's update_id, the gateway's message id):
    a retry by the sender is answered 200 and not handled twice."""

    channel = models.CharField(max_length=16, choices=Channel.choices)
    # Telegram's update_id, or a keyed hash of the gateway's message id.
    key = models.CharField(max_length=64)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "key"], name="inbound_seen_unique")]
        indexes = [models.Index(fields=["seen_at"])]

    def __str__(self) -> str:
        return f"{self.channel} {self.key}"
