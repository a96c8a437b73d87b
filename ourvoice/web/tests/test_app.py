"""Issue 17 through the pages: the offline data file, the offline app page, news on this phone
after the receipt (and the warning on a sensitive case), the quick exit."""

import gzip
import json

import pytest
from django.test import Client

from ourvoice.channels.common.models import Subscription
from ourvoice.channels.webpush.tests.fakes import FakePushService
from ourvoice.channels.webpush.vapid import vapid_new_private_key, vapid_public_key
from ourvoice.feedback.models import Category
from ourvoice.web.tests.citizen import Citizen, form_url, send_form
from ourvoice.web.tests.pagetools import find_all

TEXT = "ខ្ញុំបានរង់ចាំយូរណាស់នៅការិយាល័យ។"


@pytest.fixture
def push(settings):
    service = FakePushService()
    settings.WEBPUSH_VAPID_PRIVATE_KEY = vapid_new_private_key()
    settings.WEBPUSH_ENDPOINT_HOSTS = ["127.0.0.1"]
    settings.WEBPUSH_ALLOW_HTTP = True
    yield service
    service.stop()


def test_the_offline_data_holds_every_place_office_and_topic_compressed_and_versioned(place):
    client = Client()
    response = client.get("/km/submit/data.json", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    assert response["Cache-Control"] == "no-cache" and response["ETag"]
    data = json.loads(gzip.decompress(response.content))
    assert data["language"] == "km" and data["version"]
    assert data["provinces"] == [["17", "សៀមរាប"]]
    assert [c[0] for c in data["communes"]] == ["171001", "171002"]
    offices = {row[0]: row for row in data["offices"]}
    assert offices[str(place.commune_office.pk)][2:] == ["សាលាសង្កាត់ស្លក្រាម", "171001"]
    assert offices[str(place.owso.pk)][3] == "1710" and offices[str(place.owsu.pk)][3] == "17"
    assert str(place.national.pk) not in offices  # reached by routing, never chosen
    kinds = {topic[1] for topic in data["topics"]}
    assert kinds == {"complaint", "support", "information", "evaluation"}
    slow = next(topic for topic in data["topics"] if topic[0] == "slow-service")
    assert slow[2] == Category.objects.get(code="slow-service").name_km and slow[5]  # with its questions
    # Unchanged: the app's conditional request costs a 304 and no body.
    again = client.get("/km/submit/data.json", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    english = json.loads(client.get("/en/submit/data.json").content)
    assert english["provinces"] == [["17", "Siem Reap"]] and english["version"] != data["version"]


def test_the_offline_app_page_carries_no_token_and_every_kind(place):
    page = Citizen().get("/km/submit/offline/")
    assert page.status == 200
    assert "csrfmiddlewaretoken" not in page.html and 'name="token"' not in page.html
    kinds = [e.attrs["value"] for e in find_all(page.elements, "input") if e.attrs.get("name") == "kind"]
    assert kinds == ["complaint", "support", "information", "evaluation"]
    form = next(e for e in page.elements if "data-offline-app" in e.attrs)
    assert form.attrs["data-data-url"] == "/km/submit/data.json" and "hidden" in form.attrs
    scripts = [e.attrs["src"] for e in find_all(page.elements, "script")]
    assert "/static/ourvoice/js/offline.js" in scripts and "/static/ourvoice/js/queue.js" in scripts


def _news_section(page):
    return next((e for e in page.elements if "data-news" in e.attrs), None)


def test_after_the_receipt_news_is_offered_for_that_case_and_a_subscription_is_kept(place, push):
    citizen = Citizen()
    page = citizen.get(form_url(place, "complaint", "slow-service"))
    assert send_form(citizen, page, description=TEXT).status_code == 303
    receipt = citizen.get("/km/receipt/")
    news = _news_section(receipt)
    assert news is not None and "hidden" in news.attrs and "data-sensitive" not in news.attrs
    assert news.attrs["data-news-key"] == vapid_public_key()
    assert news.attrs["data-subscribe"] == "/km/news/subscribe/"
    browser = push.browser()
    response = citizen.client.post(
        "/km/news/subscribe/",
        json.dumps({"subscription": browser.subscription()}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Subscription.objects.get().case.feedback.description == TEXT


def test_news_is_not_offered_without_vapid_keys(place, settings):
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    citizen = Citizen()
    page = citizen.get(form_url(place, "complaint", "slow-service"))
    send_form(citizen, page, description=TEXT)
    assert _news_section(citizen.get("/km/receipt/")) is None


def test_a_sensitive_case_warns_before_news_and_before_keeping_the_receipt(place, push):
    sensitive = Category.objects.filter(kind="complaint", is_sensitive=True).first()
    assert sensitive is not None
    citizen = Citizen()
    page = citizen.get(form_url(place, "complaint", sensitive.code))
    response = send_form(citizen, page, description=TEXT)
    assert response.status_code == 303, response.content.decode()[:2000]
    receipt = citizen.get("/km/receipt/")
    news = _news_section(receipt)
    assert news is not None and "data-sensitive" in news.attrs
    warning = next(e for e in receipt.elements if "data-news-warning" in e.attrs)
    assert "hidden" in warning.attrs  # shown by the first tap, before any permission prompt
    text = receipt.text()
    assert "ករណីនេះជាករណីរសើប" in text and "ខ្ញុំយល់ហើយ" in text


def test_the_quick_exit_is_on_every_citizen_page_and_forgets_the_case(place):
    citizen = Citizen()
    for url in ("/km/", "/km/track/", "/km/submit/complaint/", "/en/services/"):
        page = citizen.get(url)
        links = [e for e in find_all(page.elements, "a") if "data-quick-exit" in e.attrs]
        assert len(links) == 1 and links[0].attrs["href"] == url[:4] + "exit/", url
    page = citizen.get(form_url(place, "complaint", "slow-service"))
    send_form(citizen, page, description=TEXT)
    session = citizen.client.session
    session["tracked_case_id"] = 1
    session.save()
    response = citizen.client.get("/km/exit/")
    assert response.status_code == 302 and response["Location"] == "/km/services/"
    session = citizen.client.session
    assert "tracked_case_id" not in session and "web:receipt_once" not in session
    assert "receipt-card__digits" not in citizen.get("/km/receipt/").html  # gone from the session
