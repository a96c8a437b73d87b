"""Staff accounts. Citizens have no account: they are known only by a receipt code."""

from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from ourvoice.geo.models import Province
from ourvoice.offices.models import Office


class Role(models.TextChoices):
    OFFICE_STAFF = "office_staff", _("Office staff")
    OFFICE_HEAD = "office_head", _("Office head")
    OMBUDSMAN = "ombudsman", _("Ombudsman")
    PROVINCIAL_ADMIN = "provincial_admin", _("Provincial administration")
    NATIONAL_OVERSIGHT = "national_oversight", _("National oversight")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    # Civil society overseeing the platform (Transparency International Cambodia, ActionAid):
    # nationwide and read-only, de-identified case content, every case read audited (README.md).
    MONITOR = "monitor", _("Independent monitor")


# Which scope each role needs: an office, a province, or nothing (the whole country).
OFFICE_ROLES = {Role.OFFICE_STAFF, Role.OFFICE_HEAD, Role.OMBUDSMAN, Role.NATIONAL_OVERSIGHT}
OMBUDSMAN_OFFICE_TYPES = {Office.Type.DISTRICT_OMBUDSMAN, Office.Type.PROVINCIAL_OMBUDSMAN}


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    office = models.ForeignKey(
        Office,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("office"),
    )
    province = models.ForeignKey(
        Province,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="administrators",
        verbose_name=_("province"),
    )
    # Designated to receive sensitive cases (harassment, gender-based violence) - DOMAIN.md.
    is_focal_point = models.BooleanField(_("sensitive-case focal point"), default=False)

    # Every field that decides what the user may see. Django ends a session whose stored hash no
    # longer matches (it checks on each request), so changing any of these - through a service,
    # the admin or a plain save() - signs the user out everywhere, whatever the session backend.
    SESSION_SCOPE_FIELDS = (
        "password",
        "role",
        "office_id",
        "province_id",
        "is_active",
        "is_staff",
        "is_superuser",
        "is_focal_point",
    )

    def _session_scope_hash(self, secret: str | bytes | None = None) -> str:
        value = "|".join(str(getattr(self, name)) for name in self.SESSION_SCOPE_FIELDS)
        return salted_hmac(
            "ourvoice.accounts.User.session_scope", value, secret=secret, algorithm="sha256"
        ).hexdigest()

    def get_session_auth_hash(self) -> str:
        return self._session_scope_hash()

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        # Sessions signed with a rotated-out SECRET_KEY stay valid while it is a fallback.
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_scope_hash(secret=fallback_secret)

    def clean(self) -> None:
        super().clean()
        if not self.role:
            return
        if self.role in OFFICE_ROLES and self.office is None:
            raise ValidationError({"office": _("This role works for an office: choose one.")})
        if self.role == Role.OMBUDSMAN and self.office and self.office.type not in OMBUDSMAN_OFFICE_TYPES:
            raise ValidationError({"office": _("An ombudsman belongs to an ombudsman office.")})
        if (
            self.role == Role.NATIONAL_OVERSIGHT
            and self.office
            and self.office.type != Office.Type.NATIONAL_OVERSIGHT
        ):
            raise ValidationError({"office": _("National oversight belongs to the national office.")})
        if self.role == Role.MONITOR and (self.office is not None or self.province is not None):
            raise ValidationError(_("An independent monitor works for no office and no province."))
        if self.role == Role.MONITOR and (self.is_staff or self.is_superuser):
            raise ValidationError(_("An independent monitor has no access to the administration."))
        if self.role == Role.PROVINCIAL_ADMIN and self.province is None:
            raise ValidationError({"province": _("Provincial administration needs a province.")})


class AuthenticatorDevice(TOTPDevice):
    """A staff member's authenticator app (django-otp's TOTP device) as the admin shows it: under a
    Khmer name (django-otp's own names cannot be translated). Same table, same rows."""

    class Meta:
        proxy = True
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")
