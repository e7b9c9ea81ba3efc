"""Today's date in the county's time zone (Asia/Shanghai), cheap enough to ask for on every row of an
import: the date is remembered with the bounds of its day, and worked out again only when the wall
clock leaves them (at midnight, or if the clock is set back). A server running across midnight gets
the new date on the next call, without a restart.
"""

from __future__ import annotations

import datetime
import time
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Shanghai")

# (start, end, date): the cached day as POSIX timestamps [start, end). One tuple, replaced whole, so
# that a thread reading it never sees the bounds of one day with the date of another.
_day: tuple[float, float, datetime.date] = (0.0, 0.0, datetime.date.min)


def today() -> datetime.date:
    """The date now in Asia/Shanghai."""
    start, end, day = _day
    if start <= time.time() < end:
        return day
    return _remember_today()


def _remember_today() -> datetime.date:
    global _day  # the module's one cache: a class around it would read no better
    now = datetime.datetime.fromtimestamp(time.time(), ZONE)
    day = now.date()
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=ZONE)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tzinfo=ZONE)
    _day = (start.timestamp(), end.timestamp(), day)
    return day
