"""Reads of the public services catalogue."""

from ourvoice.catalogue.models import Service
from ourvoice.offices.models import Office


def services_for_office(*, office: Office) -> list[Service]:
    """The active services the office's type provides, in catalogue order.

    Filtered in Python: SQLite has no JSON ``contains`` lookup, and the catalogue is small.
    """
    return [
        service for service in Service.objects.filter(is_active=True) if office.type in service.office_types
    ]


def service_get(*, code: str) -> Service:
    """An active service by its code; raises ``Service.DoesNotExist``."""
    return Service.objects.get(code=code, is_active=True)
