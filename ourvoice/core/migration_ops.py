"""Indexes on big tables built without blocking writes, for migrations (docs/operations.md).

``CREATE INDEX`` on PostgreSQL blocks every write to the table while it builds (minutes on the
reports or the case events), so a migration that indexes an existing table adds the index to the
model's state only (``SeparateDatabaseAndState``) and builds it with ``build_index`` in a migration
of its own with ``atomic = False``: ``CONCURRENTLY`` on PostgreSQL, a plain ``CREATE INDEX`` on
SQLite (one process, nothing to block). The index gets the name Django would give it, so later
migrations find it. ``scripts/lint_migrations.py`` holds the rule.
"""

from typing import Any

from django.db import migrations, models


def _concurrently(schema_editor: Any) -> dict[str, Any]:
    return {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}


def build_index(
    app_label: str, model_name: str, *, field: str = "", index: models.Index | None = None
) -> Any:
    """A ``RunPython`` that builds the index of ``field`` (a foreign key's, say) or ``index``, and
    drops it when the migration is unapplied."""

    def names(schema_editor: Any, model: Any) -> tuple[Any, str]:
        if index is not None:
            return index.create_sql(model, schema_editor, **_concurrently(schema_editor)), index.name
        column = model._meta.get_field(field).column
        fields = [model._meta.get_field(field)]
        sql = schema_editor._create_index_sql(model, fields=fields, **_concurrently(schema_editor))
        return sql, schema_editor._create_index_name(model._meta.db_table, [column], suffix="")

    def create(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        sql, _name = names(schema_editor, model)
        schema_editor.execute(sql)

    def drop(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        _sql, name = names(schema_editor, model)
        schema_editor.execute(schema_editor._delete_index_sql(model, name, **_concurrently(schema_editor)))

    return migrations.RunPython(create, drop)
