"""Backup and restore of a whole installation: the database and the stored files, in one archive.

The archive is a tar file:

- ``manifest.json``: format version, date, database engine, the applied migrations, rows per
  model, and every file with its size and SHA-256;
- ``database.jsonl.gz``: every row of every model (except what migrations recreate: content
  types, permissions, and sessions, which are transient), one JSON object per line, written by
  Django's ``jsonl`` serializer. The form does not depend on the database engine, so a backup of
  a SQLite install restores into PostgreSQL (how a pilot on one machine moves to servers);
- ``files/<name>``: every file of the default storage (encrypted attachments, generated files),
  byte for byte as stored, whatever the backend (a folder or S3-compatible storage).

Consistency: the rows are read in one snapshot (PostgreSQL: a REPEATABLE READ, READ ONLY
transaction; SQLite: one read transaction of its write-ahead log), so they agree with each other
while the site keeps taking reports. Stored files never change once written and are copied after
the snapshot, so every file a row of the snapshot names is in the archive; files written later
are copied too and are harmless (the orphan clean-up removes them after a restore).

The archive holds no keys: restoring needs the same OURVOICE_RECEIPT_PEPPER,
OURVOICE_ENCRYPTION_KEY and OURVOICE_HMAC_KEY (and DJANGO_SECRET_KEY), kept apart from backups.
"""

import contextlib
import gzip
import hashlib
import io
import json
import os
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone

FORMAT = 1
DATABASE_MEMBER = "database.jsonl.gz"
MANIFEST_MEMBER = "manifest.json"
FILES_PREFIX = "files/"
# Recreated by `migrate` itself (content types, permissions) or transient (sessions).
EXCLUDED = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session"})

Progress = Callable[[str], None]


class BackupError(Exception):
    """The archive cannot be written or restored; the message says why."""


@dataclass
class Summary:
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0


def _quiet(message: str) -> None:
    pass


def backup_models() -> list[type[Model]]:
    """Every concrete model, ordered so that natural-key targets come first (as dumpdata)."""
    app_list: dict[Any, list[type[Model]] | None] = {}
    for config in apps.get_app_configs():
        models = [
            model
            for model in config.get_models()
            if model._meta.label_lower not in EXCLUDED and model._meta.managed and not model._meta.proxy
        ]
        if models:
            app_list[config] = models
    return serializers.sort_dependencies(app_list.items(), allow_cycles=True)


def applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


@contextlib.contextmanager
def snapshot() -> Iterator[None]:
    """Reads inside see one consistent state of the database, without blocking writers."""
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        # Django's atomic() would BEGIN IMMEDIATE (settings) and stop every writer meanwhile; a
        # deferred read transaction in WAL mode sees one snapshot and lets them go on.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
            try:
                yield
            finally:
                cursor.execute("COMMIT")
        return
    with transaction.atomic():
        yield


def storage_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in ``storage``, recursively, whatever the backend."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:  # a local folder not created yet: nothing stored
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for directory in sorted(directories):
        yield from storage_names(storage, f"{folder}/{directory}" if folder else directory)


def _add(archive: tarfile.TarFile, name: str, data: IO[bytes], size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, data)


def _dump_database(target: IO[bytes], progress: Progress) -> tuple[dict[str, int], list[list[str]], set[str]]:
    """Write every row as JSON lines; returns rows per model, migrations and attachment names."""
    from ourvoice.feedback.models import Attachment

    rows: dict[str, int] = {}
    with snapshot():
        migrations = applied_migrations()
        with gzip.open(target, "wt", encoding="utf-8") as out:
            for model in backup_models():
                queryset = model._default_manager.order_by(model._meta.pk.name)
                serializers.serialize(
                    "jsonl", queryset.iterator(chunk_size=2000), stream=out, use_natural_foreign_keys=True
                )
                rows[model._meta.label_lower] = count = queryset.count()
                if count:
                    progress(f"database: {model._meta.label_lower}: {count:,} rows")
        attachments = set(Attachment.objects.values_list("stored_name", flat=True))
    return rows, migrations, attachments


