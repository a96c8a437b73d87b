"""Search across the public services and the public answers, in Khmer and English.

The machinery is ``ourvoice/core/search.py`` (the same as the reports' search, docs KHMER.md):
normalised, segmented keys stored on each row, FTS5 on SQLite and a tsvector with a trigram
fallback on PostgreSQL (migration 0003). Services are indexed on every save and forgotten on
delete (the receivers below, connected in ``apps.py``: models.py never imports this module),
public answers when they are published and taken out when withdrawn.
"""

from dataclasses import dataclass
from typing import Any

from ourvoice.catalogue.models import PublicAnswer, Service
from ourvoice.core.search import SearchIndex, search_values

SERVICE_INDEX = SearchIndex(table="catalogue_service", fts_table="catalogue_service_fts")
ANSWER_INDEX = SearchIndex(table="catalogue_publicanswer", fts_table="catalogue_publicanswer_fts")
RESULTS_LIMIT = 30


def service_search_values(service: Service) -> tuple[str, str]:
    """(search_text, search_seg) of a service: its names, descriptions, fee notes, documents."""
    return search_values(
        [
            service.name_km,
            service.name_en,
            service.description_km,
            service.description_en,
            service.fee_note_km,
            service.fee_note_en,
            service.required_documents_km,
            service.required_documents_en,
        ]
    )


def service_search_index(*, service: Service) -> None:
    service.search_text, service.search_seg = service_search_values(service)
    SERVICE_INDEX.store(pk=service.pk, text=service.search_text, seg=service.search_seg)


def service_saved(sender: type[Service], *, instance: Service, raw: bool = False, **kwargs: Any) -> None:
    """``post_save`` of a Service (not while loading a fixture or a backup: ``raw``)."""
    if not raw:
        service_search_index(service=instance)


def service_deleted(sender: type[Service], *, instance: Service, **kwargs: Any) -> None:
    """``post_delete`` of a Service, also when deleted in bulk through a queryset."""
    SERVICE_INDEX.forget(pk=instance.pk)


def answer_search_values(answer: PublicAnswer) -> tuple[str, str]:
    """(search_text, search_seg) of a public answer: the question and answer staff published,
    and the service's names, so that "birth certificate" finds answers about it in Khmer."""
    service = answer.service
    names = [service.name_km, service.name_en] if service is not None else []
    return search_values([answer.question, answer.answer, *names])


def answer_search_index(*, answer: PublicAnswer) -> None:
    answer.search_text, answer.search_seg = answer_search_values(answer)
    ANSWER_INDEX.store(pk=answer.pk, text=answer.search_text, seg=answer.search_seg)


@dataclass(frozen=True)
class Results:
    services: list[Service]
    answers: list[PublicAnswer]

    def __bool__(self) -> bool:
        return bool(self.services or self.answers)


def catalogue_search(*, query: str, limit: int = RESULTS_LIMIT) -> Results:
    """Active services and live public answers matching ``query``, whole-word hits first."""
    services = SERVICE_INDEX.ranked(Service.objects.filter(is_active=True), query=query)
    answers = ANSWER_INDEX.ranked(
        PublicAnswer.objects.filter(withdrawn_at__isnull=True).select_related("office", "service"),
        query=query,
    )
    return Results(
        services=list(services.order_by("-word_hit", "name_en", "id")[:limit]),
        answers=list(answers.order_by("-word_hit", "-published_at", "-id")[:limit]),
    )
