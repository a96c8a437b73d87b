"""Writes on feedback: submitting a report and opening it again with its receipt.

A report acknowledged with a receipt is never lost (SECURITY.md G1): files are cleaned and
written before the transaction, the report and its case are stored in one transaction, written
files are removed if it fails, and follow-up work is queued only after commit.
"""

import datetime
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ourvoice.cases.models import Case
from ourvoice.cases.routing import route_feedback
from ourvoice.cases.search import feedback_search_fill, feedback_search_index
from ourvoice.cases.services import case_open
from ourvoice.core.crypto import encrypt, lookup_hash, lookup_hashes
from ourvoice.core.dates import cambodia_today
from ourvoice.core.text import contains_control_characters
from ourvoice.feedback import receipts, throttle
from ourvoice.feedback.answers import validate_answers
from ourvoice.feedback.files import CleanFile, clean_upload
from ourvoice.feedback.models import (
    SCORECARD_INDICATORS,
    Attachment,
    Category,
    Feedback,
    Kind,
)
from ourvoice.feedback.receipts import Receipt
from ourvoice.geo.models import Commune
from ourvoice.offices.models import Office
from ourvoice.offices.selectors import offices_serving

if TYPE_CHECKING:
    from ourvoice.catalogue.models import Service


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


@dataclass
class FeedbackInput:
    """Everything a citizen may give; only kind, place (commune or office) and text are required."""

    kind: str
    category: Category
    description: str
    channel: str
    commune: Commune | None = None
    office: Office | None = None
    visit_date: datetime.date | None = None
    answers: dict[str, object] = field(default_factory=dict)
    # The catalogue service (catalogue.models.Service) the fee questions are about; or, typed,
    # ``service_name``, which is matched to the catalogue when it clearly names a service and
    # is otherwise kept as "another service" (catalogue/selectors.py ``service_matching``).
    service: "Service | None" = None
    service_name: str = ""
    official_fee: int | None = None
    amount_paid: int | None = None
    receipt_given: bool | None = None
    scores: dict[str, int] = field(default_factory=dict)
    gender: str = "not_said"
    age_band: str = "not_said"
    disability: str = "not_said"
    contact_consent: bool = False
    contact_phone: str = ""
    contact_telegram: str = ""
    # Is this complaint about the office chosen or someone who works there? Required for complaint
    # topics that ask it (``Category.asks_about_office``); ignored otherwise. True routes the
    # complaint to the office overseeing it (cases/routing.py).
    about_office: bool | None = None
    # The citizen agrees that what they wrote may be published (feedback/publication.py); kept
    # only where it may be asked (``Category.asks_publication_consent``).
    publication_consent: bool = False


@dataclass(frozen=True)
class Submission:
    feedback: Feedback
    case: Case
    receipt: Receipt
    created: bool
    attachments: int  # files kept with the report


class ReceiptRejected(Exception):
    """The same for an unknown case and a wrong secret (SECURITY.md B4)."""


PUBLIC_ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (0/o, 1/l/i)


def new_public_id() -> str:
    """A random public identifier (Open311 ``service_request_id``), unrelated to the receipt."""
    return "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(10))


REFERENCE_ALPHABET = PUBLIC_ID_ALPHABET.upper()


def new_reference() -> str:
    """The reference staff see ("KM7Q-4XPA"): random, unrelated to the receipt (SECURITY.md B1).

    Letters as well as digits, so that it is never mistaken for (or typed as) part of a receipt;
    31^8 (8.5 x 10^11) values keep collisions rare at 10 million reports (a collision is drawn
    again, as for the locator).
    """
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def _attachment_path(name: str) -> str:
    return f"attachments/{name}"


def files_store(*, files: Sequence[CleanFile]) -> list[tuple[CleanFile, str]]:
    """Write cleaned files, encrypted, under random names; returns (file, stored name)."""
    stored: list[tuple[CleanFile, str]] = []
    try:
        for clean in files:
            name = uuid4().hex
            default_storage.save(_attachment_path(name), ContentFile(encrypt(clean.data, purpose="file")))
            stored.append((clean, name))
    except Exception:
        files_remove(names=[name for _, name in stored])
        raise
    return stored


def files_remove(*, names: Sequence[str]) -> None:
    for name in names:
        default_storage.delete(_attachment_path(name))


def uploads_clean(*, uploads: Sequence[Upload], max_files: int) -> list[CleanFile]:
    if len(uploads) > max_files:
        raise ValidationError(
            {"attachments": _("You can attach at most %(count)d files.") % {"count": max_files}}
        )
    cleaned, errors = [], []
    for upload in uploads:
        try:
            cleaned.append(clean_upload(name=upload.name, data=upload.data))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"attachments": errors})
    return cleaned


