"""Cambodia's calendar day, whatever the server's clock, settings or active time zone say.

A citizen's "today" is the day in Phnom Penh (UTC+7, no summer time): between 17:00 and 24:00 UTC
it is already tomorrow there. Rules about days a citizen names (a visit cannot be in the future)
use this, not ``timezone.localdate()``, which follows whatever time zone is active.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

CAMBODIA = ZoneInfo("Asia/Phnom_Penh")


def cambodia_today(now: datetime.datetime | None = None) -> datetime.date:
    """The date in Cambodia at ``now`` (an aware datetime; default: the current time)."""
    return (now or timezone.now()).astimezone(CAMBODIA).date()
