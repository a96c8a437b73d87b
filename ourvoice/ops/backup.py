"""Backup and restore of a whole installation: the database and the stored files, in one archive.

The archive is a tar file with ``manifest.json`` (format, kind, date, engine, the applied
migrations, rows of the main tables, and the size and SHA-256 of every other member), the
database, and ``files/<name>``: every file of the default storage (encrypted attachments,
generated files), byte for byte as stored, whatever the backend (a folder or S3-compatible).

The database part depends on the kind:

- ``postgresql`` (the default on PostgreSQL): ``database/``, a ``pg_dump`` directory-format dump
  written by ``--jobs`` processes in parallel, all of them in one snapshot that this module
  exports (``pg_export_snapshot``) and reads the attachment names from; restored by
  ``pg_restore --jobs``;
- ``sqlite`` (the default on SQLite): ``database.sqlite3``, a copy made by SQLite's online backup
  API (one consistent snapshot, writers go on) and restored by the same API;
- ``portable`` (``backup --portable``, format 1): every row as Django ``jsonl``, gzip-compressed
  (``database.jsonl.gz``). It does not depend on the engine: it is only the way a pilot on SQLite
  moves to PostgreSQL. Its restore inserts in batches (``bulk_create``), not one save per row.

Consistency: the stored files never change once written and are copied after the database
snapshot, so every file a row of the snapshot names is in the archive (the backup fails
otherwise); files written later are copied too and are harmless (the orphan clean-up removes them).

A restore goes only into an empty installation of the same release (no reports, no users, no
files), verifies every checksum of the manifest before it touches the database, and checks the row
counts afterwards. The archive holds no keys: restoring needs the same OURVOICE_RECEIPT_PEPPER,
OURVOICE_ENCRYPTION_KEY and OURVOICE_HMAC_KEY (and DJANGO_SECRET_KEY), kept apart from backups.
"""

import contextlib
import datetime
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone

from ourvoice.cases import search
from ourvoice.cases.search import handling_office_fill
from ourvoice.cases.tasks import build_search_indexes
from ourvoice.core.bulk_load import upkeep_deferred

PORTABLE_FORMAT = 1
NATIVE_FORMAT = 2
DATABASE_MEMBER = "database.jsonl.gz"
SQLITE_MEMBER = "database.sqlite3"
PG_PREFIX = "database/"
MANIFEST_MEMBER = "manifest.json"
FILES_PREFIX = "files/"
# Recreated by `migrate` itself (content types, permissions) or transient (sessions).
EXCLUDED = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session"})
# Counted in the snapshot and again after a native restore (the portable kind counts every model).
COUNTED = ("feedback.feedback", "cases.case", "cases.caseevent", "feedback.attachment", "accounts.user")
PORTABLE_BATCH = 2000
CHUNK = 1 << 20

Progress = Callable[[str], None]


class BackupError(Exception):
    """The archive cannot be written or restored; the message says why."""


@dataclass
class Summary:
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    kind: str = ""


def _quiet(message: str) -> None:
    pass


def default_jobs() -> int:
    """Parallel pg_dump / pg_restore processes: one per core, at most 8."""
    return max(1, min(8, os.cpu_count() or 1))


class _ExactJSONEncoder(DjangoJSONEncoder):
    """Times to the microsecond (Django's encoder keeps milliseconds): a restore is not an edit."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


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


def _counts() -> dict[str, int]:
    return {label: apps.get_model(label)._default_manager.count() for label in COUNTED}


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


class _Hashing(io.RawIOBase):
    """A reader that hashes what passes through it (tarfile reads the member from it once)."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source, self.digest = source, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.digest.update(data)
        return data


def _add(archive: tarfile.TarFile, name: str, data: IO[bytes], size: int) -> str:
    """Add one member; returns its SHA-256."""
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    reader = _Hashing(data)
    archive.addfile(info, reader)
    return reader.digest.hexdigest()


