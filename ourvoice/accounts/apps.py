from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig


class AccountsConfig(AppConfig):
    default = True  # this module also holds TOTPConfig
    name = "ourvoice.accounts"
    label = "accounts"
    verbose_name = _("Staff accounts")


class TOTPConfig(DefaultConfig):
    """django-otp's TOTP app under a name the admin can show in Khmer (settings.INSTALLED_APPS)."""

    verbose_name = _("Two-step sign-in")
