"""The Django admin, for system administrators only, behind the second factor (README.md)."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from ourvoice.accounts.access import user_is_verified
from ourvoice.accounts.models import Role, User
from ourvoice.accounts.services import user_sessions_end


class OurVoiceAdminSite(OTPAdminSite):
    site_header = _("Our Voice administration")
    site_title = _("Our Voice administration")

    def has_permission(self, request: HttpRequest) -> bool:
        """Active, ``is_staff``, role ``system_admin`` and verified by TOTP: all four, or no admin.

        ``is_staff`` alone is not enough: an office head given it by mistake still gets nothing.
        """
        user = request.user
        return bool(
            user_is_verified(user)
            and isinstance(user, User)
            and user.is_staff
            and user.role == Role.SYSTEM_ADMIN
            and super().has_permission(request)
        )

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """One sign-in form for all staff: the admin's own is replaced by the staff sign-in page.

        A verified staff member who is not a system administrator gets a plain refusal (403)
        rather than a sign-in form they could not use.
        """
        index = reverse("admin:index", current_app=self.name)
        if self.has_permission(request):
            return HttpResponseRedirect(index)
        if user_is_verified(request.user):
            return TemplateResponse(request, "accounts/admin_denied.html", status=403)
        return redirect_to_login(request.GET.get("next") or index, settings.LOGIN_URL)


admin_site = OurVoiceAdminSite(name="admin")

_SCOPE_FIELDS = ("role", "office", "province", "is_focal_point")
# A change to any of these ends the user's sessions (the same fields as User.SESSION_SCOPE_FIELDS).
_SCOPE_FORM_FIELDS = {"role", "office", "province", "is_focal_point", "is_active", "is_staff", "is_superuser"}


@admin.register(User, site=admin_site)
class UserAdmin(DjangoUserAdmin):
    """Accounts with their role and scope; ``User.clean`` checks the role fits its office/province."""

    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Role and scope"), {"fields": _SCOPE_FIELDS}),
        # Roles and scopes decide what staff may do (access.py), not Django's groups and permissions.
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (_("Role and scope"), {"fields": _SCOPE_FIELDS}),
    )
    readonly_fields = ("last_login", "date_joined")
    # Plain multiple selects: Django's two-box widget (SelectFilter2.js) puts an aria-label on a
    # span, which WCAG checks refuse (axe aria-prohibited-attr).
    filter_horizontal = ()
    list_display = ("username", "role", "office", "province", "is_focal_point", "is_active", "is_staff")
    list_filter = ("role", "is_active", "is_staff", "is_focal_point")
    list_select_related = ("office", "province")

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # The changed session hash already refuses the user's old sessions on their next request;
        # deleting them here ends them now (README.md, "Sessions").
        if change and set(form.changed_data) & _SCOPE_FORM_FIELDS:
            user_sessions_end(user=obj)


if not admin_site.is_registered(TOTPDevice):
    # Enrolment for now: an administrator adds a confirmed TOTP device and shows its QR code.
    admin_site.register(TOTPDevice, TOTPDeviceAdmin)


def as_written(field: str, description: str | Promise) -> Callable[[Any], str]:
    """A changelist column showing ``field`` as it is written, marked not to be translated: an
    object's English name or its code, on a Khmer page too (``translate="no"``, with its language)."""

    @admin.display(description=description, ordering=field)  # type: ignore[arg-type]
    def column(obj: Any) -> str:
        value = getattr(obj, field)
        language = "en" if field.endswith("_en") else "zxx"
        return format_html('<span translate="no" lang="{}">{}</span>', language, value)

    column.__name__ = f"{field}_as_written"
    return column