def _add_path(archive: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    size = path.stat().st_size
    with path.open("rb") as source:
        digest = _add(archive, name, source, size)
    return {"name": name, "size": size, "sha256": digest}


# --- Writing ---------------------------------------------------------------------------------


def _libpq_env() -> dict[str, str]:
    """The environment that points pg_dump, pg_restore and vacuumdb at this database."""
    settings_dict = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    env["PGDATABASE"] = str(settings_dict["NAME"])
    return env


def _run(command: list[str], progress: Progress, *, report: tuple[str, ...] = (), options: str = "") -> None:
    """Run a PostgreSQL client tool; lines of its (verbose) output that start with ``report``
    become progress, and its whole output becomes the error if it fails. ``options``: server
    settings for the tool's sessions (PGOPTIONS)."""
    executable = shutil.which(command[0])
    if executable is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).")
    process = subprocess.Popen(  # noqa: S603 (fixed tool, arguments built here)
        [executable, *command[1:]],
        env={**_libpq_env(), **({"PGOPTIONS": options} if options else {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line.rstrip())
        text = line.split(": ", 1)[-1].strip()
        if report and text.startswith(report):
            progress(f"database: {text}")
    if process.wait() != 0:
        raise BackupError(f"{command[0]} failed:\n" + "\n".join(lines[-20:]))


def _dump_postgresql(folder: Path, jobs: int, progress: Progress) -> dict[str, Any]:
    """pg_dump of one exported snapshot; returns what the snapshot says for the manifest."""
    from ourvoice.feedback.models import Attachment

    with snapshot():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot_id,) = cursor.fetchone()
        facts = {
            "migrations": applied_migrations(),
            "rows": _counts(),
            "attachments": set(Attachment.objects.values_list("stored_name", flat=True)),
        }
        progress(f"database: pg_dump with {jobs} job(s), snapshot {snapshot_id}")
        # Sessions are transient: their definition is dumped, not their rows.
        _run(
            [
                "pg_dump",
                "--format=directory",
                f"--jobs={jobs}",
                f"--snapshot={snapshot_id}",
                "--compress=1",  # the fastest zlib level: the dump is bound by time, not by space
                "--no-owner",
                "--no-privileges",
                "--exclude-table-data=django_session",
                "--verbose",
                f"--file={folder}",
            ],
            progress,
            report=("dumping contents of table",),
        )
    return facts


def _dump_sqlite(target: Path, progress: Progress) -> dict[str, Any]:
    """SQLite's online backup API: one consistent copy of every page, writers go on."""
    connection.ensure_connection()
    source = connection.connection
    copy = sqlite3.connect(target)
    try:
        source.backup(copy, pages=-1)
        copy.execute("DELETE FROM django_session")
        copy.commit()
        migrations = sorted([list(row) for row in copy.execute("SELECT app, name FROM django_migrations")])
        rows = {}
        for label in COUNTED:
            table = apps.get_model(label)._meta.db_table
            rows[label] = copy.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
        attachments = {row[0] for row in copy.execute("SELECT stored_name FROM feedback_attachment")}
    finally:
        copy.close()
    progress(f"database: copied ({target.stat().st_size:,} bytes)")
    return {"migrations": migrations, "rows": rows, "attachments": attachments}


def _dump_portable(target: IO[bytes], progress: Progress) -> dict[str, Any]:
    """Every row as JSON lines, in one snapshot."""
    from ourvoice.feedback.models import Attachment

    rows: dict[str, int] = {}
    with snapshot():
        migrations = applied_migrations()
        with gzip.open(target, "wt", encoding="utf-8") as out:
            for model in backup_models():
                queryset = model._default_manager.order_by(model._meta.pk.name)
                serializers.serialize(
                    "jsonl",
                    queryset.iterator(chunk_size=2000),
                    stream=out,
                    use_natural_foreign_keys=True,
                    cls=_ExactJSONEncoder,
                )
                rows[model._meta.label_lower] = count = queryset.count()
                if count:
                    progress(f"database: {model._meta.label_lower}: {count:,} rows")
        attachments = set(Attachment.objects.values_list("stored_name", flat=True))
    return {"migrations": migrations, "rows": rows, "attachments": attachments}


def backup_create(
    *, path: Path, progress: Progress = _quiet, portable: bool = False, jobs: int | None = None
) -> Summary:
    """Write the archive of the whole installation to ``path`` (replaced only when complete)."""
    jobs = jobs or default_jobs()
    path = Path(path)
    kind = "portable" if portable else connection.vendor
    if kind not in ("portable", "postgresql", "sqlite"):
        raise BackupError(f"No native backup for {connection.vendor}: use --portable.")
    summary = Summary(kind=kind)
    partial = path.with_name(path.name + ".partial")
    members: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as work:
        folder = Path(work)
        with tarfile.open(partial, "w") as archive:
            if kind == "postgresql":
                facts = _dump_postgresql(folder / "database", jobs, progress)
                for member in sorted((folder / "database").iterdir()):
                    members.append(_add_path(archive, PG_PREFIX + member.name, member))
                    member.unlink()
            elif kind == "sqlite":
                facts = _dump_sqlite(folder / SQLITE_MEMBER, progress)
                members.append(_add_path(archive, SQLITE_MEMBER, folder / SQLITE_MEMBER))
            else:
                with (folder / DATABASE_MEMBER).open("wb") as dump:
                    facts = _dump_portable(dump, progress)
                members.append(_add_path(archive, DATABASE_MEMBER, folder / DATABASE_MEMBER))
            summary.rows = facts["rows"]
            files = _add_files(archive, summary, progress)
            missing = {f"attachments/{name}" for name in facts["attachments"]} - {f["name"] for f in files}
            if missing:
                raise BackupError(
                    f"{len(missing)} attachment file(s) are missing from storage: {sorted(missing)[:5]}"
                )
            manifest = {
                "format": PORTABLE_FORMAT if kind == "portable" else NATIVE_FORMAT,
                "kind": kind,
                "created_at": timezone.now().isoformat(),
                "engine": connection.vendor,
                "migrations": facts["migrations"],
                "rows": summary.rows,
                "members": members,
                "files": files,
            }
            body = json.dumps(manifest, indent=1).encode()
            _add(archive, MANIFEST_MEMBER, io.BytesIO(body), len(body))
    os.replace(partial, path)
    return summary


def _add_files(archive: tarfile.TarFile, summary: Summary, progress: Progress) -> list[dict[str, Any]]:
    files: list[dict[str, Any]] = []
    names = list(storage_names(default_storage))
    for number, name in enumerate(names, start=1):
        with default_storage.open(name, "rb") as stored:
            data = stored.read()
        digest = _add(archive, FILES_PREFIX + name, io.BytesIO(data), len(data))
        files.append({"name": name, "size": len(data), "sha256": digest})
        summary.files, summary.bytes = number, summary.bytes + len(data)
        if number % 100 == 0 or number == len(names):
            progress(f"files: {number:,} of {len(names):,} ({summary.bytes:,} bytes)")
    return files


# --- Restoring -------------------------------------------------------------------------------


def read_manifest(path: Path) -> dict[str, Any]:
    with tarfile.open(path, "r") as archive:
        return _read_manifest(archive)


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile(MANIFEST_MEMBER)
    except KeyError as error:
        raise BackupError("Not an Our Voice backup: it has no manifest.json.") from error
    assert member is not None
    manifest: dict[str, Any] = json.load(member)
    if manifest.get("format") not in (PORTABLE_FORMAT, NATIVE_FORMAT):
        raise BackupError(
            f"Unknown backup format {manifest.get('format')!r}; this version reads "
            f"{PORTABLE_FORMAT} and {NATIVE_FORMAT}."
        )
    manifest.setdefault("kind", "portable")
    manifest.setdefault("members", [])
    return manifest


def check_target(manifest: dict[str, Any]) -> None:
    """Refuse an installation that holds anything, or is of another release."""
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
    if manifest["kind"] not in ("portable", connection.vendor):
        raise BackupError(
            f"This is a {manifest['kind']} backup and the database is {connection.vendor}: restore it "
            "into the same engine, or make a portable backup (backup --portable) to move engines."
        )
    if any(True for _ in storage_names(default_storage)):
        raise BackupError("The file storage is not empty: restore only into an empty installation.")


def _extract_checked(archive: tarfile.TarFile, entry: dict[str, Any], target: Path) -> None:
    """Copy one member to ``target``, failing if its checksum is not the manifest's."""
    member = archive.extractfile(entry["name"])
    if member is None:
        raise BackupError(f"{entry['name']} is missing from the archive.")
    digest = hashlib.sha256()
    with target.open("wb") as out:
        while chunk := member.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != entry["sha256"]:
        raise BackupError(f"{entry['name']} is damaged in the archive (checksum mismatch).")


def _verify_files(archive: tarfile.TarFile, manifest: dict[str, Any], progress: Progress) -> None:
    """Every stored file of the archive against its checksum, before anything is restored."""
    for entry in manifest["files"]:
        member = archive.extractfile(FILES_PREFIX + entry["name"])
        if member is None:
            raise BackupError(f"{entry['name']} is missing from the archive.")
        if hashlib.sha256(member.read()).hexdigest() != entry["sha256"]:
            raise BackupError(f"{entry['name']} is damaged in the archive (checksum mismatch).")
    progress(f"files: {len(manifest['files']):,} checksums verified")


def _restore_list_without(folder: Path, index: str) -> Path:
    """pg_restore's table of contents of the dump in ``folder`` without the entry that builds
    ``index`` (``--use-list``): the worker builds that one after the restore."""
    executable = shutil.which("pg_restore")
    if executable is None:
        raise BackupError("pg_restore is not installed (Debian: postgresql-client).")
    listing = subprocess.run(  # noqa: S603 (fixed tool, arguments built here)
        [executable, "--list", str(folder)], capture_output=True, text=True, check=True
    ).stdout
    # An entry reads "4012; 1259 16901 INDEX public feedback_office_trigram_keys postgres".
    entry = re.compile(rf"^\d+; \d+ \d+ INDEX \S+ {re.escape(index)} ")
    kept = folder.parent / "restore.list"
    kept.write_text("".join(line for line in listing.splitlines(keepends=True) if not entry.match(line)))
    return kept


def _restore_postgresql(folder: Path, jobs: int, progress: Progress) -> None:
    connection.close()  # pg_restore replaces the (empty) tables this connection may know
    _run(
        [
            "pg_restore",
            f"--jobs={jobs}",
            f"--use-list={_restore_list_without(folder, search.OFFICE_TRIGRAM_INDEX)}",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--verbose",
            f"--dbname={connection.settings_dict['NAME']}",
            str(folder),
        ],
        progress,
        report=("processing data for table",),
        # Index builds (the trigram index above all) are bound by this memory; the restore's own
        # sessions do not wait for each commit to reach the disk (a failed restore is redone).
        options=f"-c maintenance_work_mem={settings.RESTORE_MAINTENANCE_WORK_MEM} -c synchronous_commit=off",
    )
    progress("database: analyzing (planner statistics)")
    _run(["vacuumdb", "--analyze-only", f"--jobs={jobs}"], progress)


def _restore_sqlite(source: Path, progress: Progress) -> None:
    connection.ensure_connection()
    copy = sqlite3.connect(source)
    try:
        copy.backup(connection.connection, pages=-1)
    finally:
        copy.close()
    progress("database: copied back")


@contextlib.contextmanager
def _natural_keys_cached() -> Iterator[None]:
    """The deserializer finds a user named by natural key with one query per row: cache them."""
    manager_class: Any = type(get_user_model()._default_manager)
    original = manager_class.get_by_natural_key
    found: dict[tuple[Any, ...], Any] = {}

    def cached(self: Any, *key: Any) -> Any:
        if key not in found:
            found[key] = original(self, *key)
        return found[key]

    manager_class.get_by_natural_key = cached
    try:
        yield
    finally:
        manager_class.get_by_natural_key = original


def _clear_tables() -> None:
    """Remove the rows `migrate` seeded (categories, ...): the archive brings its own."""
    tables = [model._meta.db_table for model in backup_models()]
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
    statements = connection.ops.sql_flush(
        no_style(), [t for t in tables if t in existing], reset_sequences=False, allow_cascade=True
    )
    connection.ops.execute_sql_flush(statements)


def _insert_rows(model: type[Model], objects: list[Model]) -> None:
    """Write rows exactly as stored: COPY on PostgreSQL (no SQL text to build per row), one
    prepared INSERT elsewhere. Not bulk_create: it would stamp `auto_now` fields with today."""
    fields = [f for f in model._meta.concrete_fields if not f.generated]
    database = connections[DEFAULT_DB_ALIAS]  # not the `connection` proxy: a lookup per value
    rows = ([f.get_db_prep_save(getattr(o, f.attname), database) for f in fields] for o in objects)
    table, columns = model._meta.db_table, [f.column for f in fields]
    quote = database.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with database.cursor() as cursor:
        if database.vendor == "postgresql":
            with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", list(rows))  # noqa: S608


def _load_portable(dump: Path, progress: Progress) -> None:
    """Insert every row of a portable dump in batches, model by model."""
    pending: dict[type[Model], list[Model]] = defaultdict(list)
    through: dict[type[Model], list[Model]] = defaultdict(list)
    deferred = []
    loaded: dict[str, int] = defaultdict(int)

    def flush(model: type[Model]) -> None:
        _insert_rows(model, pending.pop(model))

    with gzip.open(dump, "rt", encoding="utf-8") as stream, _natural_keys_cached():
        for item in serializers.deserialize("jsonl", stream, handle_forward_references=True):
            model = type(item.object)
            for other in [m for m in pending if m is not model]:
                flush(other)  # the dump goes model by model: earlier ones are complete (natural keys)
            pending[model].append(item.object)
            for name, values in (item.m2m_data or {}).items():
                m2m = model._meta.get_field(name)
                link = m2m.remote_field.through  # type: ignore[union-attr]
                for value in values:
                    through[link].append(
                        link(**{m2m.m2m_field_name() + "_id": item.object.pk, m2m.m2m_reverse_name(): value})  # type: ignore[union-attr]
                    )
            if item.deferred_fields:
                deferred.append(item)
            label = model._meta.label_lower
            loaded[label] += 1
            if len(pending[model]) >= PORTABLE_BATCH:
                flush(model)
            if loaded[label] % 100_000 == 0:
                progress(f"database: {label}: {loaded[label]:,} rows")
        for model in list(pending):
            flush(model)
        for link, rows in through.items():
            link._default_manager.bulk_create(rows, batch_size=PORTABLE_BATCH)
        for item in deferred:
            item.save_deferred_fields()
    models = backup_models()
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def _bulk_upkeep(progress: Progress) -> contextlib.AbstractContextManager[None]:
    """On PostgreSQL, the indexes and foreign keys are built once after the rows, not row by row."""
    if connection.vendor != "postgresql":
        return contextlib.nullcontext()
    tables = [model._meta.db_table for model in backup_models()]
    return upkeep_deferred(tables, progress, later=[search.OFFICE_TRIGRAM_INDEX])


def _search_index_left_to_the_worker(progress: Progress) -> None:
    """The slowest index to build (tens of minutes over 10 million reports) is built by the worker
    while the site serves; searches take a slower plan until it is valid (cases/search.py)."""
    if connection.vendor == "postgresql":
        progress(
            f"database: the search index {search.OFFICE_TRIGRAM_INDEX} is built by the worker next "
            "(or now: manage.py search_index_build)"
        )
        build_search_indexes()


def _rebuild_search_index() -> None:
    if connection.vendor != "sqlite":
        return  # PostgreSQL's search vector is a generated column: it came back with the rows.
    from ourvoice.cases.search import FTS_TABLE

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, search_seg) SELECT id, search_seg FROM feedback_feedback"  # noqa: S608
        )


