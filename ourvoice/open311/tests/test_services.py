"""Conformance: discovery, services and service definitions, in XML and JSON (GeoReport v2)."""

import pytest

from ourvoice.feedback.models import Category, Question
from ourvoice.open311.tests.spec import (
    ATTRIBUTE,
    DATATYPES,
    DEFINITION,
    DISCOVERY,
    ENDPOINT,
    SERVICE,
    VALUE,
    W3C,
    check_errors,
    read_json,
)

pytestmark = pytest.mark.django_db


def test_discovery_lists_this_endpoint_in_both_formats(both):
    data = both("discovery", "discovery")
    assert set(data) == DISCOVERY
    [endpoint] = data["endpoints"]
    assert set(endpoint) == ENDPOINT
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    assert endpoint["type"] in {"production", "test"}
    assert W3C.fullmatch(data["changeset"])


def test_discovery_changeset_moves_when_a_service_changes(both):
    before = both("discovery", "discovery")["changeset"]
    category = Category.objects.get(code="fees")
    category.name_en = "What a service costs, officially"
    category.save()
    assert both("discovery", "discovery")["changeset"] >= before


def test_every_active_category_is_a_service(both):
    Category.objects.filter(code="other-information").update(is_active=False)
    services = both("services", "services", locale="en")
    expected = Category.objects.filter(is_active=True)
    assert [s["service_code"] for s in services] == [c.code for c in expected]
    for service, category in zip(services, expected, strict=True):
        assert set(service) == SERVICE
        assert isinstance(service["service_code"], str)
        assert service["service_name"] == category.name_en
        assert service["group"] == category.kind
        assert service["type"] == "realtime"
        assert service["metadata"] is (
            category.questions.exists()
            or category.asks_fee
            or category.kind == "evaluation"
            or category.asks_about_office
        )


def test_names_are_in_the_language_asked(o311):
    khmer = read_json(o311.get("/open311/v2/services.json", HTTP_ACCEPT_LANGUAGE="km"))
    english = read_json(o311.get("/open311/v2/services.json", {"locale": "en"}, HTTP_ACCEPT_LANGUAGE="km"))
    slow = Category.objects.get(code="slow-service")
    assert {"service_name": slow.name_km}.items() <= next(
        s for s in khmer if s["service_code"] == "slow-service"
    ).items()
    assert next(s for s in english if s["service_code"] == "slow-service")["service_name"] == slow.name_en


def test_an_unknown_locale_is_a_400(both):
    both("services", "services", expect=400, locale="fr")


def test_a_service_definition_gives_the_questions_as_attributes(both):
    data = both("services/slow-service", "service_definition", locale="en")
    assert set(data) == DEFINITION
    assert data["service_code"] == "slow-service"
    attributes = data["attributes"]
    for attribute in attributes:
        assert set(attribute) == ATTRIBUTE
        assert attribute["datatype"] in DATATYPES
        assert attribute["variable"] is True
        for value in attribute["values"]:
            assert set(value) == VALUE
    assert [a["order"] for a in attributes] == list(range(1, len(attributes) + 1))
    about, days, told = attributes
    # First the routing question (issue 15): required, yes or no, saying where "yes" goes.
    assert (about["code"], about["datatype"], about["required"]) == ("about_office", "singlevaluelist", True)
    assert about["description"] == "Is this complaint about the office or someone who works there?"
    assert [v["key"] for v in about["values"]] == ["yes", "no"]
    assert "oversees" in about["datatype_description"]
    assert (days["code"], days["datatype"], days["required"], days["values"]) == (
        "days_waited",
        "number",
        False,
        [],
    )
    assert days["description"] == "How many days did you wait?"
    assert (told["code"], told["datatype"]) == ("told_deadline", "singlevaluelist")
    assert [v["key"] for v in told["values"]] == ["yes", "no"]


def test_choices_required_questions_fees_and_scores(both):
    fee = both("services/unofficial-fee", "service_definition", locale="km")["attributes"]
    who = fee[0]
    assert who["code"] == "who_asked" and who["datatype"] == "singlevaluelist"
    question = Question.objects.get(category__code="unofficial-fee", code="who_asked")
    assert who["values"] == [{"key": c["value"], "name": c["km"]} for c in question.choices]
    assert [a["code"] for a in fee[1:]] == ["fee_service", "fee_official", "fee_paid", "fee_receipt_given"]
    # Unofficial fees are always about the office: no routing question.
    assert "about_office" not in [a["code"] for a in fee]
    support = both("services/obtain-service", "service_definition")["attributes"]
    assert support[0]["code"] == "service_wanted" and support[0]["required"] is True
    scores = both("services/service-evaluation", "service_definition")["attributes"]
    assert {a["code"] for a in scores} >= {"score_courtesy", "score_overall"}
    assert [v["key"] for v in scores[-1]["values"]] == ["1", "2", "3", "4", "5"]
    none = both("services/processing-time", "service_definition")
    assert none == {"service_code": "processing-time", "attributes": []}


def test_an_unknown_or_inactive_service_is_a_404(both):
    both("services/no-such-service", "service_definition", expect=404)
    Category.objects.filter(code="fees").update(is_active=False)
    both("services/fees", "service_definition", expect=404)


def test_an_unknown_jurisdiction_is_a_404_and_kh_is_ours(both):
    both("services", "services", jurisdiction_id="kh")
    both("services", "services", expect=404, jurisdiction_id="sfgov.org")
    both("discovery", "discovery", expect=404, jurisdiction_id="xx")


def test_other_addresses_and_methods_answer_in_the_spec_format(o311):
    for path, media in [("/open311/v2/nothing.json", "application/json"), ("/open311/v2/", "text/xml")]:
        response = o311.get(path)
        assert response.status_code == 404 and response["Content-Type"].startswith(media)
    response = o311.get("/open311/v2/services.html")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/xml")
    response = o311.put("/open311/v2/services.json")
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    check_errors(read_json(response), 405)
