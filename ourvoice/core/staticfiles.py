"""What ``collectstatic`` gathers: every app's static files but those no page of ours loads.

The browsable API is off (JSON only), so DRF's Bootstrap files are never served, and the API
docs use Swagger UI, not Redoc. Collecting them cost most of `make run`'s start-up: WhiteNoise
compresses every collected file twice (gzip and Brotli). Finding a single file (the test
server, ``findstatic``) is unchanged.
"""

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders

UNUSED = ["rest_framework", "redoc"]


class AppDirectoriesFinder(finders.AppDirectoriesFinder):
    def list(self, ignore_patterns: Iterable[str] | None) -> Iterable[Any]:
        return super().list([*(ignore_patterns or []), *UNUSED])


# --- `make run` collects only when a static source changed -------------------------------------
# Collecting re-hashes and re-compresses every file (12-17 s of a restart); the sources' names,
# sizes and modification times, hashed, say in about 0.1 s whether anything changed.
STAMP_NAME = ".sources.sha256"
MANIFEST_NAME = "staticfiles.json"


def sources_fingerprint() -> str:
    """A hash of what ``collectstatic`` would gather: every found file's path, size and mtime,
    and the storage settings that shape the output."""
    from django.conf import settings

    entries = [repr(settings.STORAGES.get("staticfiles")), repr(settings.STATIC_URL)]
    entries.append(repr(getattr(settings, "WHITENOISE_SKIP_COMPRESS_EXTENSIONS", None)))
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):  # collectstatic's default ignores
            stat = os.stat(storage.path(path))
            prefix = getattr(storage, "prefix", None) or ""
            entries.append(f"{prefix}/{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    digest = hashlib.sha256()
    for entry in sorted(entries):
        digest.update(entry.encode() + b"\n")
    return digest.hexdigest()


def collect_if_changed() -> bool:
    """Run ``collectstatic`` unless its output is there and the sources are unchanged since the
    last run (a stamp beside the files); True when it collected."""
    from django.conf import settings
    from django.core.management import call_command

    root = Path(settings.STATIC_ROOT)
    stamp = root / STAMP_NAME
    fingerprint = sources_fingerprint()
    if (root / MANIFEST_NAME).exists() and stamp.exists() and stamp.read_text().strip() == fingerprint:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint + "\n")
    return True
