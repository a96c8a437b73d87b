"""The suite's order: the known-slow tests first, so that xdist's workers end together."""

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from conftest import SLOW_FIRST, slow_first

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Item:
    nodeid: str
    fixturenames: tuple[str, ...] = ()


def test_every_slow_entry_names_tests_that_exist():
    for entry in SLOW_FIRST:
        path = entry.split("::")[0]
        assert (ROOT / path).exists(), f"SLOW_FIRST names {path}, which is gone: update conftest.py"
        if "::" in entry:
            assert f"def {entry.split('::')[1]}(" in (ROOT / path).read_text(), entry


NODES = ["a/x.py::t", "a/y.py::t", "b/z.py::t", "c/w.py::t", "d/v.py::t"]


def _rank(item: Item) -> tuple[bool, int]:
    if "live_server" in item.fixturenames:  # empties the database: last, in collection order
        return True, 0
    return False, 0 if item.nodeid.startswith("c/") else 1 if item.nodeid.startswith("a/y.py") else 2


@given(st.lists(st.tuples(st.sampled_from(NODES), st.booleans()), max_size=30))
def test_slow_tests_first_in_the_listed_order_those_that_flush_last_the_rest_in_order(tests):
    items = [
        Item(f"{node}{n}", ("live_server",) if flushes else ("db",))
        for n, (node, flushes) in enumerate(tests)
    ]
    ordered = slow_first(items, slow=("c/", "a/y.py"))
    assert sorted(ordered, key=lambda i: i.nodeid) == sorted(items, key=lambda i: i.nodeid)
    ranks = [_rank(i) for i in ordered]
    assert ranks == sorted(ranks)  # a test that empties the database never runs before one that does not
    for value in set(ranks):  # within a rank: collection order
        same = [i for i in ordered if _rank(i) == value]
        assert same == [i for i in items if i in same]


def test_the_collected_suite_starts_with_make_run():
    collected = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-n",
            "0",
            "ourvoice/geo/tests/test_services.py",
            "tests/flows/test_make_run.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert collected[0] == SLOW_FIRST[0]
    assert collected.index(SLOW_FIRST[0]) < min(
        n for n, line in enumerate(collected) if "ourvoice/geo" in line
    )
