"""Background work of the exports: thin wrappers that take ids, call a service, are safe twice.

Imported by ``tasks.py``, the module Huey's Django integration discovers.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from ourvoice.analytics.exports_jobs import export_job_run, export_jobs_purge


@db_task(retries=1, retry_delay=60)
def run_export(job_id: int) -> str:
    return export_job_run(job_id=job_id)


@db_periodic_task(crontab(hour="2", minute="40"))
def purge_exports() -> int:
    """Each night: delete exports (and their files) older than a week."""
    return export_jobs_purge()
