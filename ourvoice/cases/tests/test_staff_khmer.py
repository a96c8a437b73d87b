"""Khmer throughout for staff (issue 16 point 2): statuses worded for the reader, Khmer names first,
and every model and field named for the admin in Khmer."""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise

from ourvoice.accounts.models import Role
from ourvoice.cases.models import Status, citizen_status_label
from ourvoice.cases.tests.staff import client_for, staff, submit  # noqa: F401
from ourvoice.feedback.models import Category
from ourvoice.messaging.services import message_post_by_office

pytestmark = pytest.mark.django_db


def test_staff_read_waiting_for_the_citizen_and_citizens_waiting_for_their_answer(area, submit, staff):
    case = submit()
    clerk = staff(Role.OFFICE_STAFF, area.commune_office)
    message_post_by_office(case=case, author=clerk, body="សូមផ្ញើរូបថតបង្កាន់ដៃ។", ask_citizen=True)
    case.refresh_from_db()
    assert case.status == Status.WAITING
    client = client_for(clerk)
    english = client.get(f"/en/staff/cases/{case.pk}/").content.decode()
    assert "Waiting for the citizen" in english and "Waiting for your answer" not in english
    inbox = client.get("/en/staff/cases/", {"tab": "waiting"}).content.decode()
    assert "Waiting for the citizen" in inbox and "your answer" not in inbox
    with translation.override("km"):
        staff_km, citizen_km = translation.gettext("Waiting for the citizen"), citizen_status_label("waiting")
    assert staff_km != citizen_km
    khmer = client.get(f"/km/staff/cases/{case.pk}/").content.decode()
    assert staff_km in khmer and citizen_km not in khmer
    with translation.override("en"):
        assert citizen_status_label("waiting") == "Waiting for your answer"
        assert citizen_status_label("resolved") == "Resolved" and citizen_status_label("nonsense") == ""


def test_names_are_khmer_first_on_khmer_pages(area, staff):
    with translation.override("km"):
        assert str(area.commune) == "ស្លក្រាម (Sla Kram)"
        category = Category.objects.get(code="slow-service")
        assert category.name_km in str(category) and category.name_en not in str(category)
    with translation.override("en"):
        assert str(area.commune) == "Sla Kram (ស្លក្រាម)"
        assert category.name_en in str(category)
    # The inbox's filter lists topics in Khmer on a Khmer page (it showed the English names).
    html = client_for(staff(Role.OFFICE_STAFF, area.commune_office)).get("/km/staff/cases/").content.decode()
    assert category.name_km in html and category.name_en not in html


def test_every_model_and_field_of_ours_has_a_translatable_name():
    """The admin shows these names: each one goes through the catalogue (gettext_lazy)."""
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("ourvoice."):
            continue
        for option in ("verbose_name", "verbose_name_plural"):
            if not isinstance(model._meta.original_attrs.get(option), Promise):
                missing.append(f"{model._meta.label}.Meta.{option}")
        # A proxy's fields are its parent's (django-otp's device: the admin relabels them).
        fields = [] if model._meta.proxy else model._meta.get_fields(include_parents=False)
        for field in fields:
            name = getattr(field, "verbose_name", None)
            if field.concrete and not field.auto_created and not isinstance(name, Promise):
                missing.append(f"{model._meta.label}.{field.name}")
    for app in apps.get_app_configs():
        if app.name.startswith("ourvoice.") and not isinstance(app.verbose_name, Promise):
            missing.append(f"app {app.label}")
    assert sorted(set(missing)) == []
