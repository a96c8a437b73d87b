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

    channel = models.CharField(max_length=16, choices=Channel.choices, verbose_name=_("channel"))
    # lookup_hash(address, purpose="<channel>-address"): the raw address is never stored here.
    address_hash = models.CharField(max_length=64, verbose_name=_("address hash"))
    language = models.CharField(max_length=8, default="km", verbose_name=_("language"))
    # AES-GCM ciphertext of the JSON state (step, draft, tracked case); empty when idle.
    state = models.BinaryField(null=True, blank=True, verbose_name=_("state"))
    # The state (not the row) is forgotten after this moment.
    expires_at = models.DateTimeField(null=True, blank=True, verbose_name=_("expires"))
    updated_at = models.DateTimeField(default=timezone.now, verbose_name=_("updated"))

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.UniqueConstraint(fields=["channel", "address_hash"], name="conversation_address_unique")
        ]
        indexes = [models.Index(fields=["updated_at"])]

    def __str__(self) -> str:
        return f"{self.channel} conversation {self.pk}"


class PendingFile(models.Model):
    """A cleaned voice note or photo received during a conversation, until the report is sent."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="files", verbose_name=_("conversation")
    )
    kind = models.CharField(max_length=8, verbose_name=_("kind"))
    name = models.CharField(max_length=32, verbose_name=_("name"))
    ciphertext = models.BinaryField(verbose_name=_("content (encrypted)"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    class Meta:
        verbose_name = _("pending file")
        verbose_name_plural = _("pending files")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"pending {self.kind} {self.pk}"


class Subscription(models.Model):
    """A citizen agreed to short, content-free updates about one case in one channel.

    ``channel`` is a chat channel of ``feedback.Channel`` or ``"webpush"`` (a browser's push
    subscription, issue 17: not a way to file a report, so not one of the report channels)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", verbose_name=_("case"))
    channel = models.CharField(_("channel"), max_length=16)
    address_hash = models.CharField(max_length=64, verbose_name=_("address hash"))
    # AES-GCM ciphertext of the chat id or phone number (purpose "<channel>-address").
    address_ciphertext = models.BinaryField(verbose_name=_("address (encrypted)"))
    language = models.CharField(max_length=8, default="km", verbose_name=_("language"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
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

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("subscription")
    )
    key = models.CharField(max_length=100, verbose_name=_("key"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent"))
    # Batched channels (Web Push): not sent before this moment (the next batch, with jitter,
    # SECURITY.md A7); a failed send moves it later and counts the attempt.
    due_at = models.DateTimeField(null=True, blank=True, verbose_name=_("due"))
    # A database default too: the release before this one inserts deliveries without the column.
    attempts = models.PositiveSmallIntegerField(default=0, db_default=0, verbose_name=_("attempts"))

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["subscription", "key"], name="delivery_key_unique")]
        indexes = [models.Index(fields=["sent_at", "due_at"], name="delivery_due_idx")]

    def __str__(self) -> str:
        return f"delivery {self.key}"


class InboundSeen(models.Model):
    """An inbound update already accepted (Telegram's update_id, the gateway's message id):
    a retry by the sender is answered 200 and not handled twice."""

    channel = models.CharField(max_length=16, choices=Channel.choices, verbose_name=_("channel"))
    # Telegram's update_id, or a keyed hash of the gateway's message id.
    key = models.CharField(max_length=64, verbose_name=_("key"))
    seen_at = models.DateTimeField(default=timezone.now, verbose_name=_("seen"))

    class Meta:
        verbose_name = _("message already received")
        verbose_name_plural = _("messages already received")
        constraints = [models.UniqueConstraint(fields=["channel", "key"], name="inbound_seen_unique")]
        indexes = [models.Index(fields=["seen_at"])]

    def __str__(self) -> str:
        return f"{self.channel} {self.key}"
