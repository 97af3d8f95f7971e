"""The session engine: a state machine that walks a routine's phase plan against a clock.

No Textual here. Time is always `clock.monotonic() - start - paused`: the engine never counts
ticks, so a UI that calls `update()` late or irregularly sees exactly the same phase boundaries
(each phase ends at its start plus its duration, not when someone noticed).

Every finished set and every pain report is handed to the recorder (the store's journal, which
fsyncs) before the action that caused it returns, so it reaches disk before the screen changes.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal, Protocol

from coretimer import journal
from coretimer.clock import Clock
from coretimer.journal import Entry
from coretimer.models import (
    MAX_HOLD_CAP,
    EndedBy,
    Exercise,
    PainReport,
    Routine,
    SessionRecord,
    SetResult,
    Side,
    Status,
)
from coretimer.plan import PhaseKind, PhaseSpec, build_plan

# --- Settings and rules --------------------------------------------------------------------------


@dataclass(frozen=True)
class PainRule:
    """When a pain rating stops the session.

    A spike is a rating at or above `spike_level`, or at least `rise_over_baseline` points above
    the pain the user reported before the session. A report with no rating is a spike.
    """

    spike_level: int = 5
    rise_over_baseline: int = 2

    def __post_init__(self) -> None:
        # The rule may be stricter than the defaults, never looser.
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


# --- Events --------------------------------------------------------------------------------------


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
class Halfway(Event):
    pass


@dataclass(frozen=True)
class CueChanged(Event):
    cue: str


@dataclass(frozen=True)
class Breath(Event):
    direction: Literal["in", "out"]


@dataclass(frozen=True)
class RepCounted(Event):
    rep: int


@dataclass(frozen=True)
class SetRecorded(Event):
    result: SetResult


@dataclass(frozen=True)
class PainLogged(Event):
    index: int
    report: PainReport


@dataclass(frozen=True)
class PainRated(Event):
    index: int
    level: int | None
    spike: bool


@dataclass(frozen=True)
class Paused(Event):
    pass


@dataclass(frozen=True)
class Resumed(Event):
    pass


@dataclass(frozen=True)
class SessionEnded(Event):
    status: Status


@dataclass(frozen=True)
class StorageFailed(Event):
    """Writing to the store failed; the session goes on in memory (see `Engine.entries`)."""

    message: str


# --- Recorder ------------------------------------------------------------------------------------


class Recorder(Protocol):
    def append(self, entry: Entry) -> None:
        """Make the entry durable (or raise OSError)."""
        ...


class MemoryRecorder:
    def __init__(self) -> None:
        self.entries: list[Entry] = []

    def append(self, entry: Entry) -> None:
        self.entries.append(entry)


# --- View: what a screen shows -------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    phase: PhaseKind
    spec: PhaseSpec | None
    exercise: Exercise | None
    exercise_index: int
    exercise_count: int
    set: int
    sets: int
    side: Side | None
    elapsed: float
    """Seconds into the current phase."""
    remaining: float | None
    """Seconds left for phases that end by themselves (None for user-ended ones and max holds)."""
    counts_up: bool
    reps_done: int | None
    reps_target: int | None
    cue: str | None
    breath: Literal["in", "out"] | None
    breath_fraction: float
    """0→1 through the current breath."""
    progress: float
    next_up: str | None
    paused: bool
    pain_pending: bool
    finished: bool
    status: Status | None


# --- The engine ----------------------------------------------------------------------------------


_ScheduleItem = tuple[float, int, Event]


@dataclass
class _Phase:
    index: int
    start: float  # active seconds
    schedule: Iterator[_ScheduleItem]
    head: _ScheduleItem | None = None


@dataclass
class Engine:
    routine: Routine
    clock: Clock
    routine_id: str = "routine"
    baseline_pain: int | None = None
    recorder: Recorder = field(default_factory=MemoryRecorder)
    pain_rule: PainRule = field(default_factory=PainRule)
    pacing: Pacing = field(default_factory=Pacing)
    session_id: str | None = None

    def __post_init__(self) -> None:
        if self.baseline_pain is not None and not 0 <= self.baseline_pain <= 10:
            raise ValueError("baseline pain must be 0–10")
        self.plan: list[PhaseSpec] = build_plan(self.routine)
        self._total_estimate = sum(p.estimate for p in self.plan) or 1.0
        self._estimate_before = list(itertools.accumulate((p.estimate for p in self.plan),
                                                          initial=0.0))
        self._start: float | None = None
        self._paused_total = 0.0
        self._paused_at: float | None = None
        self._phase: _Phase | None = None
        self._seq = itertools.count()
        self._pain_pending: int | None = None
        self._pain_froze_clock = False  # the report paused a running clock (0 resumes it)
        self.entries: list[Entry] = []
        self.sets: list[SetResult] = []
        self.pain: list[PainReport] = []
        self.status: Status | None = None
        self.started_at: datetime | None = None
        self.ended_at: datetime | None = None
        self.storage_error: str | None = None
        self.work_seconds = 0.0
        """Active seconds spent in work phases (for the summary)."""

    # -- time --

    @property
    def started(self) -> bool:
        return self._start is not None

    @property
    def finished(self) -> bool:
        return self.status is not None

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    @property
    def pain_pending(self) -> bool:
        return self._pain_pending is not None

    def active(self) -> float:
        """Active session seconds: clock.now() - start - paused."""
        if self._start is None:
            return 0.0
        now = self._paused_at if self._paused_at is not None else self.clock.monotonic()
        return now - self._start - self._paused_total

    def _wall_at(self, t: float) -> datetime:
        return self.clock.wall() - timedelta(seconds=max(0.0, self.active() - t))

    # -- lifecycle --

    def start(self) -> list[Event]:
        if self._start is not None:
            return []
        self._start = self.clock.monotonic()
        self.started_at = self.clock.wall()
        if self.session_id is None:
            self.session_id = journal.new_session_id(self.started_at)
        events: list[Event] = []
        self._write(journal.start_entry(
            session_id=self.session_id, routine=self.routine_id,
            routine_name=self.routine.name, started_at=self.started_at,
            baseline_pain=self.baseline_pain,
        ), events)
        self._enter(0, 0.0, events)
        return events

    def update(self) -> list[Event]:
        """Advance to the clock's present; return what happened since the last call, in order."""
        events: list[Event] = []
        if self._phase is None or self.finished:
            return events
        now = self.active()
        while self._phase is not None and not self.finished:
            phase = self._phase
            spec = self.plan[phase.index]
            end = phase.start + spec.duration if spec.duration is not None else math.inf
            self._emit_scheduled(min(now, end), events)
            if now < end:
                break
            if spec.kind is PhaseKind.WORK:
                self._record_set(spec, end - phase.start, end, events, how="time")
            self._enter(phase.index + 1, end, events)
        return events

    def _enter(self, index: int, at: float, events: list[Event]) -> None:
        if index >= len(self.plan):
            self._phase = None
            # The end of the routine with nothing completed (every set skipped or cut) is not
            # a completed session.
            completed = any(s.completed for s in self.sets)
            self._finish("completed" if completed else "ended_early", at, events)
            return
        spec = self.plan[index]
        self._phase = _Phase(index, at, self._schedule(spec, at))
        self._phase.head = next(self._phase.schedule, None)
        events.append(PhaseStarted(at, spec))
        self._emit_scheduled(at, events)

    def _emit_scheduled(self, horizon: float, events: list[Event]) -> None:
        phase = self._phase
        assert phase is not None
        while phase.head is not None and phase.head[0] <= horizon:
            events.append(phase.head[2])
            phase.head = next(phase.schedule, None)

    def _schedule(self, spec: PhaseSpec, start: float) -> Iterator[_ScheduleItem]:
        """Events of a phase in time order (merged lazily: user-ended phases are open-ended)."""
        streams: list[Iterator[_ScheduleItem]] = []
        end = start + spec.duration if spec.duration is not None else math.inf
        pacing = self.pacing
        seq = self._seq

        if spec.duration is not None and not spec.counts_up:
            marks = [(end - n, n) for n in range(pacing.countdown_from, 0, -1) if end - n > start]
            streams.append(iter([(t, next(seq), Countdown(t, n, spec.kind)) for t, n in marks]))
            if spec.kind is PhaseKind.WORK:
                half = start + spec.duration / 2
                streams.append(iter([(half, next(seq), Halfway(half))]))
        if spec.kind is PhaseKind.WORK:
            streams.append(self._cue_stream(spec.exercise, start, end))
            if spec.is_hold:
                streams.append(self._breath_stream(start, end))
            if spec.exercise.is_paced:
                cycle = spec.exercise.rep_seconds
                reps = spec.exercise.reps or 0
                rep_ends = [start + k * cycle for k in range(1, reps + 1)]
                streams.append(iter([(t, next(seq), RepCounted(t, k))
                                     for k, t in enumerate(rep_ends, start=1)]))
        return heapq.merge(*streams, key=lambda item: (item[0], item[1]))

    def _cue_stream(self, ex: Exercise, start: float, end: float) -> Iterator[_ScheduleItem]:
        if not ex.cues:
            return
        step = self.pacing.cue_seconds
        for k in itertools.count():
            t = start + k * step
            if t >= end or (k > 0 and len(ex.cues) == 1):
                return
            yield (t, next(self._seq), CueChanged(t, ex.cues[k % len(ex.cues)]))

    def _breath_stream(self, start: float, end: float) -> Iterator[_ScheduleItem]:
        t = start
        for k in itertools.count():
            if t >= end:
                return
            direction: Literal["in", "out"] = "in" if k % 2 == 0 else "out"
            yield (t, next(self._seq), Breath(t, direction))
            t += self.pacing.breathe_in if direction == "in" else self.pacing.breathe_out

    # -- recording --

    def _write(self, entry: Entry, events: list[Event]) -> None:
        self.entries.append(entry)
        try:
            self.recorder.append(entry)
        except OSError as exc:
            first = self.storage_error is None
            self.storage_error = f"{exc.strerror or exc}"
            if first:
                events.append(StorageFailed(self.active(), self.storage_error))

    def _record_set(
        self, spec: PhaseSpec, elapsed: float, at: float, events: list[Event], *,
        how: EndedBy, reps: int | None = None,
    ) -> None:
        """Record a work set and how it ended: its own clock ran out ("time"), the user's done,
        skip, a pain report, or the end of the session."""
        ex = spec.exercise
        target = ex.target
        elapsed = max(0.0, elapsed)
        self.work_seconds += elapsed
        achieved: float | None
        if how == "skip":
            achieved, completed = None, False
        elif ex.kind == "hold":
            cap = float(target) if target is not None else float(MAX_HOLD_CAP)
            achieved = round(min(elapsed, cap), 1)
            completed = how == "time" or (how == "done" and ex.is_max_hold)
        elif ex.is_paced:
            achieved = float(min(math.floor(elapsed / ex.rep_seconds + 1e-9), ex.reps or 0))
            completed = achieved >= (ex.reps or 0)
        elif how == "done":
            achieved = float(max(0, reps) if reps is not None else (ex.reps or 0))
            completed = achieved >= (ex.reps or 0)
        else:  # reps at the user's pace, ended by pain or the end: nobody counted them
            achieved, completed = None, False
        result = SetResult(exercise=ex.name, kind=ex.kind, side=spec.side, set=spec.set,
                           target=None if target is None else float(target),
                           achieved=achieved, completed=completed, skipped=how == "skip",
                           ended_by=how)
        self.sets.append(result)
        self._write(journal.set_entry(result), events)
        events.append(SetRecorded(at, result))

    def _finish(self, status: Status, at: float, events: list[Event]) -> None:
        if self.finished:
            return
        self.status = status
        self.ended_at = self._wall_at(at)
        self._phase = None
        self._paused_at = None
        self._write(journal.end_entry(status, self.ended_at), events)
        events.append(PhaseStarted(at, None))
        events.append(SessionEnded(at, status))

    # -- actions --

    def pause(self) -> list[Event]:
        if not self.started or self.finished or self.paused:
            return []
        events = self.update()
        self._paused_at = self.clock.monotonic()
        events.append(Paused(self.active()))
        return events

    def resume(self) -> list[Event]:
        if not self.paused or self.pain_pending or self.finished or self._paused_at is None:
            return []
        self._paused_total += self.clock.monotonic() - self._paused_at
        self._paused_at = None
        events: list[Event] = [Resumed(self.active())]
        events.extend(self.update())
        return events

    def toggle_pause(self) -> list[Event]:
        return self.resume() if self.paused else self.pause()

    def done(self, reps: int | None = None) -> list[Event]:
        """End the current phase: a hold ended early, a rep set finished, a rest cut short.

        For unpaced reps `reps` is how many were done (default: the target).
        """
        return self._end_phase(done=True, reps=reps)

    def skip(self) -> list[Event]:
        """Move on; a work set skipped part-way is recorded as not completed."""
        return self._end_phase(done=False, reps=None)

    def _end_phase(self, *, done: bool, reps: int | None) -> list[Event]:
        if self.pain_pending or self.finished or not self.started:
            return []
        events = self.update()
        phase = self._phase
        if phase is None:
            return events
        now = self.active()
        spec = self.plan[phase.index]
        if spec.kind is PhaseKind.WORK:
            self._record_set(spec, now - phase.start, now, events,
                             how="done" if done else "skip", reps=reps)
        self._enter(phase.index + 1, now, events)
        return events

    def report_pain(self) -> list[Event]:
        """Freeze the clock at once and record the moment; then ask for a rating.

        The set in progress stays open until the rating: a 0 ("pressed by mistake") lets it
        go on where it stopped; any other rating cuts it at the moment of the report.
        """
        if self.finished or not self.started or self.pain_pending:
            return []
        events = self.update()
        if self.finished or self._phase is None:
            return events
        self._pain_froze_clock = self._paused_at is None
        if self._paused_at is None:
            self._paused_at = self.clock.monotonic()
        now = self.active()
        spec = self.plan[self._phase.index]
        report = PainReport(at=self._wall_at(now), exercise=spec.exercise.name, level=None,
                            phase=spec.kind.value,
                            counts_against=self._implicated(self._phase.index))
        self.pain.append(report)
        self._pain_pending = len(self.pain) - 1
        self._write(journal.pain_entry(report), events)
        events.append(PainLogged(now, self._pain_pending, report))
        return events

    def _implicated(self, index: int) -> list[str]:
        """The exercises a report made during phase `index` counts against: the one being
        done, or between exercises both the one just done and the one about to start."""
        spec = self.plan[index]
        names: list[str] = []
        if spec.kind is PhaseKind.GET_READY and spec.exercise_index > 0:
            names.append(self.routine.exercises[spec.exercise_index - 1].name)
        names.append(spec.exercise.name)
        if spec.between_exercises and spec.exercise_index + 1 < len(self.routine.exercises):
            names.append(self.routine.exercises[spec.exercise_index + 1].name)
        return list(dict.fromkeys(names))

    def rate_pain(self, level: int | None) -> list[Event]:
        """Rate the pending pain report (None = no rating).

        0 means no pain, pressed by mistake: the session goes on where it stopped. A spike
        ends the session; any other rating ends the exercise and moves to the next one,
        still paused."""
        index = self._pain_pending
        if index is None:
            return []
        if level is not None and not 0 <= level <= 10:
            raise ValueError("pain level must be 0–10")
        events: list[Event] = []
        now = self.active()
        self.pain[index] = self.pain[index].model_copy(update={"level": level})
        self._write(journal.pain_level_entry(index, level), events)
        self._pain_pending = None
        if level == 0:
            events.append(PainRated(now, index, level, False))
            if self._pain_froze_clock:
                events.extend(self.resume())
            return events
        spike = self.pain_rule.is_spike(level, self.baseline_pain)
        events.append(PainRated(now, index, level, spike))
        phase = self._phase
        assert phase is not None
        spec = self.plan[phase.index]
        if spec.kind is PhaseKind.WORK:
            self._record_set(spec, now - phase.start, now, events, how="pain")
        if spike:
            self._finish("stopped_for_pain", now, events)
            return events
        current = spec.exercise_index
        nxt = next((i for i in range(phase.index + 1, len(self.plan))
                    if self.plan[i].exercise_index > current), len(self.plan))
        self._enter(nxt, now, events)
        return events

    def end_session(
        self, status: Literal["ended_early", "interrupted"] = "ended_early"
    ) -> list[Event]:
        """End now. What was done is kept; a set in progress is recorded as not completed.

        `interrupted` is for a session cut off from outside (terminal closed, SIGTERM)."""
        if self.finished or not self.started:
            return []
        if self.pain_pending:  # an unrated report counts as a spike
            return self.rate_pain(None)
        events = self.update()
        if self.finished:
            return events
        now = self.active()
        phase = self._phase
        if phase is not None:
            spec = self.plan[phase.index]
            if spec.kind is PhaseKind.WORK:
                self._record_set(spec, now - phase.start, now, events, how="end")
        self._finish(status, now, events)
        return events

    # -- reading --

    def record(self) -> SessionRecord:
        """The session document, built from the same entries that went to the journal."""
        return journal.replay(self.entries, interrupted_at=self.clock.wall())

    def view(self) -> View:
        count = len(self.routine.exercises)
        if self._phase is None:
            return View(
                phase=PhaseKind.FINISHED if self.finished else PhaseKind.GET_READY,
                spec=None, exercise=None, exercise_index=count if self.finished else 0,
                exercise_count=count, set=0, sets=0, side=None, elapsed=0.0, remaining=None,
                counts_up=False, reps_done=None, reps_target=None, cue=None, breath=None,
                breath_fraction=0.0, progress=1.0 if self.finished else 0.0, next_up=None,
                paused=self.paused, pain_pending=self.pain_pending, finished=self.finished,
                status=self.status,
            )
        phase = self._phase
        spec = self.plan[phase.index]
        ex = spec.exercise
        elapsed = max(0.0, self.active() - phase.start)
        if spec.duration is not None:
            elapsed = min(elapsed, spec.duration)
        remaining = None
        if spec.duration is not None and not spec.counts_up:
            remaining = max(0.0, spec.duration - elapsed)
        reps_done = None
        if spec.kind is PhaseKind.WORK and ex.is_paced:
            reps_done = min(math.floor(elapsed / ex.rep_seconds + 1e-9), ex.reps or 0)
        cue: str | None = None
        if spec.kind is PhaseKind.GET_READY:
            cue = ex.setup_cue
        elif spec.kind is PhaseKind.WORK and ex.cues:
            k = int(elapsed // self.pacing.cue_seconds)
            cue = ex.cues[k % len(ex.cues)]
        breath: Literal["in", "out"] | None = None
        fraction = 0.0
        if spec.is_hold:
            cycle = self.pacing.breathe_in + self.pacing.breathe_out
            into = elapsed % cycle
            if into < self.pacing.breathe_in:
                breath, fraction = "in", into / self.pacing.breathe_in
            else:
                breath, fraction = "out", (into - self.pacing.breathe_in) / self.pacing.breathe_out
        done_estimate = self._estimate_before[phase.index] + min(elapsed, spec.estimate)
        return View(
            phase=spec.kind, spec=spec, exercise=ex, exercise_index=spec.exercise_index,
            exercise_count=count, set=spec.set, sets=ex.sets, side=spec.side, elapsed=elapsed,
            remaining=remaining, counts_up=spec.counts_up, reps_done=reps_done,
            reps_target=ex.reps if ex.kind == "reps" else None, cue=cue, breath=breath,
            breath_fraction=fraction,
            progress=min(1.0, done_estimate / self._total_estimate),
            next_up=self._next_up(phase.index), paused=self.paused,
            pain_pending=self.pain_pending, finished=False, status=None,
        )

    def _next_up(self, index: int) -> str | None:
        for spec in self.plan[index + 1:]:
            if spec.kind is PhaseKind.WORK:
                return describe_work(spec)
        return None


def describe_work(spec: PhaseSpec) -> str:
    """'Front plank — set 2 of 3, left side'."""
    ex = spec.exercise
    text = ex.name
    parts = []
    if ex.sets > 1:
        parts.append(f"set {spec.set} of {ex.sets}")
    if spec.side:
        parts.append(f"{spec.side} side")
    return f"{text} — {', '.join(parts)}" if parts else text
