"""What the session engine reports as it runs: the moments the UI reacts to (a sound at a phase
change and before the end of work, a warning when a write fails, the end of the session)."""

from __future__ import annotations

from dataclasses import dataclass

from coretimer.models import Status
from coretimer.plan import PhaseKind, PhaseSpec


@dataclass(frozen=True)
class Event:
    at: float
    """Active session seconds (pauses excluded) at which the event happened."""


@dataclass(frozen=True)
class PhaseStarted(Event):
    phase: PhaseSpec | None  # None when the session finished


@dataclass(frozen=True)
class Countdown(Event):
    seconds: int  # 3, 2, 1 before the end of a timed phase
    phase: PhaseKind


@dataclass(frozen=True)
class SessionEnded(Event):
    status: Status


@dataclass(frozen=True)
class StorageFailed(Event):
    """Writing to the journal failed; the session goes on, its entries kept in memory by the
    journal writer (which tries them again at the next write)."""

    message: str
