"""Our objects as GeoReport v2 structures (plain values, for ``formats.py`` to write as XML or JSON).

Every date-time is W3C with its offset (Asia/Phnom_Penh, +07:00). Published moments are *dates*:
the time of day is always 00:00:00 (SECURITY.md A3: not the second a citizen wrote).
"""

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ourvoice.cases.models import Case
from ourvoice.feedback.models import Category, Kind, Question
from ourvoice.feedback.publication import description_is_public, public_status
from ourvoice.feedback.services import Submission
from ourvoice.open311.attributes import category_attributes

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
FORMATS = ["text/xml", "application/json"]


def _khmer() -> bool:
    return (get_language() or "km").startswith("km")


def localized_name(obj: Any) -> str:
    return str(obj.name_km if _khmer() else obj.name_en)


def w3c(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def w3c_date(day: datetime.date | datetime.datetime | None) -> str | None:
    """The date at midnight in Cambodia: only the day is told."""
    if day is None:
        return None
    if isinstance(day, datetime.datetime):
        day = timezone.localdate(day)
    midnight = datetime.datetime.combine(day, datetime.time(), tzinfo=timezone.get_current_timezone())
    return midnight.isoformat(timespec="seconds")


def changeset() -> str:
    """When the services or their definitions last changed (clients refresh their copy after it)."""
    latest = [
        Category.objects.aggregate(at=Max("updated_at"))["at"],
        Question.objects.aggregate(at=Max("updated_at"))["at"],
    ]
    moments = [moment for moment in latest if moment is not None]
    return w3c(max(moments)) if moments else "2026-01-01T00:00:00+07:00"


def discovery(*, endpoint_url: str) -> dict[str, Any]:
    when = changeset()
    return {
        "changeset": when,
        "contact": settings.OPEN311_CONTACT,
        "key_service": settings.OPEN311_KEY_SERVICE,
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": endpoint_url,
                "changeset": when,
                "type": "production" if settings.OURVOICE_ENV == "production" else "test",
                "formats": FORMATS,
            }
        ],
    }


def service(category: Category) -> dict[str, Any]:
    kind = str(Kind(category.kind).label)
    other = category.name_en if _khmer() else category.name_km
    return {
        "service_code": category.code,
        "service_name": localized_name(category),
        "description": (category.help_km if _khmer() else category.help_en) or kind,
        "metadata": bool(category_attributes(category)),
        "type": "realtime",
        "keywords": ", ".join(dict.fromkeys([kind, other, category.code])),
        "group": category.kind,
    }


def service_definition(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": attribute.code,
                "datatype": attribute.datatype,
                "required": attribute.required,
                "datatype_description": attribute.datatype_description,
                "order": position,
                "description": attribute.description,
                "values": [{"key": key, "name": name} for key, name in attribute.values],
            }
            for position, attribute in enumerate(category_attributes(category), start=1)
        ],
    }


def _address(case: Case) -> tuple[str, str | None]:
    feedback = case.feedback
    if feedback.commune is not None:
        commune = feedback.commune
        parts = [commune, commune.district, commune.district.province]
        return ", ".join(localized_name(part) for part in parts), commune.code
    return localized_name(feedback.province), None


def service_request(case: Case) -> dict[str, Any]:
    """A case as anyone may see it (``feedback.publication`` decides which cases and fields)."""
    feedback = case.feedback
    address, address_id = _address(case)
    return {
        "service_request_id": feedback.public_id,
        "status": public_status(case),
        "status_notes": case.citizen_status_display(),
        "service_name": localized_name(feedback.category),
        "service_code": feedback.category.code,
        "description": feedback.description if description_is_public(feedback) else None,
        "agency_responsible": localized_name(case.office),
        "service_notice": None,
        "requested_datetime": w3c_date(feedback.submitted_at),
        "updated_datetime": w3c_date(case.updated_at),
        "expected_datetime": w3c_date(case.resolve_due),
        "address": address,
        "address_id": address_id,
    }


def notice(submission: Submission) -> str:
    case = submission.case
    text = _("Received by %(office)s.") % {"office": localized_name(case.office)}
    if case.acknowledge_due:
        text += " " + _("The office must acknowledge it by %(date)s.") % {
            "date": case.acknowledge_due.isoformat()
        }
    return (
        text
        + " "
        + _(
            "The report is anonymous. Give the citizen the receipt: it is the only way to follow the case, "
            "and it cannot be shown again."
        )
    )


def created(submission: Submission) -> list[dict[str, Any]]:
    """The POST answer: the id (never a token too), and the receipt as the extension ``receipt``."""
    return [
        {
            "service_request_id": submission.feedback.public_id,
            "service_notice": notice(submission),
            "account_id": None,
            "receipt": submission.receipt.grouped(),
        }
    ]
