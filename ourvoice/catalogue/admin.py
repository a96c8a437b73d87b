"""Admin for the catalogue: administrators keep services, fees and deadlines, and import/export
them as CSV or XLSX (``resources.py``). A fee or deadline needs its source (``Service.clean``)."""

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX

from ourvoice.accounts.admin import admin_site, as_written, date_only
from ourvoice.accounts.models import User
from ourvoice.catalogue import admin_posters
from ourvoice.catalogue.models import EDITABLE_FIELDS, PublicAnswer, Service
from ourvoice.catalogue.resources import ServiceResource
from ourvoice.catalogue.services import public_answer_withdraw
from ourvoice.offices.models import Office


class ServiceAdminForm(forms.ModelForm):
    office_types = forms.MultipleChoiceField(
        label=_("office types"), choices=Office.Type.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Service
        fields = list(EDITABLE_FIELDS)


class OfficeTypeFilter(admin.SimpleListFilter):
    title = _("office type")
    parameter_name = "office_type"

    def lookups(self, request, model_admin):  # type: ignore[no-untyped-def]
        return Office.Type.choices

    def queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        if not self.value():
            return queryset
        ids = [service.pk for service in queryset if self.value() in service.office_types]
        return queryset.filter(pk__in=ids)


class FeePublishedFilter(admin.SimpleListFilter):
    title = _("official fee")
    parameter_name = "fee"

    def lookups(self, request, model_admin):  # type: ignore[no-untyped-def]
        return [("published", _("published")), ("missing", _("not yet published"))]

    def queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        if self.value() == "published":
            return queryset.filter(official_fee_riel__isnull=False)
        if self.value() == "missing":
            return queryset.filter(official_fee_riel__isnull=True)
        return queryset


@admin.register(Service, site=admin_site)
class ServiceAdmin(ImportExportModelAdmin):
    form = ServiceAdminForm
    change_list_template = "catalogue/admin/service_change_list.html"
    # The library's export page without inline styles and handlers (Content-Security-Policy).
    export_template_name = "catalogue/admin/service_export.html"
    resource_classes = [ServiceResource]
    formats = [CSV, XLSX]
    list_display = [
        "name_km",
        as_written("name_en", _("English name")),
        as_written("code", _("code")),
        "official_fee_riel",
        "processing_days",
        "is_active",
    ]
    list_filter = [OfficeTypeFilter, FeePublishedFilter, "is_active"]
    search_fields = ["code", "name_en", "name_km", "description_en", "description_km"]
    list_per_page = 50
    fieldsets = [
        (
            None,
            {"fields": ["code", "name_km", "name_en", "description_km", "description_en", "office_types"]},
        ),
        (
            _("Fee and processing time"),
            {"fields": ["official_fee_riel", "fee_note_km", "fee_note_en", "processing_days"]},
        ),
        (_("Required documents"), {"fields": ["required_documents_km", "required_documents_en"]}),
        (_("Sources"), {"fields": ["legal_basis", "source"]}),
        (None, {"fields": ["is_active"]}),
    ]

    def get_urls(self) -> list[URLPattern]:
        """The QR posters' views, behind the admin site's own check (system administrators)."""
        site = self.admin_site
        return [
            path(
                "posters/",
                site.admin_view(lambda request: admin_posters.posters_chooser(request, self)),
                name="catalogue_posters",
            ),
            path(
                "posters/jobs/<int:job_id>/",
                site.admin_view(lambda request, job_id: admin_posters.poster_job(request, job_id, self)),
                name="catalogue_poster_job",
            ),
            path(
                "posters/jobs/<int:job_id>/download/",
                site.admin_view(admin_posters.poster_job_download),
                name="catalogue_poster_download",
            ),
            path(
                "posters/office/<int:office_id>/",
                site.admin_view(admin_posters.office_poster),
                name="catalogue_poster_office",
            ),
            *super().get_urls(),
        ]


@admin.register(PublicAnswer, site=admin_site)
class PublicAnswerAdmin(admin.ModelAdmin):
    """Read-only: staff publish from the case page; administrators may only withdraw."""

    published_at_date = date_only("published_at", _("published"))
    withdrawn_at_date = date_only("withdrawn_at", _("withdrawn"))
    list_display = ["question", "office", "service", "language", "published_at_date", "withdrawn_at_date"]
    list_filter = ["language", ("withdrawn_at", admin.EmptyFieldListFilter)]
    list_select_related = ["office", "service"]
    search_fields = ["question", "answer"]
    fields = (
        "office",
        "service",
        "topic",
        "language",
        "question",
        "answer",
        "published_at_date",
        "withdrawn_at_date",
    )
    readonly_fields = fields
    actions = ["withdraw"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description=_("Withdraw the selected public answers"))
    def withdraw(self, request: HttpRequest, queryset: QuerySet[PublicAnswer]) -> None:
        user = request.user
        assert isinstance(user, User)
        for answer in queryset.filter(withdrawn_at__isnull=True):
            public_answer_withdraw(answer=answer, user=user)
