"""Where an intake or tracking request spends its CPU, besides the receipt hash (issue 18 §3).

Not a load test: one process, requests one after another through Django's full stack (production
settings, middleware, PostgreSQL on loopback, Redis when it answers), after a warm-up. Prints, per
request, the CPU time of the web thread and of its known parts (the Argon2 hash, Khmer word
segmentation, the ORM with the database driver, Redis calls; "the rest" is Django, DRF and our own
Python), and the CPU the PostgreSQL backend spent on it: the share of the machine each request
takes beside the one unavoidable hash. The figures go to
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
    import json, random, threading, time, uuid
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

    # CPU time of this thread (time.thread_time: waiting for PostgreSQL or Redis is not counted)
    # inside each part, outermost call only.
    spent = {}
    depth = threading.local()

    def timed(part, function):
        def wrapper(*args, **kwargs):
            if getattr(depth, part, 0):
                return function(*args, **kwargs)
            setattr(depth, part, 1)
            started = time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[part] = spent.get(part, 0.0) + time.thread_time() - started
                setattr(depth, part, 0)
        return wrapper

    import argon2._password_hasher as hasher
    import redis.client
    from django.db.models.sql import compiler
    from ourvoice.core import search
    hasher.hash_secret = timed("hash", hasher.hash_secret)
    hasher.verify_secret = timed("hash", hasher.verify_secret)
    search.tokenize = timed("segmentation", search.tokenize)
    for klass in (compiler.SQLCompiler, *compiler.SQLCompiler.__subclasses__()):
        if "execute_sql" in klass.__dict__:
            klass.execute_sql = timed("orm", klass.__dict__["execute_sql"])
    redis.client.Redis.execute_command = timed("redis", redis.client.Redis.execute_command)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def server_cpu(pid):  # seconds of CPU the PostgreSQL backend serving us has used
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    out = {}
    for name, step, n in (("intake", submit, %(n)d), ("tracking", track, %(n)d)):
        for _ in range(20):
            step()
        with connection.cursor() as cursor:
            cursor.execute("select pg_backend_pid()")
            backend = cursor.fetchone()[0]
        spent.clear()
        pg_before, started = server_cpu(backend), time.thread_time()
        for _ in range(n):
            step()
        total = time.thread_time() - started
        pg = server_cpu(backend) - pg_before
        with CaptureQueriesContext(connection) as queries:
            step()
        out[name] = {
            "cpu_ms": total / n * 1000,
            "parts_ms": {k: v / n * 1000 for k, v in spent.items()},
            "postgres_ms": pg / n * 1000,
            "queries": [q["sql"][:160] for q in queries.captured_queries],
        }
    print(json.dumps(out))
    """
)

PART_NAMES = {
    "hash": "receipt hash (Argon2id)",
    "segmentation": "Khmer segmentation",
    "orm": "ORM: building queries, the driver, reading rows",
    "redis": "cache and queue calls (Redis client)",
}


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
    if os.environ.get("BENCH_PROFILE_DETAIL") == "1":  # the queries of one request
        for name, data in result.items():
            print(f"--- {name}: {len(data['queries'])} queries", *data["queries"], sep="\n  ")
    figures = []
    for name, data in result.items():
        parts, cpu, pg = data["parts_ms"], data["cpu_ms"], data["postgres_ms"]
        hashing = parts.get("hash", 0.0)
        figures.append(Figure(f"{name}: SQL queries per request", f"{len(data['queries'])}"))
        figures.append(Figure(f"{name}: CPU of one request in the web process", f"{cpu:.1f} ms"))
        for part, label in PART_NAMES.items():
            ms = parts.get(part, 0.0)
            figures.append(Figure(f"{name}: {label}", f"{ms:.1f} ms"))
        rest = cpu - sum(parts.values())
        figures.append(Figure(f"{name}: the rest (Django, DRF, our Python)", f"{rest:.1f} ms"))
        figures.append(Figure(f"{name}: PostgreSQL server CPU", f"{pg:.1f} ms"))
        beside = cpu - hashing + pg
        figures.append(
            Figure(
                f"{name}: everything but the hash, against the hash (≤ 0.25 for a ratio of 0.8)",
                f"{beside:.1f} / {hashing:.1f} ms = **{beside / hashing:.2f}**",
            )
        )
    notes = [
        f"{REQUESTS} requests of each kind, one after another in one thread, through Django's test "
        "client with production settings and middleware; PostgreSQL on loopback. CPU time, not wall "
        "time: the web thread's own (`time.thread_time`, so waiting for PostgreSQL or Redis is not "
        "counted) inside each part, and the PostgreSQL backend's from /proc. The load generator, "
        "gunicorn's own request handling and Redis's server are not in these figures; under load "
        "they are in the per-process figures of the section above. Load average (1 min) at the "
        f"end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.",
    ]
    write_section("citizen-profile", "Intake and tracking: where one request's time goes", figures, notes)
    return 0
