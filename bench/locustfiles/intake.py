"""Locust: citizens submitting complaints through the API, back to back (a closed loop of N clients).

Environment: BENCH_COMMUNES (comma-separated commune codes to report about) and, optionally,
BENCH_RECEIPTS_OUT (a file where each receipt is appended, for the tracking benchmark).
"""

import os
import random
import uuid

from locust import FastHttpUser, constant, task

COMMUNES = os.environ["BENCH_COMMUNES"].split(",")
RECEIPTS_OUT = os.environ.get("BENCH_RECEIPTS_OUT")
TEXTS = [
    "ខ្ញុំបានរង់ចាំសំបុត្រកំណើតអស់រយៈពេលពីរសប្ដាហ៍ ហើយមន្ត្រីបានសុំប្រាក់បន្ថែម។",
    "ការិយាល័យបិទទ្វារនៅម៉ោងធ្វើការ ហើយគ្មាននរណាឆ្លើយទូរស័ព្ទទេ។",
    "The clerk asked for an extra fee for the family book and gave no receipt.",
    "ផ្លូវទៅសាលាឃុំខូចខាតខ្លាំង ហើយមនុស្សចាស់មិនអាចមកដល់បានទេ។",
]
CATEGORIES = ["slow-service", "unofficial-fee", "staff-conduct", "other-complaint"]


class Citizen(FastHttpUser):
    wait_time = constant(0)

    @task
    def submit(self) -> None:
        body = {
            "kind": "complaint",
            "category": random.choice(CATEGORIES),  # noqa: S311 - load, not cryptography
            "commune": random.choice(COMMUNES),  # noqa: S311
            "description": random.choice(TEXTS),  # noqa: S311
            # Complaints must say whether they are about the office named (issue 15): both routes.
            "about_office": random.random() < 0.3,  # noqa: S311
        }
        headers = {"Idempotency-Key": uuid.uuid4().hex + "-bench", "Accept-Language": "km"}
        with self.client.post(
            "/api/v1/feedback/", json=body, headers=headers, name="submit", catch_response=True
        ) as response:
            if response.status_code != 201:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
            elif RECEIPTS_OUT:
                with open(RECEIPTS_OUT, "a") as out:
                    out.write(response.json()["receipt"] + "\n")
