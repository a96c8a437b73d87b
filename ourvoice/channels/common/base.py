"""The small interface every chat channel offers, and the registry the update task uses.

A channel app registers its adapter in ``AppConfig.ready`` when it is configured; an unconfigured
channel registers nothing, so it is off: its webhook answers 404 and no update is sent through it.
"""

from typing import Protocol


class ChannelAdapter(Protocol):
    """What the rest of the platform may ask of a channel."""

    channel: str

    def enabled(self) -> bool:
        """Whether the channel is configured; a disabled channel sends nothing."""

    def receive(self, payload: bytes) -> None:
        """Handle one inbound message (the encrypted payload its webhook queued)."""

    def reply(self, *, address: str, text: str) -> None:
        """Send a plain text to an address (a chat id, a phone number)."""

    def notify(self, *, address: str, language: str) -> None:
        """Tell a citizen who opted in that their case has news, without any case content."""


_ADAPTERS: dict[str, ChannelAdapter] = {}


def adapter_register(adapter: ChannelAdapter) -> None:
    _ADAPTERS[adapter.channel] = adapter


def adapter_for(channel: str) -> ChannelAdapter | None:
    return _ADAPTERS.get(channel)


class AddressGone(Exception):
    """The channel says the address no longer exists (a push service's 404 or 410): the
    subscription is deleted rather than retried."""
