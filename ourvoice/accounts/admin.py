"""The Django admin, for system administrators only, behind the second factor."""

from django_otp.admin import OTPAdminSite


class OurVoiceAdminSite(OTPAdminSite):
    site_header = "Our Voice administration"


admin_site = OurVoiceAdminSite(name="admin")
