"""The running session, as the App drives it: the tick, the keys, the pain flow, the end and
what follows it. Every step goes through the session controller (coretimer.session.controller); this
layer shows what each step returns."""

from __future__ import annotations

import gc
import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual.actions import SkipAction
from textual.screen import Screen
from textual.timer import Timer

from coretimer.model.clock import SET_IT_THEN_START, clock_problem
from coretimer.ui.host import Host

if TYPE_CHECKING:
    from coretimer.coaching.comparison import Comparison
    from coretimer.routine.files import LoadedRoutine
    from coretimer.session.controller import Finished, Session, Step
    from coretimer.session.cues import Cue
    from coretimer.ui.messages import SessionKey, SummaryKey
    from coretimer.ui.screens.session import SessionScreen
    from coretimer.ui.screens.summary import SummaryScreen

ResultT = TypeVar("ResultT")

#: Wake this much after a boundary, so that the clock is surely past it.
LATE_BY = 0.002


class SessionFlow:
    """The session the App runs, and the screens over it. Owned by the App (`app.flow`)."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.session: Session | None = None
        self.session_screen: SessionScreen | None = None
        #: The session whose summary is shown (or was, until it is closed).
        self.finished: Session | None = None
        self.summary: SummaryScreen | None = None
        self.tick_timer: Timer | None = None
        #: A cue held back while the clock was stopped, said when it runs again.
        self._held_cue: Cue | None = None
        #: Screens covering the running session, innermost last: True where that screen
        #: stopped a running clock (closing it lets the clock go on).
        self._covers: list[bool] = []

    @property
    def running(self) -> bool:
        """A session runs (its summary not shown yet): keys are for the mat, no palette."""
        return self.session is not None and self.session.finished is None

    @property
    def under_way(self) -> bool:
        """A session runs, or its summary (or the pain stop) is still up."""
        return self.session is not None or self.finished is not None

    def start(self, loaded: LoadedRoutine, baseline_pain: int | None) -> None:
        # (a session's engine, rules and screens only once one starts)
        from coretimer.session.controller import Session
        from coretimer.session.rules import PainRule
        from coretimer.ui.screens.notice import Notice
        from coretimer.ui.screens.session import SessionScreen

        problem = clock_problem(self.host.state.clock.wall())
        if problem is not None:  # said before anything starts: nothing is written
            self.host.push_screen(Notice("The clock looks wrong", f"{problem} {SET_IT_THEN_START}"))
            return
        settings = self.host.settings
        session = self.session = Session(
            loaded, self.host.state.store, self.host.state.clock, baseline_pain=baseline_pain,
            pain_rule=PainRule(settings.spike_level, settings.rise_over_baseline))
        step = session.start()
        self.session_screen = SessionScreen(loaded.name, flash_seconds=self.host.flash_seconds)
        self.host.switch_screen(self.session_screen)
        self.host.page.carry_notices()
        self.host.page.tell("session", active=True)  # a phone keeps its screen on from now
        self.apply(step)
        # Once the session screen is up, move every object alive so far out of the garbage
        # collector's reach: a full collection over the app's objects took 50-80 ms, and
        # landed on a phase boundary about one time in forty.
        self.host.call_after_refresh(gc.freeze)

    def tick(self) -> None:
        """Advance the session to the clock's present and redraw."""
        self.tick_timer = None
        if self.session is not None:
            self.apply(self.session.tick())

    def _schedule_tick(self) -> None:
        """Wake at the next moment something shown or said changes (at most `tick_seconds`
        from now); not at all while the clock is stopped (the next action wakes it)."""
        if self.tick_timer is not None:
            self.tick_timer.stop()
            self.tick_timer = None
        session = self.session
        delay = session.engine.next_change() if session is not None else None
        if delay is not None:
            self.tick_timer = self.host.set_timer(min(self.host.tick_seconds, delay + LATE_BY),
                                                  self.tick)

    def apply(self, step: Step) -> None:
        """Show what a step of the session did: the new view, then its cue (a flash, a sound, a
        sentence), warnings, the end."""
        # (a session's engine, cues and sound only once a session starts)
        from coretimer.session.controller import Rated
        from coretimer.session.cues import cue_for
        from coretimer.session.events import PhaseStarted, RepPhase, StorageFailed

        session = self.session
        if session is None:
            return
        # The sound and the voice first (a process spawned, a few milliseconds), then the
        # screen: both land at the boundary.
        engine = session.engine
        pain_saved = step.saved if isinstance(step, Rated) else True
        cue = cue_for(step.events, pain_saved=pain_saved, get_ready=engine.routine.get_ready > 0,
                      now=engine.active())
        self._announce(cue, stopped=engine.paused and not engine.finished)
        if self.session_screen is not None:
            self.session_screen.view = engine.view()
            if any(isinstance(e, PhaseStarted | RepPhase) for e in step.events):
                self.session_screen.flash()
        for event in step.events:
            if isinstance(event, StorageFailed):
                self.host.notify(
                    f"Could not save to {self.host.state.store.root}: {event.message}. The "
                    "session goes on and is kept in memory; free some space and it will be "
                    "saved.",
                    severity="error", timeout=30, markup=False)
        self._schedule_tick()
        if step.finished is not None:
            self._session_ended(session, step.finished)

    def _announce(self, cue: Cue | None, *, stopped: bool) -> None:
        """Say and sound a step's cue, unless the clock is stopped: a phase entered while paused
        (the next exercise after a low pain rating, a skip while paused) is announced when the
        clock runs again, never "Go" while it stands still. Stopping the clock hushes speech."""
        # (a session's engine, cues and sound only once a session starts)
        from coretimer.session.cues import Cue

        if stopped:
            self.host.announcer.hush()
            if cue is not None:
                self._held_cue = cue
            return
        held, self._held_cue = self._held_cue, None
        if held is not None:
            said = [c.say for c in (held, cue) if c is not None and c.say]
            cue = Cue(cue.sound if cue is not None and cue.sound else held.sound,
                      ". ".join(said) or None)
        self.host.announcer.announce(cue)

    def command(self, action: SessionKey) -> None:
        """A key or button of the session screen (pause, skip, done, end, ...)."""
        session = self.session
        if session is None:
            return
        if action == "end":
            self.confirm_end()
        elif action == "done" and session.is_unpaced_work():
            self._ask_reps_done(session)
        else:
            self.apply(session.act(action))

    def cover(self, screen: Screen[ResultT],
                      answered: Callable[[ResultT | None], None] | None = None) -> None:
        """Show a screen over the running session with its clock stopped. When it closes
        (`answered` runs first), the clock goes on if it was running before."""
        session = self.session
        if session is None:
            self.host.push_screen(screen, answered)
            return
        self._covers.append(not session.engine.paused)
        self.apply(session.act("pause"))

        def closed(result: ResultT | None) -> None:
            if answered is not None:
                answered(result)
            resume = self._covers.pop() if self._covers else False
            if resume and self.session is not None and not self.session.engine.pain_pending:
                self.apply(self.session.act("resume"))

        self.host.push_screen(screen, closed)

    def _ask_reps_done(self, session: Session) -> None:
        # (a screen's module is read when it first opens, not before the first frame)
        from coretimer.ui.screens.reps import RepCountPrompt

        ex = session.engine.view().exercise

        def counted(reps: int | None) -> None:
            if self.session is not None and reps is not None:
                self.apply(self.session.act("done", reps=reps))

        self.cover(RepCountPrompt(ex.rep_count if ex else 0), counted)

    def confirm_end(self) -> None:
        # (a screen's module is read when it first opens, not before the first frame)
        from coretimer.ui.screens.confirm import ConfirmEnd

        def answered(end: bool | None) -> None:
            if end and self.session is not None:
                self.apply(self.session.act("end"))

        self.cover(ConfirmEnd(), answered)

    def report_pain(self) -> None:
        """Report pain: the controller freezes the clock and fsyncs the report; then ask."""
        session = self.session
        if session is None or session.engine.pain_pending:
            raise SkipAction()
        if any(self._covers):
            # A screen over the session had stopped a running clock: the report is made from
            # the state before it (a 0 rating then lets the session go on). No time passes.
            self.apply(session.act("resume"))
        self._covers.clear()
        noted = session.report_pain()
        self.apply(noted)
        if self.session is None:
            return
        # (a session's engine, cues and sound only once a session starts)
        from coretimer.session.cues import PAIN_REPORTED, Cue

        self.host.announcer.announce(Cue(None, PAIN_REPORTED))
        # Close whatever covers the session (help, a question) without answering it.
        while len(self.host.screen_stack) > 1 and self.host.screen is not self.session_screen:
            self.host.pop_screen()
        # (a screen's module is read when it first opens, not before the first frame)
        from coretimer.ui.screens.pain import PainPrompt

        self.host.push_screen(PainPrompt(saved=noted.saved), self._pain_rated)

    def _pain_rated(self, level: int | None) -> None:
        session = self.session
        if session is None:
            return
        rated = session.rate_pain(level)
        self.apply(rated)
        if rated.resumed:
            go_on = ("Paused: press space to go on." if session.engine.paused else
                     "Carrying on where you stopped.")
            self.host.notify(f"Rated 0: not counted as pain. {go_on}", timeout=6)
        elif self.session is not None:  # not a spike: offer the next exercise or the end
            # (a screen's module is read when it first opens, not before the first frame)
            from coretimer.ui.screens.pain import PainNextChoice

            self.host.push_screen(PainNextChoice(session.engine.pain[-1], rated.next_exercise,
                                            saved=rated.saved), self._after_low_pain)

    def _after_low_pain(self, go_on: bool | None) -> None:
        if self.session is not None:
            self.apply(self.session.act("resume" if go_on else "end"))

    def _session_ended(self, session: Session, finished: Finished) -> None:
        # (the summary's comparison and screens only when a session ends)
        from coretimer.coaching.comparison import compare
        from coretimer.ui.screens.pain import PainStopScreen
        from coretimer.ui.screens.summary import SummaryScreen

        # No wake is pending: apply() rescheduled after the last step, and a finished engine
        # has no next change.
        self.session = None
        self.host.page.tell("session", active=False)  # and may sleep again
        gc.unfreeze()  # what the session made may be collected again
        self._held_cue = None
        self._covers.clear()
        self.finished = session
        # The history is in memory already: add this session to it rather than reading the
        # folder again at the moment the summary (or the pain stop) should appear.
        record = finished.record
        self.host.add_finished(record, finished.saved)
        # Close anything covering the session screen, then replace it.
        while len(self.host.screen_stack) > 1 and self.host.screen is not self.session_screen:
            self.host.pop_screen()
        host = self.host

        def compared() -> list[Comparison]:  # (every earlier session is read from the
            # index: only once the summary shows, never before the pain stop's screen)
            return compare(record, host.history.shown() if host.history is not None else [])

        summary = self.summary = SummaryScreen(finished, compared, in_browser=host.is_web)
        self.session_screen = None
        if record.status == "stopped_for_pain":
            self.host.switch_screen(PainStopScreen(record, summary, saved=finished.saved))
        else:
            self.host.switch_screen(summary)

    # -- after the session -----------------------------------------------------------------------

    def summary_command(self, action: SummaryKey) -> None:
        """A key or button of the summary: save again, export a copy, or close it."""
        if action == "save_again":
            self.save_again()
        elif action == "export":
            self.export()
        else:
            self.close_summary()

    def save_again(self) -> None:
        session = self.finished
        if session is None:
            return
        result = session.save_again()
        if not result.saved:
            self.host.notify(f"Still cannot save: {result.error}", severity="error", markup=False)
            return
        self.host.notify("Saved.")
        if self.summary is not None:
            self.summary.saved = True

    def export(self) -> None:
        if self.finished is None:
            return
        if self.host.is_web:  # in a browser (`coretimer serve`): the file downloads there

            name, text = self.finished.export_document()
            self.host.deliver_text(io.StringIO(text), save_filename=name, open_method="download",
                               mime_type="application/json")
            self.host.notify(f"Downloading {name}", markup=False)
            return
        result = self.finished.export(Path.home())
        if result.error is not None:
            self.host.notify(f"Cannot write {result.path}: {result.error}", severity="error",
                        markup=False)
        else:
            self.host.notify(f"Exported to {result.path}", markup=False)

    def close_summary(self) -> None:
        finished = self.finished
        if finished is not None and finished.finished is not None and not (
                finished.finished.saved):
            self.host.state.unsaved.append(finished)  # kept, and retried while the app is open
        self.finished = self.summary = None
        self.host.load()
        while len(self.host.screen_stack) > 1:
            self.host.pop_screen()