def _check_counts(expected: dict[str, int]) -> None:
    for label, count in expected.items():
        found = apps.get_model(label)._default_manager.count()
        if found != count:
            raise BackupError(f"{label}: {found} rows restored, the backup has {count}.")


def backup_restore(*, path: Path, progress: Progress = _quiet, jobs: int | None = None) -> Summary:
    """Restore an archive into this (migrated, empty) installation: rows first, then files."""
    jobs = jobs or default_jobs()
    summary = Summary()
    with tarfile.open(path, "r") as archive:
        manifest = _read_manifest(archive)
        summary.kind = manifest["kind"]
        check_target(manifest)
        _verify_files(archive, manifest, progress)
        with tempfile.TemporaryDirectory(dir=Path(path).parent, prefix=".restore-") as work:
            folder = Path(work)
            if manifest["kind"] == "portable":
                entry = next((m for m in manifest["members"] if m["name"] == DATABASE_MEMBER), None)
                dump = folder / DATABASE_MEMBER
                if entry is None:  # format 1 from before checksums of the database part
                    member = archive.extractfile(DATABASE_MEMBER)
                    if member is None:
                        raise BackupError("The backup has no database part.")
                    with dump.open("wb") as out:
                        shutil.copyfileobj(member, out, CHUNK)
                else:
                    _extract_checked(archive, entry, dump)
                progress(f"database: loading {sum(manifest['rows'].values()):,} rows")
                with transaction.atomic():
                    _clear_tables()
                    with _bulk_upkeep(progress):
                        _load_portable(dump, progress)
                        handling_office_fill()  # derived by a trigger, off for the load
                    _rebuild_search_index()
                    _check_counts(manifest["rows"])
            else:
                for entry in manifest["members"]:
                    target = folder / entry["name"]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    _extract_checked(archive, entry, target)
                progress(f"database: {len(manifest['members'])} part(s) verified")
                if manifest["kind"] == "postgresql":
                    _restore_postgresql(folder / PG_PREFIX, jobs, progress)
                else:
                    _restore_sqlite(folder / SQLITE_MEMBER, progress)
                _check_counts(manifest["rows"])
            summary.rows = manifest["rows"]
        for number, entry in enumerate(manifest["files"], start=1):
            summary.files, summary.bytes = number, summary.bytes + entry["size"]
            _restore_file(archive, entry)
            if number % 100 == 0 or number == len(manifest["files"]):
                progress(f"files: {number:,} of {len(manifest['files']):,} ({summary.bytes:,} bytes)")
    _search_index_left_to_the_worker(progress)  # last: everything is back whatever the queue does
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
