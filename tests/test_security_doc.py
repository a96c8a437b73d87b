"""docs/security.md cannot drift from the suite: every SECURITY.md item has a row, every row names
its tests or says what is not covered, and every test it names exists (file and ``def``)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "security.md"
# Every item of the shared SECURITY.md (not readable at test time: its ids are copied here).
ITEMS = [
    *(f"A{n}" for n in range(1, 8)),
    *(f"B{n}" for n in range(1, 6)),
    *(f"C{n}" for n in range(1, 7)),
    *(f"D{n}" for n in range(1, 5)),
    *(f"E{n}" for n in range(1, 5)),
    *(f"F{n}" for n in range(1, 4)),
    *(f"G{n}" for n in range(1, 7)),
]
ROW = re.compile(r"^\|\s*([A-G][0-9])\s*\|(.*)\|\s*$")
TEST = re.compile(r"`([\w./-]+\.py)::(test_\w+)`")


def _rows() -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            item, rest = match.groups()
            assert item not in rows, f"{item} has two rows"
            rows[item] = [cell.strip() for cell in rest.split("|")]
    return rows


def test_every_security_item_has_one_row_with_a_promise_and_tests_or_a_gap():
    rows = _rows()
    assert sorted(rows) == sorted(ITEMS), sorted(set(ITEMS) ^ set(rows))
    for item, (promise, tests, not_covered) in rows.items():
        assert promise, f"{item}: no promise"
        assert TEST.search(tests) or not_covered not in ("", "–", "-"), f"{item}: no test and no gap said"


def test_every_named_test_exists():
    named = [(item, *found) for item, cells in _rows().items() for found in TEST.findall(cells[1])]
    assert len(named) >= len(ITEMS)
    missing = []
    for item, path, name in named:
        file = ROOT / path
        if not file.is_file():
            missing.append(f"{item}: {path} does not exist")
        elif not re.search(rf"^def {name}\(", file.read_text(encoding="utf-8"), re.MULTILINE):
            missing.append(f"{item}: no def {name} in {path}")
    assert not missing, "\n".join(missing)


def test_the_check_catches_a_test_that_does_not_exist():
    """The parser itself: a renamed test would be reported, not skipped."""
    line = "| A1 | x | `tests/test_security_doc.py::test_that_was_renamed` | – |"
    item, rest = ROW.match(line).groups()  # type: ignore[union-attr]
    ((path, name),) = TEST.findall(rest)
    text = (ROOT / path).read_text(encoding="utf-8")
    assert (item, path) == ("A1", "tests/test_security_doc.py")
    assert not re.search(rf"^def {name}\(", text, re.MULTILINE)
