"""POST requests.{fmt}: a GeoReport form translated into ``FeedbackInput`` for ``feedback_submit``.

Location: ``address_id`` is a commune code. Only province boundaries are shipped, so ``lat``/``long``
cannot name a commune: alone they answer 400 naming the province they fall in and asking for
``address_id``; with ``address_id`` they must fall in that commune's province, and are not kept
(docs/open311.md). Names, e-mail and device or account ids are never stored: reports are anonymous.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework.request import Request

from ourvoice.api.feedback import idempotency_key
from ourvoice.core.khmer import to_latin_digits
from ourvoice.feedback.models import Category, Channel
from ourvoice.feedback.services import (
    ALREADY_RECEIVED,
    AlreadyReceived,
    FeedbackInput,
    Submission,
    feedback_submit,
)
from ourvoice.feedback.throttle import Throttled, client_key, wait_message
from ourvoice.geo.boundaries import province_code_at
from ourvoice.geo.models import Commune, Province
from ourvoice.offices.models import Office
from ourvoice.open311 import params
from ourvoice.open311.attributes import read_values
from ourvoice.open311.errors import Open311Error, bad_request
from ourvoice.open311.representation import localized_name


def _province_name(code: str) -> str:
    province = Province.objects.filter(code=code).first()
    return f"{localized_name(province)} ({code})" if province else code


def _location(data: object) -> Commune:
    commune = params.commune(data)
    point = params.point(data)
    if point is not None:
        found = province_code_at(lat=point[0], lon=point[1])
        if found is None:
            raise bad_request(_("lat and long: this point is not in Cambodia."))
        if commune is None:
            raise bad_request(
                _(
                    "lat and long: this point is in %(province)s, but this server cannot tell the commune "
                    "from a point. Give address_id, the 6-digit code of the commune (list: GET "
                    "/api/v1/geo/districts/?province=%(code)s, then /api/v1/geo/communes/?district=...)."
                )
                % {"province": _province_name(found), "code": found}
            )
        if commune.district.province_id != found:
            raise bad_request(
                _(
                    "lat and long: this point is in %(point)s, but the commune of address_id is in "
                    "%(commune)s."
                )
                % {"point": _province_name(found), "commune": _province_name(commune.district.province_id)}
            )
    if commune is None:
        if params.text(data, "address_string"):
            raise bad_request(
                _(
                    "address_string: an address cannot be placed here. Give address_id, the 6-digit "
                    "commune code."
                )
            )
        raise bad_request(_("address_id: give the location, the 6-digit code of the commune."))
    return commune


def _office(data: object) -> Office | None:
    value = to_latin_digits(params.text(data, "office_id"))
    if not value:
        return None
    office = (
        Office.objects.filter(pk=int(value)).first()
        if len(value) <= 18 and value.isascii() and value.isdigit()
        else None
    )
    if office is None:
        raise bad_request(_("office_id: no office has this id (GET /api/v1/offices/?commune=...)."))
    return office


def submit(request: Request, *, category: Category) -> Submission:
    data = request.data
    if request.FILES:
        raise bad_request(_("This address takes no files: attach them with POST /api/v1/feedback/."))
    if params.text(data, "media_url"):
        raise bad_request(
            _(
                "media_url: this server fetches no files from other addresses. Send the report without it; "
                "files can be attached with POST /api/v1/feedback/."
            )
        )
    commune = _location(data)
    values = read_values(category, params.attributes(data))
    if values.errors:
        raise ValidationError(values.errors)
    phone = params.text(data, "phone")
    contact_consent = params.boolean(data, "contact_consent")
    if phone and not contact_consent:
        raise bad_request(
            _("phone: send contact_consent=true if the office may call the citizen, or leave the phone out.")
        )
    if len(phone) > 64:
        raise bad_request(_("phone: give at most 64 characters."))
    description = data.get("description", "")
    entry = FeedbackInput(
        kind=category.kind,
        category=category,
        description=description if isinstance(description, str) else "",
        channel=Channel.API,
        commune=commune,
        office=_office(data),
        answers=values.answers,
        scores=values.scores,
        contact_consent=contact_consent,
        contact_phone=phone,
        about_office=values.about_office,
        publication_consent=params.boolean(data, "publication_consent"),
        **values.fees,  # type: ignore[arg-type]
    )
    try:
        return feedback_submit(
            data=entry,
            uploads=(),
            idempotency_key=idempotency_key(request),
            client=client_key(request._request),
        )
    except AlreadyReceived:
        raise Open311Error(409, ALREADY_RECEIVED) from None
    except Throttled as wait:
        raise Open311Error(429, wait_message(wait), retry_after=wait.retry_after) from None
