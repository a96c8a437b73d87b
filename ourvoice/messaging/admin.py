"""Administrators keep the reusable response templates staff insert into their messages."""

from django.contrib import admin

from ourvoice.accounts.admin import admin_site
from ourvoice.messaging.models import ResponseTemplate


@admin.register(ResponseTemplate, site=admin_site)
class ResponseTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "office"]
    list_filter = ["office__type"]
    search_fields = ["name", "body_km", "body_en"]
    raw_id_fields = ["office"]
