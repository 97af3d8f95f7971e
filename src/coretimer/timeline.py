"""Days and weeks as the person lives them: local calendar days, ISO weeks from Monday."""

from __future__ import annotations

import functools
import time
from datetime import date, datetime, timedelta, tzinfo


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar day `moment` falls on in `tz` (None: the local time zone)."""
    # Turning a time into local time asks the C library each time (microseconds, four times
    # per session in the statistics): remembered, per time zone setting.
    return _local_day(moment, tz, time.timezone, time.altzone, time.tzname)


@functools.lru_cache(maxsize=1 << 18)
def _local_day(moment: datetime, tz: tzinfo | None, _offset: int, _dst: int,
               _names: tuple[str, str]) -> date:
    return moment.astimezone(tz).date()


def week_start(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())
