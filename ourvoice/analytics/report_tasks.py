"""The scheduled quarterly reports: a thin task over ``report_files.reports_store_all``.

djhuey autodiscovers only modules named ``tasks``: ``analytics/tasks.py`` imports this module.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from ourvoice.analytics.report_files import reports_store_all
from ourvoice.analytics.report_format import Quarter


@db_periodic_task(crontab(month="1,4,7,10", day="2", hour="3", minute="30"))
@lock_task("analytics-quarterly-reports")
def store_quarterly_reports() -> int:
    """On the 2nd of the month after each quarter (after the nightly refresh of the 1st): the
    nation's and every province's report of the quarter that ended, in Khmer and English."""
    return len(reports_store_all(quarter=Quarter.last_ended()))
