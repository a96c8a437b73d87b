"""The inbox: tabs, filters, search, 50 rows a page."""

import datetime
from dataclasses import dataclass
from typing import cast

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from ourvoice.accounts.access import offices_visible_to
from ourvoice.accounts.decorators import staff_required
from ourvoice.accounts.models import User
from ourvoice.cases.access import scope_office_ids
from ourvoice.cases.forms import InboxFilterForm
from ourvoice.cases.models import Case, Status
from ourvoice.cases.selectors import COUNT_CAP, TABS, inbox_counts, inbox_list, inbox_page, newest_first
from ourvoice.core.templatetags.khmer import digits
from ourvoice.feedback.models import Channel, Kind
from ourvoice.notifications.selectors import unread_notifications

ROWS_PER_PAGE = 50


class CappedPaginator(Paginator):
    """Counts at most ``COUNT_CAP + 1`` rows: an exact count of a tab over millions of cases costs
    seconds. Past the cap the caption says "1000+" and the pages end there; filters narrow it.
    A page of a tab (not of a search) over a few ``offices`` is read office by office
    (``selectors.newest_first``)."""

    def __init__(self, cases: QuerySet[Case], per_page: int, *, offices: list[int] | None) -> None:
        super().__init__(cases, per_page)
        self.offices = offices

    @cached_property
    def count(self) -> int:
        cases = cast(QuerySet[Case], self.object_list)
        return int(cases.order_by()[: COUNT_CAP + 1].count())

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        cases = cast(QuerySet[Case], self.object_list)
        return Page(newest_first(cases, offices=self.offices, start=bottom, stop=top), number, self)

    @property
    def count_label(self) -> str:
        return count_label(self.count)


def count_label(count: int) -> str:
    return f"{COUNT_CAP}+" if count > COUNT_CAP else str(count)


@dataclass(frozen=True)
class InboxRow:
    """One case as both the phone's card and the desk's table line show it, in the page's language;
    every field already escaped for HTML."""

    url: str
    reference: str
    status: str
    kind: str
    category: str
    commune: str
    channel: str
    created: str
    deadline: str  # "" when no deadline counts now

    def card(self, deadline_label: str) -> str:
        place = f"{self.commune} · " if self.commune else ""
        deadline = f" · {deadline_label} {self.deadline}" if self.deadline else ""
        return (
            '<li class="case-card"><div class="case-card__top">'
            f'<span class="case-card__ref"><a href="{self.url}" translate="no">{self.reference}</a></span>'
            f'<span class="case-card__status">{self.status}</span></div>'
            f'<p class="case-card__meta">{self.kind} · {self.category}</p>'
            f'<p class="case-card__meta">{place}{self.created}{deadline}</p></li>'
        )

    def line(self) -> str:
        cells = (self.kind, self.category, self.commune, self.channel, self.created, self.status)
        return (
            f'<tr><th scope="row"><a href="{self.url}" translate="no">{self.reference}</a></th>'
            + "".join(f"<td>{cell}</td>" for cell in cells)
            + f"<td>{self.deadline or '–'}</td></tr>"
        )


def inbox_rows(cases: list[Case]) -> list[InboxRow]:
    """The page's rows, worked out once: each row is shown twice (card and table line), and the
    template's per-row lookups (choice labels, includes, dates) were most of a page's time over
    millions of cases (docs/performance.md)."""
    khmer = (get_language() or "").startswith("km")
    labels = {
        # str(): ``escape`` of a lazy label stays lazy, translated again at each use.
        name: {value: escape(str(label)) for value, label in choices.choices}
        for name, choices in (("status", Status), ("kind", Kind), ("channel", Channel))
    }
    sample = 999_999_999
    detail = escape(reverse("cases:detail", args=[sample]))

    def name(place: object) -> str:
        return "" if place is None else escape(getattr(place, "name_km" if khmer else "name_en"))

    formatted: dict[datetime.date, str] = {}

    def day(value: datetime.date | None) -> str:
        # A page's 100 dates fall on a few days: each is formatted once.
        if not value:
            return ""
        if value not in formatted:
            formatted[value] = escape(digits(date_format(value, "SHORT_DATE_FORMAT")))
        return formatted[value]

    return [
        InboxRow(
            url=detail.replace(str(sample), str(case.pk)),
            reference=escape(case.feedback.reference or ""),
            status=labels["status"].get(case.status) or escape(case.status),
            kind=labels["kind"].get(case.feedback.kind) or escape(case.feedback.kind),
            category=name(case.feedback.category),
            commune=name(case.feedback.commune),
            channel=labels["channel"].get(case.feedback.channel) or escape(case.feedback.channel),
            created=day(timezone.localtime(case.created_at).date()),
            deadline=day(getattr(case, "deadline", None)),
        )
        for case in cases
    ]


def inbox_rows_html(rows: list[InboxRow]) -> tuple[SafeString, SafeString]:
    """The cards and the table lines of a page, written in one pass: through the template, the
    100 row blocks (each field looked up and escaped by the engine) cost national oversight's page
    about 10 ms over 10 million cases (docs/performance.md). Fields are escaped in ``inbox_rows``."""
    deadline = escape(gettext("Deadline"))
    cards = "".join(row.card(deadline) for row in rows)
    lines = "".join(row.line() for row in rows)
    return mark_safe(cards), mark_safe(lines)  # noqa: S308 (escaped field by field above)


@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    tab = request.GET.get("tab", "new")
    tab = tab if tab in TABS else "new"
    # order_by(): the offices' default ordering would make DISTINCT keep one row per office.
    province_ids = offices_visible_to(user=user).values_list("province_id", flat=True).order_by().distinct()
    form = InboxFilterForm(request.GET or None, province_ids=sorted(p for p in province_ids if p))
    filters, query = {}, ""
    if form.is_bound and form.is_valid():
        query = form.cleaned_data.pop("q", "")
        filters = form.cleaned_data
    cases = inbox_list(user=user, tab=tab, filters=filters, query=query)
    counts = inbox_counts(user=user)
    # A search is ordered by its hits first: office by office only for a tab's newest first.
    paginator = CappedPaginator(cases, ROWS_PER_PAGE, offices=None if query else scope_office_ids(user=user))
    if not query and not any(value not in (None, "") for value in filters.values()):
        # The whole tab: its (cached, capped) count is the paginator's, no second count.
        paginator.count = counts[tab]
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = inbox_page(chosen=list(page.object_list))
    rows = inbox_rows(cast(list[Case], page.object_list))
    cards, lines = inbox_rows_html(rows)
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("tab", None)
    return render(
        request,
        "cases/inbox.html",
        {
            "form": form,
            "tab": tab,
            "tabs": list(counts.items()),
            "count_cap": COUNT_CAP,
            "page": page,
            "rows": rows,
            "cards": cards,
            "lines": lines,
            "query_string": params.urlencode(),
            # Filters in use besides the text search: the filter panel opens and says how many.
            "filtered": sum(1 for key, value in filters.items() if value not in (None, "")),
            "unread_count": unread_notifications(user=cast(User, user)).count(),
        },
    )
