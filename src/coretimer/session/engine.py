"""The session engine: a state machine that walks a routine's phase plan against a clock.

No Textual here. Time is always `clock.monotonic() - start - paused`: the engine never counts
ticks, so a UI that calls `update()` late or irregularly sees exactly the same phase boundaries
(each phase ends at its start plus its duration, not when someone noticed).

Every finished set and every pain report is handed to the recorder (the session's journal,
which fsyncs) before the action that caused it returns, so it reaches disk before the screen
changes. The engine keeps no record of its own: the journal's entries are the record.

Its events are what the UI reacts to (sounds, warnings, the end of the session); everything a
screen shows comes from `view()`, worked out from the clock.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from coretimer.durable import write_error
from coretimer.model.clock import (
    SET_IT_THEN_START,
    Clock,
    ClockLooksWrong,
    clock_problem,
    plausible,
)
from coretimer.model.record import EndedBy, NotDoneSet, PainReport, SetResult, Status
from coretimer.model.routine import Routine
from coretimer.routine.plan import PhaseKind, PhaseSpec, build_plan
from coretimer.session import moments
from coretimer.session.events import Event, PhaseStarted, SessionEnded, StorageFailed
from coretimer.session.outcomes import not_done_set, pain_report, set_result
from coretimer.session.rules import Pacing, PainRule
from coretimer.session.view import View, idle_view, next_work, phase_view
from coretimer.store import journal
from coretimer.store.journal import Entry, MemoryJournal, Recorder


@dataclass
class _Phase:
    index: int
    start: float  # active seconds
    scheduled: list[Event]
    """The moments of this phase still to come (rep steps, halfway, 3-2-1), soonest first."""


@dataclass
class Engine:
    routine: Routine
    clock: Clock
    routine_id: str = "routine"
    baseline_pain: int | None = None
    recorder: Recorder = field(default_factory=MemoryJournal)
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
        self._pain_pending: int | None = None
        self._pain_froze_clock = False  # the report paused a running clock (0 resumes it)
        self.sets: list[SetResult] = []
        self.pain: list[PainReport] = []
        self.not_done: list[NotDoneSet] = []
        """The planned sets left out because of a low pain rating (the rest of an exercise)."""
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
        """The date and time of active second `t`. Read from the wall clock, unless it has
        jumped before the session's start or out of the plausible years: then from the start
        and the time run since, so that a record dated in 1970 never stops the session being
        saved."""
        wall = self.clock.wall()
        if self.started_at is not None and self._start is not None and (
                not plausible(wall) or wall < self.started_at):
            wall = self.started_at + timedelta(seconds=self.clock.monotonic() - self._start)
        return wall - timedelta(seconds=max(0.0, self.active() - t))

    # -- lifecycle --

    def start(self) -> list[Event]:
        if self._start is not None:
            return []
        started_at = self.clock.wall()
        problem = clock_problem(started_at)
        if problem is not None:  # checked before anything is written
            raise ClockLooksWrong(f"{problem} {SET_IT_THEN_START}")
        self._start = self.clock.monotonic()
        self.started_at = started_at
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
        self._phase = _Phase(index, at, moments.schedule(spec, at, self.pacing))
        events.append(PhaseStarted(at, spec))
        self._emit_scheduled(at, events)

    def _emit_scheduled(self, horizon: float, events: list[Event]) -> None:
        phase = self._phase
        assert phase is not None
        while phase.scheduled and phase.scheduled[0].at <= horizon:
            events.append(phase.scheduled.pop(0))

    def next_change(self) -> float | None:
        """Seconds from now until the next moment something shown or said changes (an event,
        the end of the phase, the next second on the clock, a step of the breathing bar or a
        new cue). None while nothing can change: paused, waiting for a pain rating, finished.

        A UI that wakes at these moments is on time at every boundary and idle in between."""
        phase = self._phase
        if phase is None or self.paused or self.finished or not self.started:
            return None
        elapsed = max(0.0, self.active() - phase.start)
        next_event = phase.scheduled[0].at - phase.start if phase.scheduled else None
        return moments.next_change(self.plan[phase.index], elapsed, next_event, self.pacing)

    # -- recording --

    def _write(self, entry: Entry, events: list[Event]) -> None:
        try:
            self.recorder.append(entry)
        except OSError as exc:
            first = self.storage_error is None
            self.storage_error = write_error(exc)
            if first:
                events.append(StorageFailed(self.active(), self.storage_error))

    def _record_set(
        self, spec: PhaseSpec, elapsed: float, at: float, events: list[Event], *,
        how: EndedBy, reps: int | None = None,
    ) -> None:
        """Record a work set and how it ended: its own clock ran out ("time"), the user's done,
        skip, a pain report, or the end of the session."""
        elapsed = max(0.0, elapsed)
        self.work_seconds += elapsed
        result = set_result(spec, elapsed, how, reps)
        self.sets.append(result)
        self._write(journal.set_entry(result), events)

    def _finish(self, status: Status, at: float, events: list[Event]) -> None:
        if self.finished:
            return
        self.status = status
        ended = self._wall_at(at)
        # The wall clock may have been set back during the session: never end before the start.
        self.ended_at = ended if self.started_at is None else max(ended, self.started_at)
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
        return events

    def resume(self) -> list[Event]:
        if not self.paused or self.pain_pending or self.finished or self._paused_at is None:
            return []
        self._paused_total += self.clock.monotonic() - self._paused_at
        self._paused_at = None
        return self.update()

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
        report = pain_report(self.routine, self.plan, self._phase.index,
                             self._wall_at(self.active()))
        self.pain.append(report)
        self._pain_pending = len(self.pain) - 1
        self._write(journal.pain_entry(report), events)
        return events

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
            if self._pain_froze_clock:
                events.extend(self.resume())
            return events
        spike = self.pain_rule.is_spike(level, self.baseline_pain)
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
        for left in self.plan[phase.index + 1:nxt]:  # the sets of it still to come
            if left.kind is PhaseKind.WORK:
                self._record_not_done(left, events)
        self._enter(nxt, now, events)
        return events

    def _record_not_done(self, spec: PhaseSpec, events: list[Event]) -> None:
        """Keep a planned set the pain left out, in its place among the sets (it is not a set:
        nothing was done, and nothing counts it)."""
        left = not_done_set(spec, len(self.sets))
        self.not_done.append(left)
        self._write(journal.not_done_entry(left), events)

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

    def view(self) -> View:
        count = len(self.routine.exercises)
        phase = self._phase
        if phase is None:
            return idle_view(count, finished=self.finished, paused=self.paused,
                             pain_pending=self.pain_pending, status=self.status)
        return phase_view(self.plan[phase.index], self.active() - phase.start, self.pacing,
                          exercise_count=count,
                          estimate_before=self._estimate_before[phase.index],
                          estimate_total=self._total_estimate,
                          next_up=next_work(self.plan, phase.index), paused=self.paused,
                          pain_pending=self.pain_pending)
