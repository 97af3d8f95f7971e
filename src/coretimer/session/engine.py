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
from coretimer.model.fields import Side
from coretimer.model.record import EndedBy, NotDoneSet, PainReport, SetResult, Status
from coretimer.model.routine import Exercise, Routine
from coretimer.routine.plan import PhaseKind, PhaseSpec, RepStep, build_plan, counts_hold, rep_steps
from coretimer.session.events import (
    Countdown,
    Event,
    Halfway,
    PhaseStarted,
    RepPhase,
    SessionEnded,
    StorageFailed,
)
from coretimer.session.rules import Pacing, PainRule
from coretimer.session.view import View, describe_work
from coretimer.store import journal
from coretimer.store.journal import Entry, MemoryJournal, Recorder


def _next_whole_before(end: float, elapsed: float) -> float:
    """The first moment after `elapsed` that is a whole number of seconds before `end` (when
    a countdown to `end` shows its next number)."""
    return end - (math.ceil(end - elapsed - 1e-9) - 1)


def _rep_of(ex: Exercise, move: int) -> tuple[int, Side | None]:
    """Movement `move` (0-based) of a set as a rep number (1-based) and, when the sides
    alternate, its side: left first, then right."""
    if ex.alternates:
        return move // 2 + 1, ("left", "right")[move % 2]
    return move + 1, None


