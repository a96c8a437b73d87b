"""Administrators issue API keys (the key is shown once, on the page after saving) and revoke them."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ourvoice.accounts.admin import admin_site, date_only
from ourvoice.apikeys.models import ApiKey
from ourvoice.apikeys.services import apikey_create, apikey_revoke


@admin.action(description=_("Revoke the selected keys"))
def revoke_keys(modeladmin: "ApiKeyAdmin", request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
    revoked = 0
    for api_key in queryset.filter(revoked_at__isnull=True):
        apikey_revoke(api_key=api_key)
        revoked += 1
    modeladmin.message_user(
        request,
        ngettext("%(count)d key revoked.", "%(count)d keys revoked.", revoked) % {"count": revoked},
        messages.SUCCESS,
    )


@admin.register(ApiKey, site=admin_site)
class ApiKeyAdmin(admin.ModelAdmin):
    created_at_date = date_only("created_at", _("created"))
    revoked_at_date = date_only("revoked_at", _("revoked"))
    list_display = ["name", "prefix", "rate_per_minute", "created_at_date", "revoked_at_date"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix"]
    readonly_fields = ["prefix", "created_at_date", "revoked_at_date"]
    actions = [revoke_keys]

    def get_fields(self, request: HttpRequest, obj: ApiKey | None = None) -> Any:
        if obj is None:
            return ["name", "rate_per_minute"]
        return ["name", "prefix", "rate_per_minute", "created_at_date", "revoked_at_date"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        from django.conf import settings

        return {"rate_per_minute": settings.APIKEY_DEFAULT_RATE_PER_MINUTE}

    def has_delete_permission(self, request: HttpRequest, obj: ApiKey | None = None) -> bool:
        return False  # revoke instead: the record of who had a key stays

    def save_model(self, request: HttpRequest, obj: ApiKey, form: ModelForm, change: bool) -> None:
        if change:
            obj.save(update_fields=["name", "rate_per_minute"])
            return
        issued = apikey_create(name=obj.name, rate_per_minute=obj.rate_per_minute)
        obj.pk, obj.prefix, obj.created_at = (
            issued.api_key.pk,
            issued.api_key.prefix,
            issued.api_key.created_at,
        )
        obj._state.adding = False
        request._issued_api_key = issued.key  # type: ignore[attr-defined]

    def response_add(
        self, request: HttpRequest, obj: ApiKey, post_url_continue: str | None = None
    ) -> HttpResponse:
        """Show the new key on this page only: it is in no redirect, message, cookie or log."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "api_key": obj,
            "key": getattr(request, "_issued_api_key", ""),
            "title": _("API key issued"),
        }
        response = TemplateResponse(request, "apikeys/key_issued.html", context)
        add_never_cache_headers(response)
        return response
