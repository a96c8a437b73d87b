"""Conformance: POST requests.{xml,json} (GeoReport v2), with our extensions (docs/open311.md)."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache

from ourvoice.apikeys.services import apikey_create, apikey_revoke
from ourvoice.cases.models import Case
from ourvoice.feedback.models import Channel, Feedback
from ourvoice.geo.models import Province
from ourvoice.open311.tests.conftest import form
from ourvoice.open311.tests.spec import CREATED, check_errors, read_json, read_xml

pytestmark = pytest.mark.django_db


def _one_error(answer) -> str:
    [description] = check_errors(answer, answer[0]["code"])
    return description


def test_a_request_is_filed_and_answers_its_id_and_the_receipt(post_both, area, o311):
    as_json, as_xml = post_both(
        form(area, **{"attribute[days_waited]": "១៤", "attribute[told_deadline]": "no"})
    )
    for answer in (as_json, as_xml):
        [created] = answer
        assert set(created) - {"receipt"} <= CREATED
        assert "token" not in created  # never both an id and a token
        assert created["service_request_id"] and created["service_notice"]
    receipt = as_json[0]["receipt"]
    feedback = Feedback.objects.get(public_id=as_json[0]["service_request_id"])
    assert feedback.channel == Channel.API
    assert feedback.answers == {"days_waited": 14, "told_deadline": False}
    assert feedback.commune_id == area.commune.code and feedback.office_id == area.commune_office.pk
    # The receipt opens the case through the citizen API.
    track = o311.post("/api/v1/track/", {"receipt": receipt}, content_type="application/json")
    assert track.status_code == 200
    assert Case.objects.filter(feedback=feedback).exists()


def test_writes_need_a_valid_api_key(post_both, area):
    assert "api_key" in _one_error(post_both(form(area), expect=403, key="")[0])
    post_both(form(area), expect=403, key="ovk_00000000_" + "a" * 43)
    post_both(form(area), expect=403, key="not a key")
    issued = apikey_create(name="old app")
    apikey_revoke(api_key=issued.api_key)
    post_both(form(area), expect=403, key=issued.key)
    assert not Feedback.objects.exists()


def test_each_key_has_its_own_rate_limit(o311, area):
    cache.clear()
    slow = apikey_create(name="slow app", rate_per_minute=2).key
    other = apikey_create(name="other app", rate_per_minute=5).key
    codes = [o311.get("/open311/v2/services.json", {"api_key": slow}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    response = o311.post("/open311/v2/requests.xml", {"api_key": slow, **form(area)})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    check_errors(read_xml(response, "errors"), 429)
    assert o311.get("/open311/v2/services.json", {"api_key": other}).status_code == 200


def test_service_code_missing_is_400_and_unknown_is_404(post_both, area):
    assert "service_code" in _one_error(post_both(form(area, service_code=None), expect=400)[0])
    post_both(form(area, service_code="no-such-service"), expect=404)


def test_location_is_a_commune_code(post_both, area):
    assert "address_id" in _one_error(post_both(form(area, address_id=None), expect=400)[0])
    assert "address_id" in _one_error(post_both(form(area, address_id="12"), expect=400)[0])
    assert "address_id" in _one_error(post_both(form(area, address_id="999999"), expect=400)[0])
    message = _one_error(
        post_both(form(area, address_id=None, address_string="Near the market"), expect=400)[0]
    )
    assert "address_string" in message


def test_a_point_alone_names_its_province_and_asks_for_the_commune(post_both, area):
    Province.objects.create(code="12", type="capital", name_km="ភ្នំពេញ", name_en="Phnom Penh")
    alone = _one_error(post_both(form(area, address_id=None, lat="11.5564", long="104.9282"), expect=400)[0])
    assert "Phnom Penh (12)" in alone and "address_id" in alone
    outside = _one_error(post_both(form(area, address_id=None, lat="13.75", long="100.50"), expect=400)[0])
    assert "not in Cambodia" in outside
    elsewhere = _one_error(post_both(form(area, lat="11.5564", long="104.9282"), expect=400)[0])
    assert "Phnom Penh (12)" in elsewhere and "Siem Reap (17)" in elsewhere
    for lat, lon in [("13.4", ""), ("abc", "103"), ("95", "103"), ("nan", "103")]:
        post_both(form(area, lat=lat, long=lon), expect=400)
    # A point in the commune's province confirms it (and is not stored).
    as_json, _ = post_both(form(area, lat="13.3633", long="103.8564"))
    assert Feedback.objects.filter(public_id=as_json[0]["service_request_id"]).exists()


def test_attributes_are_validated_against_the_definition(post_both, area):
    number = _one_error(post_both(form(area, **{"attribute[days_waited]": "many"}), expect=400)[0])
    assert number.startswith("attribute[days_waited]: ")
    unknown = _one_error(post_both(form(area, **{"attribute[colour]": "red"}), expect=400)[0])
    assert unknown.startswith("attribute[colour]: ")
    required = form(area, service_code="obtain-service")
    assert _one_error(post_both(required, expect=400)[0]).startswith("attribute[service_wanted]: ")
    choice = form(area, service_code="unofficial-fee", **{"attribute[who_asked]": "the mayor"})
    assert _one_error(post_both(choice, expect=400)[0]).startswith("attribute[who_asked]: ")
    fee = form(area, service_code="unofficial-fee", **{"attribute[fee_paid]": "a lot"})
    assert _one_error(post_both(fee, expect=400)[0]).startswith("attribute[fee_paid]: ")
    assert not Feedback.objects.exists()


def test_fees_and_scores_reach_the_report(post_both, area):
    fee = form(
        area,
        service_code="unofficial-fee",
        **{
            "attribute[who_asked]": "counter_staff",
            "attribute[fee_service]": "Birth certificate",
            "attribute[fee_official]": "4,000",
            "attribute[fee_paid]": "20000",
            "attribute[fee_receipt_given]": "no",
        },
    )
    as_json, _ = post_both(fee)
    feedback = Feedback.objects.get(public_id=as_json[0]["service_request_id"])
    assert (feedback.official_fee, feedback.amount_paid, feedback.overcharge) == (4000, 20000, 16000)
    assert feedback.receipt_given is False
    assert (getattr(feedback.service, "code", None), feedback.service_name) == (
        "birth-certificate",
        "",
    )  # matched
    evaluation = form(
        area,
        service_code="service-evaluation",
        **{"attribute[score_courtesy]": "5", "attribute[score_overall]": "4"},
    )
    as_json, _ = post_both(evaluation)
    assert Feedback.objects.get(public_id=as_json[0]["service_request_id"]).scores == {
        "courtesy": 5,
        "overall": 4,
    }
    post_both({**evaluation, "attribute[score_overall]": "9"}, expect=400)


def test_a_service_error_names_the_open311_parameter(post_both, area):
    assert _one_error(post_both(form(area, description=" "), expect=400)[0]).startswith("description: ")
    other_office = form(area, office_id=str(area.other_commune_office.pk))
    assert _one_error(post_both(other_office, expect=400)[0]).startswith("office_id: ")
    post_both(form(area, office_id="99999999999999999999"), expect=400)


def test_contact_needs_consent_and_names_are_never_stored(post_both, area):
    assert _one_error(post_both(form(area, phone="012345678"), expect=400)[0]).startswith("phone: ")
    personal = {
        "email": "sokha@example.org",
        "first_name": "Sokha",
        "last_name": "Chan",
        "device_id": "dev-7",
    }
    as_json, _ = post_both(form(area, phone="012345678", contact_consent="true", **personal))
    feedback = Feedback.objects.get(public_id=as_json[0]["service_request_id"])
    assert feedback.contact_consent is True and feedback.contact_ciphertext
    stored = repr(list(Feedback.objects.values()))
    assert all(value not in stored for value in personal.values())


def test_media_urls_and_files_are_refused(post_both, area, o311, api_key):
    assert _one_error(post_both(form(area, media_url="http://example.org/a.jpg"), expect=400)[0]).startswith(
        "media_url: "
    )
    with open(__file__, "rb") as upload:
        response = o311.post("/open311/v2/requests.json", {"api_key": api_key, **form(area), "photo": upload})
    assert response.status_code == 400
    check_errors(read_json(response), 400)


def test_json_bodies_and_bad_booleans_are_refused(o311, api_key, area, post_both):
    response = o311.post("/open311/v2/requests.json", {"api_key": api_key}, content_type="application/json")
    assert response.status_code == 400
    check_errors(read_json(response), 400)
    post_both(form(area, publication_consent="maybe"), expect=400)


def test_idempotency_key_returns_the_first_request(o311, api_key, area):
    headers = {"HTTP_IDEMPOTENCY_KEY": "0f8fad5b-d9cb-469f-a165-70867728950e"}
    first = read_json(o311.post("/open311/v2/requests.json", {"api_key": api_key, **form(area)}, **headers))
    again = read_json(o311.post("/open311/v2/requests.json", {"api_key": api_key, **form(area)}, **headers))
    assert first == again and Feedback.objects.count() == 1


def test_a_retry_long_after_answers_409_without_the_receipt(o311, api_key, area):
    """Issue 15: the receipt is given again only within minutes of the first answer."""
    headers = {"HTTP_IDEMPOTENCY_KEY": "0f8fad5b-d9cb-469f-a165-70867728950e"}
    now = datetime.datetime(2026, 6, 1, 5, 10, tzinfo=datetime.UTC)
    with time_machine.travel(now, tick=False):
        o311.post("/open311/v2/requests.json", {"api_key": api_key, **form(area)}, **headers)
    with time_machine.travel(now + datetime.timedelta(days=1), tick=False):
        for suffix in ("json", "xml"):
            late = o311.post(f"/open311/v2/requests.{suffix}", {"api_key": api_key, **form(area)}, **headers)
            assert late.status_code == 409
            body = late.content.decode()
            assert "already received" in body and not re.search(r"\d{4} \d{4} \d{4}", body)
            if suffix == "json":
                check_errors(read_json(late), 409)
    assert Feedback.objects.count() == 1


def test_requests_over_the_clients_hourly_share_answer_429(post_both, area, settings):
    settings.SUBMISSIONS_PER_CLIENT_PER_HOUR = 2
    with time_machine.travel(datetime.datetime(2026, 6, 1, 5, 10, tzinfo=datetime.UTC), tick=False):
        post_both(form(area))  # JSON and XML: two reports
        as_json, _ = post_both(form(area), expect=429)
    assert "wait" in _one_error(as_json)
    assert Feedback.objects.count() == 2


def test_publication_consent_is_kept_only_where_it_is_asked(post_both, area):
    as_json, _ = post_both(form(area, service_code="staff-conduct", publication_consent="true"))
    assert Feedback.objects.get(public_id=as_json[0]["service_request_id"]).publication_consent is True
    as_json, _ = post_both(form(area, publication_consent="true"))
    assert Feedback.objects.get(public_id=as_json[0]["service_request_id"]).publication_consent is True
    as_json, _ = post_both(form(area, service_code="sexual-harassment", publication_consent="true"))
    assert Feedback.objects.get(public_id=as_json[0]["service_request_id"]).publication_consent is False


def test_about_office_is_a_required_attribute_where_the_topic_asks_it(post_both, area):
    _json, errors = post_both(
        form(area, service_code="other-complaint", **{"attribute[about_office]": None}), 400
    )
    assert errors[0]["description"] == (
        "attribute[about_office]: Say whether this complaint is about the office or someone who works there."
    )
    post_both(form(area, **{"attribute[about_office]": "perhaps"}), 400)
    as_json, _ = post_both(
        form(
            area,
            service_code="other-complaint",
            office_id=str(area.owsu.pk),
            **{"attribute[about_office]": "yes"},
        )
    )
    feedback = Feedback.objects.get(public_id=as_json[0]["service_request_id"])
    assert (feedback.about_office, feedback.case.office, feedback.case.hidden_from) == (
        True,
        area.national,
        area.owsu,
    )
    # Sent with a topic that does not ask (always about the office): ignored, and still routed away.
    as_json, _ = post_both(form(area, service_code="staff-conduct", **{"attribute[about_office]": "no"}))
    feedback = Feedback.objects.get(public_id=as_json[0]["service_request_id"])
    assert (feedback.about_office, feedback.case.office) == (None, area.district_ombudsman)


def test_errors_are_in_the_language_asked(o311, api_key, area):
    khmer = read_json(
        o311.post(
            "/open311/v2/requests.json", {"api_key": api_key, "locale": "km", **form(area, description="")}
        )
    )
    english = read_json(
        o311.post(
            "/open311/v2/requests.json", {"api_key": api_key, "locale": "en", **form(area, description="")}
        )
    )
    assert khmer[0]["description"] != english[0]["description"]
    assert english[0]["description"] == "description: Tell us what happened or what you need."
