#!/usr/bin/env python3
"""Fail (exit 1) when a new migration would lock a large table or break the release before it.

``make check`` runs it. It is django-migration-linter (a well-kept linter, pinned in
requirements-dev.txt) over the project's own migrations, with these choices:

- **only migrations after the baseline** (``scripts/migration-lint-baseline.txt``: every migration
  that existed when the linter came in, already applied in production): those are history;
- **every warning is an error**: adding a NOT NULL column without a database default, dropping or
  renaming a column or a table, changing a column's type (the running release would fail against
  the new schema: see the rolling upgrade in docs/operations.md), a data migration without a
  reverse, and ``CREATE INDEX`` without ``CONCURRENTLY`` on an existing table (PostgreSQL blocks
  every write to the table while the index is built: minutes on the case events);
- the SQL checked is PostgreSQL's when ``DATABASE_URL`` points at PostgreSQL, else SQLite's (``make
  check`` needs no server) with PostgreSQL's index rule added, since its ``CREATE INDEX`` reads the
  same.

A migration that is safe all the same says why in a ``lint_exempt`` attribute of its class (the
linter's own ``IgnoreMigration()`` operation would make migrating need a development package):
e.g. a NOT NULL column with a database default, which SQLite can only add by rebuilding the table
(what the linter sees here) and PostgreSQL adds without a rewrite.
Usage: ``python scripts/lint_migrations.py [--baseline-update]`` (the latter after a release).
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scripts" / "migration-lint-baseline.txt"
sys.path.insert(0, str(ROOT))


def _setup() -> None:
    from config import default_settings_module

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings_module())
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        os.environ["DATABASE_URL"] = "sqlite://:memory:"  # nothing on disk is touched
    import logging

    import django

    django.setup()
    logging.getLogger("django_migration_linter").setLevel(logging.WARNING)


def project_migrations() -> list[tuple[str, str]]:
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection, ignore_no_migrations=True, load=False)
    loader.load_disk()
    return sorted(
        (app, name)
        for (app, name), migration in loader.disk_migrations.items()
        if type(migration).__module__.startswith("ourvoice.")
    )


def exempt_migrations() -> dict[tuple[str, str], str]:
    """The project's migrations that say why they are safe (``lint_exempt``), with the reason."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection, ignore_no_migrations=True, load=False)
    loader.load_disk()
    return {
        key: str(migration.lint_exempt)  # type: ignore[attr-defined]
        for key, migration in loader.disk_migrations.items()
        if getattr(migration, "lint_exempt", "")
    }


def read_baseline() -> set[tuple[str, str]]:
    lines = [line.strip() for line in BASELINE.read_text().splitlines()]
    return {tuple(line.split(".", 1)) for line in lines if line and not line.startswith("#")}  # type: ignore[misc]


def lint(baseline: set[tuple[str, str]]) -> bool:
    """True when every migration after the baseline passes."""
    from django.db import connection
    from django_migration_linter import MigrationLinter
    from django_migration_linter.sql_analyser.postgresql import PostgresqlAnalyser
    from django_migration_linter.sql_analyser.sqlite import SqliteAnalyser

    class SqliteWithIndexLocks(SqliteAnalyser):
        migration_checks = [
            *SqliteAnalyser.migration_checks,
            *[c for c in PostgresqlAnalyser.migration_checks if c.code == "CREATE_INDEX"],
        ]

    exempt = exempt_migrations()

    class Linter(MigrationLinter):
        def should_ignore_migration(self, app_label: str, migration_name: str, *args, **kwargs) -> bool:
            if (app_label, migration_name) in baseline:
                return True
            if (app_label, migration_name) in exempt:
                print(f"({app_label}, {migration_name})... exempt: {exempt[app_label, migration_name]}")
                return True
            return bool(super().should_ignore_migration(app_label, migration_name, *args, **kwargs))

    apps = sorted({app for app, _name in project_migrations()})
    linter = Linter(
        path=str(ROOT),
        include_apps=apps,
        no_cache=True,
        all_warnings_as_errors=True,
        ignore_initial_migrations=True,  # a new app's tables: nothing running reads them yet
        quiet=["ignore", "ok"],
    )
    if connection.vendor != "postgresql":
        linter.sql_analyser_class = SqliteWithIndexLocks
    linter.lint_all_migrations()
    new = linter.nb_total - linter.nb_ignored
    print(f"Migrations after the baseline: {new}, with problems: {linter.nb_erroneous}.")
    return not linter.has_errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline-update", action="store_true", help="Record every migration as history.")
    options = parser.parse_args()
    _setup()
    if options.baseline_update:
        lines = [f"{app}.{name}" for app, name in project_migrations()]
        header = "# Migrations already released: scripts/lint_migrations.py checks only later ones.\n"
        BASELINE.write_text(header + "\n".join(lines) + "\n")
        print(f"{len(lines)} migrations recorded in {BASELINE.relative_to(ROOT)}.")
        return 0
    return 0 if lint(read_baseline()) else 1


if __name__ == "__main__":
    sys.exit(main())
