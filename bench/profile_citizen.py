"""Where an intake or tracking request spends its time, besides the receipt hash (issue 18 §3).

Not a load test: one process, requests one after another through Django's full stack (production
settings, middleware, PostgreSQL on loopback, Redis when it answers) under cProfile, after a
warm-up. Prints, per request, the wall time and the share of the known parts: the Argon2 hash,
Khmer word segmentation, SQL (time inside the database driver, round trips included), cache and
queue calls (Redis), JSON; "the rest" is Django, DRF and our own Python. The figures go to
docs/performance.md (section ``citizen-profile``); ``make bench BENCH=profile_citizen``.
"""

import json
import os
import subprocess
import textwrap

from bench.common import PYTHON, ROOT
from bench.harness import Figure, postgres_installation, query, write_section

REQUESTS = int(os.environ.get("BENCH_PROFILE_REQUESTS", 300))

SCRIPT = textwrap.dedent(
    """
    import cProfile, json, pstats, random, time, uuid
    import os
    import django
    from config import default_settings_module
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings_module())
    django.setup()
    from django.test import Client

    COMMUNES = %(communes)s
    TEXTS = [
        "ខ្ញុំបានរង់ចាំសំបុត្រកំណើតអស់រយៈពេលពីរសប្ដាហ៍ ហើយមន្ត្រីបានសុំប្រាក់បន្ថែម។",
        "ការិយាល័យបិទទ្វារនៅម៉ោងធ្វើការ ហើយគ្មាននរណាឆ្លើយទូរស័ព្ទទេ។",
        "The clerk asked for an extra fee for the family book and gave no receipt.",
    ]
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="km")
    receipts = []

    def submit():
        body = {"kind": "complaint", "category": random.choice(["slow-service", "unofficial-fee"]),
                "commune": random.choice(COMMUNES), "description": random.choice(TEXTS),
                "about_office": random.random() < 0.3}
        r = client.post("/api/v1/feedback/", json.dumps(body), content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex + "-profile")
        assert r.status_code == 201, r.content[:300]
        receipts.append(r.json()["receipt"])

    def track():
        r = client.post("/api/v1/track/", json.dumps({"receipt": random.choice(receipts)}),
                        content_type="application/json")
        assert r.status_code == 200, r.content[:300]

    PARTS = {
        "receipt hash (Argon2id)": ("argon2/low_level.py", ("hash_secret", "verify_secret")),
        "Khmer segmentation": ("core/khmer.py", ("khmer_tokenize",)),
        "SQL (driver, round trips)": ("django/db/backends/utils.py", ("_execute", "_executemany")),
        "cache and queue (Redis)": ("redis/client.py", ("execute_command",)),
        "JSON": ("json/__init__.py", ("dumps", "loads")),
    }
    out = {}
    for name, step, n in (("intake", submit, %(n)d), ("tracking", track, %(n)d)):
        for _ in range(20):
            step()
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.enable()
        for _ in range(n):
            step()
        profile.disable()
        wall = (time.perf_counter() - started) / n
        stats = pstats.Stats(profile).stats
        parts = {}
        for part, (path, functions) in PARTS.items():
            parts[part] = sum(
                ct for (file, _line, func), (_cc, _nc, _tt, ct, _callers) in stats.items()
                if file.endswith(path) and func in functions
            ) / n
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        with CaptureQueriesContext(connection) as queries:
            step()
        ours = sorted(
            (
                (ct / n * 1000, f"{file.split('/ourvoice/')[-1]}:{func}")
                for (file, _l, func), (_c, _n, _t, ct, _cl) in stats.items()
                if "/ourvoice/" in file and "/tests/" not in file
            ),
            reverse=True,
        )[:25]
        out[name] = {"wall_ms": wall * 1000, "parts_ms": {k: v * 1000 for k, v in parts.items()},
                     "queries": [q["sql"][:160] for q in queries.captured_queries], "ours": ours}
    print(json.dumps(out))
    """
)


def main() -> int:
    with postgres_installation() as site:
        communes = [
            str(c)
            for (c,) in query(site, "select commune_id from offices_office where type = 'commune' limit 300")
        ]
        env = {**site.env, "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver"}
        script = SCRIPT % {"communes": json.dumps(communes), "n": REQUESTS}
        run = subprocess.run(
            [PYTHON, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        if run.returncode != 0:
            print(run.stdout[-2000:], run.stderr[-4000:])
            return 1
        result = json.loads(run.stdout.strip().splitlines()[-1])
    if os.environ.get("BENCH_PROFILE_DETAIL") == "1":  # the queries of one request, our slowest functions
        for name, data in result.items():
            print(f"--- {name}: {len(data['queries'])} queries", *data["queries"], sep="\n  ")
            print(
                f"--- {name}: our functions by cumulative ms",
                *(f"{ms:7.2f} {f}" for ms, f in data["ours"]),
                sep="\n  ",
            )
    figures = []
    notes = []
    for name, data in result.items():
        figures.append(Figure(f"{name}: SQL queries per request", f"{len(data['queries'])}"))
        wall = data["wall_ms"]
        known = sum(data["parts_ms"].values())
        figures.append(Figure(f"{name}: one request, wall time", f"{wall:.1f} ms"))
        for part, ms in data["parts_ms"].items():
            figures.append(Figure(f"{name}: {part}", f"{ms:.1f} ms ({100 * ms / wall:.0f} %)"))
        rest = wall - known
        figures.append(
            Figure(
                f"{name}: the rest (Django, DRF, our Python)", f"{rest:.1f} ms ({100 * rest / wall:.0f} %)"
            )
        )
    notes.append(
        f"{REQUESTS} requests of each kind, one after another in one process under cProfile (which "
        "slows Python code more than C code: the hash's share is a lower bound), through Django's "
        "test client with production settings and middleware; PostgreSQL on loopback. Load average "
        f"(1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores."
    )
    write_section("citizen-profile", "Intake and tracking: where one request's time goes", figures, notes)
    return 0
