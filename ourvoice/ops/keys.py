"""Key rotation: re-encrypt and re-key what was written under an older key (issue 19, point 4).

The three keys (``OURVOICE_ENCRYPTION_KEY``, ``OURVOICE_HMAC_KEY``, ``OURVOICE_RECEIPT_PEPPER``)
each hold a list, newest first (``core/crypto.py``). Writes use the newest key; reads try each. This
module walks every row and file encrypted at rest and rewrites those still under an older key:

- ciphertexts in the database (contact details, chat conversations, pending chat files, opt-in
  addresses), and the opt-ins' address hashes, recomputed from the decrypted address;
- encrypted files in the storage (attachments, exports): written again under a new name, the row
  pointed at it, the old file left to the orphan clean-up (attachments, after its grace period) or
  deleted after the commit (exports).

Every change is a compare-and-swap (``UPDATE ... WHERE pk = ? AND column = <what was read>``): a
row a request changed meanwhile is left as that request wrote it (under the newest key already),
so nothing a citizen or an officer writes during a rotation is lost. Rows are taken in batches in
primary-key order; after each batch the position is kept in the cache, so an interrupted run goes
on where it stopped, and a run from the start skips rows already done (one AES-GCM attempt each).

What cannot be rewritten, because the value behind it is never stored, is re-keyed when it is next
presented: a receipt (its hash under the newest pepper when the citizen opens the case), a chat
conversation (its address hash), an idempotency key (relevant only within the retry window), an API
key (found under any HMAC key). docs/operations.md says when an old key may leave the list.
"""

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Model

from ourvoice.core.crypto import decrypt, lookup_hash, reencrypt

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]
BATCH = 500
CHECKPOINT_KEY = "ops:keys-rotate:{}"
CHECKPOINT_SECONDS = 30 * 24 * 3600
FINISHED = -1  # the checkpoint of a target walked to its end


def _quiet(message: str) -> None:
    pass


@dataclass(frozen=True)
class Target:
    """One place where ciphertext lives: a binary column, or a file a column names."""

    name: str
    model: Callable[[], type[Model]]
    column: str
    purpose: Callable[[Any], str]
    file_prefix: str | None = None  # a file named by ``column`` (prefix + value)
    delete_old_file: bool = False
    rekey: Callable[[Any, bytes], dict[str, Any]] | None = None  # extra columns from the plaintext


def _feedback() -> type[Model]:
    from ourvoice.feedback.models import Feedback

    return Feedback


def _attachment() -> type[Model]:
    from ourvoice.feedback.models import Attachment

    return Attachment


def _conversation() -> type[Model]:
    from ourvoice.channels.common.models import Conversation

    return Conversation


def _pending_file() -> type[Model]:
    from ourvoice.channels.common.models import PendingFile

    return PendingFile


def _subscription() -> type[Model]:
    from ourvoice.channels.common.models import Subscription

    return Subscription


def _export_job() -> type[Model]:
    from ourvoice.analytics.models import ExportJob

    return ExportJob


def _address_hash(row: Any, plaintext: bytes) -> dict[str, Any]:
    return {"address_hash": lookup_hash(plaintext.decode(), purpose=f"{row.channel}-address")}


def _export_purpose(row: Any) -> str:
    from ourvoice.analytics.exports_jobs import CRYPTO_PURPOSE

    return CRYPTO_PURPOSE


TARGETS = (
    Target("feedback contact details", _feedback, "contact_ciphertext", lambda row: "contact"),
    Target("chat conversations", _conversation, "state", lambda row: f"{row.channel}-conversation"),
    Target("pending chat files", _pending_file, "ciphertext", lambda row: "pending-file"),
    Target(
        "opt-in addresses",
        _subscription,
        "address_ciphertext",
        lambda row: f"{row.channel}-address",
        rekey=_address_hash,
    ),
    Target("attachment files", _attachment, "stored_name", lambda row: "file", file_prefix="attachments/"),
    Target("export files", _export_job, "file", _export_purpose, file_prefix="", delete_old_file=True),
)


@dataclass
class Done:
    seen: int = 0
    rewritten: int = 0


