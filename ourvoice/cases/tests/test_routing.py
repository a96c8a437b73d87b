import pytest

from ourvoice.cases.models import Status
from ourvoice.feedback.models import Kind
from ourvoice.feedback.services import feedback_submit


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
