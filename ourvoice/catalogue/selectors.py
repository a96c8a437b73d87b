"""Reads of the public services catalogue and its public answers (never a withdrawn one)."""

from django.db.models import Q, QuerySet

from ourvoice.catalogue.models import PublicAnswer, Service
from ourvoice.feedback.models import Category
from ourvoice.offices.models import Office

# How many public answers a page shows at most (newest first).
ANSWERS_SHOWN = 20


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


def service_list() -> list[Service]:
    """Every active service, in catalogue order."""
    return list(Service.objects.filter(is_active=True))


def live_answers() -> QuerySet[PublicAnswer]:
    """Public answers not withdrawn, newest first, with what a public page shows of them."""
    return PublicAnswer.objects.filter(withdrawn_at__isnull=True).select_related("office", "service")


def public_answers_of_office(*, office: Office, limit: int = ANSWERS_SHOWN) -> list[PublicAnswer]:
    """The live public answers published by ``office``."""
    return list(live_answers().filter(office=office)[:limit])


def public_answers_of_service(*, service: Service, limit: int = ANSWERS_SHOWN) -> list[PublicAnswer]:
    """The live public answers about ``service``, from every office."""
    return list(live_answers().filter(service=service)[:limit])


def public_answers_before_asking(
    *, office: Office, topic: Category | None = None, limit: int = ANSWERS_SHOWN
) -> list[PublicAnswer]:
    """What a citizen about to ask ``office`` should read first: the office's own answers and the
    answers about the services it provides (from any office), on ``topic`` when one is chosen."""
    service_ids = [service.pk for service in services_for_office(office=office)]
    answers = live_answers().filter(Q(office=office) | Q(service_id__in=service_ids))
    if topic is not None:
        answers = answers.filter(topic=topic)
    return list(answers[:limit])
