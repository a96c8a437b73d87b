"""Fixtures of the chat channels' tests: local fake Telegram and SMS gateway servers."""

from ourvoice.channels.common.tests.fakes import fake_sms, fake_telegram  # noqa: F401