def _rows(target: Target, after: int, limit: int) -> list[Any]:
    model = target.model()
    queryset = model._default_manager.filter(pk__gt=after).order_by("pk")
    queryset = queryset.exclude(**{f"{target.column}__isnull": True})
    if target.file_prefix is not None:
        queryset = queryset.exclude(**{target.column: ""})
    fields = ["pk", target.column] + (["channel"] if hasattr(model, "channel") else [])
    if target.rekey is not None:
        fields.append("address_hash")
    return list(queryset.only(*fields)[:limit])


def _rewrite_column(target: Target, row: Any) -> bool:
    old = bytes(getattr(row, target.column))
    purpose = target.purpose(row)
    new = reencrypt(old, purpose=purpose)
    changes: dict[str, Any] = {} if new is None else {target.column: new}
    if target.rekey is not None:  # hashes of the plaintext, under the newest HMAC key
        rekeyed = target.rekey(row, decrypt(old, purpose=purpose))
        changes |= {name: value for name, value in rekeyed.items() if getattr(row, name) != value}
    if not changes:
        return False
    model = type(row)
    # Compare-and-swap: a row rewritten meanwhile by a request keeps what the request wrote.
    return bool(model._default_manager.filter(pk=row.pk, **{target.column: old}).update(**changes))


def _rewrite_file(target: Target, row: Any) -> bool:
    prefix = target.file_prefix or ""
    old_name = getattr(row, target.column)
    try:
        with default_storage.open(prefix + old_name, "rb") as stored:
            old = stored.read()
    except FileNotFoundError:
        logger.warning("key rotation: %s %s has no file", target.name, row.pk)
        return False
    new = reencrypt(old, purpose=target.purpose(row))
    if new is None:
        return False
    folder, _, _base = old_name.rpartition("/")
    suffix = ".bin" if old_name.endswith(".bin") else ""
    wanted = f"{folder}/{uuid4().hex}{suffix}" if folder else f"{uuid4().hex}{suffix}"
    saved = default_storage.save(prefix + wanted, ContentFile(new)).removeprefix(prefix)
    model = type(row)
    with transaction.atomic():
        swapped = model._default_manager.filter(pk=row.pk, **{target.column: old_name}).update(
            **{target.column: saved}
        )
        if not swapped:
            transaction.on_commit(lambda: default_storage.delete(prefix + saved))
        elif target.delete_old_file:
            transaction.on_commit(lambda: default_storage.delete(prefix + old_name))
        # Attachments: the old file is removed by the nightly orphan clean-up, after its grace
        # period, so a download that read the old name a moment ago still finds it.
    return bool(swapped)


def rotate_batch(target: Target, *, after: int, limit: int = BATCH) -> tuple[int | None, Done]:
    """Rewrite one batch after primary key ``after``; returns the last key seen (None: finished)."""
    done = Done()
    rows = _rows(target, after, limit)
    for row in rows:
        done.seen += 1
        rewrite = _rewrite_file if target.file_prefix is not None else _rewrite_column
        if rewrite(target, row):
            done.rewritten += 1
    return (rows[-1].pk if len(rows) == limit else None), done


def _checkpoint(target: Target) -> str:
    return CHECKPOINT_KEY.format(target.name.replace(" ", "-"))


def keys_rotate(
    *, progress: Progress = _quiet, restart: bool = False, limit: int = BATCH, max_batches: int | None = None
) -> dict[str, Done]:
    """Rewrite everything still under an older key, resuming from the last checkpoint.

    ``max_batches`` stops after that many batches (the background task works in slices and
    queues the next one); the result says how much was seen and rewritten per target.
    """
    results: dict[str, Done] = {}
    batches = 0
    for target in TARGETS:
        key = _checkpoint(target)
        if restart:
            cache.delete(key)
        after: int | None = cache.get(key, 0)
        if after == FINISHED:
            continue  # finished in an earlier run
        total = results.setdefault(target.name, Done())
        while after is not None:
            if max_batches is not None and batches >= max_batches:
                return results
            after, done = rotate_batch(target, after=after, limit=limit)
            batches += 1
            total.seen += done.seen
            total.rewritten += done.rewritten
            cache.set(key, FINISHED if after is None else after, CHECKPOINT_SECONDS)
            progress(f"{target.name}: {total.seen:,} seen, {total.rewritten:,} rewritten")
    return results


def pending_targets() -> Iterator[str]:
    """The targets a rotation has not walked to the end yet."""
    for target in TARGETS:
        if cache.get(_checkpoint(target), 0) != FINISHED:
            yield target.name
