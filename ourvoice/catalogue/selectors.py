"""Reads of the public services catalogue and its public answers (never a withdrawn one)."""

from django.db.models import Q, QuerySet

from ourvoice.catalogue.models import PublicAnswer, Service
from ourvoice.core.khmer import compact_key
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


def service_key(text: str) -> str:
    """How a typed service is compared with the catalogue: Khmer normalised, Latin folded, no
    spaces, dashes or punctuation ("Birth-Certificate ", "birth certificate" and the code meet)."""
    return compact_key(text)


def service_keys() -> dict[str, int]:
    """Each service's code, English and Khmer names as keys, to its id; a key that two services
    share is left out (it does not say which one was meant)."""
    keys: dict[str, int] = {}
    shared: set[str] = set()
    for pk, code, name_en, name_km in Service.objects.order_by("pk").values_list(
        "pk", "code", "name_en", "name_km"
    ):
        for key in {service_key(code), service_key(name_en), service_key(name_km)} - {""}:
            if keys.get(key, pk) != pk:
                shared.add(key)
            keys[key] = pk
    return {key: pk for key, pk in keys.items() if key not in shared}


def service_matching(*, text: str) -> Service | None:
    """The catalogue service a typed name clearly means (its code, English or Khmer name, however
    spaced, cased or spelled in Khmer), or None: then it is "another service" with its text."""
    pk = service_keys().get(service_key(text)) if text.strip() else None
    return Service.objects.filter(pk=pk).first() if pk is not None else None
