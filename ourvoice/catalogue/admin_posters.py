"""QR posters in the admin (system administrators only: every view goes through
``admin_site.admin_view``): one office's poster from its page (made at once), the selected
offices of the Office list (an action; "select all" on a list filtered by province prints the
province), and a chooser that prints every office of a district or a province as one PDF
(``posters.py``). Many offices are made in the background (``poster_jobs.py``): the request
queues a job and redirects to its page, which refreshes itself until the PDF is ready."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ourvoice.catalogue.poster_jobs import (
    ERRORS,
    POSTER_KEEP_DAYS,
    access_poster_job_by_id,
    poster_job_create,
    poster_job_file,
    poster_job_filename,
)
from ourvoice.catalogue.posters import poster_offices, poster_order, posters_pdf
from ourvoice.core.jobs import REFRESH_SECONDS
from ourvoice.geo.models import District, Province
from ourvoice.offices.models import Office


def pdf_response(offices: Sequence[Office], filename: str) -> HttpResponse:
    response = HttpResponse(posters_pdf(offices=offices), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def office_poster(request: HttpRequest, office_id: int) -> HttpResponse:
    office = get_object_or_404(Office, pk=office_id)
    return pdf_response([office], f"poster-office-{office.pk}.pdf")


@admin.action(description=_("Print QR posters of the selected offices"))
def print_posters(
    modeladmin: "admin.ModelAdmin[Office]", request: HttpRequest, queryset: QuerySet[Office]
) -> HttpResponse:
    offices = poster_order(queryset)
    return _queue(request, offices, "selected")


def _queue(request: HttpRequest, offices: Sequence[Office], name: str) -> HttpResponse:
    job = poster_job_create(user=request.user, offices=offices, name=name)
    return redirect("admin:catalogue_poster_job", job_id=job.pk)


def poster_link(office: Office) -> str:
    """For the office's admin page: a link to its poster."""
    if office.pk is None:
        return ""
    url = reverse("admin:catalogue_poster_office", args=[office.pk])
    return format_html('<a href="{}">{}</a>', url, _("Print the QR poster (PDF, A4)"))


class PosterChoiceForm(forms.Form):
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.order_by("code"), required=False
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.select_related("province").order_by("code"),
        required=False,
        help_text=_("A district prints only its offices; otherwise the whole province is printed."),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("province") and not data.get("district"):
            raise forms.ValidationError(_("Choose a province or a district."))
        return data


def posters_chooser(request: HttpRequest, model_admin: "admin.ModelAdmin[Any]") -> HttpResponse:
    """GET: the form. POST with ``province`` or ``district``: queue the job (GET never changes
    state, SECURITY.md F3)."""
    form = PosterChoiceForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        district, province = form.cleaned_data["district"], form.cleaned_data["province"]
        if district is not None:
            offices, name = poster_offices(district_id=district.pk), f"district-{district.pk}"
        else:
            offices, name = poster_offices(province_id=province.pk), f"province-{province.pk}"
        if offices:
            return _queue(request, offices, name)
        form.add_error(None, _("No office in this district or province."))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("QR posters"),
        "form": form,
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(
        request, "catalogue/admin/posters.html", context, status=400 if form.is_bound else 200
    )


def poster_job(request: HttpRequest, job_id: int, model_admin: "admin.ModelAdmin[Any]") -> HttpResponse:
    """The job's page: its progress (the page reloads itself), then the download link or why not."""
    job = access_poster_job_by_id(user=request.user, job_id=job_id)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("QR posters"),
        "job": job,
        "offices": len(job.offices),
        "refresh": REFRESH_SECONDS,
        "keep_days": POSTER_KEEP_DAYS,
        "error": ERRORS.get(job.error, ""),
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "catalogue/admin/poster_job.html", context)


def poster_job_download(request: HttpRequest, job_id: int) -> HttpResponse:
    job = access_poster_job_by_id(user=request.user, job_id=job_id)
    response = HttpResponse(poster_job_file(job=job), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{poster_job_filename(job)}"'
    return response