def _resolve_place(data: FeedbackInput) -> tuple[Office, Commune | None]:
    if data.office is None and data.commune is None:
        raise ValidationError({"commune": _("Choose the commune or the office.")})
    if data.office is None:
        assert data.commune is not None
        serving = offices_serving(commune=data.commune)
        if not serving:
            raise ValidationError({"office": _("No office serves this commune yet.")})
        return serving[0], data.commune
    if data.office.province_id is None:
        # National oversight serves no area: reports reach it by routing, not by choice.
        raise ValidationError({"office": _("Choose the office of your commune, district or province.")})
    if data.commune is not None:
        serving_ids = {o.pk for o in offices_serving(commune=data.commune)}
        if data.office.pk not in serving_ids:
            raise ValidationError({"office": _("This office does not serve the chosen commune.")})
    return data.office, data.commune or data.office.commune


def _validate(data: FeedbackInput) -> dict[str, object]:
    errors: dict[str, list[str]] = {}
    if data.kind not in Kind.values:
        errors["kind"] = [_("Choose what you want to do.")]
    if data.category.kind != data.kind or not data.category.is_active:
        errors["category"] = [_("Choose a topic from the list.")]
    texts = [data.description, data.service_name, data.contact_phone, data.contact_telegram]
    texts += [str(value) for value in data.answers.values()]
    if any(contains_control_characters(text) for text in texts):
        errors["description"] = [_("The text contains characters that cannot be stored. Please retype it.")]
    elif not data.description.strip():
        errors["description"] = [_("Tell us what happened or what you need.")]
    if data.visit_date and data.visit_date > cambodia_today():  # Cambodia's day, whatever the server's
        errors["visit_date"] = [_("The date of the visit cannot be in the future.")]
    for key, score in data.scores.items():
        valid_number = isinstance(score, int) and not isinstance(score, bool) and 1 <= score <= 5
        if key not in SCORECARD_INDICATORS or not valid_number:
            errors.setdefault("scores", []).append(_("Each score is a number from 1 to 5."))
            break
    if data.category.asks_about_office and data.about_office is None:
        errors["about_office"] = [
            _("Say whether this complaint is about the office or someone who works there.")
        ]
    answers, answer_errors = validate_answers(category=data.category, answers=data.answers)
    errors.update(answer_errors)
    if errors:
        raise ValidationError(errors)
    return answers


def _overcharge(official_fee: int | None, amount_paid: int | None) -> int | None:
    if official_fee is None or amount_paid is None:
        return None
    return max(amount_paid - official_fee, 0)


class AlreadyReceived(Exception):
    """A retry of a report acknowledged longer ago than the retry window: the report exists, and its
    receipt is not given again (SECURITY.md B5: shown once). Interfaces answer 409 with
    ``ALREADY_RECEIVED``."""


ALREADY_RECEIVED = gettext_lazy(
    "This report was already received. Use the receipt you were given when you sent it: for your "
    "safety it is shown only once. To add something, open your case with that receipt."
)


def _existing(idempotency_hash: str, idempotency_key: str, client: str | None) -> Submission | None:
    """The first report of a retried submission, with its receipt only within the retry window
    after the first answer, and only while the client has not asked for too many (B5, G2)."""
    hashes = lookup_hashes(idempotency_key, purpose="idempotency")  # any HMAC key of the rotation
    feedback = Feedback.objects.select_related("case").filter(idempotency_hash__in=hashes).first()
    if feedback is None:
        return None
    window = datetime.timedelta(minutes=settings.RECEIPT_RETRY_MINUTES)
    if timezone.now() - feedback.submitted_at > window:
        raise AlreadyReceived
    if client is not None:
        throttle.replay_admit(client=client)
    secret = receipts.retry_secret(feedback.secret_hash, idempotency_key)
    receipt = Receipt(locator=feedback.locator, secret=secret)
    return Submission(
        feedback=feedback,
        case=feedback.case,
        receipt=receipt,
        created=False,
        attachments=feedback.attachments.count(),
    )


def _service(data: FeedbackInput) -> "tuple[Service | None, str]":
    """The catalogue service and the text of "another service" (only one of them is set)."""
    from ourvoice.catalogue.selectors import service_matching

    text = " ".join(data.service_name.split())
    service = data.service or (service_matching(text=text) if text else None)
    return service, "" if service is not None else text


_GENERATED_FIELDS = ("secret_hash", "locator", "reference", "idempotency_hash")
_RELATED_FIELDS = ("category", "office", "province", "district", "commune", "service")


