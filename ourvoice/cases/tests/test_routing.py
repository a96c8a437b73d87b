import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ourvoice.cases.models import Case, Status
from ourvoice.cases.routing import route_feedback
from ourvoice.feedback.models import Category, Kind
from ourvoice.feedback.services import feedback_submit
from ourvoice.offices.models import Office


@pytest.mark.parametrize("kind", [Kind.SUPPORT, Kind.INFORMATION, Kind.EVALUATION])
def test_requests_and_evaluations_go_to_the_chosen_office(make_input, area, kind):
    case = feedback_submit(data=make_input(kind)).case
    assert case.office == area.commune_office
    assert case.hidden_from is None


def test_an_ordinary_complaint_goes_to_the_office(make_input, area):
    case = feedback_submit(data=make_input(Kind.COMPLAINT, "slow-service")).case
    assert case.office == area.commune_office


@pytest.mark.parametrize(
    ("office_attr", "handler_attr"),
    [
        ("commune_office", "district_ombudsman"),
        ("owso", "district_ombudsman"),
        ("district_ombudsman", "provincial_ombudsman"),
        ("owsu", "national"),
        ("provincial_ombudsman", "national"),
    ],
)
def test_a_complaint_about_an_office_goes_to_its_ombudsman_and_is_hidden_from_it(
    make_input, area, office_attr, handler_attr
):
    office = getattr(area, office_attr)
    data = make_input(Kind.COMPLAINT, "staff-conduct", office=office, commune=area.commune)
    case = feedback_submit(data=data).case
    assert case.office == getattr(area, handler_attr)
    assert case.hidden_from == office


def test_a_sensitive_complaint_goes_to_the_provincial_level_and_is_hidden(make_input, area):
    case = feedback_submit(data=make_input(Kind.COMPLAINT, "sexual-harassment")).case
    assert case.office == area.provincial_ombudsman
    assert case.hidden_from == area.commune_office
    assert case.is_sensitive and case.feedback.is_sensitive
    assert case.status == Status.RECEIVED


def test_a_sensitive_complaint_about_the_provincial_ombudsman_goes_to_national(make_input, area):
    data = make_input(Kind.COMPLAINT, "sexual-harassment", office=area.provincial_ombudsman)
    case = feedback_submit(data=data).case
    assert case.office == area.national


# --- issue 15: routing by who is complained about ---------------------------------------------

ALWAYS = ["unofficial-fee", "staff-conduct", "discrimination"]
LEVELS = [
    ("commune_office", "district_ombudsman"),
    ("owso", "district_ombudsman"),
    ("district_ombudsman", "provincial_ombudsman"),
    ("owsu", "national"),
    ("provincial_ombudsman", "national"),
]


@pytest.mark.parametrize("code", ALWAYS)
@pytest.mark.parametrize(("office_attr", "handler_attr"), LEVELS)
def test_complaints_about_an_office_by_their_nature_go_to_its_overseer(
    make_input, area, code, office_attr, handler_attr
):
    office = getattr(area, office_attr)
    case = feedback_submit(data=make_input(Kind.COMPLAINT, code, office=office)).case
    assert (case.office, case.hidden_from) == (getattr(area, handler_attr), office)
    assert case.feedback.about_office is None  # not asked: the topic says it


def test_an_unofficial_fee_asked_by_the_officer_never_reaches_the_commune_office(make_input, area):
    """Issue 15's finding: it went to the commune office itself."""
    data = make_input(Kind.COMPLAINT, "unofficial-fee", answers={"who_asked": "officer"})
    case = feedback_submit(data=data).case
    assert case.office == area.district_ombudsman
    assert case.hidden_from == area.commune_office


@pytest.mark.parametrize("code", ["slow-service", "other-complaint"])
@pytest.mark.parametrize(("office_attr", "handler_attr"), LEVELS)
def test_the_citizens_answer_routes_the_other_complaints(make_input, area, code, office_attr, handler_attr):
    office = getattr(area, office_attr)
    about = feedback_submit(data=make_input(Kind.COMPLAINT, code, office=office, about_office=True)).case
    assert (about.office, about.hidden_from) == (getattr(area, handler_attr), office)
    assert about.feedback.about_office is True
    other = feedback_submit(data=make_input(Kind.COMPLAINT, code, office=office, about_office=False)).case
    assert (other.office, other.hidden_from) == (office, None)
    assert other.feedback.about_office is False


def test_a_complaint_that_asks_must_be_answered(make_input):
    with pytest.raises(ValidationError) as error:
        feedback_submit(data=make_input(Kind.COMPLAINT, "other-complaint", about_office=None))
    assert "about_office" in error.value.message_dict


@pytest.mark.parametrize("kind", [Kind.SUPPORT, Kind.INFORMATION, Kind.EVALUATION])
def test_other_kinds_are_not_routed_by_the_answer(make_input, area, kind):
    case = feedback_submit(data=make_input(kind, about_office=True)).case
    assert (case.office, case.hidden_from, case.feedback.about_office) == (area.commune_office, None, None)


def test_national_oversight_cannot_be_chosen_and_a_complaint_about_it_stays_there_unhidden(make_input, area):
    with pytest.raises(ValidationError):
        feedback_submit(data=make_input(Kind.COMPLAINT, "staff-conduct", office=area.national, commune=None))
    # Nothing oversees national oversight: routing keeps such a complaint there, hidden from
    # nobody (hiding it from its only handler would lose it), and says so (cases/README.md).
    for code in ("staff-conduct", "sexual-harassment"):
        route = route_feedback(
            kind=Kind.COMPLAINT, category=Category.objects.get(code=code), office=area.national
        )
        assert (route.office, route.hidden_from, route.unoverseen) == (area.national, None, True)


def test_an_office_without_oversight_sends_complaints_about_it_to_national(make_input, area):
    Office.objects.filter(pk=area.owso.pk).update(oversight=None)
    area.owso.refresh_from_db()
    case = feedback_submit(data=make_input(Kind.COMPLAINT, "staff-conduct", office=area.owso)).case
    assert (case.office, case.hidden_from) == (area.national, area.owso)


def test_the_database_refuses_a_case_at_the_office_it_is_hidden_from(make_input, area):
    case = feedback_submit(data=make_input(Kind.COMPLAINT, "staff-conduct")).case
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(office=area.commune_office)


@pytest.mark.parametrize("flags", [{"is_sensitive": True}, {"about_people": True}])
def test_no_setting_routes_an_accusing_complaint_topic_to_the_accused(db, flags):
    category = Category(kind=Kind.COMPLAINT, code="x-topic", name_km="x", name_en="x", **flags)
    with pytest.raises(ValidationError) as error:
        category.full_clean()
    assert "about_office" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        category.save()
    # Another kind is not routed by who it is about at all.
    support = Category(kind=Kind.SUPPORT, code="y-topic", name_km="y", name_en="y", about_office=True)
    with pytest.raises(ValidationError):
        support.full_clean()


def test_a_complaint_kept_at_national_oversight_says_why_in_an_internal_note(make_input, area, monkeypatch):
    from ourvoice.cases.models import CaseEvent
    from ourvoice.cases.routing import Route
    from ourvoice.feedback import services

    monkeypatch.setattr(
        services, "route_feedback", lambda **_: Route(office=area.national, hidden_from=None, unoverseen=True)
    )
    case = feedback_submit(data=make_input(Kind.COMPLAINT, "staff-conduct")).case
    note = case.events.get(type=CaseEvent.Type.NOTE)
    assert not note.public and "No office in Our Voice oversees it" in note.reason
