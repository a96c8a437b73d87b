"""Writes to the gazetteer: loading the shipped NCDD files (data/SOURCE.md) into the database."""

import csv
import hashlib
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from tqdm import tqdm

from ourvoice.core import khmer
from ourvoice.geo import search
from ourvoice.geo.models import Commune, District, GazetteerLoad, Place, Province, Village
from ourvoice.geo.search import build_search_text

DATA_DIR = Path(__file__).resolve().parent / "data"
_COLUMNS = ["code", "parent_code", "type", "name_km", "name_en"]
_NAME_MAX_LENGTH = 200  # Place.name_km / name_en
_BATCH_SIZE = 500


class GazetteerError(ValueError):
    """The files do not describe a consistent gazetteer; nothing was written."""


@dataclass(frozen=True)
class _Level:
    name: str
    model: type[Place]
    filename: str
    code_length: int
    types: frozenset[str]
    parent_field: str | None  # the foreign key to the level above, None for provinces
    has_type: bool = True  # villages have no type field

    @property
    def fields(self) -> list[str]:
        """The fields a load writes (``bulk_update`` names the foreign key without ``_id``)."""
        fields = ["name_km", "name_en", "search_text"]
        if self.parent_field:
            fields.append(self.parent_field)
        if self.has_type:
            fields.append("type")
        return fields


_LEVELS = (
    _Level("province", Province, "provinces.csv", 2, frozenset(Province.Type.values), None),
    _Level("district", District, "districts.csv", 4, frozenset(District.Type.values), "province"),
    _Level("commune", Commune, "communes.csv", 6, frozenset(Commune.Type.values), "district"),
    _Level("village", Village, "villages.csv", 8, frozenset({"village"}), "commune", has_type=False),
)


@dataclass
class LevelCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Rows in the database that the files no longer list. They are kept, because offices and
    # cases may point to them; an administrator decides what happens to them.
    not_in_files: int = 0


@dataclass
class GazetteerLoadResult:
    levels: dict[str, LevelCounts] = field(default_factory=dict)
    # The same files were loaded last time (and the search keys are made the same way): skipped.
    skipped: bool = False

    @property
    def changed(self) -> bool:
        return any(counts.created or counts.updated for counts in self.levels.values())


@dataclass(frozen=True)
class _Row:
    code: str
    parent_code: str
    type: str
    name_km: str
    name_en: str


def _read_rows(level: _Level, path: Path, parent_codes: set[str] | None) -> list[_Row]:
    """Read and check one level's file, so that a broken file is refused before anything is written.

    The checks replace ``full_clean()`` on each of the 16,000 objects (house rule 6), which would
    also run one uniqueness query per row.
    """
    rows: list[_Row] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        if reader.fieldnames != _COLUMNS:
            raise GazetteerError(f"{path.name}: expected the columns {_COLUMNS}, found {reader.fieldnames}")
        for line, record in enumerate(reader, start=2):
            row = _Row(**{column: (record[column] or "").strip() for column in _COLUMNS})
            problem = _row_problem(level, row, seen, parent_codes)
            if problem:
                raise GazetteerError(f"{path.name}, line {line}: {problem}")
            seen.add(row.code)
            rows.append(row)
    return rows


def _row_problem(level: _Level, row: _Row, seen: set[str], parent_codes: set[str] | None) -> str:
    if len(row.code) != level.code_length or not (row.code.isascii() and row.code.isdigit()):
        return f"code {row.code!r} is not {level.code_length} digits"
    if row.code in seen:
        return f"code {row.code} appears twice"
    if row.type not in level.types:
        return f"type {row.type!r} is not one of {sorted(level.types)}"
    if not row.name_km or not row.name_en:
        return f"code {row.code} has an empty name"
    if max(len(row.name_km), len(row.name_en)) > _NAME_MAX_LENGTH:
        return f"code {row.code} has a name longer than {_NAME_MAX_LENGTH} characters"
    if parent_codes is None:
        return "" if not row.parent_code else f"code {row.code} has a parent but is a province"
    if row.parent_code not in parent_codes or not row.code.startswith(row.parent_code):
        return f"code {row.code} has the unknown or mismatched parent {row.parent_code!r}"
    return ""


