"""Fixtures of the operations tests.

Many of these tests are transactional (other processes must see their rows), and a
transactional test ends by emptying every table, the rows of data migrations included: ``seeded``
puts those rows back first, whatever ran before.
"""

from importlib import import_module

import pytest
from django.apps import apps

SEED_MIGRATIONS = [
    ("ourvoice.feedback.migrations.0002_starter_categories", "load"),
    ("ourvoice.catalogue.migrations.0002_starter_services", "load"),
    ("ourvoice.cases.migrations.0004_deadlines", "seed"),
]


@pytest.fixture
def seeded(transactional_db: None) -> None:
    from ourvoice.feedback.models import Category

    if Category.objects.exists():
        return
    for module, function in SEED_MIGRATIONS:
        getattr(import_module(module), function)(apps, None)
