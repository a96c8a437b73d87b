"""Tracking a case with its receipt: see it, reply to the office, rate the outcome, withdraw the
contact details (SECURITY.md C5).

The receipt travels only in POST bodies (SECURITY.md A2): these endpoints answer POST alone, and a
``receipt`` in the query string is refused. Every request opens the case through
``receipt_open``, which throttles guesses before hashing (B3, answered 429 with Retry-After) and
rejects an unknown case and a wrong secret alike (B4, one 404 body).
"""

from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ourvoice.api.errors import FIELD_ERRORS_SCHEMA, CitizenApi, DetailSerializer, refuse_receipt_in_address
from ourvoice.api.fields import ReceiptField, RequestSerializer, TextField, UploadField, WholeNumberField
from ourvoice.api.parsers import JSONParser, MultiPartParser
from ourvoice.api.serializers import CaseSummarySerializer, LocalDateField
from ourvoice.api.uploads import uploads_from
from ourvoice.cases.models import Case, CaseEvent
from ourvoice.cases.services import case_rate
from ourvoice.feedback.retention import feedback_contact_withdraw
from ourvoice.feedback.selectors import (
    CITIZEN_EVENT_TYPES,
    case_can_be_rated,
    case_messages,
    case_timeline,
    feedback_contact_kept,
)
from ourvoice.feedback.services import receipt_open
from ourvoice.feedback.throttle import client_key
from ourvoice.messaging.models import Message
from ourvoice.messaging.services import message_post_by_citizen

SCORE_MESSAGE = _("Choose a score from 1 to 5.")
WITHDRAWN_MESSAGE = _(
    "Your contact details were removed. The office can no longer contact you, and no updates will be sent."
)
NOTHING_KEPT_MESSAGE = _("No contact details are kept for this case.")


class TrackRequestSerializer(RequestSerializer):
    receipt = ReceiptField(
        help_text=_("The 20-digit receipt; Khmer or Latin digits, spaces and dashes ignored.")
    )


class MessageRequestSerializer(TrackRequestSerializer):
    body = TextField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("The message, up to 4,000 characters; may be empty when files are attached."),
    )


class MessageFormSerializer(MessageRequestSerializer):
    attachments = serializers.ListField(
        child=UploadField(), required=False, help_text=_("Files, as for a new report.")
    )


class RatingRequestSerializer(TrackRequestSerializer):
    score = WholeNumberField(
        message=SCORE_MESSAGE,
        help_text=_("1 (very bad) to 5 (very good). A 1 or 2 opens an appeal one level up."),
    )


class TimelineEntrySerializer(serializers.Serializer):
    date = LocalDateField(source="at")
    # A string, not an enum: spectacular would make it a second "type" enum beside office types.
    type = serializers.CharField(
        help_text=format_lazy(
            _("One of: {types}."),
            types=", ".join(t for t in CaseEvent.Type.values if t in CITIZEN_EVENT_TYPES),
        )
    )
    status = serializers.CharField(
        source="to_status", help_text=_("The status the case moved to; empty when it did not change.")
    )
    reason = serializers.CharField(help_text=_("Why, when the office said (a rejection, a transfer)."))


class CaseMessageSerializer(serializers.Serializer):
    sender = serializers.ChoiceField(choices=Message.Sender.choices)
    body = serializers.CharField()
    date = LocalDateField(source="created_at")
    attachments = serializers.IntegerField(source="attachments.count", help_text=_("How many files."))


class CaseTrackSerializer(CaseSummarySerializer):
    timeline = TimelineEntrySerializer(many=True)
    messages = CaseMessageSerializer(many=True)
    can_rate = serializers.BooleanField(help_text=_("The case is closed and its outcome not yet rated."))
    contact_kept = serializers.BooleanField(
        help_text=_(
            "Contact details or opt-ins to updates are kept for this case; the citizen can withdraw them."
        )
    )
    content_removed = serializers.BooleanField(
        help_text=_(
            "The description, files, contact details and message texts were removed after the retention "
            "period; message bodies are then empty."
        )
    )


class ContactWithdrawResultSerializer(serializers.Serializer):
    withdrawn = serializers.BooleanField(
        help_text=_("True when contact details or opt-ins were removed; false when none were kept.")
    )
    detail = serializers.CharField(help_text=_("What happened, in the request's language."))