#: Holds at least this long get a "halfway" event.
HALFWAY_FROM = 20.0


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
        self._phase = _Phase(index, at, self._schedule(spec, at))
        events.append(PhaseStarted(at, spec))
        self._emit_scheduled(at, events)

    def _emit_scheduled(self, horizon: float, events: list[Event]) -> None:
        phase = self._phase
        assert phase is not None
        while phase.scheduled and phase.scheduled[0].at <= horizon:
            events.append(phase.scheduled.pop(0))

    def _schedule(self, spec: PhaseSpec, start: float) -> list[Event]:
        """The moments within a phase: each step of each paced rep (and 3-2-1 before the end
        of each counted hold in them), halfway through a long hold, and 3-2-1 before the end
        of a phase that ends by itself (not a max hold, and not paced reps, whose steps mark
        the time)."""
        events: list[Event] = []
        ex = spec.exercise
        paced = spec.kind is PhaseKind.WORK and ex.is_paced  # its rep steps keep the time
        if paced:
            steps = rep_steps(ex)
            counted = counts_hold(ex)
            for move in range(ex.movements):
                begin = start + move * ex.rep_seconds
                rep, side = _rep_of(ex, move)
                for st in steps:
                    at = begin + st.offset
                    events.append(RepPhase(at, rep, st.name, st.word, st.seconds,
                                           side if st.name == "lift" else None))
                    if counted and st.name == "hold":
                        end = at + st.seconds  # the return step's word comes after "1"
                        events.extend(Countdown(end - n, n, spec.kind, rep)
                                      for n in range(self.pacing.countdown_from, 0, -1)
                                      if end - n > at)
        if (spec.is_hold and not spec.counts_up and spec.duration is not None
                and spec.duration >= HALFWAY_FROM):
            events.append(Halfway(start + spec.duration / 2, spec))
        if spec.duration is not None and not spec.counts_up and not paced:
            end = start + spec.duration
            events.extend(Countdown(end - n, n, spec.kind)
                          for n in range(self.pacing.countdown_from, 0, -1) if end - n > start)
        events.sort(key=lambda e: e.at)  # stable: at equal times, rep steps come first
        return events

    def next_change(self) -> float | None:
        """Seconds from now until the next moment something shown or said changes (an event,
        the end of the phase, the next second on the clock, a step of the breathing bar or a
        new cue). None while nothing can change: paused, waiting for a pain rating, finished.

        A UI that wakes at these moments is on time at every boundary and idle in between."""
        phase = self._phase
        if phase is None or self.paused or self.finished or not self.started:
            return None
        spec = self.plan[phase.index]
        now = self.active()
        elapsed = max(0.0, now - phase.start)
        marks: list[float] = []  # phase-relative seconds
        if phase.scheduled:
            marks.append(phase.scheduled[0].at - phase.start)
        if spec.duration is not None:
            marks.append(spec.duration)
            if not spec.counts_up:  # the countdown shows whole seconds left
                marks.append(_next_whole_before(spec.duration, elapsed))
        marks.append(math.floor(elapsed) + 1.0)  # whole seconds counted up
        if spec.kind is PhaseKind.WORK:
            ex = spec.exercise
            if ex.shows_breathing:
                marks.append(self.pacing.next_breath_step(elapsed))
            if ex.cues:
                marks.append((math.floor(elapsed / self.pacing.cue_seconds) + 1)
                             * self.pacing.cue_seconds)
            step, step_start, _ = self._rep_step(ex, elapsed)
            if step is not None:  # the countdown inside a step of a paced rep
                marks.append(_next_whole_before(step_start + step.seconds, elapsed))
        later = [m for m in marks if m > elapsed + 1e-9]
        return max(0.0, min(later) - elapsed) if later else None

    @staticmethod
    def _rep_step(ex: Exercise, elapsed: float) -> tuple[RepStep | None, float, int]:
        """The step of a paced rep `elapsed` seconds into the set: the step, when it began
        (seconds into the set) and the movement's number (1-based; with alternating sides,
        each rep on each side is a movement)."""
        if not ex.is_paced or not ex.movements:
            return None, 0.0, 0
        # The same formula as reps_done in view(): a boundary rounded down by floating point
        # counts as reached in both.
        move = min(math.floor(elapsed / ex.rep_seconds + 1e-9), ex.movements - 1)
        into = max(0.0, elapsed - move * ex.rep_seconds)  # a hair before the boundary: 0
        current = None
        for st in rep_steps(ex):
            if into + 1e-9 >= st.offset:
                current = st
        assert current is not None
        return current, move * ex.rep_seconds + current.offset, move + 1

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
        ex = spec.exercise
        target = ex.target
        elapsed = max(0.0, elapsed)
        self.work_seconds += elapsed
        achieved: float | None
        if how == "skip":
            achieved, completed = None, False
        elif ex.kind == "hold":
            cap = float(target) if target is not None else float(ex.cap_seconds)
            achieved = round(min(elapsed, cap), 1)
            completed = how == "time" or (how == "done" and ex.is_max_hold)
        elif ex.is_paced:
            moves = min(math.floor(elapsed / ex.rep_seconds + 1e-9), ex.movements)
            achieved = float(moves // 2 if ex.alternates else moves)  # reps per side
            completed = achieved >= ex.rep_count
        elif how == "done":
            achieved = float(max(0, reps) if reps is not None else ex.rep_count)
            completed = achieved >= ex.rep_count
        else:  # reps at the user's pace, ended by pain or the end: nobody counted them
            achieved, completed = None, False
        result = SetResult(exercise=ex.name, exercise_id=ex.key, kind=ex.kind, side=spec.side,
                           set=spec.set, level=ex.level, level_name=ex.level_name,
                           target=None if target is None else float(target),
                           achieved=achieved, completed=completed, skipped=how == "skip",
                           ended_by=how)
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
        now = self.active()
        spec = self.plan[self._phase.index]
        report = PainReport(at=self._wall_at(now), exercise=spec.exercise.name,
                            exercise_id=spec.exercise.key, level=None,
                            phase=spec.kind.value,
                            counts_against=self._implicated(self._phase.index))
        self.pain.append(report)
        self._pain_pending = len(self.pain) - 1
        self._write(journal.pain_entry(report), events)
        return events

    def _implicated(self, index: int) -> list[str]:
        """The ids of the exercises a report made during phase `index` counts against: the one
        being done, or between exercises both the one just done and the one about to start."""
        spec = self.plan[index]
        keys: list[str] = []
        if spec.kind is PhaseKind.GET_READY and spec.exercise_index > 0:
            keys.append(self.routine.exercises[spec.exercise_index - 1].key)
        keys.append(spec.exercise.key)
        if spec.between_exercises and spec.exercise_index + 1 < len(self.routine.exercises):
            keys.append(self.routine.exercises[spec.exercise_index + 1].key)
        return list(dict.fromkeys(keys))

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
        ex = spec.exercise
        left = NotDoneSet(exercise=ex.name, exercise_id=ex.key, kind=ex.kind, side=spec.side,
                          set=spec.set, target=None if ex.target is None else float(ex.target),
                          level=ex.level, level_name=ex.level_name, because="pain",
                          after_sets=len(self.sets))
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
            moves = min(math.floor(elapsed / ex.rep_seconds + 1e-9), ex.movements)
            reps_done = moves // 2 if ex.alternates else moves
        breath: Literal["in", "out"] | None = None
        fraction = 0.0
        if spec.kind is PhaseKind.WORK and ex.shows_breathing:
            breath, fraction = self.pacing.breath_at(elapsed)
        rep_step: RepStep | None = None
        rep_number: int | None = None
        step_left: float | None = None
        hold_countdown: int | None = None
        side = spec.side
        if spec.kind is PhaseKind.WORK and ex.is_paced:
            rep_step, step_start, move = self._rep_step(ex, elapsed)
            if rep_step is not None:
                step_left = max(0.0, step_start + rep_step.seconds - elapsed)
                rep_number, rep_side = _rep_of(ex, move - 1)
                side = rep_side or side
                if rep_step.name == "hold" and counts_hold(ex):
                    # The same rounding as next_change()'s mark for the step: the shown
                    # second changes exactly when the engine says something changes.
                    hold_countdown = max(1, math.ceil(step_left - 1e-9))
        cue: str | None = None
        if spec.kind is PhaseKind.GET_READY:
            cue = ex.setup_cue
        elif spec.kind is PhaseKind.WORK:
            # A paced rep's step with a cue of its own shows it: the cue describes the
            # movement the banner names. Other moments show the exercise's cues in turn.
            own = ex.step_cue(rep_step.name) if rep_step is not None else None
            cue = own if own is not None else self.pacing.cue_at(ex.cues, elapsed)
        done_estimate = self._estimate_before[phase.index] + min(elapsed, spec.estimate)
        return View(
            phase=spec.kind, spec=spec, exercise=ex, exercise_index=spec.exercise_index,
            exercise_count=count, set=spec.set, sets=ex.sets, side=side, elapsed=elapsed,
            remaining=remaining, counts_up=spec.counts_up, reps_done=reps_done,
            reps_target=ex.rep_count if ex.kind == "reps" else None, cue=cue, breath=breath,
            breath_fraction=fraction, rep_number=rep_number,
            rep_step=rep_step.name if rep_step else None,
            rep_word=rep_step.word if rep_step else None, rep_step_left=step_left,
            hold_countdown=hold_countdown,
            progress=min(1.0, done_estimate / self._total_estimate),
            next_up=self._next_up(phase.index), paused=self.paused,
            pain_pending=self.pain_pending, finished=False, status=None,
        )

    def _next_up(self, index: int) -> str | None:
        for spec in self.plan[index + 1:]:
            if spec.kind is PhaseKind.WORK:
                return describe_work(spec)
        return None
