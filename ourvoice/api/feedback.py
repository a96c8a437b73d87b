"""POST /api/v1/feedback/: a citizen's report, from a mobile app, through ``feedback_submit``.

The serializer checks shapes and loads what codes and ids name; everything else (which fields a
kind needs, answers against the category's questions, scores, the office serving the commune,
routing, files, receipts, idempotency) is the service's, so the API and the web pages agree.
"""

import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ourvoice.api.errors import FIELD_ERRORS_SCHEMA, CitizenApi, DetailSerializer
from ourvoice.api.fields import (
    AMOUNT_MAX,
    AMOUNT_MESSAGE,
    CHOICE_MESSAGE,
    YES_NO_MESSAGE,
    AnswersField,
    AnswersTextField,
    CategoryField,
    CommuneField,
    DateField,
    NullBooleanField,
    OfficeField,
    RequestSerializer,
    ScoresField,
    ScoresTextField,
    TextField,
    UploadField,
    WholeNumberField,
    one_message,
)
from ourvoice.api.params import KIND_MESSAGE
from ourvoice.api.parsers import JSONParser, MultiPartParser
from ourvoice.api.serializers import CaseSummarySerializer
from ourvoice.api.uploads import uploads_from
from ourvoice.catalogue.models import Service
from ourvoice.feedback.models import DESCRIPTION_MAX_LENGTH, AgeBand, Channel, Disability, Gender, Kind
from ourvoice.feedback.services import FeedbackInput, feedback_submit
from ourvoice.feedback.throttle import client_key

DESCRIPTION_MESSAGE = _("Tell us what happened or what you need.")
SERVICE_MESSAGE = _("Not a service of the catalogue. Leave it out and give service_name instead.")
IDEMPOTENCY_KEY_MESSAGE = _(
    "Give an Idempotency-Key of 16 to 200 letters, digits, dashes or underscores, new for each "
    "report: a random UUID is best."
)
# Whoever sends a report's key again gets its receipt back: the key must be unguessable.
_IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9_-]{16,200}")


def _choice(choices: Any) -> serializers.ChoiceField:
    messages = one_message(CHOICE_MESSAGE, "null", "invalid_choice")
    return serializers.ChoiceField(choices=choices, required=False, allow_null=True, error_messages=messages)


def _amount(help_text: Any) -> WholeNumberField:
    return WholeNumberField(
        message=AMOUNT_MESSAGE,
        min_value=0,
        max_value=AMOUNT_MAX,
        required=False,
        allow_null=True,
        help_text=help_text,
    )


def _optional_text(limit: int, help_text: Any = None) -> TextField:
    return TextField(limit=limit, required=False, allow_null=True, allow_blank=True, help_text=help_text)


class FeedbackSubmitSerializer(RequestSerializer):
    kind = serializers.ChoiceField(
        choices=Kind.choices, error_messages=one_message(KIND_MESSAGE, "required", "null", "invalid_choice")
    )
    category = CategoryField(help_text=_("A category code of this kind (GET /api/v1/categories/)."))
    commune = CommuneField(
        required=False,
        allow_null=True,
        help_text=_("Commune code, 6 digits (Khmer digits accepted). Give the commune, the office or both."),
    )
    office = OfficeField(
        required=False,
        allow_null=True,
        help_text=_(
            "Office id (GET /api/v1/offices/?commune=...). Left out, the commune's own office is chosen."
        ),
    )
    description = TextField(message=DESCRIPTION_MESSAGE, limit=DESCRIPTION_MAX_LENGTH)
    visit_date = DateField(required=False, allow_null=True, help_text=_("YYYY-MM-DD, not in the future."))
    answers = AnswersField(
        required=False, allow_null=True, help_text=_("Answers to the category's questions, by question code.")
    )
    service = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Service.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        error_messages=one_message(SERVICE_MESSAGE, "does_not_exist", "invalid"),
        help_text=_(
            "The code of the catalogue service the fee questions are about (as in /en/services/<code>/)."
        ),
    )
    service_name = _optional_text(
        200,
        help_text=_(
            "Another service, by name, when it has no code: a name that is clearly a catalogue "
            "service's (its code, English or Khmer name) is stored as that service."
        ),
    )
    official_fee = _amount(_("The official fee, in riel."))
    amount_paid = _amount(_("The amount asked or paid, in riel."))
    receipt_given = NullBooleanField(required=False, help_text=_("Whether an official receipt was given."))
    scores = ScoresField(
        required=False,
        allow_null=True,
        help_text=_(
            "Scorecard of an evaluation, 1 (very bad) to 5 (very good) for any of: courtesy, "
            "timeliness, clarity, fee_transparency, facilities, overall."
        ),
    )
    gender = _choice(Gender.choices)
    age_band = _choice(AgeBand.choices)
    disability = _choice(Disability.choices)
    contact_consent = serializers.BooleanField(
        required=False,
        error_messages=one_message(YES_NO_MESSAGE, "null", "invalid"),
        help_text=_("Contact details are kept (encrypted) only when this is true."),
    )
    contact_phone = _optional_text(64)
    contact_telegram = _optional_text(64)
    about_office = NullBooleanField(
        required=False,
        help_text=_(
            "Required for complaint topics with asks_about_office: is the complaint about the office "
            "or someone who works there? true sends it to the office that oversees that office, and "
            "the office complained about never sees it. Ignored for other topics."
        ),
    )
    publication_consent = serializers.BooleanField(
        required=False,
        error_messages=one_message(YES_NO_MESSAGE, "null", "invalid"),
        help_text=_(
            "For topics with asks_publication_consent: the citizen agrees, after seeing what would be "
            "public, that the description may be published (never contact details). Default false: "
            "the description is then never published."
        ),
    )

    def feedback_input(self) -> FeedbackInput:
        """The service's input; what was left out or null takes the service's default."""
        given = {key: value for key, value in self.validated_data.items() if value is not None}
        return FeedbackInput(channel=Channel.API, **given)


