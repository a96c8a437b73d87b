"""API of categories: the topics of each kind of feedback, with their guided questions (reads only).

What a category shows is an allowlist. ``asks_fee`` tells the app to ask the fee questions;
``is_sensitive`` tells it to show, before the citizen writes, that the report goes to the
provincial ombudsman's focal points and is hidden from the office named (DOMAIN.md: the citizen
should know this to trust the channel). ``always_about_office`` says that complaints of the topic
go to the office overseeing the one named, and ``asks_about_office`` that the app must ask the
citizen whether the complaint is about the office (the report's ``about_office``, required then).
``is_active``, ``order`` and database ids stay internal.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from ourvoice.api.errors import FIELD_ERRORS_SCHEMA, CitizenApi
from ourvoice.api.params import CategoryListParams
from ourvoice.feedback.models import Kind, Question
from ourvoice.feedback.selectors import category_list


class QuestionChoiceSerializer(serializers.Serializer):
    value = serializers.CharField(help_text=_("What to send as the answer."))
    km = serializers.CharField(default="")
    en = serializers.CharField(default="")


class QuestionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Key of the answer in the report's answers object."))
    label_km = serializers.CharField()
    label_en = serializers.CharField()
    datatype = serializers.ChoiceField(choices=Question.Datatype.choices)
    required = serializers.BooleanField()  # type: ignore[assignment]  # a field named like Field.required
    order = serializers.IntegerField()
    choices = QuestionChoiceSerializer(many=True, help_text=_("The possible answers of a choice question."))


class CategorySerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("What to send as the report's category."))
    kind = serializers.ChoiceField(choices=Kind.choices)
    name_km = serializers.CharField()
    name_en = serializers.CharField()
    help_km = serializers.CharField()
    help_en = serializers.CharField()
    asks_fee = serializers.BooleanField(
        help_text=_(
            "Ask which service, its official fee, the amount asked or paid and whether an official "
            "receipt was given."
        )
    )
    is_sensitive = serializers.BooleanField(
        help_text=_(
            "Harassment, gender-based violence, bribery naming a person: the report goes to the "
            "provincial ombudsman's focal points and is hidden from the office it names."
        )
    )
    about_people = serializers.BooleanField(
        help_text=_("A complaint about people (staff conduct, discrimination, harassment, bribery).")
    )
    always_about_office = serializers.BooleanField(
        help_text=_(
            "A complaint of this topic is by its nature about the office named or someone who works "
            "there: it goes to the office that oversees it, and the office named never sees it."
        )
    )
    asks_about_office = serializers.BooleanField(
        help_text=_(
            "Ask the citizen whether the complaint is about the office or someone who works there, "
            "and send the answer as about_office (required)."
        )
    )
    asks_publication_consent = serializers.BooleanField(
        help_text=_(
            "Ask, next to a preview of what would be public, whether the description may be "
            "published (publication_consent); without it, it never is."
        )
    )
    questions = QuestionSerializer(many=True)


class CategoryListApi(CitizenApi):
    @extend_schema(
        operation_id="categories_list",
        summary=_("Topics of each kind of feedback, with their guided questions"),
        tags=["feedback"],
        parameters=[
            OpenApiParameter(
                "kind",
                str,
                enum=Kind.values,
                description=_("Only the topics of this kind; all kinds when left out."),
            )
        ],
        responses={
            200: CategorySerializer(many=True),
            400: OpenApiResponse(FIELD_ERRORS_SCHEMA, description=_("Unknown kind.")),
        },
    )
    def get(self, request: Request) -> Response:
        params = CategoryListParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        categories = category_list(kind=params.validated_data.get("kind"))
        return Response(CategorySerializer(categories, many=True).data)
