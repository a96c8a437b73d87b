"""Least privilege in the admin (issue 15 point 6, SECURITY.md C1).

System administrators manage accounts, offices, categories, the catalogue and settings; they read
no case (``cases/access.py``). Cases are seeded with marker text in every place a citizen or a
member of staff writes (description, answers, messages both ways, an internal note, a public
reason, contact details, a file's name), then each role signs in and every page of every model
registered in the admin is walked - index, changelists (searched for the markers too), change
views, history - in both languages: no marker and no time of day appears anywhere. The models
are read from the admin site itself, so a model registered later is walked too.
"""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import re

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ourvoice.accounts.admin import admin_site
from ourvoice.accounts.models import Role, User
from ourvoice.accounts.tests.conftest import verified
from ourvoice.apikeys.services import apikey_create
from ourvoice.cases.handling import case_note_add
from ourvoice.cases.models import CaseEvent, DeadlineRule, Status
from ourvoice.cases.services import case_transition
from ourvoice.cases.tests.staff import client_for, staff, submit  # noqa: F401 - fixtures
from ourvoice.catalogue.services import public_answer_publish
from ourvoice.feedback.services import Upload
from ourvoice.messaging.services import message_post_by_citizen, message_post_by_office
from ourvoice.notifications.services import notifications_create_for_event


def png_bytes() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


MARKERS = {
    "description": "Markerdescription the clerk asked me for money",
    "answer": "Markeranswer",
    "citizen message": "Markercitizenmessage here is more",
    "office message": "Markerofficemessage which village",
    "note": "Markerinternalnote the head is her cousin",
    "reason": "Markerpublicreason not our service",
    "phone": "012 345 678",
    "file": "Markerfilename",
}
# A time of day in any format Django or the Khmer locale writes (4:21 p.m., 16:21, ១៦:២១, noon).
TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}|\b[ap]\.m\.|\bmidnight\b|\bnoon\b|ព្រឹក|ល្ងាច|រសៀល", re.IGNORECASE)
ROLE_SCOPES = {
    Role.OFFICE_STAFF: "commune_office",
    Role.OFFICE_HEAD: "commune_office",
    Role.OMBUDSMAN: "district_ombudsman",
    Role.NATIONAL_OVERSIGHT: "national",
    Role.PROVINCIAL_ADMIN: None,
    Role.SYSTEM_ADMIN: None,
    Role.MONITOR: None,  # nationwide, no office
}
# Change views walked per model (every case event; a few of the seeded catalogue rows).
PER_MODEL = 4


@pytest.fixture
def seeded(area, submit, staff):
    """Cases with marker text everywhere, and at least one object of every admin model."""
    head = verified(staff(Role.OFFICE_HEAD, area.commune_office, is_focal_point=True))
    case = submit(MARKERS["description"], contact_consent=True, contact_phone=MARKERS["phone"])
    message_post_by_citizen(
        case=case,
        body=MARKERS["citizen message"],
        uploads=[Upload(name=f"{MARKERS['file']}.png", data=png_bytes())],
    )
    message_post_by_office(case=case, author=head, body=MARKERS["office message"])
    case_note_add(case=case, user=head, text=MARKERS["note"])
    rejected = submit(MARKERS["description"] + " again")
    case_transition(case=rejected, to_status=Status.REJECTED, actor=head, reason=MARKERS["reason"])
    sensitive = submit(MARKERS["description"] + " harassment", category="sexual-harassment")
    support = submit(
        MARKERS["description"] + " help",
        category="obtain-service",
        answers={"service_wanted": MARKERS["answer"]},
    )
    question = submit("How long does a birth certificate take?", category="processing-time")
    public_answer_publish(
        case=question,
        user=head,
        question="How long does a birth certificate take?",
        answer="Three working days.",
        language="en",
    )
    for event in CaseEvent.objects.all():
        notifications_create_for_event(event_id=event.pk)
    apikey_create(name="Open Data Lab", rate_per_minute=60)
    return [case, rejected, sensitive, support, question]


def _user(role: str, area, staff) -> User:
    scope = ROLE_SCOPES[role]
    fields = {"province": area.province} if role == Role.PROVINCIAL_ADMIN else {}
    office = getattr(area, scope) if scope else None
    # is_staff and is_superuser for every role that may hold them: the role alone decides
    # (accounts/README.md); a monitor cannot even be given them (User.clean).
    flags = {} if role == Role.MONITOR else {"is_staff": True, "is_superuser": True}
    return staff(role, office, **flags, **fields)


def _admin_pages(lang: str) -> list[str]:
    """The index, and every changelist, search, change view and history of every registered model."""
    pages = [f"/{lang}/admin/"]
    for model, model_admin in admin_site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        with translation.override(lang):
            changelist = reverse("admin:{}_{}_changelist".format(*info))
        assert changelist.startswith(f"/{lang}/")
        pages.append(changelist)
        if model_admin.search_fields:
            pages.append(f"{changelist}?q=Markerdescription")
        objects = model._default_manager.order_by("pk")
        limit = None if model is CaseEvent else PER_MODEL
        for pk in objects.values_list("pk", flat=True)[:limit]:
            pages.append(f"{changelist}{pk}/change/")
            pages.append(f"{changelist}{pk}/history/")
    return pages


def _assert_clean(html: str, url: str) -> None:
    for what, marker in MARKERS.items():
        assert marker not in html, f"{what} shown at {url}"
    found = TIME_OF_DAY.search(html)
    assert found is None, f"a time of day ({found.group(0) if found else ''}) at {url}"


@pytest.mark.parametrize("lang", ["en", "km"])
def test_a_system_administrator_sees_no_citizen_words_notes_or_times_anywhere_in_the_admin(
    area,
    seeded,
    staff,
    lang,
):
    admin = _user(Role.SYSTEM_ADMIN, area, staff)
    client = client_for(admin)
    # An administrator's own change, so the history pages have a line to show.
    rule = DeadlineRule.objects.order_by("pk").first()
    LogEntry.objects.log_actions(user_id=admin.pk, queryset=[rule], action_flag=CHANGE, change_message="days")
    pages = _admin_pages(lang)
    assert any("/cases/caseevent/" in page for page in pages)  # the audit log is still there
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_clean(response.content.decode(), url)


@pytest.mark.parametrize("role", [role for role in Role if role != Role.SYSTEM_ADMIN])
def test_every_other_role_gets_no_admin_page_at_all(area, seeded, staff, role):
    client: Client = client_for(_user(role, area, staff))
    for url in _admin_pages("en"):
        response = client.get(url, follow=True)
        assert response.status_code == 403, url
        _assert_clean(response.content.decode(), url)


def test_no_model_holding_citizen_words_is_registered_in_the_admin():
    from ourvoice.feedback.models import Attachment, Feedback
    from ourvoice.messaging.models import Message

    registered = set(admin_site._registry)
    assert not registered & {Feedback, Attachment, Message}
    event_admin = admin_site._registry[CaseEvent]
    shown = {field for field in event_admin.fields if isinstance(field, str)}
    assert "reason" not in shown and "at" not in shown
