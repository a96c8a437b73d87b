"""Background work of the Telegram channel: handle one accepted update.

Not retried: a half-handled update could otherwise answer twice. Telegram's own retries of the
same update_id never reach here (the webhook drops them).
"""

from huey.contrib.djhuey import db_task

from ourvoice.channels.telegram.adapter import TelegramAdapter


@db_task()
def telegram_update(payload: bytes) -> None:
    TelegramAdapter().receive(payload)
