"""QR posters from the staff pages (issue 16 point 4), mounted at ``/<lang>/staff/posters/``.

An office head prints their own office's poster, oversight staff (ombudsman, provincial
administration, national oversight) the posters of any office of their area, one at a time or a
whole district or province at once (a background job, as in the admin: ``poster_jobs.py``).
Which offices: ``accounts.access.poster_offices_for`` (404 for anything else, as for what does
not exist). Office staff have no poster page.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ourvoice.accounts.access import access_poster_office_by_id, poster_offices_for
from ourvoice.accounts.decorators import staff_required
from ourvoice.accounts.models import Role
from ourvoice.catalogue.admin_posters import pdf_response
from ourvoice.catalogue.poster_jobs import (
    ERRORS,
    POSTER_KEEP_DAYS,
    access_poster_job_by_id,
    poster_job_create,
    poster_job_file,
    poster_job_filename,
)
from ourvoice.catalogue.posters import poster_offices
from ourvoice.core.jobs import REFRESH_SECONDS
from ourvoice.geo.models import District, Province


def _name(place: Province | District, language: str) -> str:
    """Khmer name first on Khmer pages, the English one on English pages."""
    return place.name_km if language == "km" else place.name_en


def poster_areas_for(*, user: object) -> list[tuple[str, str]]:
    """(value, label) of the provinces and districts whose posters ``user`` may print together:
    those holding an office of the user's poster scope, for oversight roles (not an office head)."""
    if getattr(user, "role", "") == Role.OFFICE_HEAD:
        return []
    offices = poster_offices_for(user=user)  # type: ignore[arg-type]
    province_ids = set(offices.exclude(province=None).values_list("province_id", flat=True).order_by())
    district_ids = set(offices.exclude(district=None).values_list("district_id", flat=True).order_by())
    language = get_language() or "km"
    areas: list[tuple[str, str]] = []
    districts = District.objects.filter(pk__in=district_ids).order_by("code")
    by_province: dict[str, list[District]] = {}
    for district in districts:
        by_province.setdefault(district.province_id, []).append(district)
    ombudsman_of_district = getattr(getattr(user, "office", None), "type", "") == "district_ombudsman"
    for province in Province.objects.filter(pk__in=province_ids).order_by("code"):
        if not ombudsman_of_district:
            areas.append((f"province-{province.pk}", _name(province, language)))
        for district in by_province.get(province.pk, []):
            label = f"{_name(district, language)} ({_name(province, language)})"
            areas.append((f"district-{district.pk}", label))
    return areas


def _area_offices(user: object, area: str) -> tuple[list, str]:
    level, _sep, code = area.partition("-")
    if level not in ("province", "district") or not code.isdigit() or len(code) > 8:
        raise Http404
    offices = poster_offices(**{f"{level}_id": code})
    scope = poster_offices_for(user=user)  # type: ignore[arg-type]
    allowed = set(scope.filter(pk__in=[o.pk for o in offices]).values_list("pk", flat=True))
    chosen = [office for office in offices if office.pk in allowed]
    if not chosen:
        raise Http404
    return chosen, area


@require_http_methods(["GET", "POST"])
@staff_required
def poster_index(request: HttpRequest) -> HttpResponse:
    """GET: the user's own office's poster and the areas they may print; POST ``area``: queue it."""
    if not poster_offices_for(user=request.user).exists():
        raise Http404
    areas = poster_areas_for(user=request.user)
    if request.method == "POST":
        area = request.POST.get("area", "")
        if area not in {value for value, _label in areas}:
            raise Http404
        offices, name = _area_offices(request.user, area)
        job = poster_job_create(user=request.user, offices=offices, name=name)
        return redirect("staff_posters:job", job_id=job.pk)
    office = getattr(request.user, "office", None)
    mine = office is not None and poster_offices_for(user=request.user).filter(pk=office.pk).exists()
    own = office if mine else None
    return render(request, "catalogue/staff_posters.html", {"own": own, "areas": areas})


@require_GET
@staff_required
def poster_office(request: HttpRequest, office_id: int) -> HttpResponse:
    """One office's poster, made at once (a PDF of one A4 page)."""
    office = access_poster_office_by_id(user=request.user, office_id=office_id)
    return pdf_response([office], f"poster-office-{office.pk}.pdf")


@require_GET
@staff_required
def poster_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = access_poster_job_by_id(user=request.user, job_id=job_id)
    context = {
        "job": job,
        "offices": len(job.offices),
        "refresh": REFRESH_SECONDS,
        "keep_days": POSTER_KEEP_DAYS,
        "error": ERRORS.get(job.error, ""),
        "title": _("QR posters"),
    }
    return render(request, "catalogue/staff_poster_job.html", context)


@require_GET
@staff_required
def poster_download(request: HttpRequest, job_id: int) -> HttpResponse:
    job = access_poster_job_by_id(user=request.user, job_id=job_id)
    response = HttpResponse(poster_job_file(job=job), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{poster_job_filename(job)}"'
    return response
