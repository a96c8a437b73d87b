"""Notices about the data itself, shown on every page of figures (dashboards, comparison, map,
transparency pages, quarterly reports and their PDF).

Today there is one: **synthetic demo data** (``make run`` fills the demo with a made-up history,
``ourvoice/demo``). Core imports no app: an app that knows about such data registers a provider in
its ``AppConfig.ready()`` (``register``), and pages ask ``data_notice()``. Templates get it lazily
as ``data_notice`` (context processor ``context``; no query unless a template uses it) and show
it with ``{% include "core/data_notice.html" %}``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


@dataclass(frozen=True)
class DataNotice:
    """Figures include ``made`` synthetic reports; ``filling``: still being made (of ``target``)."""

    made: int
    target: int
    filling: bool

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.made / self.target)) if self.target else 100


Provider = Callable[[], DataNotice | None]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def data_notice() -> DataNotice | None:
    for provider in _providers:
        if (notice := provider()) is not None:
            return notice
    return None


def context(request: HttpRequest) -> dict[str, Any]:
    return {"data_notice": SimpleLazyObject(data_notice)}
