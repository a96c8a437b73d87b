"""The inbox: tabs, filters, search, 50 rows a page."""

from typing import cast

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import cached_property

from ourvoice.accounts.access import offices_visible_to
from ourvoice.accounts.decorators import staff_required
from ourvoice.accounts.models import User
from ourvoice.cases.forms import InboxFilterForm
from ourvoice.cases.models import Case
from ourvoice.cases.selectors import COUNT_CAP, TABS, inbox_counts, inbox_list
from ourvoice.notifications.selectors import unread_notifications

ROWS_PER_PAGE = 50


class CappedPaginator(Paginator):
    """Counts at most ``COUNT_CAP + 1`` rows: an exact count of a tab over millions of cases costs
    seconds. Past the cap the caption says "1000+" and the pages end there; filters narrow it."""

    @cached_property
    def count(self) -> int:
        cases = cast(QuerySet[Case], self.object_list)
        return int(cases.order_by()[: COUNT_CAP + 1].count())

    @property
    def count_label(self) -> str:
        return count_label(self.count)


def count_label(count: int) -> str:
    return f"{COUNT_CAP}+" if count > COUNT_CAP else str(count)


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
    page = CappedPaginator(cases, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("tab", None)
    return render(
        request,
        "cases/inbox.html",
        {
            "form": form,
            "tab": tab,
            "tabs": list(inbox_counts(user=user).items()),
            "count_cap": COUNT_CAP,
            "page": page,
            "query_string": params.urlencode(),
            # Filters in use besides the text search: the filter panel opens and says how many.
            "filtered": sum(1 for key, value in filters.items() if value not in (None, "")),
            "unread_count": unread_notifications(user=cast(User, user)).count(),
        },
    )
