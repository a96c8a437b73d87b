"""Background work of the catalogue: the QR posters of many offices (thin wrappers that take ids,
call a service and are safe to run twice; ``poster_jobs.py`` does the work)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from ourvoice.catalogue.poster_jobs import poster_job_run, poster_jobs_purge


@db_task(retries=1, retry_delay=60)
def run_posters(job_id: int) -> str:
    return poster_job_run(job_id=job_id)


@db_periodic_task(crontab(hour="2", minute="50"))
def purge_posters() -> int:
    """Each night: delete poster PDFs (and their jobs) older than a week."""
    return poster_jobs_purge()
