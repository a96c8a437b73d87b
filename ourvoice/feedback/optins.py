"""Opt-ins to updates about a case that other apps keep (a chat channel's ``Subscription``; Web
Push next): the citizen withdraws them with the receipt and retention removes them with the
content (retention.py), and the tracking page says whether any is kept (selectors.py).

Feedback never imports a channel (docs/architecture.md): a model that holds an opt-in has a
foreign key ``case`` to ``cases.Case`` and registers here once, in its AppConfig.ready(), in one
line:

    optin_model_register(Subscription)
"""

from collections.abc import Iterable
from typing import Any

from django.db import models

_MODELS: dict[str, type[models.Model]] = {}


def optin_model_register(model: type[models.Model]) -> None:
    """Count and delete ``model``'s rows with the case's opt-ins (idempotent)."""
    _MODELS[model._meta.label] = model


def _rows(**case_filter: object) -> Iterable["models.QuerySet[models.Model]"]:
    return (model._default_manager.filter(**case_filter) for model in _MODELS.values())


def optins_exist(*, feedback_id: int) -> bool:
    return any(rows.exists() for rows in _rows(case__feedback_id=feedback_id))


def optins_count(*, case_ids: "models.QuerySet[Any, Any]") -> int:
    """Opt-ins of the cases in ``case_ids`` (a query of their ids)."""
    return sum(rows.count() for rows in _rows(case__in=case_ids))


def optins_delete(*, case_id: int) -> int:
    """Delete the case's opt-ins in every registered model; how many there were."""
    return sum(rows.delete()[0] for rows in _rows(case_id=case_id))
