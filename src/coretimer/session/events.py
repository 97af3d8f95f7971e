"""What the session engine reports as it runs: the moments the UI reacts to (a sound or a
spoken cue at a phase change, halfway through a hold, at each step of a paced rep and before the
end of work or of a paced rep's counted hold; a warning when a write fails; the end of the
session)."""

from __future__ import annotations

from dataclasses import dataclass

from coretimer.model.fields import Side
from coretimer.model.record import Status
from coretimer.routine.plan import PhaseKind, PhaseSpec, RepStepName


@dataclass(frozen=True)
class Event:
    at: float
    """Active session seconds (pauses excluded) at which the event happened."""


@dataclass(frozen=True)
class PhaseStarted(Event):
    phase: PhaseSpec | None  # None when the session finished


@dataclass(frozen=True)
class Countdown(Event):
    """3, 2, 1 before the end of a timed phase, or of the counted hold of a paced rep."""

    seconds: int
    phase: PhaseKind
    rep: int | None = None
    """The paced rep whose hold this counts down (None: the end of the phase)."""


@dataclass(frozen=True)
class Halfway(Event):
    """Half of a timed hold of `HALFWAY_FROM` seconds or more is done."""

    phase: PhaseSpec


@dataclass(frozen=True)
class RepPhase(Event):
    """A paced rep moves to its next step: lift, hold (when the rep has one), lower."""

    rep: int  # 1-based
    step: RepStepName
    word: str
    """What the routine calls this step (its `rep_cues`)."""
    seconds: float
    """How long the step lasts."""
    side: Side | None = None
    """With alternating sides, the side this rep works (on its first step)."""


@dataclass(frozen=True)
class SessionEnded(Event):
    status: Status


@dataclass(frozen=True)
class StorageFailed(Event):
    """Writing to the journal failed; the session goes on, its entries kept in memory by the
    journal writer (which tries them again at the next write)."""

    message: str
