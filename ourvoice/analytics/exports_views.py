"""Staff pages of the exports (under /<lang>/staff/analytics/exports/). Thin: params.py reads the
filters, exports*.py make the files, exports_jobs.py queues and guards the background ones."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from ourvoice.accounts.decorators import staff_required
from ourvoice.analytics.exports import comparison_table, dashboard_table, export_filename
from ourvoice.analytics.exports_cases import may_export_cases
from ourvoice.analytics.exports_files import CONTENT_TYPES, FORMATS
from ourvoice.analytics.exports_files import render as render_file
from ourvoice.analytics.exports_jobs import (
    ERRORS,
    access_export_job_by_id,
    export_job_create,
    export_job_file,
    export_job_filename,
    export_jobs_of,
)
from ourvoice.analytics.models import ExportJob
from ourvoice.analytics.params import FilterError, comparison_from_query, filters_from_query
from ourvoice.analytics.scope import area_name, scope_of
from ourvoice.core.jobs import REFRESH_SECONDS


def _download(data: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def _bad_filters(request: HttpRequest, error: FilterError) -> HttpResponse:
    return render(request, "analytics/export_error.html", {"error": error}, status=400)


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404
    return fmt


@require_GET
@staff_required
def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered dashboard as a file, made at once from the rollups (a few thousand rows)."""
    fmt = _format(fmt)
    try:
        filters = filters_from_query(request.user, request.GET)
    except FilterError as error:
        return _bad_filters(request, error)
    data = render_file(dashboard_table(filters), fmt)
    return _download(data, fmt, export_filename("dashboard", filters, fmt))


@require_GET
@staff_required
def comparison_export(request: HttpRequest, fmt: str) -> HttpResponse:
    fmt = _format(fmt)
    try:
        filters = filters_from_query(request.user, request.GET)
        level, indicator = comparison_from_query(filters, request.GET)
    except FilterError as error:
        return _bad_filters(request, error)
    data = render_file(comparison_table(filters, level=level, indicator=indicator), fmt)
    return _download(data, fmt, export_filename("comparison", filters, fmt, suffix=f"{level}-{indicator}"))


@require_http_methods(["GET", "POST"])
@staff_required
def case_list_export(request: HttpRequest) -> HttpResponse:
    """GET: what the list will hold and a button; POST: queue it and show its progress."""
    if not may_export_cases(user=request.user):
        raise Http404
    query = request.POST if request.method == "POST" else request.GET
    try:
        filters = filters_from_query(request.user, query)
        if request.method == "POST":
            fmt = query.get("format", "")
            job = export_job_create(
                user=request.user,
                query=query,
                fmt=fmt if fmt in FORMATS else "csv",
                language=get_language() or "km",
            )
            return redirect("analytics_exports:job", job_id=job.pk)
    except FilterError as error:
        return _bad_filters(request, error)
    hidden = [
        (name, query.get(name))
        for name in ("province", "district", "office", "kind", "category")
        if query.get(name)
    ]
    hidden += [("start", f"{filters.start:%Y-%m}"), ("end", f"{filters.end:%Y-%m}")]
    return render(
        request,
        "analytics/export_cases.html",
        {
            "filters": filters,
            "area_name": area_name(filters.area, language=get_language() or "km"),
            "hidden": hidden,
            "formats": ExportJob.Format.choices,
        },
    )


@require_GET
@staff_required
def job_list(request: HttpRequest) -> HttpResponse:
    if scope_of(user=request.user) is None:
        raise Http404
    return render(request, "analytics/export_list.html", {"jobs": export_jobs_of(user=request.user)})


@require_GET
@staff_required
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = access_export_job_by_id(user=request.user, job_id=job_id)
    working = job.status in (ExportJob.Status.PENDING, ExportJob.Status.RUNNING)
    return render(
        request,
        "analytics/export_job.html",
        {
            "job": job,
            "working": working,
            "refresh": REFRESH_SECONDS,
            "error": ERRORS.get(job.error, ""),
        },
    )


@require_GET
@staff_required
def job_download(request: HttpRequest, job_id: int) -> HttpResponse:
    job = access_export_job_by_id(user=request.user, job_id=job_id)
    return _download(export_job_file(job=job), job.format, export_job_filename(job))
