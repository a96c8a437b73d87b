"""Administrators configure categories and their guided questions; reports are not edited here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ourvoice.accounts.admin import admin_site, as_written
from ourvoice.feedback.models import Category, Question


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ["code", "label_km", "label_en", "datatype", "required", "order", "choices"]


@admin.register(Category, site=admin_site)
class CategoryAdmin(admin.ModelAdmin):
    list_display = [
        "name_km",
        as_written("name_en", _("English name")),
        "kind",
        "asks_fee",
        "about_office",
        "is_sensitive",
        "about_people",
        "is_active",
        "order",
    ]
    list_filter = ["kind", "is_sensitive", "about_office", "about_people", "asks_fee", "is_active"]
    search_fields = ["code", "name_en", "name_km"]
    inlines = [QuestionInline]
