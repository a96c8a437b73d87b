"""Background work of the channels: thin wrappers, each safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from ourvoice.channels.common.services import channels_purge
from ourvoice.channels.common.updates import citizen_updates_deliver, citizen_updates_due_deliver


@db_task(retries=3, retry_delay=120)
def citizen_updates_send(case_id: int, key: str) -> int:
    return citizen_updates_deliver(case_id=case_id, key=key)


@db_periodic_task(crontab(minute="7"))
def channels_purge_hourly() -> int:
    """Every hour: expired drafts and their files go, then idle conversations and old inbound ids."""
    return channels_purge()


@db_periodic_task(crontab(minute="*"))
def citizen_updates_due_send() -> int:
    """Every minute: batched updates (Web Push) whose jittered moment has come."""
    return citizen_updates_due_deliver()