class FeedbackSubmitFormSerializer(FeedbackSubmitSerializer):
    """The multipart form: the same fields, answers and scores as JSON text, and the files."""

    answers = AnswersTextField(required=False, allow_null=True, help_text=_("The answers object, as JSON."))
    scores = ScoresTextField(required=False, allow_null=True, help_text=_("The scores object, as JSON."))
    attachments = serializers.ListField(
        child=UploadField(),
        required=False,
        help_text=_(
            "Photos (JPEG, PNG, WebP), a voice note (Ogg, Opus, WebM, M4A, MP3, WAV) or a PDF; "
            "repeat the field for each file."
        ),
    )


class FeedbackReceiptSerializer(CaseSummarySerializer):
    reference = serializers.CharField(
        source="feedback.reference",
        help_text=_(
            "The case's reference, as the office's staff see it. It is not part of the receipt and opens "
            "nothing; quoting it to an office tells that office which case is yours."
        ),
    )
    receipt = serializers.CharField(
        source="receipt.grouped",
        help_text=_(
            "The receipt, 20 digits in groups of four. Shown once: the citizen needs it to follow "
            "the case, and it cannot be recovered."
        ),
    )
    attachments = serializers.IntegerField(help_text=_("How many files were kept."))


def idempotency_key(request: Request) -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not _IDEMPOTENCY_KEY.fullmatch(key):
        raise exceptions.ValidationError({"Idempotency-Key": [IDEMPOTENCY_KEY_MESSAGE]})
    return key


class FeedbackSubmitApi(CitizenApi):
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        operation_id="feedback_submit",
        summary=_("Submit a complaint, a request for support or information, or an evaluation"),
        description=_(
            "JSON, or multipart/form-data to attach files under “attachments”. The answer carries "
            "the receipt, shown only this once. Field errors answer 400 as {field: [messages]} in "
            "the request's language (Accept-Language: km or en); answers to guided questions are "
            "keyed “answers.<question code>”."
        ),
        tags=["feedback"],
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                pattern=_IDEMPOTENCY_KEY.pattern,
                description=_(
                    "A new random key (a UUID) for each report, sent again on every retry of it: a "
                    "retry within minutes of the first answer (15 by default) gets 200 with the first "
                    "report and its receipt; a later one gets 409 (the receipt is shown once). Neither "
                    "creates anything."
                ),
            )
        ],
        request={
            "application/json": FeedbackSubmitSerializer,
            "multipart/form-data": FeedbackSubmitFormSerializer,
        },
        examples=[
            OpenApiExample(
                "A complaint about slow service",
                value={
                    "kind": "complaint",
                    "category": "slow-service",
                    "commune": "171001",
                    "description": "I have waited two weeks for a birth certificate.",
                    "about_office": False,
                    "answers": {"days_waited": 14, "told_deadline": "no"},
                },
                request_only=True,
                media_type="application/json",
            )
        ],
        responses={
            201: FeedbackReceiptSerializer,
            200: OpenApiResponse(
                FeedbackReceiptSerializer,
                description=_("A retry with the Idempotency-Key of a stored report."),
            ),
            400: OpenApiResponse(FIELD_ERRORS_SCHEMA, description=_("Field errors, or a refused file.")),
            409: OpenApiResponse(
                DetailSerializer,
                description=_(
                    "A retry with the Idempotency-Key of a report acknowledged too long ago: the report "
                    "exists; use the receipt given then."
                ),
            ),
            413: OpenApiResponse(DetailSerializer, description=_("The request body is too large.")),
            429: OpenApiResponse(
                DetailSerializer,
                description=_(
                    "Too many reports from this client or to this office in the last hour, or too many "
                    "retries: nothing was stored; wait Retry-After seconds."
                ),
            ),
            415: OpenApiResponse(DetailSerializer, description=_("Neither JSON nor multipart/form-data.")),
        },
    )
    def post(self, request: Request) -> Response:
        key = idempotency_key(request)
        serializer = FeedbackSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        submission = feedback_submit(
            data=serializer.feedback_input(),
            uploads=uploads_from(request),
            idempotency_key=key,
            client=client_key(request._request),
        )
        body = FeedbackReceiptSerializer(submission).data
        return Response(body, status=status.HTTP_201_CREATED if submission.created else status.HTTP_200_OK)