def backup_create(*, path: Path, progress: Progress = _quiet) -> Summary:
    """Write the archive of the whole installation to ``path`` (replaced only when complete)."""
    summary = Summary()
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryFile() as dump, tarfile.open(partial, "w") as archive:
        summary.rows, migrations, attachments = _dump_database(dump, progress)
        size = dump.tell()
        dump.seek(0)
        _add(archive, DATABASE_MEMBER, dump, size)
        files: list[dict[str, Any]] = []
        names = list(storage_names(default_storage))
        for number, name in enumerate(names, start=1):
            with default_storage.open(name, "rb") as stored:
                data = stored.read()
            _add(archive, FILES_PREFIX + name, io.BytesIO(data), len(data))
            files.append({"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
            summary.files, summary.bytes = number, summary.bytes + len(data)
            if number % 100 == 0 or number == len(names):
                progress(f"files: {number:,} of {len(names):,} ({summary.bytes:,} bytes)")
        missing = {f"attachments/{name}" for name in attachments} - {f["name"] for f in files}
        if missing:
            raise BackupError(
                f"{len(missing)} attachment file(s) are missing from storage: {sorted(missing)[:5]}"
            )
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "migrations": migrations,
            "rows": summary.rows,
            "files": files,
        }
        body = json.dumps(manifest, indent=1).encode()
        _add(archive, MANIFEST_MEMBER, io.BytesIO(body), len(body))
    os.replace(partial, path)
    return summary


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile(MANIFEST_MEMBER)
    except KeyError as error:
        raise BackupError("Not an Our Voice backup: it has no manifest.json.") from error
    assert member is not None
    manifest: dict[str, Any] = json.load(member)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}; this version reads {FORMAT}.")
    return manifest


def _check_target(manifest: dict[str, Any]) -> None:
    from ourvoice.accounts.models import User
    from ourvoice.feedback.models import Feedback

    if Feedback.objects.exists() or User.objects.exists():
        raise BackupError(
            "The database already holds reports or users: restore only into an empty installation."
        )
    here, there = applied_migrations(), manifest["migrations"]
    if here != there:
        missing = [f"{a}.{n}" for a, n in there if [a, n] not in here]
        extra = [f"{a}.{n}" for a, n in here if [a, n] not in there]
        raise BackupError(
            "The backup was made by another version of Our Voice: restore it with that version, then "
            f"upgrade. Migrations only in the backup: {missing[:5]}; only here: {extra[:5]}."
        )
    if any(True for _ in storage_names(default_storage)):
        raise BackupError("The file storage is not empty: restore only into an empty installation.")


def _clear_tables() -> None:
    """Remove the rows `migrate` seeded (categories, ...): the archive brings its own."""
    tables = [model._meta.db_table for model in backup_models()]
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
    statements = connection.ops.sql_flush(
        no_style(), [t for t in tables if t in existing], reset_sequences=False, allow_cascade=True
    )
    connection.ops.execute_sql_flush(statements)


def _rebuild_search_index() -> None:
    if connection.vendor != "sqlite":
        return  # PostgreSQL's search vector is a generated column: it came back with the rows.
    from ourvoice.cases.search import FTS_TABLE

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, search_seg) SELECT id, search_seg FROM feedback_feedback"  # noqa: S608
        )


def backup_restore(*, path: Path, progress: Progress = _quiet) -> Summary:
    """Restore an archive into this (migrated, empty) installation: rows first, then files."""
    summary = Summary()
    with tarfile.open(path, "r") as archive:
        manifest = _read_manifest(archive)
        _check_target(manifest)
        with tempfile.TemporaryDirectory() as folder:
            dump = Path(folder) / DATABASE_MEMBER
            member = archive.extractfile(DATABASE_MEMBER)
            if member is None:
                raise BackupError("The backup has no database part.")
            with dump.open("wb") as out:
                while chunk := member.read(1 << 20):
                    out.write(chunk)
            progress(f"database: loading {sum(manifest['rows'].values()):,} rows")
            with transaction.atomic():
                _clear_tables()
                call_command("loaddata", str(dump), verbosity=0)
                _rebuild_search_index()
                for label, expected in manifest["rows"].items():
                    found = apps.get_model(label)._default_manager.count()
                    if found != expected:
                        raise BackupError(f"{label}: {found} rows restored, the backup has {expected}.")
            summary.rows = manifest["rows"]
        for number, entry in enumerate(manifest["files"], start=1):
            summary.files, summary.bytes = number, summary.bytes + entry["size"]
            _restore_file(archive, entry)
            if number % 100 == 0 or number == len(manifest["files"]):
                progress(f"files: {number:,} of {len(manifest['files']):,} ({summary.bytes:,} bytes)")
    return summary


def _restore_file(archive: tarfile.TarFile, entry: dict[str, Any]) -> None:
    member = archive.extractfile(FILES_PREFIX + entry["name"])
    if member is None:
        raise BackupError(f"{entry['name']} is missing from the archive.")
    data = member.read()
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise BackupError(f"{entry['name']} is damaged in the archive (checksum mismatch).")
    saved = default_storage.save(entry["name"], ContentFile(data))
    if saved != entry["name"]:
        raise BackupError(f"{entry['name']} was stored as {saved}: the file storage was not empty.")
