"""Output serializers shared by the feedback and tracking endpoints: what a citizen sees of a case.

An allowlist (SECURITY.md A3): the case's status, kind, topic, the office handling it now and the
submission *date*. Never the hour, the channel's technical details, the assignee, the level, the
office a complaint is hidden from, or whether the case took the sensitive track.
"""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ourvoice.cases.models import Status
from ourvoice.feedback.models import Kind
from ourvoice.offices.models import Office


class LocalDateField(serializers.DateField):
    """A moment shown as its date in Cambodia (Asia/Phnom_Penh): never the time of day."""

    def to_representation(self, value: Any) -> Any:
        if isinstance(value, datetime.datetime):
            value = timezone.localdate(value)
        return super().to_representation(value)


class CategoryRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_km = serializers.CharField()
    name_en = serializers.CharField()


class CaseOfficeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name_km = serializers.CharField()
    name_en = serializers.CharField()
    type = serializers.ChoiceField(choices=Office.Type.choices)


class CaseSummarySerializer(serializers.Serializer):
    """Read from an object with a ``case`` (a Submission, or the tracking view's dict)."""

    status = serializers.ChoiceField(choices=Status.choices, source="case.status")
    status_label = serializers.CharField(
        source="case.citizen_status_display", help_text=_("The status in the request's language.")
    )
    kind = serializers.ChoiceField(choices=Kind.choices, source="case.feedback.kind")
    category = CategoryRefSerializer(source="case.feedback.category")
    office = CaseOfficeSerializer(
        source="case.office", help_text=_("The office handling the case now (routing, transfers, appeals).")
    )
    submitted = LocalDateField(source="case.feedback.submitted_at", help_text=_("Date only, never the time."))
