"""The inbox: tabs, filters, pagination, deadline column, and a bounded number of queries."""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import datetime
import importlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ourvoice.accounts.models import Role
from ourvoice.cases.models import OPEN_CASE, Case, Status
from ourvoice.cases.tests.staff import client_for, staff, submit  # noqa: F401
from ourvoice.cases.workflow import FINAL_STATUSES
from ourvoice.feedback.models import Channel
from ourvoice.geo.models import Commune, District, Province
from ourvoice.offices.models import Office

pytestmark = pytest.mark.django_db
INBOX = "/en/staff/cases/"


def _pks(response):
    return [case.pk for case in response.context["page"].object_list]


def test_tabs(area, submit, staff):
    user = staff(Role.OFFICE_STAFF, area.commune_office)
    new = submit("new")
    mine = submit("mine")
    waiting = submit("waiting")
    closed = submit("closed")
    due = submit("due")
    late = submit("late")
    today = datetime.date.today()
    Case.objects.filter(pk=mine.pk).update(assignee=user, status=Status.IN_PROGRESS)
    Case.objects.filter(pk=waiting.pk).update(status=Status.WAITING)
    Case.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    Case.objects.exclude(pk__in=[due.pk, late.pk]).update(acknowledge_due=None, resolve_due=None)
    Case.objects.filter(pk=due.pk).update(status=Status.IN_PROGRESS, resolve_due=today)
    Case.objects.filter(pk=late.pk).update(
        status=Status.IN_PROGRESS, resolve_due=today - datetime.timedelta(days=30)
    )
    client = client_for(user)
    assert _pks(client.get(INBOX)) == [new.pk]
    assert _pks(client.get(INBOX, {"tab": "mine"})) == [mine.pk]
    assert _pks(client.get(INBOX, {"tab": "waiting"})) == [waiting.pk]
    assert _pks(client.get(INBOX, {"tab": "closed"})) == [closed.pk]
    assert _pks(client.get(INBOX, {"tab": "due_soon"})) == [due.pk]
    assert _pks(client.get(INBOX, {"tab": "overdue"})) == [late.pk]
    counts = dict(client.get(INBOX).context["tabs"])
    assert counts == {"new": 1, "mine": 1, "waiting": 1, "due_soon": 1, "overdue": 1, "closed": 1}


def test_filters_and_row_content(area, submit, staff):
    web = submit("by web")
    phone = submit("by phone", channel=Channel.PHONE, category="other-complaint")
    other_commune = submit("elsewhere", office=area.other_commune_office)
    user = staff(Role.OMBUDSMAN, area.district_ombudsman)
    client = client_for(user)
    assert set(_pks(client.get(INBOX))) == {web.pk, phone.pk, other_commune.pk}
    assert _pks(client.get(INBOX, {"channel": "phone"})) == [phone.pk]
    assert set(_pks(client.get(INBOX, {"commune": area.other_commune.pk}))) == {other_commune.pk}
    category = phone.feedback.category_id
    assert _pks(client.get(INBOX, {"category": category})) == [phone.pk]
    assert _pks(client.get(INBOX, {"kind": "information"})) == []
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    assert _pks(client.get(INBOX, {"date_from": tomorrow})) == []
    assert len(_pks(client.get(INBOX, {"date_to": tomorrow, "status": "received"}))) == 3
    html = client.get(INBOX, {"channel": "phone"}).content.decode()
    assert phone.feedback.reference in html and "Phone call" in html
    assert phone.feedback.locator not in html and "<caption>" in html
    assert phone.feedback.submitted_at.strftime("%H:%M") not in html


def test_each_case_is_one_card_and_one_table_line_with_its_fields_escaped(area, submit, staff):
    """The rows are written in Python (views/inbox.py): every field shown, none taken as HTML."""
    Commune.objects.filter(pk=area.commune.pk).update(name_en='Kampong <b>"Cham"</b> & Co')
    due = submit("due")
    plain = submit("plain")
    Case.objects.filter(pk=plain.pk).update(acknowledge_due=None, resolve_due=None)
    client = client_for(staff(Role.OFFICE_STAFF, area.commune_office))
    html = client.get(INBOX).content.decode()
    assert html.count('<li class="case-card">') == 2 and html.count('<tr><th scope="row">') == 2
    assert 'Kampong <b>"Cham"' not in html
    # Each case's card and table line (and the commune filter's option): escaped.
    assert html.count("Kampong &lt;b&gt;&quot;Cham&quot;&lt;/b&gt; &amp; Co") == 5
    for case in (due, plain):
        link = f'<a href="/en/staff/cases/{case.pk}/" translate="no">{case.feedback.reference}</a>'
        assert html.count(link) == 2  # the card's and the line's
    deadline = Case.objects.get(pk=due.pk).acknowledge_due
    assert deadline is not None and "Deadline" in html
    assert "<td>–</td></tr>" in html  # the case with no deadline
    assert html.count("<td>Website</td>") == 2


