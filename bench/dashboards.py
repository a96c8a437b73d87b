"""Dashboards over national-scale data (issue 6): rollups against the same question on raw tables.

The database is bench/bigdata.py's (10 million synthetic reports by default, BENCH_RECORDS). The
rollups are built once with ``manage.py analytics_rebuild`` (its duration is recorded), then
bench/dashboards_measure.py times, inside Django, every dashboard read (all the queries a page
makes) for the nation, the busiest province, district and commune office, the comparisons, the
page itself, and the national numbers computed from the raw tables. Target: under 300 ms.
"""

import json
import os
import subprocess
import time

from bench import bigdata
from bench.common import ROOT
from bench.harness import PYTHON, Figure, query, write_section

TARGET_MS = 300


def main() -> int:
    records = int(os.environ.get("BENCH_RECORDS", "10000000"))
    site = bigdata.prepare(records)
    notes = []
    if not query(site, "SELECT 1 FROM analytics_fact LIMIT 1"):
        print("bench: building the analytics rollups (manage.py analytics_rebuild)...", flush=True)
        started = time.monotonic()
        subprocess.run([PYTHON, "manage.py", "analytics_rebuild"], cwd=ROOT, env=site.env, check=True)
        notes.append(f"Building every rollup from scratch took {time.monotonic() - started:.0f} s.")
    load_before = os.getloadavg()[0]
    output = subprocess.run(
        [PYTHON, "-m", "bench.dashboards_measure"],
        cwd=ROOT,
        env=site.env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    result = json.loads(output.strip().splitlines()[-1])
    figures = [
        Figure("reports in the database", f"{result['reports']:,}"),
        Figure("rollup rows", f"{result['fact_rows']:,}"),
        Figure("rollup table with its indexes", result["fact_size"]),
    ]
    met = True
    for name, timing in result["timings"].items():
        raw = name.startswith("raw tables")
        ok = raw or timing["p95"] < TARGET_MS
        met = met and ok
        figures.append(
            Figure(
                f"{name}: p50 / p95",
                f"{timing['p50']:.0f} / {timing['p95']:.0f} ms",
                "– (for comparison)" if raw else f"< {TARGET_MS} ms",
                None if raw else ok,
            )
        )
    partition = result.get("partition")
    if partition:
        figures.append(
            Figure(
                f"refresh of the largest partition ({partition['reports']:,} reports, "
                f"{partition['month'][:7]})",
                f"{partition['seconds']:.1f} s",
                "< 60 s (the refresh runs every minute)",
                partition["seconds"] < 60,
            )
        )
    notes.append(
        f"The busiest commune office handles {result['office_reports']:,} reports in all, "
        f"{result['office_category_reports']:,} of its commonest category (the category filter above). "
        "Every dashboard here sums rollup rows only (ourvoice/analytics/README.md); the raw-table line "
        "asks the same national numbers of the reports themselves."
    )
    notes.append(bigdata.machine_load_note(load_before))
    write_section("dashboards", f"Dashboards over {result['reports']:,} reports (PostgreSQL)", figures, notes)
    return 0 if met else 1
