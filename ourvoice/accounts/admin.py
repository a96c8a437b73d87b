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
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from ourvoice.accounts.access import user_is_verified
from ourvoice.accounts.models import AuthenticatorDevice, Role, User
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
        # Roles and scopes decide what staff may do (access.py), not Django's groups and permissions.
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login_date", "date_joined_date")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (_("Role and scope"), {"fields": _SCOPE_FIELDS}),
    )
    last_login_date = date_only("last_login", _("last login"))
    date_joined_date = date_only("date_joined", _("date joined"))
    readonly_fields = ("last_login_date", "date_joined_date")
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


# django-otp's labels are plain English: the authenticator apps' form and list say it in our words.
_DEVICE_FIELDS = {
    "user": (_("staff member"), _("The account this app belongs to.")),
    "name": (_("name"), _("A name to tell the apps apart, such as “phone”.")),
    "confirmed": (
        _("confirmed"),
        _("Ready to use: the staff member has scanned the code and signed in with it."),
    ),
    "key": (_("secret key"), _("Keep the random key: the staff member's app reads it from the QR code.")),
    "throttling_failure_count": (
        _("failed attempts in a row"),
        _("Set it back to 0 to unlock a staff member locked out after wrong codes."),
    ),
}


class AuthenticatorDeviceAdmin(TOTPDeviceAdmin):
    """Enrolment for now: an administrator adds a confirmed authenticator app (a TOTP device) and
    shows its QR code. The technical settings keep django-otp's defaults."""

    list_display = ["device_user", "device_name", "device_created", "device_last_used", "device_confirmed"]
    list_filter = ()
    search_help_text = _("Search by username or e-mail address")

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets: list[Any] = [(None, {"fields": ["user", "name", "confirmed"]})]
        if obj is None:
            fieldsets.append((_("secret key"), {"fields": ["key"]}))
        else:
            fieldsets.append((_("Unlock"), {"fields": ["throttling_failure_count"]}))
            fieldsets.append((None, {"fields": ["qrcode_link"]}))
        return fieldsets

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in _DEVICE_FIELDS:
            field.label, field.help_text = _DEVICE_FIELDS[db_field.name]
        return field

    @admin.display(description=_("staff member"), ordering="user__username")
    def device_user(self, device: TOTPDevice) -> str:
        return format_html('<span translate="no">{}</span>', device.user.get_username())

    @admin.display(description=_("name"), ordering="name")
    def device_name(self, device: TOTPDevice) -> str:
        return format_html('<span translate="no">{}</span>', device.name)

    # Dates, never times of day (issue 15).
    device_created = date_only("created_at", _("created"))
    device_last_used = date_only("last_used_at", _("last used"))

    @admin.display(description=_("confirmed"), boolean=True, ordering="confirmed")
    def device_confirmed(self, device: TOTPDevice) -> bool:
        return bool(device.confirmed)

    @admin.display(description=_("QR code"))
    def qrcode_link(self, device: TOTPDevice) -> str:
        href = reverse("admin:otp_totp_totpdevice_config", kwargs={"pk": device.pk})
        return format_html('<a href="{}">{}</a>', href, _("Show the QR code"))


if admin_site.is_registered(TOTPDevice):
    admin_site.unregister(TOTPDevice)
if not admin_site.is_registered(AuthenticatorDevice):
    admin_site.register(AuthenticatorDevice, AuthenticatorDeviceAdmin)


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
