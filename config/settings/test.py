"""Tests: the same settings, with fast password hashing and an isolated data dir."""

import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403

DATA_DIR = Path(tempfile.mkdtemp(prefix="ourvoice-test-"))
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir()
# Argon2 is tested where it matters; elsewhere a fast hasher keeps the suite quick.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
HUEY = {"huey_class": "huey.MemoryHuey", "name": "ourvoice-test", "immediate": True}
# Receipts: Argon2id at a token cost (hundreds of reports are submitted across the suite); the
# production cost is checked by feedback/tests/test_receipts.py and measured by bench/argon2_ceiling.
RECEIPT_ARGON2_TIME_COST = 1
RECEIPT_ARGON2_MEMORY_KIB = 1024