def test_paginated_by_50_without_n_plus_1(area, submit, staff, django_assert_max_num_queries):
    for i in range(55):
        submit(f"report {i}")
    client = client_for(staff(Role.OFFICE_STAFF, area.commune_office))
    client.get(INBOX)  # warm the session and caches
    # A constant number of queries (15 includes the unread-notification count and, twice, the
    # office ids of the user's scope), whatever the rows.
    with django_assert_max_num_queries(15):
        response = client.get(INBOX)
    assert len(response.context["page"].object_list) == 50
    with django_assert_max_num_queries(15):
        assert len(client.get(INBOX, {"page": 2}).context["page"].object_list) == 5


def test_tab_counts_and_pages_stop_at_the_cap(area, submit, staff, monkeypatch):
    # Over millions of cases exact counts cost seconds: past COUNT_CAP the inbox says "N+".
    monkeypatch.setattr("ourvoice.cases.selectors.COUNT_CAP", 2)
    view = importlib.import_module("ourvoice.cases.views.inbox")
    monkeypatch.setattr(view, "COUNT_CAP", 2)
    monkeypatch.setattr(view, "ROWS_PER_PAGE", 2)
    for i in range(5):
        submit(f"report {i}")
    client = client_for(staff(Role.OFFICE_STAFF, area.commune_office))
    response = client.get(INBOX)
    assert dict(response.context["tabs"])["new"] == 3  # counted up to the cap + 1
    html = response.content.decode()
    assert "(2+)" in html and "2+ cases" in html
    assert response.context["page"].paginator.num_pages == 2  # 3 counted rows, 2 a page
    assert dict(response.context["tabs"])["closed"] == 0


def test_with_several_provinces_only_the_chosen_provinces_communes_are_offered(area, submit, staff):
    """National oversight sees every province: listing all 1,652 communes on each page was most of
    its inbox's weight and rendering time, so communes are offered for one province at a time."""
    kampot = Province.objects.create(code="07", type="province", name_km="កំពត", name_en="Kampot")
    district = District.objects.create(code="0701", type="district", province=kampot, name_en="Angkor Chey")
    commune = Commune.objects.create(code="070101", type="commune", district=district, name_en="Phnum Kong")
    office = Office.objects.create(
        type=Office.Type.COMMUNE,
        name_en="Phnum Kong office",
        province=kampot,
        district=district,
        commune=commune,
    )
    here = submit("here")
    there = submit("there", office=office, commune=commune)
    client = client_for(staff(Role.NATIONAL_OVERSIGHT, area.national))

    page = client.get(INBOX)
    form = page.context["form"]
    assert list(form.fields["province"].queryset) == [kampot, area.province]
    assert list(form.fields["commune"].queryset) == []
    assert 'value="070101"' not in page.content.decode()
    assert set(_pks(page)) == {here.pk, there.pk}

    chosen = client.get(INBOX, {"province": "07"})
    assert list(chosen.context["form"].fields["commune"].queryset) == [commune]
    assert _pks(chosen) == [there.pk]
    # A link naming only a commune still works: its province is taken from it.
    assert _pks(client.get(INBOX, {"commune": area.other_commune.pk})) == []
    assert _pks(client.get(INBOX, {"commune": area.commune.pk})) == [here.pk]
    # A commune outside the chosen province is refused with the form's message, not a 500.
    refused = client.get(INBOX, {"province": "07", "commune": area.commune.pk})
    assert refused.status_code == 200
    assert refused.context["form"].errors["commune"]


def test_with_one_province_there_is_no_province_filter(area, staff):
    client = client_for(staff(Role.OMBUDSMAN, area.district_ombudsman))
    form = client.get(INBOX).context["form"]
    assert "province" not in form.fields
    assert set(form.fields["commune"].queryset) == {area.commune, area.other_commune}


@pytest.mark.parametrize("tab", ["new", "mine", "closed"])
def test_a_system_administrator_gets_an_empty_inbox_not_a_server_error(area, submit, staff, tab):
    """System administrators read no case: their inbox is empty, every tab counts 0 (issue 15)."""
    case = submit()
    admin = staff(Role.SYSTEM_ADMIN, is_staff=True)
    response = client_for(admin).get(f"/en/staff/cases/?tab={tab}&q=birth")
    assert response.status_code == 200
    page = response.content.decode()
    assert case.feedback.reference not in page
    assert dict(response.context["tabs"]) == dict.fromkeys(
        ["new", "mine", "waiting", "due_soon", "overdue", "closed"], 0
    )


