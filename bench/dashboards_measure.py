"""Run inside Django (a subprocess of bench/dashboards.py): time dashboards from the rollups and
the same questions asked of the raw tables; print the figures as JSON on the last line.

Every timing repeats the whole read (all the queries a dashboard page makes) ``REPEAT`` times
after one warm-up, and reports p50 / p95 in milliseconds.
"""

import datetime
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import django

REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))


def _time(run: Callable[[], Any], repeat: int = REPEAT) -> dict[str, float]:
    run()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {"p50": statistics.median(samples), "p95": samples[max(0, round(0.95 * len(samples)) - 1)]}


def _table_size(connection: Any, table: str) -> str:
    """The table's size with its indexes, as PostgreSQL prints it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size(%s))", [table])
        return str(cursor.fetchone()[0])


def main() -> None:
    from config import default_settings_module

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings_module())
    django.setup()
    from django.db import connection
    from django.db.models import Avg, Count, F, Q, Sum
    from django.db.models.functions import TruncMonth
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ourvoice.accounts.models import Role, User
    from ourvoice.analytics.models import Fact, Level, Split
    from ourvoice.analytics.scope import NATION, Area, Filters
    from ourvoice.analytics.selectors import children, comparison, dashboard
    from ourvoice.analytics.services import analytics_partition_refresh
    from ourvoice.cases.deadlines import overdue_q
    from ourvoice.cases.models import Case, Rating
    from ourvoice.cases.workflow import OPEN_STATUSES
    from ourvoice.feedback.models import Feedback
    from ourvoice.offices.models import Office

    busiest = (
        Feedback.objects.values("province_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("province_id", flat=True)
    )
    province = busiest.first() or ""
    district = (
        Feedback.objects.filter(province_id=province)
        .values("district_id")
        .annotate(n=Count("id"))
        .order_by("-n")
    ).values_list("district_id", flat=True).first() or ""
    office = (
        Case.objects.filter(office__type=Office.Type.COMMUNE)
        .values("office_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("office_id", flat=True)
        .first()
    )
    # The office's commonest category: the most rows an office's filtered split sums.
    category = (
        Case.objects.filter(office_id=office)
        .values("feedback__category_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("feedback__category_id", flat=True)
        .first()
    )
    end = timezone.localdate().replace(day=1)
    start = (end - datetime.timedelta(days=335)).replace(day=1)

    def filters(area: Area, **more: Any) -> Filters:
        return Filters(area=area, start=start, end=end, **more)

    results: dict[str, Any] = {
        "reports": Feedback.objects.count(),
        "fact_rows": Fact.objects.count(),
        "fact_size": _table_size(connection, Fact._meta.db_table),
        "office_reports": Case.objects.filter(office_id=office).count(),
        "office_category_reports": Case.objects.filter(
            office_id=office, feedback__category_id=category
        ).count(),
    }
    scopes = {
        "nation": filters(NATION),
        "nation, split by gender": filters(NATION, split=Split.GENDER),
        "province (busiest)": filters(Area(Level.PROVINCE, province)),
        "district (busiest)": filters(Area(Level.DISTRICT, district)),
        "office (busiest commune)": filters(Area(Level.OFFICE, str(office))),
        "office, split by gender": filters(Area(Level.OFFICE, str(office)), split=Split.GENDER),
        "office, one category, split by gender": filters(
            Area(Level.OFFICE, str(office)), split=Split.GENDER, category=category
        ),
    }
    timings = {name: _time(lambda f=f: dashboard(f)) for name, f in scopes.items()}
    timings["comparison of provinces + map"] = _time(
        lambda: (
            comparison(filters(NATION), level=Level.PROVINCE, indicator="resolve_on_time"),
            children(filters(NATION), Level.PROVINCE),
        )
    )
    timings["comparison of offices in the busiest province"] = _time(
        lambda: comparison(filters(Area(Level.PROVINCE, province)), level=Level.OFFICE, indicator="rating")
    )

    # What keeping the rollups up to date costs: the every-minute task recomputes a whole partition
    # (a province-month) when one of its cases changes; the largest is the busiest province's
    # busiest month. Recomputing writes the same rows again, so the database is left as it was.
    busiest_month = (
        Fact.objects.filter(level=Level.PROVINCE, area=province, split=Split.NONE)
        .values("month")
        .annotate(n=Sum("reports"))
        .order_by("-n")
        .first()
    )
    if busiest_month:
        started = time.perf_counter()
        analytics_partition_refresh(province_code=province, month=busiest_month["month"])
        results["partition"] = {
            "reports": busiest_month["n"],
            "month": busiest_month["month"].isoformat(),
            "seconds": time.perf_counter() - started,
        }

    since, until = timezone.make_aware(datetime.datetime(start.year, start.month, 1)), timezone.now()

    def raw_nation() -> None:
        """The national dashboard's main numbers asked of the raw tables (what rollups replace)."""
        reports = Feedback.objects.filter(submitted_at__gte=since, submitted_at__lt=until)
        list(reports.annotate(m=TruncMonth("submitted_at")).values("m").annotate(n=Count("id")).order_by())
        list(reports.values("kind").annotate(n=Count("id")).order_by())
        list(reports.values("category_id").annotate(n=Count("id")).order_by())
        list(reports.values("channel").annotate(n=Count("id")).order_by())
        list(reports.values("gender").annotate(n=Count("id")).order_by())
        cases = Case.objects.filter(feedback__in=reports)
        cases.aggregate(
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)), overdue=Count("id", filter=overdue_q())
        )
        Rating.objects.filter(case__feedback__in=reports).aggregate(Avg("score"), Count("id"))
        reports.filter(amount_paid__isnull=False, official_fee__isnull=False).aggregate(
            n=Count("id"), over=Count("id", filter=Q(amount_paid__gt=F("official_fee")))
        )

    timings["raw tables: the national dashboard's main numbers"] = _time(raw_nation, repeat=3)

    # The page itself, as a national oversight user signed in with a verified second factor.
    try:
        url = reverse("analytics:dashboard")
    except NoReverseMatch:
        url = ""
    if url:
        national = Office.objects.filter(type=Office.Type.NATIONAL_OVERSIGHT).first()
        user, _ = User.objects.get_or_create(
            username="bench-national", defaults={"role": Role.NATIONAL_OVERSIGHT, "office": national}
        )
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        client = Client()
        client.force_login(user)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()

        def page() -> None:
            response = client.get("/en" + url.removeprefix("/en").removeprefix("/km"), HTTP_HOST="127.0.0.1")
            assert response.status_code == 200, response.status_code

        timings["dashboard page (national, HTML)"] = _time(page)
    results["timings"] = timings
    results["database"] = connection.vendor
    print(json.dumps(results))


if __name__ == "__main__":
    sys.path.insert(0, os.getcwd())
    main()
