"""Reads of offices: where a citizen can turn, and who handles a complaint about an office."""

import logging

from django.db.models import Q

from ourvoice.geo.models import Commune
from ourvoice.offices.models import Office

logger = logging.getLogger(__name__)

T = Office.Type
# Nearest first: the order in which a citizen of a commune is offered the offices serving them.
CITIZEN_OFFICE_ORDER = (T.COMMUNE, T.OWSO, T.DISTRICT_OMBUDSMAN, T.OWSU, T.PROVINCIAL_OMBUDSMAN)


def offices_serving_commune(*, commune_code: str) -> list[Office]:
    """The offices a citizen of the commune can address, nearest first.

    Commune/sangkat office, then the district's One Window Service Office and District
    Ombudsman, then the province's One Window Service Unit and Provincial/Capital Ombudsman.
    National oversight is not listed: a citizen reaches it through routing, not by choice.
    Raises ``Commune.DoesNotExist`` for an unknown code; offices not generated yet are absent.
    """
    return offices_serving(commune=Commune.objects.select_related("district").get(code=commune_code))


def offices_serving(*, commune: Commune) -> list[Office]:
    """``offices_serving_commune`` for a commune already read (with its district: no query)."""
    offices = Office.objects.filter(
        Q(type=T.COMMUNE, commune=commune)
        | Q(type__in=[T.OWSO, T.DISTRICT_OMBUDSMAN], district_id=commune.district_id, commune__isnull=True)
        | Q(
            type__in=[T.OWSU, T.PROVINCIAL_OMBUDSMAN],
            province_id=commune.district.province_id,
            district__isnull=True,
        )
    )
    return sorted(offices, key=lambda office: CITIZEN_OFFICE_ORDER.index(T(office.type)))


def office_handling_complaint_about(*, office: Office) -> Office:
    """The office that must handle a complaint about ``office``: the office overseeing it.

    A complaint about an office never goes only to that office (DOMAIN.md, conflict of interest).
    The one exception is national oversight itself: nothing in the platform is above it, so
    complaints about it stay with it. Whoever routes such a case should say so in the case (a
    note), so that the civil-society partner with access to the case can see it.
    An office whose oversight is missing (not generated, or broken by hand) goes to national
    oversight too, with a warning in the log, rather than to itself.
    Raises ``Office.DoesNotExist`` if there is no national oversight office (run offices_generate).
    """
    if office.oversight_id is not None:
        return Office.objects.get(pk=office.oversight_id)
    national = Office.objects.get(type=T.NATIONAL_OVERSIGHT)
    if office.pk != national.pk:
        logger.warning("Office %s has no oversight; complaints about it go to national oversight.", office.pk)
    return national
