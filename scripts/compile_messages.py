#!/usr/bin/env python3
"""Compile every ``locale/*/LC_MESSAGES/*.po`` into its ``.mo`` with polib (no GNU gettext needed).

The output is a pure function of the ``.po`` file (entries sorted, no timestamps added), so running
it twice changes nothing and ``scripts/check_messages.py`` can tell a stale ``.mo`` by comparing
bytes. Fuzzy and untranslated entries are left out, as ``msgfmt`` does.

Usage: ``python scripts/compile_messages.py [--locale-dir DIR]`` (``make messages`` runs it).
"""

import argparse
import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"


def catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Every ``.po`` file under ``locale_dir``, in a stable order."""
    return sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


def mo_bytes(po_path: Path) -> bytes:
    """The ``.mo`` content compiled from ``po_path``."""
    return bytes(polib.pofile(str(po_path)).to_binary())


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Write each ``.mo`` whose content differs from its ``.po``; return the files written."""
    written = []
    for po_path in catalogues(locale_dir):
        mo_path = po_path.with_suffix(".mo")
        data = mo_bytes(po_path)
        if not mo_path.exists() or mo_path.read_bytes() != data:
            mo_path.write_bytes(data)
            written.append(mo_path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locale-dir", type=Path, default=LOCALE_DIR)
    args = parser.parse_args(argv)
    found = catalogues(args.locale_dir)
    written = compile_all(args.locale_dir)
    for path in written:
        print(f"compiled {path.relative_to(args.locale_dir)}")
    print(f"{len(found)} catalogue(s), {len(written)} .mo file(s) written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
