"""``make bench``: every benchmark, one after the other, to the end (``python -m bench [name ...]``).

A benchmark is a module of this package with a ``main() -> int``; it measures, writes its marked
section of docs/performance.md (bench/harness.py, bench/common.py) and returns 0, or 1 when a
target was missed. A missed target is a result, not a failure: the run goes on and exits 0. Only
a benchmark that could not run (an exception) makes the run exit 1, after all the others ran.
"""

import importlib
import sys
import time
import traceback

# Add a module here to add a benchmark (inbox, search and dashboards share bench/bigdata.py).
BENCHMARKS = [
    "make_run",
    "page_weight",
    "app",
    "citizen",
    "profile_citizen",
    "inbox",
    "search",
    "dashboards",
    "restore_drill",
]


def main(names: list[str]) -> int:
    crashed, summary = [], []
    for name in names or BENCHMARKS:
        started = time.monotonic()
        print(f"\n=== bench.{name} ===", flush=True)
        try:
            code = importlib.import_module(f"bench.{name}").main()
            outcome = "all targets met" if code == 0 else "a target was missed (see docs/performance.md)"
        except (Exception, SystemExit):
            traceback.print_exc()
            crashed.append(name)
            outcome = "COULD NOT RUN"
        summary.append(f"bench.{name}: {outcome} ({time.monotonic() - started:.0f} s)")
    print("\n" + "\n".join(summary))
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
