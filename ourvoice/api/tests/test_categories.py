"""GET /api/v1/categories/: the topics of each kind, with their guided questions."""

import pytest

from ourvoice.api.tests.helpers import in_khmer
from ourvoice.feedback.models import Category, Kind

pytestmark = pytest.mark.django_db

KIND_MESSAGE = "Give a kind: complaint, support, information or evaluation."


def test_categories_of_a_kind_with_their_questions(api):
    response = api.get("/api/v1/categories/", {"kind": "complaint"})

    assert response.status_code == 200
    body = response.json()
    assert {c["kind"] for c in body} == {"complaint"}
    assert [c["code"] for c in body][:3] == ["unofficial-fee", "slow-service", "staff-conduct"]
    slow = next(c for c in body if c["code"] == "slow-service")
    assert slow == {
        "code": "slow-service",
        "kind": "complaint",
        "name_km": "សេវាយឺត ឬហួសពេលកំណត់",
        "name_en": "Slow service or a missed deadline",
        "help_km": "",
        "help_en": "",
        "asks_fee": False,
        "is_sensitive": False,
        "about_people": False,
        "always_about_office": False,
        "asks_about_office": True,
        "asks_publication_consent": True,
        "questions": [
            {
                "code": "days_waited",
                "label_km": "តើអ្នកបានរង់ចាំប៉ុន្មានថ្ងៃ?",
                "label_en": "How many days did you wait?",
                "datatype": "number",
                "required": False,
                "order": 0,
                "choices": [],
            },
            {
                "code": "told_deadline",
                "label_km": "តើគេបានប្រាប់អ្នកថាពេលណានឹងរួចរាល់ទេ?",
                "label_en": "Were you told when it would be ready?",
                "datatype": "yesno",
                "required": False,
                "order": 1,
                "choices": [],
            },
        ],
    }
    fee = next(c for c in body if c["code"] == "unofficial-fee")
    assert fee["asks_fee"] is True
    assert fee["questions"][0]["choices"][0] == {
        "value": "counter_staff",
        "km": "មន្ត្រីនៅបញ្ជរ",
        "en": "Staff at the counter",
    }
    assert next(c for c in body if c["code"] == "sexual-harassment")["is_sensitive"] is True


def test_what_the_app_asks_and_inactive_categories_stay_internal(api):
    Category.objects.filter(code="discrimination").update(is_active=False)
    body = api.get("/api/v1/categories/", {"kind": "complaint"}).json()
    assert "discrimination" not in [c["code"] for c in body]
    staff_conduct = next(c for c in body if c["code"] == "staff-conduct")
    assert set(staff_conduct) == {
        "code",
        "kind",
        "name_km",
        "name_en",
        "help_km",
        "help_en",
        "asks_fee",
        "is_sensitive",
        "about_people",
        "always_about_office",
        "asks_about_office",
        "asks_publication_consent",
        "questions",
    }
    # Staff conduct is always about the office: the app says where it goes and does not ask.
    assert (staff_conduct["always_about_office"], staff_conduct["asks_about_office"]) == (True, False)
    harassment = next(c for c in body if c["code"] == "sexual-harassment")
    assert (harassment["always_about_office"], harassment["asks_publication_consent"]) == (True, False)
    evaluation = api.get("/api/v1/categories/", {"kind": "evaluation"}).json()[0]
    assert (evaluation["asks_about_office"], evaluation["asks_publication_consent"]) == (False, False)


@pytest.mark.parametrize("kind", list(Kind))
def test_each_kind_has_topics(api, kind):
    body = api.get("/api/v1/categories/", {"kind": kind.value}).json()
    assert body
    assert {c["kind"] for c in body} == {kind.value}


def test_without_a_kind_every_active_topic(api):
    body = api.get("/api/v1/categories/").json()
    assert len(body) == Category.objects.filter(is_active=True).count()
    assert {c["kind"] for c in body} == set(Kind.values)


@pytest.mark.parametrize("kind", ["complaints", "COMPLAINT", "x" * 300, "\x00"])
def test_an_unknown_kind_answers_400_in_the_request_language(api, kind):
    response = api.get("/api/v1/categories/", {"kind": kind})
    assert response.status_code == 400
    assert response.json() == {"kind": [KIND_MESSAGE]}
    response = api.get("/api/v1/categories/", {"kind": kind}, HTTP_ACCEPT_LANGUAGE="km")
    assert response.json() == {"kind": [in_khmer(KIND_MESSAGE)]}
