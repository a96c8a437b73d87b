"""Background upkeep of the rollups: thin wrappers that call a service and are safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from ourvoice.analytics.services import analytics_refresh, analytics_refresh_open


@db_periodic_task(crontab(minute="*"))
@lock_task("analytics-refresh")
def refresh_analytics() -> int:
    """Every minute: recompute the partitions touched by new case events."""
    return analytics_refresh()


@db_periodic_task(crontab(hour="1", minute="10"))
@lock_task("analytics-refresh")
def refresh_open_cases() -> int:
    """Each night: recompute the partitions with open cases, whose deadlines passed without events."""
    return analytics_refresh_open()


# The exports' tasks live with the exports; importing them here registers them with Huey.
from ourvoice.analytics.exports_tasks import purge_exports, run_export  # noqa: E402, F401

# djhuey discovers only modules named "tasks": the quarterly reports' task lives in its own module.
from ourvoice.analytics.report_tasks import store_quarterly_reports  # noqa: E402, F401
