"""Background work of the SMS channel: handle one accepted inbound SMS (not retried: a retry
could answer twice; the gateway's own retries of the same id never reach here)."""

from huey.contrib.djhuey import db_task

from ourvoice.channels.sms.adapter import SmsAdapter


@db_task()
def sms_inbound(payload: bytes) -> None:
    SmsAdapter().receive(payload)
