"""Clocks. The engine never reads time itself: it asks an injected clock.

`monotonic()` drives every duration; `wall()` only stamps records with a date and time.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Final, Protocol

#: The times a session may plausibly have. A clock outside them is wrong (a computer with no
#: battery-backed clock starts in 1970 until it reaches a time server), and a record dated by it
#: could not be told apart from a damaged file.
EARLIEST: Final = datetime(2000, 1, 1, tzinfo=UTC)
LATEST: Final = datetime(2200, 1, 1, tzinfo=UTC)


def plausible(moment: datetime) -> bool:
    """Whether `moment` (timezone-aware) is a time a session may have."""
    try:
        return EARLIEST <= moment <= LATEST
    except (OverflowError, TypeError):
        return False


def aware_moment(value: object) -> datetime | None:
    """`value` read as an ISO 8601 time with an offset; None when it is not one (a file's
    text, untrusted)."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


class ClockLooksWrong(Exception):
    """The computer's clock gives a date no session can have: nothing is started or saved
    with it. The message says so in plain words and what to do."""


def clock_problem(now: datetime) -> str | None:
    """What is wrong with the computer's clock reading `now`, in plain words; None when it
    looks right."""
    if plausible(now):
        return None
    try:
        utc = now.astimezone(UTC)
        said = f"{utc.day} {utc:%B %Y}"
    except (OverflowError, ValueError):
        said = "an impossible date"
    return (f"This computer's clock says {said}. coretimer dates every session by it, so a "
            "session started now could not be saved properly.")


#: What to do about a wrong clock before a session, as the app and the engine say it.
SET_IT_THEN_START = ("Set the date and time (or let the computer reach a time server), then "
                     "start again. `coretimer doctor` says how.")


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds from an arbitrary start; never goes backwards."""
        ...

    def wall(self) -> datetime:
        """The current date and time, timezone-aware."""
        ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def wall(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that moves only when told to. Tests run a 30-minute routine in milliseconds."""

    def __init__(self, start: datetime | None = None, monotonic_start: float = 1000.0) -> None:
        self._start_wall = start or datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
        self._start = monotonic_start
        self._now = monotonic_start

    def monotonic(self) -> float:
        return self._now

    def wall(self) -> datetime:
        return self._start_wall + timedelta(seconds=self._now - self._start)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        self._now += seconds

    def set_wall(self, when: datetime) -> None:
        """Move the wall clock (e.g. to another day) without moving monotonic time."""
        self._start_wall = when - timedelta(seconds=self._now - self._start)
