"""Locust: citizens following their cases with their receipts, back to back (a closed loop).

Environment: BENCH_RECEIPTS_IN, a file of receipts (one a line) written by the intake run.
"""

import os
import random

from locust import FastHttpUser, constant, task

with open(os.environ["BENCH_RECEIPTS_IN"]) as receipts:
    RECEIPTS = [line.strip() for line in receipts if line.strip()]


class Citizen(FastHttpUser):
    wait_time = constant(0)

    @task
    def track(self) -> None:
        body = {"receipt": random.choice(RECEIPTS)}  # noqa: S311 - load, not cryptography
        with self.client.post("/api/v1/track/", json=body, name="track", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
