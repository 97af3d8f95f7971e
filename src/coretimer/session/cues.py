"""What a session says and sounds, worked out from the engine's events.

No Textual and no sound here: `cue_for(events, ...)` turns one step's events into one `Cue`
(a sound and a sentence), and `coretimer.session.audio` plays it. A test can run any
routine on a fake clock and read the exact sequence of sentences.

What is said:
- at get-ready, the exercise, its dose and the side first ("Single-leg bridge, 10 reps, left
  side first"; "Curl-up, 6 reps of 10-second holds, then 4, then 2");
- "Go" at the start of work, "Rest, 20 seconds" at a rest, "Switch to your right side" (or
  "Right side. Go" when the routine has no rest between the sides);
- "Halfway" through holds of 20 seconds or more;
- "3", "2", "1" before timed work ends (paced reps say their steps instead);
- each step of a paced rep: "lift", "hold", "lower" (the routine's own words), and "3", "2",
  "1" before the end of a counted hold (plan.COUNTED_HOLD_FROM seconds or more), so the
  return step's word follows "1";
- at the end: "Session complete. Well done.", or on a pain stop "Pain saved. Session stopped."
  (only once the report is on disk: otherwise "Pain noted, not saved yet. Session stopped.").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from coretimer.model.exercise import Exercise
from coretimer.routine.plan import PhaseKind, PhaseSpec, counts_hold
from coretimer.session.events import Countdown, Event, Halfway, PhaseStarted, RepPhase, SessionEnded

#: go: work starts; rest: a rest, a side switch, get-ready or the end; tick: 3-2-1 before
#: work or a counted rep hold ends; step: a paced rep moves to its next step (a tick, but no
#: bell).
Sound = Literal["go", "rest", "tick", "step"]
_SOUND_RANK: dict[Sound, int] = {"go": 3, "rest": 2, "tick": 1, "step": 0}

#: Events of one step further apart than this: only the newest ones are said (after a stall
#: of the UI, "3, 2, 1" from two seconds ago is no use).
STALE_AFTER = 0.5

PAIN_REPORTED = "Paused. How strong is the pain, from 0 to 10?"


@dataclass(frozen=True)
class Cue:
    sound: Sound | None
    say: str | None


def dose(ex: Exercise) -> str:
    """An exercise's dose in words a person on the floor follows: "30 second hold", "10 reps",
    "6 reps of 10-second holds, then 4, then 2" (paced reps with a counted hold say how long
    it is; a dose that changes from set to set says each set's in turn)."""
    if ex.kind == "hold":
        if ex.is_max_hold:
            return "hold as long as your form stays good"
        text = f"{ex.hold_seconds} second hold"
    else:
        count = ex.rep_count
        text = f"{count} reps" if count != 1 else "1 rep"
        if counts_hold(ex):
            seconds = f"{ex.rep_hold:g}-second hold"
            text += f" of {seconds}s" if count != 1 else f" of a {seconds}"
        if ex.alternates:
            text += " each side, alternating"
    doses = ex.doses
    if doses is not None and len(set(doses)) > 1:
        text += "".join(f", then {d}" for d in doses[1:])
    return text


def introduce(ex: Exercise) -> str:
    """"Single-leg bridge, 10 reps, left side first"; "Curl-up, 6 reps of 10-second holds, then 4,
    then 2"."""
    parts = [ex.name, *([ex.level_name] if ex.level_name else []), dose(ex)]
    if ex.sides == "both":
        parts.append("left side first")
    return ", ".join(parts)


def cue_for(events: Sequence[Event], *, get_ready: bool = True, pain_saved: bool = True,
            now: float | None = None) -> Cue | None:
    """The cue for one step's events. `get_ready` says whether the routine has a get-ready
    phase (without one, the exercise is introduced when its work starts). `pain_saved` says
    whether the session's pain report reached the disk (it decides the words of a pain stop).
    `now` (active seconds) drops events more than STALE_AFTER old; without it, events older
    than the step's newest by that much are dropped."""
    if not events:
        return None
    reference = now if now is not None else max(e.at for e in events)
    said: list[str] = []
    sound: Sound | None = None
    for event in events:
        if event.at < reference - STALE_AFTER and not isinstance(event, SessionEnded):
            continue
        words, noise = _one(event, get_ready=get_ready, pain_saved=pain_saved)
        if words:
            said.append(words)
        if noise is not None and (sound is None or _SOUND_RANK[noise] > _SOUND_RANK[sound]):
            sound = noise
    if not said and sound is None:
        return None
    return Cue(sound, ". ".join(said) if said else None)


def _one(event: Event, *, get_ready: bool, pain_saved: bool) -> tuple[str | None, Sound | None]:
    if isinstance(event, PhaseStarted):
        return _phase_started(event.phase, get_ready=get_ready)
    if isinstance(event, Halfway):
        return "Halfway", None
    if isinstance(event, RepPhase):
        if event.side is not None:  # alternating sides: which side this rep works
            return f"{event.side.capitalize()}, {event.word}", "step"
        return event.word, "step"
    if isinstance(event, Countdown):
        if event.phase is not PhaseKind.WORK:
            return None, None
        return str(event.seconds), "tick"
    if isinstance(event, SessionEnded):
        if event.status == "completed":
            return "Session complete. Well done.", "rest"
        if event.status == "stopped_for_pain":
            if pain_saved:
                return "Pain saved. Session stopped.", None
            return "Pain noted, not saved yet. Session stopped.", None
        if event.status == "ended_early":
            return "Session ended.", "rest"
    return None, None


def _phase_started(spec: PhaseSpec | None, *, get_ready: bool) -> tuple[str | None, Sound | None]:
    if spec is None:  # the end: SessionEnded says it
        return None, None
    if spec.kind is PhaseKind.GET_READY:
        return introduce(spec.introduced), "rest"
    if spec.kind is PhaseKind.WORK:
        ex = spec.exercise
        first = spec.set == 1 and spec.side == ex.side_list[0]
        if not get_ready and first:
            return f"{introduce(spec.introduced)}. Go", "go"
        if ex.sides == "both" and ex.rest == 0 and not first:
            # No switch-side phase between the sides (rest = 0): say which side now.
            return f"{spec.side.capitalize() if spec.side else ''} side. Go", "go"
        return "Go", "go"
    if spec.kind is PhaseKind.SWITCH_SIDE:
        return f"Switch to your {spec.side} side", "rest"
    if spec.kind is PhaseKind.REST:
        seconds = round(spec.duration or 0)
        return f"Rest, {seconds} second{'' if seconds == 1 else 's'}", "rest"
    return None, None