def _read_aliases(path: Path) -> dict[str, list[str]]:
    """Alternative spellings by code (data/ALIASES.md); an absent file means none."""
    aliases: dict[str, list[str]] = defaultdict(list)
    if not path.exists():
        return aliases
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        if reader.fieldnames != ["code", "alias"]:
            raise GazetteerError(f"{path.name}: expected the columns ['code', 'alias']")
        for record in reader:
            alias = (record["alias"] or "").strip()
            if alias:
                aliases[(record["code"] or "").strip()].append(alias)
    return aliases


def _values(level: _Level, row: _Row, aliases: dict[str, list[str]]) -> dict[str, str]:
    """The stored fields of one row (by attribute name), search keys included."""
    values = {
        "name_km": row.name_km,
        "name_en": row.name_en,
        "search_text": build_search_text([row.name_km, row.name_en, *aliases.get(row.code, [])]),
    }
    if level.parent_field:
        values[f"{level.parent_field}_id"] = row.parent_code
    if level.has_type:
        values["type"] = row.type
    return values


def _load_level(
    level: _Level, rows: list[_Row], aliases: dict[str, list[str]], progress: bool
) -> LevelCounts:
    counts = LevelCounts()
    existing: dict[str, Place] = {obj.pk: obj for obj in level.model._default_manager.all()}
    to_create: list[Place] = []
    to_update: list[Place] = []
    for row in tqdm(rows, desc=level.model._meta.verbose_name_plural, disable=not progress, file=sys.stderr):
        values = _values(level, row, aliases)
        obj = existing.pop(row.code, None)
        if obj is None:
            to_create.append(level.model(code=row.code, **values))
        elif any(getattr(obj, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            to_update.append(obj)
        else:
            counts.unchanged += 1
    level.model._default_manager.bulk_create(to_create, batch_size=_BATCH_SIZE)
    level.model._default_manager.bulk_update(to_update, level.fields, batch_size=_BATCH_SIZE)
    counts.created, counts.updated, counts.not_in_files = len(to_create), len(to_update), len(existing)
    return counts


def _fingerprint(data_dir: Path) -> str:
    """The files and the code that turns names into search keys: what a load's result depends on."""
    digest = hashlib.sha256()
    sources = [data_dir / name for name in ("aliases.csv", *(level.filename for level in _LEVELS))]
    for path in [*sources, Path(khmer.__file__), Path(search.__file__)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def gazetteer_load(
    *, data_dir: Path = DATA_DIR, progress: bool = False, force: bool = False
) -> GazetteerLoadResult:
    """Create or update every province, district, commune and village from the CSV files.

    Safe to run again: rows are matched by code, unchanged rows are not written, changed names
    and search keys (after a gazetteer refresh or a new alias) are updated, and pilot flags set by
    administrators are kept. Everything happens in one transaction, after every file is checked.
    When the files (and the search-key code) are those of the last complete load, nothing is
    read or compared (``skipped``; ``force`` compares anyway, e.g. after an edit in the admin).
    """
    fingerprint = _fingerprint(data_dir)
    if not force and GazetteerLoad.objects.filter(pk=1, fingerprint=fingerprint).exists():
        return GazetteerLoadResult(skipped=True)
    aliases = _read_aliases(data_dir / "aliases.csv")
    files: list[tuple[_Level, list[_Row]]] = []
    parent_codes: set[str] | None = None
    for level in _LEVELS:
        rows = _read_rows(level, data_dir / level.filename, parent_codes)
        files.append((level, rows))
        parent_codes = {row.code for row in rows}
    all_codes = {row.code for _, rows in files for row in rows}
    unknown = sorted(set(aliases) - all_codes)
    if unknown:
        raise GazetteerError(f"aliases.csv: no place has the code(s) {', '.join(unknown)}")

    result = GazetteerLoadResult()
    with transaction.atomic():
        for level, rows in files:
            result.levels[level.name] = _load_level(level, rows, aliases, progress)
        GazetteerLoad.objects.update_or_create(pk=1, defaults={"fingerprint": fingerprint})
    return result
