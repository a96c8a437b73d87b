"""SECURITY.md A1: no client address, forwarded-for header or user agent is kept anywhere.

Submits through the web form and the REST API, tracks, replies and rates through both, with
sentinel values in REMOTE_ADDR, X-Forwarded-For and User-Agent; then searches every database
table (session data decoded), everything logged at DEBUG level, and the cache, keys and values.
"""

import logging
import pickle
import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client

from ourvoice.cases.models import Status
from ourvoice.cases.services import case_transition
from ourvoice.feedback.models import Feedback

ADDRESS = "203.0.113.77"
FORWARDED = "198.51.100.99"
AGENT = "UA-SENTINEL-7f3a Mozilla/5.0"
SENTINELS = [ADDRESS, FORWARDED, "UA-SENTINEL-7f3a"]
META = {"REMOTE_ADDR": ADDRESS, "HTTP_X_FORWARDED_FOR": FORWARDED, "HTTP_USER_AGENT": AGENT}
RECEIPT = re.compile(r'name="receipt" value="(\d{20})"')


@pytest.fixture
def everything_logged(tmp_path):
    """Log every record of every logger (even those the settings silence) to a file."""
    path = tmp_path / "all.log"
    handler = logging.FileHandler(path)
    handler.setLevel(logging.DEBUG)
    names = ["", "django", "django.request", "django.server", "django.security", "ourvoice", "huey"]
    loggers = [logging.getLogger(name) for name in names]
    saved = [(lg.level, lg.propagate) for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    yield path
    for lg, (level, propagate) in zip(loggers, saved, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)
        lg.propagate = propagate
    handler.close()


def _database_text() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        chunks.append(bytes(value).decode("latin-1"))
                    else:
                        chunks.append(str(value))
    for session in Session.objects.all():
        chunks.append(repr(SessionStore().decode(session.session_data)))
    return "\n".join(chunks)


def _cache_text() -> str:
    store = getattr(cache, "_cache", {})
    chunks = []
    for key, value in store.items():
        chunks.append(str(key))
        try:
            chunks.append(repr(pickle.loads(value)))  # noqa: S301 - our own test cache
        except Exception:
            chunks.append(repr(value))
    return "\n".join(chunks)


def test_no_client_address_or_agent_is_kept_anywhere(area, everything_logged, capfd):
    cache.clear()
    web = Client(**META)
    api = Client(**META)
    office, commune = area.commune_office, area.commune

    # 1. Web form.
    form_url = f"/km/submit/complaint/form/?commune={commune.code}&office={office.pk}&category=slow-service"
    page = web.get(form_url)
    assert page.status_code == 200
    token = re.search(r'name="token" value="([^"]+)"', page.content.decode()).group(1)
    response = web.post(
        form_url, {"description": "សេវាយឺតណាស់", "about_office": "no", "token": token}, follow=True
    )
    assert response.status_code == 200
    web_receipt = RECEIPT.search(response.content.decode()).group(1)

    # 2. REST API.
    created = api.post(
        "/api/v1/feedback/",
        {
            "kind": "information",
            "category": "documents",
            "commune": commune.code,
            "description": "Which papers?",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    api_receipt = created.json()["receipt"]

    # 3. Wrong guesses (throttling keeps its counters in the cache), then real tracking.
    for _ in range(3):
        web.post("/km/track/", {"receipt": "1111 2222 3333 4444 5555"})
        api.post("/api/v1/track/", {"receipt": "1111 2222 3333 4444 5555"}, content_type="application/json")
    assert web.post("/km/track/", {"receipt": web_receipt}, follow=True).status_code == 200
    assert web.post("/km/track/case/reply/", {"body": "ព័ត៌មានបន្ថែម"}, follow=True).status_code == 200
    tracked = api.post("/api/v1/track/", {"receipt": api_receipt}, content_type="application/json")
    assert tracked.status_code == 200
    message = {"receipt": api_receipt, "body": "More detail"}
    assert api.post("/api/v1/track/messages/", message, content_type="application/json").status_code == 201
    case = Feedback.objects.get(locator=api_receipt.replace(" ", "")[:8]).case
    for status in (Status.ACKNOWLEDGED, Status.RESOLVED, Status.CLOSED):
        case = case_transition(case=case, to_status=status, actor=None)
    rating = {"receipt": api_receipt, "score": 1}
    assert api.post("/api/v1/track/rating/", rating, content_type="application/json").status_code == 201

    out, err = capfd.readouterr()
    places = {
        "database": _database_text(),
        "logs": everything_logged.read_text() + out + err,
        "cache": _cache_text(),
    }
    assert places["database"] and places["cache"]  # the search looked at something real
    for where, text in places.items():
        for sentinel in SENTINELS:
            assert sentinel not in text, f"{sentinel!r} found in the {where}"
