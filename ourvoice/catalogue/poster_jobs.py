"""QR posters of many offices made in the background (``PosterJob``): queue, run, download, purge.

A province's posters take longer to lay out than a web request may last (gunicorn's timeout), so
every print of more than one office – a district, a province, the selected offices of the Office
list – is a job, whatever its size (one path to test; a district is ready in seconds). A single
office's poster is still made at once (``admin_posters.office_poster``).

The job's generic part (status, owner-only access, purge) is ``core/jobs.py``, shared with the
analytics exports. Posters hold nothing confidential (office names, addresses, public fees), so
the PDF is stored as it is, under a random name, in the default storage (a local folder or S3).
The run checks again that the owner may still print posters.
"""

import datetime
import logging
import secrets
from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.utils.translation import gettext_lazy

from ourvoice.accounts.access import POSTER_ROLES, AnyUser, poster_offices_for
from ourvoice.accounts.models import Role, User
from ourvoice.catalogue.models import PosterJob
from ourvoice.catalogue.posters import posters_pdf
from ourvoice.core.jobs import (
    access_owned_job_by_id,
    job_file_bytes,
    job_finish,
    job_progress,
    job_queue,
    job_start,
    jobs_purge,
)
from ourvoice.offices.models import Office

logger = logging.getLogger(__name__)

POSTER_KEEP_DAYS = 7
ERRORS = {
    "not_permitted": gettext_lazy("Your account may no longer print posters."),
    "no_offices": gettext_lazy("None of these offices exists any more."),
    "failed": gettext_lazy("The posters could not be made. Try again later."),
}
# Layout is nearly all the work; writing the PDF file is the last 5%.
_LAYOUT_SHARE = 95


def may_print_posters(*, user: AnyUser) -> bool:
    """System administrators (the admin site asks the same, plus the second factor), and the staff
    roles that print posters from the staff pages (``accounts.access.POSTER_ROLES``; which
    offices each may print is ``poster_offices_for``, checked when the job is queued)."""
    if not isinstance(user, User) or not user.is_active:
        return False
    if user.role == Role.SYSTEM_ADMIN:
        return user.is_staff
    return user.role in POSTER_ROLES


def poster_job_create(*, user: AnyUser, offices: Sequence[Office], name: str) -> PosterJob:
    """Queue the posters of ``offices`` (in this order) for ``user``; the task runs after commit.

    Raises Http404 when the user may not print posters, ``ValueError`` when there is no office.
    """
    if not may_print_posters(user=user) or not isinstance(user, User):
        raise Http404
    if not offices:
        raise ValueError("no office")
    job = PosterJob(owner=user, offices=[office.pk for office in offices], name=name[:32])
    return job_queue(job=job)  # the task registered for PosterJob (apps.py)


def poster_job_run(*, job_id: int) -> str:
    """Make the PDF of a waiting job; safe to run twice (a finished job is left as it is)."""
    job = job_start(model=PosterJob, job_id=job_id)
    if job is None:
        return "skipped"
    if not may_print_posters(user=job.owner) or not _still_in_scope(job):
        job_finish(job=job, status=PosterJob.Status.FAILED, error="not_permitted")
        return job.status
    found = Office.objects.in_bulk(job.offices)
    offices = [found[pk] for pk in job.offices if pk in found]
    if not offices:
        job_finish(job=job, status=PosterJob.Status.FAILED, error="no_offices")
        return job.status

    def progress(done: int, total: int) -> None:
        job_progress(job=job, percent=_LAYOUT_SHARE * done // max(total, 1))

    try:
        data = posters_pdf(offices=offices, on_progress=progress)
        name = default_storage.save(f"posters/{secrets.token_hex(16)}.pdf", ContentFile(data))
    except Exception:
        logger.exception("posters %s failed", job.pk)
        job_finish(job=job, status=PosterJob.Status.FAILED, error="failed")
        return job.status
    job_finish(job=job, status=PosterJob.Status.DONE, progress=100, pages=len(offices), file=name)
    return job.status


def _still_in_scope(job: PosterJob) -> bool:
    """Staff (not system administrators) may print only the offices of their poster scope: checked
    again when the job runs, with the role, office and province the owner has now. The owner signed
    in with the second factor when asking; the task has no request, so it counts them as verified
    for this check only (``accounts.access.user_is_verified``)."""
    owner = job.owner
    if owner.role == Role.SYSTEM_ADMIN:
        return True
    owner.is_verified = lambda: True  # type: ignore[attr-defined]
    offices = set(job.offices)
    return poster_offices_for(user=owner).filter(pk__in=offices).count() == len(offices)


def access_poster_job_by_id(*, user: AnyUser, job_id: int) -> PosterJob:
    """The job if ``user`` owns it; anyone else gets 404, as for a job that does not exist."""
    return access_owned_job_by_id(model=PosterJob, user=user, job_id=job_id)


def poster_job_file(*, job: PosterJob) -> bytes:
    """The PDF of a finished job (Http404 when it is not ready or is gone)."""
    return job_file_bytes(job=job)


def poster_job_filename(job: PosterJob) -> str:
    return f"posters-{job.name}-{job.pk}.pdf"


def poster_jobs_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the jobs (and their PDFs) created more than ``POSTER_KEEP_DAYS`` days ago."""
    return jobs_purge(model=PosterJob, keep_days=POSTER_KEEP_DAYS, now=now)
