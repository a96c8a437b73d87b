"""Reads for staff pages. What a user may see is decided in access.py, never here."""

from django.db.models import F, QuerySet

from ourvoice.accounts.access import AnyUser, offices_visible_to
from ourvoice.offices.models import Office


def office_list_for_staff(*, user: AnyUser) -> QuerySet[Office]:
    """The offices in ``user``'s scope, grouped by place (country-level first), for listing."""
    return (
        offices_visible_to(user=user)
        .select_related("province", "district", "commune")
        .order_by(
            F("province_id").asc(nulls_first=True),
            F("district_id").asc(nulls_first=True),
            F("commune_id").asc(nulls_first=True),
            "type",
            "pk",
        )
    )
