"""One running session: the engine, its journal and the store, behind typed operations.

No Textual here. The App turns keys into these calls and shows what they return:

    start() / tick() / act(action)  -> Step
    report_pain()                   -> PainNoted   (the report is fsynced before this returns)
    rate_pain(level)                -> Rated
    save_again()                    -> SaveResult
    export(folder)                  -> ExportResult

A step that ends the session carries `Finished`: the record, built once from the journal's
entries and saved once. That same object is what the summary shows and what the history gets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from coretimer.durable import atomic_write, write_error
from coretimer.model.clock import Clock
from coretimer.model.record import PainReport, SessionRecord
from coretimer.routine.files import LoadedRoutine
from coretimer.routine.plan import PhaseKind
from coretimer.session.engine import Engine
from coretimer.session.events import Event
from coretimer.session.rules import PainRule
from coretimer.store.history import Store

Action = Literal["pause", "resume", "toggle_pause", "done", "skip", "end", "interrupt"]


@dataclass(frozen=True)
class Finished:
    """The session is over. `record` is the one record of it; `saved` says whether its file
    was written, and `error` why not."""

    record: SessionRecord
    saved: bool
    error: str | None
    work_seconds: float


@dataclass(frozen=True)
class Step:
    events: list[Event] = field(default_factory=list)
    finished: Finished | None = None
    """Set on the step that ended the session."""


@dataclass(frozen=True)
class PainNoted(Step):
    report: PainReport | None = None
    """None when there was nothing to report against (no session running, or a report is
    already waiting for its rating)."""
    saved: bool = False
    """The report is on disk (False: it is kept in memory; the write failed)."""


@dataclass(frozen=True)
class Rated(Step):
    level: int | None = None
    spike: bool = False
    resumed: bool = False
    """A 0: the session goes on where it stopped (it may still be paused by the user)."""
    next_exercise: str | None = None
    saved: bool = False


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    error: str | None = None


@dataclass(frozen=True)
class ExportResult:
    path: Path
    error: str | None = None


class Session:
    def __init__(self, loaded: LoadedRoutine, store: Store, clock: Clock, *,
                 baseline_pain: int | None = None, pain_rule: PainRule | None = None) -> None:
        self.loaded = loaded
        self.store = store
        self.journal = store.journal()
        self.engine = Engine(loaded.routine, clock, routine_id=loaded.id,
                             baseline_pain=baseline_pain, recorder=self.journal,
                             pain_rule=pain_rule or PainRule())
        self.finished: Finished | None = None

    @property
    def running(self) -> bool:
        return self.engine.started and not self.engine.finished

    @property
    def saved_so_far(self) -> bool:
        """Every entry of the session is on disk."""
        return self.journal.all_written

    # -- operations --

    def start(self) -> Step:
        return self._step(self.engine.start())

    def tick(self) -> Step:
        return self._step(self.engine.update())

    def act(self, action: Action, *, reps: int | None = None) -> Step:
        engine = self.engine
        if action == "pause":
            events = engine.pause()
        elif action == "resume":
            events = engine.resume()
        elif action == "toggle_pause":
            events = engine.toggle_pause()
        elif action == "done":
            events = engine.done(reps=reps)
        elif action == "skip":
            events = engine.skip()
        elif action == "end":
            events = engine.end_session()
        else:
            events = engine.end_session("interrupted")
        return self._step(events)

    def report_pain(self) -> PainNoted:
        """Freeze the clock and make the report durable, before anything else happens."""
        engine = self.engine
        if not self.running or engine.pain_pending:
            return PainNoted()
        step = self._step(engine.report_pain())
        report = engine.pain[-1] if engine.pain_pending else None
        return PainNoted(step.events, step.finished, report, self.saved_so_far)

    def rate_pain(self, level: int | None) -> Rated:
        engine = self.engine
        if not engine.pain_pending:
            return Rated()
        step = self._step(engine.rate_pain(level))
        spike = engine.status == "stopped_for_pain"
        view = engine.view()
        next_exercise = None
        if not engine.finished and view.exercise is not None:
            next_exercise = view.exercise.name
        return Rated(step.events, step.finished, level, spike, level == 0, next_exercise,
                     self.saved_so_far)

    def save_again(self) -> SaveResult:
        """Write a finished session whose file could not be written (e.g. the disk was full)."""
        finished = self.finished
        if finished is None:
            return SaveResult(False, "the session has not finished")
        if finished.saved:
            return SaveResult(True)
        try:
            self.store.save(finished.record)
        except OSError as exc:
            return SaveResult(False, write_error(exc))
        self.journal.close(remove=True)  # the session file now holds everything
        self.finished = replace(finished, saved=True, error=None)
        return SaveResult(True)

    def export_document(self) -> tuple[str, str]:
        """The finished session as a JSON document: (file name, text)."""
        record = self.finished.record if self.finished else self.journal.record()
        return (f"coretimer-session-{record.id}.json",
                json.dumps(record.public_json(), indent=2) + "\n")

    def export(self, folder: Path) -> ExportResult:
        """Write the finished session as JSON into `folder` (another disk, maybe)."""
        name, text = self.export_document()
        path = folder / name
        try:
            atomic_write(path, text.encode())
        except OSError as exc:
            return ExportResult(path, write_error(exc))
        return ExportResult(path)

    def keep_for_next_start(self) -> int:
        """Quitting with this session unsaved: write what the journal still lacks, and let go
        of it so that the next start recovers it. Returns how many entries are still only in
        memory (0: everything is in the journal)."""
        missing = self.journal.flush()
        self.journal.close()
        return missing

    def abandon(self) -> None:
        """Something went wrong outside the session: end it as interrupted if that can still
        be done; otherwise let go of the journal, so the next start recovers it."""
        try:
            if self.running:
                self.act("interrupt")
        finally:
            if self.finished is None or not self.finished.saved:
                self.journal.close()

    # -- the one record --

    def _step(self, events: list[Event]) -> Step:
        if self.engine.finished and self.finished is None:
            self.finished = self._finish()
            return Step(events, self.finished)
        return Step(events)

    def _finish(self) -> Finished:
        record = self.journal.record()
        work = self.engine.work_seconds
        try:
            self.store.save(record)
        except OSError as exc:  # kept in memory and in the journal; the summary offers a retry
            return Finished(record, False, write_error(exc), work)
        self.journal.close(remove=True)
        return Finished(record, True, None, work)

    def is_unpaced_work(self) -> bool:
        """Done on a rep set at the user's own pace asks how many reps were done."""
        view = self.engine.view()
        ex = view.exercise
        return (view.phase is PhaseKind.WORK and ex is not None and ex.kind == "reps"
                and not ex.is_paced)
