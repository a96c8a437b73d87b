"""Background work for cases: thin wrappers that call a service and are safe to run twice."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from ourvoice.cases.escalation import cases_escalate_overdue
from ourvoice.cases.search import office_trigram_index_build

log = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/15"))
def escalate_overdue_cases() -> list[int]:
    """Every 15 minutes: move each overdue case one level up (each re-checked under a row lock)."""
    return cases_escalate_overdue()


@db_periodic_task(crontab(minute="*/10"))
def build_search_indexes() -> bool:
    """Every 10 minutes, and at once after a restore or a bulk load: build the search index that
    those leave out (cases/search.py) if it is missing; nothing when it is there or being built."""
    return office_trigram_index_build(say=log.info)
