#!/usr/bin/env python3
"""Fail (exit 1, listing each problem) when the translation catalogues are not ready to ship.

Checks, for every ``locale/*/LC_MESSAGES/*.po``:

1. no entry is untranslated or fuzzy, and the header is not fuzzy;
2. placeholders survive translation (``%(name)s``, ``%d``, ``{name}``): a translation that loses or
   invents one would show a wrong sentence or raise at run time;
3. the ``.mo`` beside it is byte for byte what ``scripts/compile_messages.py`` makes of the ``.po``;
4. when GNU ``xgettext`` is on the PATH: no msgid used in the code is missing from the ``.po``.
   ``makemessages`` runs in a temporary copy of the tree (the real ``locale/`` is never touched)
   with the same options as ``make messages``, and the msgids it finds are compared with ours.
   Without gettext this step is skipped with a note; ``make messages`` needs it anyway.

Usage: ``python scripts/check_messages.py [--root DIR] [--skip-extraction]`` (``make check`` runs it).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib  # type: ignore[import-untyped]
from compile_messages import ROOT, catalogues, mo_bytes

# The same options as the Makefile's `messages` target.
MAKEMESSAGES_OPTIONS = ["--no-location", "--ignore", ".venv/*", "--ignore", "var/*"]
DOMAINS = ["django", "djangojs"]
# Not copied for the extraction run: environments, data, caches, and the catalogues themselves.
_NOT_COPIED = {
    ".git",
    ".venv",
    "var",
    "locale",
    "node_modules",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
    "test-results",
}

_PRINTF = re.compile(r"%(?:\((?P<name>[^)]+)\))?[#0\- +]*(?:\d+|\*)?(?:\.\d+)?(?P<conv>[diouxXeEfFgGcrsa%])")
_BRACE = re.compile(r"(?<!\{)\{(?P<name>[^{}!:]*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")

Key = tuple[str | None, str]


def _label(entry: polib.POEntry) -> str:
    text = entry.msgid if len(entry.msgid) <= 70 else entry.msgid[:67] + "..."
    return f"[{entry.msgctxt}] {text!r}" if entry.msgctxt else repr(text)


def _placeholders(text: str, flags: list[str]) -> tuple[set[str], int]:
    """Named placeholders and the count of positional ones, by the entry's format flag."""
    names: set[str] = set()
    positional = 0
    if "python-format" in flags:
        for match in _PRINTF.finditer(text):
            if match["conv"] == "%":
                continue
            if match["name"]:
                names.add(match["name"])
            else:
                positional += 1
    if "python-brace-format" in flags:
        for match in _BRACE.finditer(text):
            if match["name"]:
                names.add(match["name"])
            else:
                positional += 1
    return names, positional


def _placeholder_problem(entry: polib.POEntry) -> str | None:
    flags = list(entry.flags)
    if not ({"python-format", "python-brace-format"} & set(flags)):
        return None
    source_names, source_count = _placeholders(entry.msgid, flags)
    if not entry.msgid_plural:
        names, count = _placeholders(entry.msgstr, flags)
        if names != source_names or count != source_count:
            return f"placeholders differ from the msgid: {_label(entry)}"
        return None
    # A singular form may leave the number out ("one office"); the last form, used for "many"
    # (the only one in Khmer), must keep every placeholder of the plural msgid.
    plural_names, plural_count = _placeholders(entry.msgid_plural, flags)
    allowed = source_names | plural_names
    forms = [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    for position, form in enumerate(forms):
        names, count = _placeholders(form, flags)
        last = position == len(forms) - 1
        if (
            not names <= allowed
            or count > plural_count
            or (last and (names, count) != (plural_names, plural_count))
        ):
            return f"placeholders differ from the msgid: {_label(entry)}"
    return None


def catalogue_problems(po_path: Path, root: Path) -> list[str]:
    """Untranslated, fuzzy and broken entries of one ``.po``, and a stale or missing ``.mo``."""
    where = po_path.relative_to(root)
    po = polib.pofile(str(po_path))
    problems = []
    if po.metadata_is_fuzzy:
        problems.append(f"{where}: the header is marked fuzzy")
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"{where}: fuzzy: {_label(entry)}")
        elif not entry.translated():
            problems.append(f"{where}: untranslated: {_label(entry)}")
        else:
            problem = _placeholder_problem(entry)
            if problem:
                problems.append(f"{where}: {problem}")
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        problems.append(f"{where}: no .mo beside it (run scripts/compile_messages.py)")
    elif mo_path.read_bytes() != mo_bytes(po_path):
        problems.append(f"{mo_path.relative_to(root)}: out of date (run scripts/compile_messages.py)")
    return problems


def _keys(po_path: Path) -> set[Key]:
    if not po_path.exists():
        return set()
    return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(po_path)) if not entry.obsolete}


def _copy_tree(root: Path, target: Path) -> None:
    shutil.copytree(
        root, target, symlinks=True, ignore=lambda _dir, names: [n for n in names if n in _NOT_COPIED]
    )
    for po_path in catalogues(root / "locale"):
        copy = target / po_path.relative_to(root)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(po_path, copy)


def extraction_problems(root: Path) -> list[str] | None:
    """Msgids used in the code but absent from the ``.po`` files; None when gettext is missing."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        return None
    locales = sorted(path.name for path in (root / "locale").iterdir() if path.is_dir())
    if not locales:
        return []
    problems = []
    with tempfile.TemporaryDirectory(prefix="ourvoice-messages-") as tmp:
        copy = Path(tmp) / "tree"
        _copy_tree(root, copy)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "OURVOICE_DATA_DIR": str(Path(tmp) / "data"),
        }
        for domain in DOMAINS:
            locale_args = [arg for code in locales for arg in ("--locale", code)]
            command = [sys.executable, "manage.py", "makemessages", *locale_args, "--domain", domain]
            result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
                [*command, *MAKEMESSAGES_OPTIONS, "--verbosity", "0"],
                cwd=copy,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                problems.append(f"makemessages --domain {domain} failed: {result.stderr.strip()}")
                continue
            for code in locales:
                relative = Path("locale", code, "LC_MESSAGES", f"{domain}.po")
                found = _keys(copy / relative)
                ours = _keys(root / relative)
                for msgctxt, msgid in sorted(found - ours, key=lambda key: (key[1], key[0] or "")):
                    label = f"[{msgctxt}] {msgid!r}" if msgctxt else repr(msgid)
                    problems.append(f"{relative}: used in the code but missing (run make messages): {label}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="project root (default: this checkout)")
    parser.add_argument("--skip-extraction", action="store_true", help="do not run makemessages")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    problems = [problem for po in catalogues(root / "locale") for problem in catalogue_problems(po, root)]
    if not args.skip_extraction:
        missing = extraction_problems(root)
        if missing is None:
            print("note: GNU gettext (xgettext, msgmerge) not found: msgids in the code were not compared")
        else:
            problems.extend(missing)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} translation problem(s)", file=sys.stderr)
        return 1
    print(f"translations OK ({len(catalogues(root / 'locale'))} catalogue(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main())