def feedback_submit(
    *,
    data: FeedbackInput,
    uploads: Sequence[Upload] = (),
    idempotency_key: str | None = None,
    client: str | None = None,
) -> Submission:
    """Store a report and open its case; a retry with the same idempotency key returns the first
    (its receipt only within the retry window, else ``AlreadyReceived``).

    ``client`` (``throttle.client_key``, or a chat's) is counted against the per-client and
    per-office limits before anything is written (``throttle.Throttled``); None for trusted
    callers (staff intake, the demo seed), which are not limited.
    """
    idem_hash = lookup_hash(idempotency_key, purpose="idempotency") if idempotency_key else None
    if idem_hash and idempotency_key and (found := _existing(idem_hash, idempotency_key, client)):
        return found
    office, commune = _resolve_place(data)
    answers = _validate(data)
    if client is not None:
        throttle.submission_admit(client=client, office_id=office.pk)
    cleaned = uploads_clean(uploads=uploads, max_files=settings.UPLOAD_MAX_FILES)
    secret = receipts.new_secret(idempotency_key=idempotency_key)
    secret_hash = receipts.hash_secret(secret)
    contact = None
    if data.contact_consent and (data.contact_phone.strip() or data.contact_telegram.strip()):
        payload = {"phone": data.contact_phone.strip(), "telegram": data.contact_telegram.strip()}
        contact = encrypt(json.dumps(payload).encode(), purpose="contact")
    about_office = data.about_office if data.category.asks_about_office else None
    service, service_name = _service(data)
    route = route_feedback(kind=data.kind, category=data.category, office=office, about_office=about_office)
    stored = files_store(files=cleaned)
    try:
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    feedback = Feedback(
                        locator=receipts.new_locator(),
                        public_id=new_public_id(),
                        reference=new_reference(),
                        secret_hash=secret_hash,
                        idempotency_hash=idem_hash,
                        kind=data.kind,
                        category=data.category,
                        channel=data.channel,
                        office=office,
                        province_id=cast(
                            str, office.province_id or (commune.district.province_id if commune else None)
                        ),
                        district_id=office.district_id or (commune.district_id if commune else None),
                        commune=commune,
                        description=data.description.strip(),
                        visit_date=data.visit_date,
                        answers=answers,
                        service=service,
                        service_name=service_name,
                        official_fee=data.official_fee,
                        amount_paid=data.amount_paid,
                        receipt_given=data.receipt_given,
                        overcharge=_overcharge(data.official_fee, data.amount_paid),
                        scores=data.scores,
                        gender=data.gender,
                        age_band=data.age_band,
                        disability=data.disability,
                        contact_consent=data.contact_consent and contact is not None,
                        contact_ciphertext=contact,
                        about_office=about_office,
                        # Recorded only where it may be asked (never sensitive reports or evaluations).
                        publication_consent=data.publication_consent
                        and data.category.asks_publication_consent,
                        is_sensitive=data.category.is_sensitive,
                    )
                    feedback_search_fill(feedback=feedback)  # stored by the INSERT itself
                    # Field checks only: the related rows were read from the database in this
                    # request (a query each to check them again), and the unique columns are
                    # the database's to enforce (the IntegrityError below).
                    feedback.full_clean(exclude=[*_GENERATED_FIELDS, *_RELATED_FIELDS], validate_unique=False)
                    feedback.save()
                    feedback_search_index(feedback=feedback)
                    Attachment.objects.bulk_create(
                        Attachment(
                            feedback=feedback,
                            file_kind=clean.kind,
                            content_type=clean.content_type,
                            extension=clean.extension,
                            stored_name=name,
                            size=len(clean.data),
                        )
                        for clean, name in stored
                    )
                    case = case_open(feedback=feedback, route=route)
                break
            except IntegrityError:
                # A concurrent retry with the same idempotency key won, or a locator, public id or
                # reference collided.
                if idem_hash and idempotency_key and (found := _existing(idem_hash, idempotency_key, None)):
                    files_remove(names=[name for _, name in stored])
                    return found
        else:
            raise RuntimeError("could not allocate a unique receipt")
    except BaseException:
        files_remove(names=[name for _, name in stored])
        raise
    return Submission(
        feedback=feedback,
        case=case,
        receipt=Receipt(locator=feedback.locator, secret=secret),
        created=True,
        attachments=len(stored),
    )


def receipt_open(*, receipt_text: str, client: str) -> Case:
    """The case a receipt opens; raises ReceiptRejected or throttle.Throttled.

    Throttling is checked before any hash is computed; an unknown case costs the same work as
    a wrong secret and answers the same.
    """
    receipt = receipts.parse_receipt(receipt_text)
    if receipt is None:
        raise ReceiptRejected
    failures_before = throttle.receipt_check(locator=receipt.locator, client=client)
    # The case is read with its report in one query before the hash: what the answer shows.
    try:
        case = Case.objects.select_related("feedback", "office", "feedback__category").get(
            feedback__locator=receipt.locator
        )
    except Case.DoesNotExist:
        case = None
    if case is None:
        receipts.verify_nothing(receipt.secret)
        ok = False
    else:
        feedback = case.feedback
        pepper = receipts.matching_pepper(feedback.secret_hash, receipt.secret)
        ok = pepper is not None
        if pepper:
            # Hashed with a pepper that is being rotated out: store it under the newest one.
            Feedback.objects.filter(pk=feedback.pk, secret_hash=feedback.secret_hash).update(
                secret_hash=receipts.hash_secret(receipt.secret)
            )
    if not ok or case is None:
        throttle.receipt_failure(locator=receipt.locator, client=client)
        raise ReceiptRejected
    if failures_before:
        throttle.receipt_success(locator=receipt.locator, client=client)
    return case
