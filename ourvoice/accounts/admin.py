"""The Django admin, for system administrators only, behind the second factor (README.md).

Least privilege (issue 15, SECURITY.md C1): system administrators manage accounts, offices,
categories, the catalogue and settings, and read no case. So nothing registered here shows a
case's content: no description, answer, message, file, contact detail or note (the models that
hold them are not registered; case events show their kind and who, never their text), and every
time is shown as a date (``date_only``), as staff see a report's submission date (A3).
``tests/flows/test_admin_least_privilege.py`` walks every page of every registered model.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from ourvoice.accounts.access import user_is_verified
from ourvoice.accounts.models import Role, User
from ourvoice.accounts.services import user_sessions_end

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


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

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        """Every model's history page shows dates, not times (``date_only``)."""
        super().register(model_or_iterable, admin_class, **options)
        for model_admin in self._registry.values():
            model_admin.object_history_template = model_admin.object_history_template or HISTORY_TEMPLATE


HISTORY_TEMPLATE = "accounts/admin/object_history.html"
admin_site = OurVoiceAdminSite(name="admin")


def date_only(field: str, description: "str | _StrPromise") -> Callable[[Any, Any], str | None]:
    """A ModelAdmin method for a column or read-only field: the date (in Cambodia) of ``field``,
    never its time. Assign it to a name ending in ``_date`` and list that name.

    The admin shows no time of day: a time can tie an event to a person (issue 15).
    """

    @admin.display(description=description, ordering=field)
    def show(model_admin: Any, obj: Any) -> str | None:
        value = getattr(obj, field)
        return None if value is None else date_format(timezone.localdate(value), "DATE_FORMAT")

    return show


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
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login_date", "date_joined_date")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (_("Role and scope"), {"fields": _SCOPE_FIELDS}),
    )
    last_login_date = date_only("last_login", _("last login"))
    date_joined_date = date_only("date_joined", _("date joined"))
    readonly_fields = ("last_login_date", "date_joined_date")
    list_display = ("username", "role", "office", "province", "is_focal_point", "is_active", "is_staff")
    list_filter = ("role", "is_active", "is_staff", "is_focal_point")
    list_select_related = ("office", "province")

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # The changed session hash already refuses the user's old sessions on their next request;
        # deleting them here ends them now (README.md, "Sessions").
        if change and set(form.changed_data) & _SCOPE_FORM_FIELDS:
            user_sessions_end(user=obj)


class DeviceAdmin(TOTPDeviceAdmin):
    """django-otp's admin, with dates instead of times."""

    created_at_date = date_only("created_at", _("created"))
    last_used_at_date = date_only("last_used_at", _("last used"))
    list_display = ["user", "name", "created_at_date", "last_used_at_date", "confirmed"]
    readonly_fields = ["created_at_date", "last_used_at_date", "qrcode_link"]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        dated = {"created_at": "created_at_date", "last_used_at": "last_used_at_date"}
        return [
            (name, {**options, "fields": [dated.get(field, field) for field in options["fields"]]})
            for name, options in super().get_fieldsets(request, obj)
        ]


if not admin_site.is_registered(TOTPDevice):
    # Enrolment for now: an administrator adds a confirmed TOTP device and shows its QR code.
    admin_site.register(TOTPDevice, DeviceAdmin)
