"""Background files made for one staff member: the shared part of a job's life.

A job is a row of a model that inherits ``BackgroundJob`` (an abstract model: no table here):
the analytics case-list exports (``analytics.ExportJob``) and the catalogue's QR posters
(``catalogue.PosterJob``). Each app keeps its own model, task and pages; what they share is
here: the fields, the status, starting and finishing a run (safe to run twice), the owner-only
access (404 for anyone else) and the purge of old jobs with their files in the default storage.
The job page shows ``templates/core/job_progress.html`` (a ``<progress>`` bar; the page refreshes
itself with ``<meta http-equiv="refresh">``, no script).
"""

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Seconds between two reloads of a job's page while it is being made.
REFRESH_SECONDS = 3


class BackgroundJob(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("owner")
    )
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.PENDING, verbose_name=_("status")
    )
    progress = models.PositiveSmallIntegerField(default=0, verbose_name=_("progress"))  # 0-100
    # Name in the default storage (random).
    file = models.CharField(max_length=100, blank=True, verbose_name=_("file"))
    # A code of the app's ERRORS (the page shows its translated message), never a traceback.
    error = models.CharField(max_length=32, blank=True, verbose_name=_("error"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished"))

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def working(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)


Job = TypeVar("Job", bound=BackgroundJob)

# The task that makes each kind of job, registered by its app's AppConfig.ready(): the module
# that queues a job never imports its task, which imports it (docs/architecture.md, no circles).
_RUNNERS: dict[type[BackgroundJob], Callable[[int], Any]] = {}


def job_runner_register(*, model: type[BackgroundJob], run: Callable[[int], Any]) -> None:
    """``run(job_id)`` queues the making of a ``model`` job (one line in the app's ready())."""
    _RUNNERS[model] = run


def job_queue(*, job: Job, run: Callable[[int], Any] | None = None) -> Job:
    """Check and save a new job, and hand its id to ``run`` (by default the task registered for
    its model) once committed, so the worker never looks for a row that is not there yet."""
    run = run or _RUNNERS[type(job)]
    with transaction.atomic():
        job.full_clean()
        job.save()
        job_id = job.pk
        transaction.on_commit(lambda: run(job_id))
    return job


def job_start(*, model: type[Job], job_id: int) -> Job | None:
    """The waiting job, marked running; None when it is gone or already finished (a second run)."""
    job = model.objects.select_related("owner").filter(pk=job_id).first()  # type: ignore[attr-defined]
    if job is None or job.status in (BackgroundJob.Status.DONE, BackgroundJob.Status.FAILED):
        return None
    job.status = BackgroundJob.Status.RUNNING
    job.save(update_fields=["status"])
    return job


def job_progress(*, job: BackgroundJob, percent: int) -> None:
    type(job).objects.filter(pk=job.pk).update(progress=max(0, min(100, percent)))  # type: ignore[attr-defined]


def job_finish(*, job: BackgroundJob, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.finished_at = timezone.now()
    job.save(update_fields=[*fields, "finished_at"])


def access_owned_job_by_id(*, model: type[Job], user: AbstractBaseUser | AnonymousUser, job_id: int) -> Job:
    """The job if ``user`` owns it; anyone else gets 404, as for a job that does not exist."""
    owner_id = getattr(user, "pk", None)
    if owner_id is None or not getattr(user, "is_authenticated", False):
        raise Http404
    job = model.objects.filter(pk=job_id, owner_id=owner_id).first()  # type: ignore[attr-defined]
    if job is None:
        raise Http404
    return job


def job_file_bytes(*, job: BackgroundJob) -> bytes:
    """The stored file of a finished job (Http404 when it is not ready or is gone)."""
    if job.status != BackgroundJob.Status.DONE or not job.file or not default_storage.exists(job.file):
        raise Http404
    with default_storage.open(job.file, "rb") as stored:
        return bytes(stored.read())


def jobs_purge(*, model: type[BackgroundJob], keep_days: int, now: datetime.datetime | None = None) -> int:
    """Delete the jobs (and their files) created more than ``keep_days`` days ago."""
    limit = (now or timezone.now()) - datetime.timedelta(days=keep_days)
    old = list(model.objects.filter(created_at__lt=limit))  # type: ignore[attr-defined]
    for job in old:
        if job.file:
            default_storage.delete(job.file)
        job.delete()
    return len(old)
