"""Days and weeks as the person lives them: local calendar days, ISO weeks from Monday."""

from __future__ import annotations

import functools
import time
from datetime import date, datetime, timedelta, tzinfo

_zone: object = None


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar day `moment` falls on in `tz` (None: the local time zone)."""
    # Turning a time into local time asks the C library each time (microseconds, four times
    # per session in the statistics): remembered until the time zone setting changes
    # (time.tzset() makes a new time.tzname).
    global _zone
    if time.tzname is not _zone:
        _local_day.cache_clear()
        _zone = time.tzname
    return _local_day(moment, tz)


@functools.lru_cache(maxsize=1 << 18)
def _local_day(moment: datetime, tz: tzinfo | None) -> date:
    return moment.astimezone(tz).date()


#: Back to Monday from each weekday (made once: the streaks ask for every day's week).
_TO_MONDAY = tuple(timedelta(days=n) for n in range(7))


def week_start(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - _TO_MONDAY[day.weekday()]