def test_a_user_who_sees_no_case_gets_an_empty_inbox_not_an_error(area, submit, staff):
    """A system administrator sees no case (cases are for the offices); the counts of an empty
    scope are compiled to nothing by Django, which made the inbox answer 500."""
    submit()
    admin = client_for(staff(Role.SYSTEM_ADMIN, is_staff=True))
    for query in ({}, {"status": "received"}, {"tab": "closed"}):
        response = admin.get(INBOX, query)
        assert response.status_code == 200
        assert dict(response.context["tabs"]) == dict.fromkeys(
            ("new", "mine", "waiting", "due_soon", "overdue", "closed"), 0
        )


def _counts_queries(queries) -> int:
    return sum(1 for q in queries.captured_queries if "new_rows" in q["sql"])


def test_tab_counts_are_counted_once_while_no_case_is_written(area, submit, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    submit("one")
    client = client_for(staff(Role.OFFICE_STAFF, area.commune_office))
    with CaptureQueriesContext(connection) as first:
        client.get(INBOX)
    with CaptureQueriesContext(connection) as later:
        for tab in ("mine", "closed", "new"):
            assert dict(client.get(INBOX, {"tab": tab}).context["tabs"])["new"] == 1
    assert (_counts_queries(first), _counts_queries(later)) == (1, 0)
    # An unfiltered tab's page count is its tab count: no capped count of its own either.
    assert not [q for q in later.captured_queries if "LIMIT 1001" in q["sql"]]


def _save(case: Case) -> None:
    case.status = Status.CLOSED
    case.save()


def _bulk_update(case: Case) -> None:
    case.status = Status.CLOSED
    Case.objects.bulk_update([case], ["status"])


WRITES = {
    "save": _save,
    "update": lambda case: Case.objects.filter(pk=case.pk).update(status=Status.CLOSED),
    "bulk_update": _bulk_update,
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_any_write_of_a_case_counts_the_tabs_again(area, submit, staff, write):
    submitted = submit("one")
    user = staff(Role.OFFICE_STAFF, area.commune_office)
    client = client_for(user)
    assert dict(client.get(INBOX).context["tabs"])["closed"] == 0  # counted, and now cached
    WRITES[write](Case.objects.get(pk=submitted.pk))
    counts = dict(client.get(INBOX).context["tabs"])
    assert (counts["new"], counts["closed"]) == (0, 1)
    # A new case (its INSERT is a save) counts again too.
    submit("two")
    assert dict(client.get(INBOX).context["tabs"])["new"] == 1


def test_cached_tab_counts_are_never_another_users(area, submit, staff):
    # Keyed by the user: an office head's counts never show in another office's inbox.
    submit("here")
    here = client_for(staff(Role.OFFICE_STAFF, area.commune_office))
    elsewhere = client_for(staff(Role.OFFICE_STAFF, area.other_commune_office))
    assert dict(here.get(INBOX).context["tabs"])["new"] == 1
    assert dict(elsewhere.get(INBOX).context["tabs"])["new"] == 0


def test_a_case_written_at_another_office_keeps_the_counts(area, submit, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    submit("here")
    elsewhere = submit("elsewhere", office=area.other_commune_office)
    client = client_for(staff(Role.OFFICE_STAFF, area.commune_office))
    client.get(INBOX)
    _save(Case.objects.get(pk=elsewhere.pk))
    with CaptureQueriesContext(connection) as queries:
        assert dict(client.get(INBOX).context["tabs"])["new"] == 1
    assert _counts_queries(queries) == 0


def test_a_case_transferred_away_leaves_the_counts_of_the_office_it_left(area, submit, staff):
    moved = submit("moved")
    client = client_for(staff(Role.OFFICE_STAFF, area.commune_office))
    assert dict(client.get(INBOX).context["tabs"])["new"] == 1
    case = Case.objects.get(pk=moved.pk)
    case.office = area.other_commune_office
    case.save()
    assert dict(client.get(INBOX).context["tabs"])["new"] == 0


# Every way a case is written, as staff work and jobs write them: the cached counts of every
# office-level scope must equal a fresh count after any sequence of them.
WRITE_KINDS = ("submit", "move", "close_save", "assign_update", "waiting_bulk", "reopen_update")


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    writes=st.lists(st.tuples(st.sampled_from(WRITE_KINDS), st.integers(0, 20), st.booleans()), max_size=8)
)
def test_cached_tab_counts_equal_fresh_counts_after_any_writes(area, submit, staff, writes) -> None:
    from django.core.cache import cache
    from django.db import transaction

    from ourvoice.cases.selectors import _inbox_counts, inbox_counts

    cache.clear()
    with transaction.atomic():
        offices = [area.commune_office, area.other_commune_office]
        readers = [
            staff(Role.OFFICE_STAFF, area.commune_office),
            staff(Role.OFFICE_HEAD, area.other_commune_office),
            staff(Role.OMBUDSMAN, area.district_ombudsman),
        ]
        for reader in readers:
            reader.is_verified = lambda: True
        cases = [submit("first")]
        for kind, n, flag in writes:
            for reader in readers:
                inbox_counts(user=reader)  # cached before the write
            case = Case.objects.get(pk=cases[n % len(cases)].pk)
            if kind == "submit":
                cases.append(submit("another", office=offices[flag]))
            elif kind == "move":
                case.office = offices[case.office_id == offices[0].pk]
                case.save()
            elif kind == "close_save":
                case.status = Status.CLOSED
                case.save()
            elif kind == "assign_update":
                Case.objects.filter(pk=case.pk).update(assignee=readers[flag], status=Status.IN_PROGRESS)
            elif kind == "waiting_bulk":
                case.status = Status.WAITING
                Case.objects.bulk_update([case], ["status"])
            else:
                Case.objects.filter(pk=case.pk).update(status=Status.RECEIVED, assignee=None)
            for reader in readers:
                assert inbox_counts(user=reader) == _inbox_counts(user=reader), (kind, reader.role)
        transaction.set_rollback(True)


def test_a_cache_outage_never_stops_a_case_being_written(area, submit, monkeypatch, caplog):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("ourvoice.cases.stamp.cache.set_many", down)
    case = submit("while the cache is down")
    _save(Case.objects.get(pk=case.pk))
    Case.objects.filter(pk=case.pk).update(status=Status.WAITING)
    assert Case.objects.get(pk=case.pk).status == Status.WAITING
    assert "tab counts" in caplog.text


def test_the_open_case_indexes_cover_every_status_but_the_final_ones():
    """PostgreSQL uses the partial indexes of the open cases (models.OPEN_CASE) only for a tab
    whose condition implies theirs: a new open status left out would quietly send its tabs back
    to walking every closed case over millions of rows (results stay right; the speed does not)."""
    ((lookup, statuses),) = OPEN_CASE.children  # type: ignore[misc]
    assert lookup == "status__in"
    assert set(statuses) == set(Status) - FINAL_STATUSES


def test_a_tab_read_office_by_office_is_the_tab_newest_first(area, submit, staff, monkeypatch):
    """An ombudsman's tabs (several offices) are read office by office on PostgreSQL
    (``selectors.newest_first``): every page of every tab holds the same cases in the same order
    as the one query over all the offices, ties in time included."""
    import random

    from ourvoice.accounts.tests.conftest import verified
    from ourvoice.cases.access import scope_office_ids
    from ourvoice.cases.selectors import inbox_list, newest_first

    rng = random.Random(8)
    today = datetime.date.today()
    start = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=3)
    statuses = [Status.RECEIVED, Status.IN_PROGRESS, Status.WAITING, Status.CLOSED, Status.REJECTED]
    for n in range(30):
        case = submit(
            f"report {n}", office=rng.choice([area.commune_office, area.other_commune_office, area.owso])
        )
        Case.objects.filter(pk=case.pk).update(
            status=rng.choice(statuses),
            resolve_due=today + datetime.timedelta(days=rng.randint(-5, 5)),
            created_at=start + datetime.timedelta(hours=rng.randint(0, 6)),  # ties across offices
        )
    user = verified(staff(Role.OMBUDSMAN, area.district_ombudsman))
    offices = scope_office_ids(user=user)
    assert offices is not None and len(offices) >= 3

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        tab=st.sampled_from(["new", "waiting", "due_soon", "overdue", "closed"]),
        first=st.integers(0, 30),
        n=st.integers(1, 12),
    )
    def same_page(tab, first, n):
        cases = inbox_list(user=user, tab=tab, filters={})
        expected = [c.pk for c in cases.order_by("-created_at", "-pk")[first : first + n]]
        assert [c.pk for c in newest_first(cases, offices=offices, start=first, stop=first + n)] == expected
        assert [c.pk for c in newest_first(cases, offices=None, start=first, stop=first + n)] == expected

    same_page()
    # And through the page itself, five rows a page: page 2 of the closed tab.
    monkeypatch.setattr(importlib.import_module("ourvoice.cases.views.inbox"), "ROWS_PER_PAGE", 5)
    closed = inbox_list(user=user, tab="closed", filters={}).order_by("-created_at", "-pk")
    assert _pks(client_for(user).get(INBOX, {"tab": "closed", "page": "2"})) == [c.pk for c in closed[5:10]]
