"""Indexes built by ``core.migration_ops.build_index`` (outside the migration's transaction,
CONCURRENTLY on PostgreSQL) exist after migrating, under the names Django gives them."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def _indexes(table: str) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {name: info["columns"] for name, info in constraints.items() if info["index"]}


def test_the_indexes_built_without_locking_exist_after_migrating():
    assert ["service_id"] in _indexes("feedback_feedback").values()
    assert _indexes("channels_common_delivery").get("delivery_due_idx") == ["sent_at", "due_at"]
