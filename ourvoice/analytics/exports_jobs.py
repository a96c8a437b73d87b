"""Background exports (``ExportJob``): create, run, let the owner download, purge after a week.

Every case-list export runs in the background, whatever its size (one path to test and to
reason about; a small list is ready within seconds). The file is encrypted (core/crypto.py)
and saved in the default storage (a local folder or S3) under a random name.

The task acts for the owner as they were when they asked: the request that created the job was
signed in with both factors (``staff_required``); the run checks again that the account is
active and that its role may export, and reads the cases through ``cases_visible_to`` with the
owner's role and office *now*.
"""

import datetime
import logging
import secrets
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ourvoice.accounts.access import AnyUser
from ourvoice.accounts.models import User
from ourvoice.analytics.exports_cases import case_list, case_list_header, case_list_rows, may_export_cases
from ourvoice.analytics.exports_files import FORMATS, Cell, Table, render
from ourvoice.analytics.models import ExportJob
from ourvoice.analytics.params import FilterError, filters_from_query
from ourvoice.core.crypto import decrypt, encrypt
from ourvoice.core.jobs import (
    access_owned_job_by_id,
    job_file_bytes,
    job_finish,
    job_progress,
    job_queue,
    job_start,
    jobs_purge,
)

logger = logging.getLogger(__name__)

EXPORT_KEEP_DAYS = 7
CRYPTO_PURPOSE = "analytics-export"
ERRORS = {
    "not_permitted": gettext_lazy("Your account may no longer export this list."),
    "filters": gettext_lazy("The filters of this export are no longer valid."),
    "failed": gettext_lazy("The export could not be made. Try again later."),
}
# Only these query parameters are kept in a job (filters_from_query reads nothing else).
PARAMS = ("province", "district", "office", "kind", "category", "start", "end")


def export_job_create(
    *, user: AnyUser, query: QueryDict | dict[str, Any], fmt: str, language: str
) -> ExportJob:
    """Check the request and queue a case-list export for ``user``.

    Raises Http404 when the user may not export the case list or the area is outside their
    scope, ``FilterError`` for malformed filters, ``ValueError`` for an unknown format.
    """
    if not may_export_cases(user=user) or not isinstance(user, User):
        raise Http404
    if fmt not in FORMATS:
        raise ValueError(fmt)
    filters_from_query(user, query)  # raises now rather than in the background
    params = {name: str(query.get(name, ""))[:32] for name in PARAMS if query.get(name)}
    job = ExportJob(owner=user, what="cases", format=fmt, language=language[:8], params=params)
    return job_queue(job=job)  # the task registered for ExportJob (apps.py)


def _acting_owner(owner: User) -> User:
    """The owner as the verified session that asked for the export (see the module docstring)."""
    setattr(owner, "is_verified", lambda: True)  # noqa: B010
    return owner


def _finish(job: ExportJob, **fields: Any) -> None:
    job_finish(job=job, **fields)


def export_job_run(*, job_id: int) -> str:
    """Make the file of a waiting job; safe to run twice (a finished job is left as it is)."""
    job = job_start(model=ExportJob, job_id=job_id)
    if job is None:
        return "skipped"
    owner = _acting_owner(job.owner)
    if not owner.is_active or not may_export_cases(user=owner):
        _finish(job, status=ExportJob.Status.FAILED, error="not_permitted")
        return job.status
    with translation.override(job.language or "km"):
        try:
            filters = filters_from_query(owner, job.params)
        except (Http404, FilterError):
            _finish(job, status=ExportJob.Status.FAILED, error="filters")
            return job.status
        try:
            data, count = _make(job, owner, filters)
            name = default_storage.save(
                f"exports/{secrets.token_hex(16)}.bin", ContentFile(encrypt(data, purpose=CRYPTO_PURPOSE))
            )
        except Exception:
            logger.exception("export %s failed", job.pk)  # ids only: no case data in logs
            _finish(job, status=ExportJob.Status.FAILED, error="failed")
            return job.status
    _finish(job, status=ExportJob.Status.DONE, progress=100, rows=count, file=name)
    return job.status


def _make(job: ExportJob, owner: User, filters: Any) -> tuple[bytes, int]:
    cases = case_list(user=owner, filters=filters)
    total = cases.count()
    rows: list[list[Cell]] = []
    step = max(total // 20, 1)
    for row in case_list_rows(cases):
        rows.append(row)
        if len(rows) % step == 0:
            # Rows are 90% of the work; writing the file the last 10%.
            job_progress(job=job, percent=min(90, 90 * len(rows) // max(total, 1)))
    table = Table(title=_("Cases"), header=case_list_header(), rows=rows)
    return render(table, job.format), len(rows)


def access_export_job_by_id(*, user: AnyUser, job_id: int) -> ExportJob:
    """The job if ``user`` owns it; anyone else gets 404, as for a job that does not exist."""
    return access_owned_job_by_id(model=ExportJob, user=user, job_id=job_id)


def export_jobs_of(*, user: AnyUser) -> list[ExportJob]:
    if not isinstance(user, User):
        return []
    return list(ExportJob.objects.filter(owner_id=user.pk)[:20])


def export_job_file(*, job: ExportJob) -> bytes:
    """The decrypted file of a finished job (Http404 when it is not ready or is gone)."""
    return decrypt(job_file_bytes(job=job), purpose=CRYPTO_PURPOSE)


def export_job_filename(job: ExportJob) -> str:
    return f"ourvoice-cases-{job.created_at:%Y%m%d}-{job.pk}.{job.format}"


def export_jobs_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the jobs (and their files) created more than ``EXPORT_KEEP_DAYS`` days ago."""
    return jobs_purge(model=ExportJob, keep_days=EXPORT_KEEP_DAYS, now=now)
