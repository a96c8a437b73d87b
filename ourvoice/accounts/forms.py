"""The staff sign-in form: username, password and the code from an authenticator app at once."""

from typing import Any

import django_otp
from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from ourvoice.core.khmer import to_latin_digits
from ourvoice.feedback import throttle


class StaffLoginForm(AuthenticationForm):
    """Signs a staff member in only when the password *and* a TOTP code are right.

    An unknown username, a wrong password, an inactive account and a wrong code all give the same
    message, so the form tells an attacker neither who has an account nor whether a guessed
    password was right. Only with the right password does an account without a confirmed
    authenticator learn that an administrator must enrol one.
    """

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("The 6 digits your authenticator app shows now for Our Voice."),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    error_messages = {
        "invalid_login": _("The username, password or code is not correct. Please check them and try again."),
        "inactive": _("The username, password or code is not correct. Please check them and try again."),
        "throttled": _("Too many attempts. Wait %(minutes)s minutes, then try again."),
        "no_device": _(
            "Your account has no authenticator app yet, so you cannot sign in. "
            "Ask a system administrator to enrol one for you."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.otp_device: Device | None = None
        self.throttled: throttle.Throttled | None = None

    def clean_otp_token(self) -> str:
        token: str = self.cleaned_data["otp_token"]
        # Khmer digits are accepted, and the spaces or dashes some apps show are ignored.
        token = "".join(c for c in to_latin_digits(token) if c not in " -\u00a0")
        if not token:
            raise forms.ValidationError(self.fields["otp_token"].error_messages["required"], code="required")
        return token

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        token = self.cleaned_data.get("otp_token")
        if not username or not password or not token:
            # A field error is already shown; do not check the password (it would tell whether it
            # is right without the second factor).
            return self.cleaned_data
        assert self.request is not None  # the login view always passes it
        account, client = username.strip().casefold(), throttle.client_key(self.request)
        try:
            # Before any password hash is computed, per account and per client (SECURITY.md E3).
            throttle.check(locator=account, client=client, scope="login")
        except throttle.Throttled as throttled:
            self.throttled = throttled
            minutes = max(1, round(throttled.retry_after / 60))
            raise forms.ValidationError(
                self.error_messages["throttled"] % {"minutes": minutes}, code="throttled"
            ) from None
        try:
            self._check_credentials(username, password, token)
        except forms.ValidationError:
            throttle.record_failure(locator=account, client=client, scope="login")
            raise
        throttle.record_success(locator=account, scope="login")
        return self.cleaned_data

    def _check_credentials(self, username: str, password: str, token: str) -> None:
        user = authenticate(self.request, username=username, password=password)
        if user is None:
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(user)
        devices = list(django_otp.devices_for_user(user, confirmed=True))
        if not devices:
            raise forms.ValidationError(self.error_messages["no_device"], code="no_device")
        for device in devices:
            # verify_token locks the device row, refuses reused codes and throttles failures.
            verified = django_otp.verify_token(user, device.persistent_id, token)
            if verified is not None:
                self.otp_device = verified
                break
        else:
            raise self.get_invalid_login_error()
        self.user_cache = user

    def confirm_login_allowed(self, user: Any) -> None:
        if not user.is_active:
            raise self.get_invalid_login_error()
