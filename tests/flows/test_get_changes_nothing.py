"""SECURITY.md F3: a GET never changes state.

Every route of the site that takes no argument (read from the URL configuration itself, so a
route added later is visited too), plus Open311's reads, is fetched by an
anonymous visitor, an office head and a system administrator (both signed in with TOTP): no
table gains or loses a row. Sessions are left out (a signed-in visit renews its own). Routes
with an id (a case page) are left out on purpose: a staff read of a case appends its audit
event (C3), the one write a GET is meant to make.
"""

# ruff: noqa: F811 (fixtures imported from staff.py are redefined as arguments)

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from ourvoice.accounts.models import Role
from ourvoice.cases.models import CaseEvent
from ourvoice.cases.tests.staff import client_for, staff, submit  # noqa: F401 - fixtures
from ourvoice.feedback.models import Feedback

OPEN311_READS = ["/open311/v2/discovery.json", "/open311/v2/services.json", "/open311/v2/requests.json"]
NOT_COUNTED = {"sessions.session"}


def _routes() -> list[str]:
    found: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif "<" not in route and "^" not in route and "(?P" not in route:
                found.append("/" + route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found)) + OPEN311_READS  # pages in Khmer (the language changes no write)


def _rows() -> dict[str, int]:
    """Rows per table, in one query (this runs twice for each of some 200 routes)."""
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.managed and model._meta.label_lower not in NOT_COUNTED
    )
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")  # table names from the models only
        return dict(zip(tables, cursor.fetchone(), strict=True))


@pytest.mark.parametrize("who", ["anonymous", Role.OFFICE_HEAD, Role.SYSTEM_ADMIN])
def test_no_get_of_any_route_adds_or_removes_a_row(area, submit, staff, who):
    submit()  # a case, a notification and events exist: a GET could copy, mark or count them
    if who == "anonymous":
        client = Client()
    else:
        office = area.commune_office if who == Role.OFFICE_HEAD else None
        client = client_for(staff(who, office, is_staff=who == Role.SYSTEM_ADMIN))
    routes = _routes()
    assert _rows()[Feedback._meta.db_table] == 1 and _rows()[CaseEvent._meta.db_table] >= 1
    assert "/km/staff/cases/" in routes and "/km/track/" in routes and "/km/admin/" in routes
    changed = {}
    for route in routes:
        before = _rows()
        client.get(route)
        after = _rows()
        diff = {table: (before[table], after[table]) for table in before if before[table] != after[table]}
        if diff:
            changed[route] = diff
    assert changed == {}
