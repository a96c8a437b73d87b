"""The machine's receipt-hashing ceiling: Argon2id verifications per second on all cores.

Every submission computes one receipt hash and every tracking request one verification, with the
same cost (OURVOICE_RECEIPT_ARGON2_TIME_COST, OURVOICE_RECEIPT_ARGON2_MEMORY_KIB); no server can
answer faster than the cores can hash. This runs the project's own code
(``ourvoice.feedback.receipts.verify_secret``) in one process per core for a fixed time.
"""

import multiprocessing
import os
import time

SECONDS = float(os.environ.get("BENCH_ARGON2_SECONDS", "8"))


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()


def _verify_for(seconds: float) -> int:
    from ourvoice.feedback import receipts

    stored = receipts.hash_secret("123456789012")
    count, end = 0, time.monotonic() + seconds
    while time.monotonic() < end:
        receipts.verify_secret(stored, "123456789012")
        count += 1
    return count


def parameters() -> str:
    _setup()
    from django.conf import settings

    return (
        f"Argon2id, time cost {settings.RECEIPT_ARGON2_TIME_COST}, "
        f"{settings.RECEIPT_ARGON2_MEMORY_KIB} KiB, parallelism 1"
    )


def verifications_per_second(seconds: float = SECONDS) -> float:
    """Verifications per second with one process per core."""
    cores = os.cpu_count() or 1
    with multiprocessing.get_context("spawn").Pool(cores, initializer=_setup) as pool:
        counts = pool.map(_verify_for, [seconds] * cores)
    return sum(counts) / seconds


if __name__ == "__main__":
    print(f"{parameters()}: {verifications_per_second():.1f} verifications/s on {os.cpu_count()} cores")
