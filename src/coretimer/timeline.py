"""Days and weeks as the person lives them: local calendar days, ISO weeks from Monday."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    return moment.astimezone(tz).date()


def week_start(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())
