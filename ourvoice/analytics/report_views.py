"""Staff page of the quarterly reports: download one on demand, or one stored by the schedule.

Thin: the area is checked by ``report_access`` (404 outside the scope), the PDF is drawn by
``report_pdf``, the stored files are listed by ``report_files``.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ourvoice.accounts.decorators import staff_required
from ourvoice.analytics.report_access import report_area, report_areas_for
from ourvoice.analytics.report_files import (
    LANGUAGES,
    area_slug,
    parse_name,
    report_name,
    stored_report_file,
    stored_reports,
)
from ourvoice.analytics.report_format import Quarter
from ourvoice.analytics.report_pdf import report_pdf
from ourvoice.analytics.scope import area_name


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ourvoice-{filename}"'
    return response


@require_safe
@staff_required
def report_index(request: HttpRequest) -> HttpResponse:
    areas = report_areas_for(user=request.user)
    language = get_language() or "km"
    choices = [(area_slug(a).removeprefix("province-"), area_name(a, language=language)) for a in areas]
    last = Quarter.last_ended()
    form = {"area": choices[0][0], "year": str(last.year), "quarter": str(last.quarter), "language": language}
    errors: list[str] = []
    if "area" in request.GET:
        form.update({key: request.GET.get(key, "").strip()[:20] for key in form})
        area = report_area(user=request.user, area=form["area"])
        try:
            quarter = Quarter.parse(form["year"], form["quarter"])
        except ValueError:
            errors.append(_("Give a year and a quarter from 1 to 4."))
        if form["language"] not in LANGUAGES:
            errors.append(_("Choose Khmer or English."))
        if not errors:
            name = report_name(area=area, quarter=quarter, language=form["language"]).replace("/", "-")
            return _pdf(report_pdf(area=area, quarter=quarter, language=form["language"]), name)
    allowed = set(areas)
    stored = [
        (report, area_name(report.area, language=language))
        for report in stored_reports()
        if report.area in allowed
    ]
    context = {
        "choices": choices,
        "form": form,
        "errors": errors,
        "stored": stored,
        "years": range(timezone.localdate().year, 2019, -1),
        "languages": [("km", "ខ្មែរ"), ("en", "English")],
    }
    return render(request, "analytics/report_index.html", context, status=400 if errors else 200)


@require_safe
@staff_required
def report_stored(request: HttpRequest, name: str) -> HttpResponse:
    areas = report_areas_for(user=request.user)
    report = parse_name(name)
    if report is None or report.area not in areas:
        raise Http404
    content = stored_report_file(report)
    if content is None:
        raise Http404
    return _pdf(content, name.replace("/", "-"))
