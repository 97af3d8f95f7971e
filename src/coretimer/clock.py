"""Clocks. The engine never reads time itself: it asks an injected clock.

`monotonic()` drives every duration; `wall()` only stamps records with a date and time.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


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
