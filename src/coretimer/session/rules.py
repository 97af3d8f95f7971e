"""The rules a session runs by: when a pain rating stops it, and how cues and the breathing
pacer are timed. The one place that says where in a cue or a breath a moment falls."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class PainRule:
    """When a pain rating stops the session.

    A spike is a rating at or above `spike_level`, or at least `rise_over_baseline` points above
    the pain the user reported before the session. A report with no rating is a spike. The rule
    may be made stricter than the defaults, never looser.
    """

    spike_level: int = 5
    rise_over_baseline: int = 2

    def __post_init__(self) -> None:
        if not 1 <= self.spike_level <= 5 or not 1 <= self.rise_over_baseline <= 2:
            raise ValueError("the pain rule allows a spike level of 1-5 and a rise of 1-2")

    def is_spike(self, level: int | None, baseline: int | None) -> bool:
        if level is None or level >= self.spike_level:
            return True
        return baseline is not None and level - baseline >= self.rise_over_baseline


@dataclass(frozen=True)
class Pacing:
    """Cue rotation and the breathing pacer shown during holds."""

    cue_seconds: float = 10.0
    breathe_in: float = 4.0
    breathe_out: float = 4.0
    countdown_from: int = 3
    breath_steps: int = 4
    """The breathing bar moves in this many steps per breath in (or out): once a second at
    the default pace, on the clock's beat."""
    figure_frames_per_second: float = 4.0
    """A paced rep's figure moves this often during a lift or a lower (each frame is a redraw:
    a smoother figure is not worth a warm laptop)..."""
    figure_frames_most: int = 8
    """...in at most this many frames per step, whatever its length."""

    def figure_frames(self, seconds: float) -> int:
        """How many frames a lift or a lower of `seconds` moves the figure in (1 or more)."""
        return max(1, min(self.figure_frames_most, round(seconds * self.figure_frames_per_second)))

    def cue_at(self, cues: list[str], elapsed: float) -> str | None:
        """The cue shown `elapsed` seconds into work: each for `cue_seconds`, in turn."""
        if not cues:
            return None
        return cues[int(elapsed // self.cue_seconds) % len(cues)]

    def breath_at(self, elapsed: float) -> tuple[Literal["in", "out"], float]:
        """Breathing in or out `elapsed` seconds into a hold, and how far through (0→1)."""
        into = elapsed % (self.breathe_in + self.breathe_out)
        if into < self.breathe_in:
            return "in", into / self.breathe_in
        return "out", (into - self.breathe_in) / self.breathe_out

    def next_breath_step(self, elapsed: float) -> float:
        """When the breathing bar next moves a step (seconds into the hold)."""
        cycle = self.breathe_in + self.breathe_out
        base = math.floor(elapsed / cycle) * cycle
        into = elapsed - base
        if into < self.breathe_in:
            size = self.breathe_in / self.breath_steps
            return base + (math.floor(into / size) + 1) * size
        size = self.breathe_out / self.breath_steps
        return base + self.breathe_in + (math.floor((into - self.breathe_in) / size) + 1) * size