class RatingResultSerializer(CaseSummarySerializer):
    score = serializers.IntegerField()
    appeal_opened = serializers.BooleanField(
        help_text=_("The case went one level up the oversight chain: status and office are the new ones.")
    )


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    refuse_receipt_in_address(request)
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _open(request: Request, receipt: str) -> Case:
    return receipt_open(receipt_text=receipt, client=client_key(request._request))


_RECEIPT_RESPONSES: dict[int, Any] = {
    400: OpenApiResponse(FIELD_ERRORS_SCHEMA, description=_("A malformed request or receipt.")),
    404: OpenApiResponse(
        DetailSerializer,
        description=_("No case matches this receipt: the same for an unknown case and a wrong one."),
    ),
    429: OpenApiResponse(
        DetailSerializer, description=_("Too many wrong receipts: wait Retry-After seconds.")
    ),
}
_RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    int,
    OpenApiParameter.HEADER,
    response=[429],
    description=_("Seconds to wait before trying again."),
)


class TrackApi(CitizenApi):
    @extend_schema(
        operation_id="track_case",
        summary=_("Follow a case with its receipt"),
        description=_("Status, the office handling it, a timeline of dates and the messages exchanged."),
        tags=["track"],
        request=TrackRequestSerializer,
        parameters=[_RETRY_AFTER],
        responses={200: CaseTrackSerializer, **_RECEIPT_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        case = _open(request, _valid(TrackRequestSerializer, request)["receipt"])
        view = {
            "case": case,
            "timeline": case_timeline(case=case),
            "messages": case_messages(case=case),
            "can_rate": case_can_be_rated(case=case),
            "contact_kept": feedback_contact_kept(feedback=case.feedback),
            "content_removed": case.feedback.purged_at is not None,
        }
        return Response(CaseTrackSerializer(view).data)


class TrackMessageApi(CitizenApi):
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        operation_id="track_message",
        summary=_("Reply to the office, or add information and files"),
        description=_("A case waiting for the citizen's answer resumes. A closed case takes no more."),
        tags=["track"],
        request={"application/json": MessageRequestSerializer, "multipart/form-data": MessageFormSerializer},
        parameters=[_RETRY_AFTER],
        responses={201: CaseMessageSerializer, **_RECEIPT_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        data = _valid(MessageRequestSerializer, request)
        uploads = uploads_from(request)
        case = _open(request, data["receipt"])
        message = message_post_by_citizen(case=case, body=data["body"], uploads=uploads)
        return Response(CaseMessageSerializer(message).data, status=status.HTTP_201_CREATED)


class TrackRatingApi(CitizenApi):
    @extend_schema(
        operation_id="track_rating",
        summary=_("Rate the outcome of a closed case"),
        description=_(
            "Once per outcome. A score of 1 or 2 opens an appeal one level up the oversight chain."
        ),
        tags=["track"],
        request=RatingRequestSerializer,
        parameters=[_RETRY_AFTER],
        responses={201: RatingResultSerializer, **_RECEIPT_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        data = _valid(RatingRequestSerializer, request)
        case = _open(request, data["receipt"])
        rating = case_rate(case=case, score=data["score"])
        case.refresh_from_db(fields=["status", "office", "level"])
        result = {"case": case, "score": rating.score, "appeal_opened": case.level > rating.level}
        return Response(RatingResultSerializer(result).data, status=status.HTTP_201_CREATED)


class TrackContactWithdrawApi(CitizenApi):
    @extend_schema(
        operation_id="track_contact_withdraw",
        summary=_("Withdraw the contact details given with a report"),
        description=_(
            "At any time: the phone number or Telegram name given with the report is deleted, and so is "
            "every opt-in to updates of the case (Telegram, SMS). The report itself stays. Safe to repeat."
        ),
        tags=["track"],
        request=TrackRequestSerializer,
        parameters=[_RETRY_AFTER],
        responses={200: ContactWithdrawResultSerializer, **_RECEIPT_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        case = _open(request, _valid(TrackRequestSerializer, request)["receipt"])
        withdrawn = feedback_contact_withdraw(case=case)
        detail = WITHDRAWN_MESSAGE if withdrawn else NOTHING_KEPT_MESSAGE
        return Response(ContactWithdrawResultSerializer({"withdrawn": withdrawn, "detail": detail}).data)
