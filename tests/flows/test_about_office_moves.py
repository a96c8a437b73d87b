"""Issue 15: no move gives a complaint back to the office it is about (SECURITY.md C2).

A property over every complaint category and every office level a citizen can address, each
complaint answered "about the office": any sequence of transfers (to whatever the handling
office is offered, and an attempt at the accused office), escalations (the periodic command,
past every deadline), appeals (the citizen's poor rating through the API) and assignments (an
attempt at the accused office's staff) keeps the case away from the accused office, which never
sees it. Transfers down and escalations back up are where the District Ombudsman would have been
handed a complaint about itself before: ``routing.next_level`` now skips the hidden office.
"""

# ruff: noqa: F811 (fixtures imported from other modules are redefined as arguments)

import datetime
from typing import Any

from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ourvoice.accounts.models import Role
from ourvoice.cases.models import Case, Status
from ourvoice.cases.tests.staff import client_for, staff  # noqa: F401 - fixture
from ourvoice.feedback.models import Category, Kind
from ourvoice.feedback.services import feedback_submit
from ourvoice.offices.models import Office

LEVELS = ["commune_office", "owso", "district_ombudsman", "owsu", "provincial_ombudsman"]
MOVES = ["transfer", "escalate", "appeal", "assign"]
OMBUDSMEN = {Office.Type.DISTRICT_OMBUDSMAN, Office.Type.PROVINCIAL_OMBUDSMAN}


def _role(office: Office) -> str:
    if office.type in OMBUDSMEN:
        return Role.OMBUDSMAN
    if office.type == Office.Type.NATIONAL_OVERSIGHT:
        return Role.NATIONAL_OVERSIGHT
    return Role.OFFICE_STAFF


class Handlers:
    """One signed-in focal point per office, made when first needed (they see sensitive cases)."""

    def __init__(self, staff: Any) -> None:
        self.staff, self.clients = staff, {}

    def __call__(self, office: Office) -> Client:
        if office.pk not in self.clients:
            self.clients[office.pk] = client_for(self.staff(_role(office), office, is_focal_point=True))
        return self.clients[office.pk]


def _act(client: Client, case: Case, action: str, **data: object) -> Any:
    return client.post(f"/en/staff/cases/{case.pk}/{action}/", data)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_transfer_escalation_appeal_or_assignment_reaches_the_accused_office(
    area, staff, make_input, data, django_capture_on_commit_callbacks
):
    codes = list(Category.objects.filter(kind=Kind.COMPLAINT).values_list("code", flat=True))
    code = data.draw(st.sampled_from(codes), label="category")
    accused: Office = getattr(area, data.draw(st.sampled_from(LEVELS), label="office complained about"))
    moves = data.draw(st.lists(st.sampled_from(MOVES), min_size=1, max_size=4), label="moves")
    with transaction.atomic():
        handlers = Handlers(staff)
        accused_staff = staff(_role(accused), accused, is_focal_point=True)
        accused_client = client_for(accused_staff)
        submission = feedback_submit(data=make_input(category=code, office=accused, about_office=True))
        case = submission.case
        today = timezone.localdate()
        for step, move in enumerate(moves):
            case.refresh_from_db()
            here = handlers(case.office)
            if move == "transfer" and case.status not in (Status.CLOSED, Status.REJECTED):
                page = here.get(f"/en/staff/cases/{case.pk}/")
                offered = [pk for pk, _name in page.context["forms"]["transfer"].fields["office"].choices]
                assert accused.pk not in offered
                refused = _act(here, case, "transfer", office=accused.pk, reason="Send it back to them.")
                assert refused.status_code == 400
                target = data.draw(st.sampled_from(offered), label=f"transfer {step} to")
                with django_capture_on_commit_callbacks(execute=True):
                    assert (
                        _act(here, case, "transfer", office=target, reason="Better placed.").status_code
                        == 302
                    )
            elif move == "escalate":
                today += datetime.timedelta(days=60)  # past every deadline
                with django_capture_on_commit_callbacks(execute=True):
                    call_command("cases_escalate_overdue", "--date", today.isoformat(), verbosity=0)
            elif move == "appeal" and case.status not in (Status.CLOSED, Status.REJECTED):
                for status in {
                    Status.RECEIVED: (Status.ACKNOWLEDGED, Status.RESOLVED, Status.CLOSED),
                    Status.ACKNOWLEDGED: (Status.RESOLVED, Status.CLOSED),
                    Status.IN_PROGRESS: (Status.RESOLVED, Status.CLOSED),
                    Status.WAITING: (Status.RESOLVED, Status.CLOSED),
                    Status.RESOLVED: (Status.CLOSED,),
                }[Status(case.status)]:
                    assert _act(here, case, "status", to_status=status, reason="").status_code == 302
                rating = {"receipt": submission.receipt.grouped(), "score": 1}
                with django_capture_on_commit_callbacks(execute=True):
                    response = Client().post("/api/v1/track/rating/", rating, content_type="application/json")
                assert response.status_code == 201, response.content
            elif move == "assign":
                page = here.get(f"/en/staff/cases/{case.pk}/")
                offered = [pk for pk, _name in page.context["forms"]["assign"].fields["assignee"].choices]
                assert accused_staff.pk not in offered
                assert _act(here, case, "assign", assignee=accused_staff.pk).status_code == 400
            case.refresh_from_db()
            assert case.office_id != accused.pk, (code, accused, moves[: step + 1])
            assert case.hidden_from_id == accused.pk
            assert case.assignee is None or case.assignee.office_id == case.office_id
            assert accused_client.get(f"/en/staff/cases/{case.pk}/").status_code == 404
            for tab in ("new", "closed"):
                listed = accused_client.get("/en/staff/cases/", {"tab": tab}).context["page"].object_list
                assert case.pk not in {c.pk for c in listed}
        transaction.set_rollback(True)
