"""Everything an office's staff can see, through the pages and APIs they use (SECURITY.md C2).

``OfficeView`` signs in one staff member and reads, as that person would: the inbox (every tab,
its counts, a search), each case's page and actions, notifications, the de-identified case list
export, the admin and Open311. ``assert_cannot_see`` checks that none of it shows, counts or
names the given cases - and that the counts and the notification badge did not move since the
snapshot taken before they were filed, so that nothing can be inferred from a number either.
"""

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django.utils import timezone

from ourvoice.accounts.models import Role, User
from ourvoice.analytics.models import ExportJob
from ourvoice.cases.models import Case
from ourvoice.cases.selectors import TABS
from ourvoice.cases.tests.staff import client_for
from ourvoice.notifications.models import Notification

INBOX = "/en/staff/cases/"
EXPORTS = "/en/staff/analytics/exports/"
ACTIONS = ("message", "note", "status", "assign", "transfer", "duplicate", "contact")


@dataclass
class OfficeView:
    user: User
    client: Client = field(init=False)
    counts: dict[str, int] = field(init=False)
    unread: int = field(init=False)

    def __post_init__(self) -> None:
        self.client = client_for(self.user)
        self.counts, self.unread = self.figures()

    def figures(self) -> tuple[dict[str, int], int]:
        """The inbox tab counts and the unread-notification badge, as the page shows them."""
        response = self.client.get(INBOX)
        assert response.status_code == 200
        return dict(response.context["tabs"]), response.context["unread_count"]

    def listed(self, **query: str) -> set[int]:
        response = self.client.get(INBOX, query)
        assert response.status_code == 200
        return {case.pk for case in response.context["page"].object_list}

    def exported(self, capture: Callable[..., Any]) -> str:
        """The case-list export of the user's whole scope for this month, as downloaded."""
        month = f"{timezone.localdate():%Y-%m}"
        with capture(execute=True):
            response = self.client.post(f"{EXPORTS}cases/", {"start": month, "end": month, "format": "csv"})
        if response.status_code == 404:
            return ""  # a role without the case list (office staff)
        assert response.status_code == 302, response.content[:500]
        job = ExportJob.objects.filter(owner=self.user).latest("pk")
        download = self.client.get(f"{EXPORTS}jobs/{job.pk}/download/")
        assert download.status_code == 200
        return download.content.decode("utf-8-sig")


def open311_ids(client: Client, ids: Sequence[str] = ()) -> set[str]:
    query = {"service_request_id": ",".join(ids)} if ids else {}
    response = client.get("/open311/v2/requests.json", query)
    assert response.status_code == 200, response.content[:500]
    return {item["service_request_id"] for item in response.json()}


def assert_cannot_see(
    views: Sequence[OfficeView], cases: Sequence[Case], word: str, capture: Callable[..., Any]
) -> None:
    """None of ``views`` can see, find, count or be told of ``cases`` (SECURITY.md C2)."""
    pks = {case.pk for case in cases}
    public_ids = [case.feedback.public_id for case in cases]
    refs = [case.feedback.locator for case in cases]
    for view in views:
        who = f"{view.user.role} of {view.user.office}"
        for tab in TABS:
            assert not view.listed(tab=tab) & pks, f"{who}: listed in {tab}"
        # New cases are in "new" (received, nobody assigned): a search there would find them.
        assert not view.listed(tab="new", q=word) & pks, f"{who}: found by search"
        assert view.figures() == (view.counts, view.unread), f"{who}: the counts moved"
        for case in cases:
            assert view.client.get(f"{INBOX}{case.pk}/").status_code == 404, who
        for action in ACTIONS:  # every action goes through the same access function as the page
            assert view.client.post(f"{INBOX}{cases[0].pk}/{action}/", {}).status_code == 404, who
        assert not Notification.objects.filter(recipient=view.user, case_id__in=pks).exists(), who
        notifications = view.client.get("/en/staff/notifications/").content.decode()
        assert not any(ref in notifications for ref in refs), who
        if view.user.role in (Role.OFFICE_HEAD, Role.OMBUDSMAN):
            rows = list(csv.DictReader(io.StringIO(view.exported(capture))))
            assert not {row["Public id"] for row in rows} & set(public_ids), f"{who}: exported"
        for page in ("cases/caseevent/", "notifications/notification/", "feedback/category/"):
            assert view.client.get(f"/en/admin/{page}").status_code != 200, f"{who}: admin"
    anyone = Client()
    assert not open311_ids(anyone) & set(public_ids), "published by Open311"
    assert not open311_ids(anyone, public_ids), "published by Open311"
