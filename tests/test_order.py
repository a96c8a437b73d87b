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


def test_every_slow_entry_names_tests_that_exist():
    for entry in SLOW_FIRST:
        path = entry.split("::")[0]
        assert (ROOT / path).exists(), f"SLOW_FIRST names {path}, which is gone: update conftest.py"
        if "::" in entry:
            assert f"def {entry.split('::')[1]}(" in (ROOT / path).read_text(), entry


@given(
    st.lists(st.sampled_from(["a/x.py::t", "a/y.py::t", "b/z.py::t", "c/w.py::t", "d/v.py::t"]), max_size=30)
)
def test_slow_tests_come_first_in_the_listed_order_and_the_rest_keeps_its_order(nodeids):
    items = [Item(f"{nodeid}{n}") for n, nodeid in enumerate(nodeids)]
    ordered = slow_first(items, slow=("c/", "a/y.py"))
    assert sorted(ordered, key=lambda i: i.nodeid) == sorted(items, key=lambda i: i.nodeid)
    ranks = [0 if i.nodeid.startswith("c/") else 1 if i.nodeid.startswith("a/y.py") else 2 for i in ordered]
    assert ranks == sorted(ranks)
    for rank in (0, 1, 2):  # within a rank: collection order
        same = [i for i, r in zip(ordered, ranks, strict=True) if r == rank]
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
