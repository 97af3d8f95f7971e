"""The Textual app. One factory, `make_app`, serves the CLI, the tests and the screenshot script.

The App owns the running session (engine, journal, tick timer): timers die with their widget,
so nothing that must outlive a screen lives in a screen. Screens render what they are given
and send the user's intent back as calls on the App.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.actions import SkipAction
from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer

from coretimer.clock import Clock, SystemClock
from coretimer.settings import Settings, load_settings, save_settings

# The engine, the store and the routine models need pydantic, which costs ~50 ms to load.
# They are imported when first used, so the first frame never waits for them.
if TYPE_CHECKING:
    from coretimer.engine import Engine, Event
    from coretimer.models import NextMorning, SessionRecord
    from coretimer.routines import Catalogue, LoadedRoutine
    from coretimer.store import JournalWriter, LoadResult, Store

TICK_SECONDS = 0.1
ResultT = TypeVar("ResultT")


@dataclass
class ActiveSession:
    loaded: LoadedRoutine
    engine: Engine
    journal: JournalWriter


class CoretimerApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "coretimer"
    ENABLE_COMMAND_PALETTE = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "ctrl_c", "Quit", show=False, priority=True, id="ctrl-c"),
        # Pain is one key wherever a session is running: on the session screen and on anything
        # covering it (help, the end-session question, the choice after a low rating). A
        # priority binding, so that no screen or widget can swallow it; without a running
        # session it steps aside (hidden, and the key goes on as usual). Modal screens shown
        # during a session list it in their own footer too (screens.common.PAIN_BINDING).
        Binding("p", "report_pain", "Report pain", id="pain", priority=True),
    ]

    def __init__(
        self,
        *,
        data_dir: Path,
        config_dir: Path,
        clock: Clock | None = None,
        quiet: bool = False,
        start_routine: LoadedRoutine | None = None,
        tick_seconds: float = TICK_SECONDS,
        handle_signals: bool = True,
    ) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.config_dir = config_dir
        self.clock: Clock = clock or SystemClock()
        self.quiet = quiet
        self.start_routine = start_routine
        self.tick_seconds = tick_seconds
        self.handle_signals = handle_signals
        self.settings, settings_problem = load_settings(config_dir)
        self._messages: list[tuple[str, SeverityLevel]] = (
            [(settings_problem, "warning")] if settings_problem else [])
        self.catalogue: Catalogue | None = None
        self.history: LoadResult | None = None
        self.session: ActiveSession | None = None
        self.finished: tuple[ActiveSession, SessionRecord] | None = None
        self._timer: Timer | None = None
        self._store: Store | None = None
        self._app_lock: object | None = None
        self.another_instance = False
        #: Finished sessions that could not be written yet; retried at every reload.
        self.unsaved: list[tuple[ActiveSession, SessionRecord]] = []
        #: Screens covering the running session, innermost last: True where that screen
        #: stopped a running clock (closing it lets the clock go on).
        self._covers: list[bool] = []

    # -- start-up --

    def get_default_screen(self) -> Screen[None]:
        from coretimer.ui.screens.home import HomeScreen

        return HomeScreen()

    @property
    def store(self) -> Store:
        from coretimer.store import Store

        if self._store is None:
            self._store = Store(self.data_dir)
        return self._store

    @property
    def loaded(self) -> bool:
        return self.catalogue is not None and self.history is not None

    def on_mount(self) -> None:
        # Paint first, then read routines and history (recovering crashed sessions).
        self.call_after_refresh(self._load_after_first_frame)
        if not self.settings.safety_notice_acknowledged:
            from coretimer.ui.screens.safety import SafetyNotice

            self.push_screen(SafetyNotice(), self._safety_acknowledged)
        elif self.start_routine is not None:
            self.open_preview(self.start_routine)
        self._timer = self.set_interval(self.tick_seconds, self.tick, pause=True)
        if self.handle_signals:
            self._install_signal_handlers()

    def _safety_acknowledged(self, _: bool | None) -> None:
        self.update_settings(safety_notice_acknowledged=True)
        if self.start_routine is not None:
            self.open_preview(self.start_routine)

    def _load_after_first_frame(self) -> None:
        from coretimer.ui.screens.home import HomeScreen

        try:
            self._app_lock = self.store.hold_app_lock()
            self.another_instance = self._app_lock is None
        except OSError as exc:
            self._messages.append((f"Cannot use the data folder {self.data_dir}: "
                                   f"{exc.strerror or exc}", "error"))
        if self.another_instance:
            self._messages.append((
                "Another coretimer is already open. You can still train here: every session "
                "is saved to its own file, so neither one is lost.", "warning"))
        self.reload()
        self._flush_messages()
        from coretimer.ui.screens.preview import PreviewScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.refresh_content()
            elif isinstance(screen, PreviewScreen) and screen.is_mounted:
                screen.history_loaded()
        self._ask_next_morning()

    def _ask_next_morning(self) -> None:
        from coretimer.stats import needs_next_morning
        from coretimer.ui.screens.next_morning import NextMorningPrompt

        if self.history is None or self.session is not None:
            return
        session = needs_next_morning(self.history.sessions, self.clock.wall())
        if session is None:
            return

        def answered(answer: NextMorning | None) -> None:
            try:
                self.store.set_next_morning(session.id, answer or "skipped")
            except OSError as exc:
                self.notify(f"Could not save the answer: {exc}", severity="warning")
                return
            self.reload()
            self._flush_messages()

        self.push_screen(NextMorningPrompt(session), answered)

    def reload(self) -> None:
        """Read routines and history again (recovering any crashed session)."""
        from coretimer.routines import discover

        self._retry_unsaved()
        self.catalogue = discover(self.config_dir)
        # Unreadable files are moved to quarantine/ (bytes kept), so each is reported once.
        history = self.history = self.store.load(quarantine=True)
        for record in history.recovered:
            self._messages.append((
                f"A session from {record.started_at.astimezone():%a %d %b %H:%M} was cut off; "
                "what was done is saved as interrupted.", "information"))
        for problem in history.problems:
            self._messages.append((f"A history file could not be read and was set aside: "
                                   f"{problem}", "warning"))
        for routine_problem in self.catalogue.problems:
            self._messages.append((f"Routine skipped: {routine_problem}", "warning"))

    def _flush_messages(self) -> None:
        for message, severity in self._messages:
            self.notify(message, severity=severity, timeout=15)
        self._messages.clear()

    def update_settings(self, **changes: object) -> None:
        self.settings = self.settings.replace(**changes)
        try:
            save_settings(self.config_dir, self.settings)
        except OSError as exc:
            self.notify(f"Settings could not be saved: {exc.strerror or exc}",
                        severity="warning")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "report_pain":
            session = self.session
            return session is not None and not session.engine.pain_pending
        return True

    @property
    def sound_on(self) -> bool:
        return self.settings.sound and not self.quiet

    # -- navigation --

    def open_preview(self, loaded: LoadedRoutine) -> None:
        from coretimer.ui.screens.preview import PreviewScreen

        self.push_screen(PreviewScreen(loaded))

    # -- the session --

    def start_session(self, loaded: LoadedRoutine, baseline_pain: int | None) -> None:
        from coretimer.engine import Engine, PainRule
        from coretimer.ui.screens.session import SessionScreen

        journal = self.store.journal()
        engine = Engine(
            loaded.routine, self.clock, routine_id=loaded.id, baseline_pain=baseline_pain,
            recorder=journal,
            pain_rule=PainRule(self.settings.spike_level, self.settings.rise_over_baseline),
        )
        self.session = ActiveSession(loaded, engine, journal)
        events = engine.start()
        self.switch_screen(SessionScreen(engine, loaded))
        self.handle(events)
        if self._timer is not None:
            self._timer.resume()

    def tick(self) -> None:
        """Advance the engine to the clock's present and redraw."""
        if self.session is None:
            return
        self.handle(self.session.engine.update())

    def handle(self, events: list[Event]) -> None:
        """React to engine events: sound, warnings, the end of the session; then redraw."""
        from coretimer.engine import PhaseStarted, SessionEnded, StorageFailed

        session = self.session
        if session is None:
            return
        ended = False
        for event in events:
            if isinstance(event, PhaseStarted) or self._is_work_countdown(event):
                self.ring()
            elif isinstance(event, StorageFailed):
                self.notify(
                    f"Could not save to {self.store.root}: {event.message}. The session goes "
                    "on and is kept in memory; free some space and it will be saved.",
                    severity="error", timeout=30)
            elif isinstance(event, SessionEnded):
                ended = True
        self._redraw()
        if ended:
            self._session_ended(session)

    @staticmethod
    def _is_work_countdown(event: Event) -> bool:
        """3-2-1 before the end of a work phase (not of rests)."""
        from coretimer.engine import Countdown
        from coretimer.plan import PhaseKind

        return isinstance(event, Countdown) and event.phase is PhaseKind.WORK

    def _redraw(self) -> None:
        from coretimer.ui.screens.session import SessionScreen

        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen.render_view()

    def ring(self) -> None:
        if self.sound_on:
            self.bell()

    def _session_ended(self, session: ActiveSession) -> None:
        if self._timer is not None:
            self._timer.pause()
        self.session = None
        self._covers.clear()
        record = session.engine.record()
        self.finished = (session, record)
        # The history is in memory already: add this session to it rather than reading every
        # file again at the moment the summary (or the pain stop) should appear.
        history = self.history if self.history is not None else self.store.load(recover=False)
        self.history = history
        if all(s.id != record.id for s in history.sessions):
            history.sessions.append(record)
        from coretimer.ui.screens.pain import PainStopScreen
        from coretimer.ui.screens.session import SessionScreen
        from coretimer.ui.screens.summary import SummaryScreen

        # Close anything covering the session screen, then replace it.
        while len(self.screen_stack) > 1 and not isinstance(self.screen, SessionScreen):
            self.pop_screen()
        saved = session.journal.saved is not None
        summary = SummaryScreen(record, session.engine, history.sessions, saved=saved)
        if record.status == "stopped_for_pain":
            self.switch_screen(PainStopScreen(record, summary, saved=saved))
        else:
            self.switch_screen(summary)

    # session actions, called by the session screen

    def session_action(self, action: str) -> None:
        session = self.session
        if session is None:
            return
        engine = session.engine
        if action == "pause":
            self.handle(engine.toggle_pause())
        elif action == "done":
            self.done()
        elif action == "skip":
            self.handle(engine.skip())
        elif action == "pain":
            self.action_report_pain()
        elif action == "end":
            self.confirm_end()

    def cover_session(self, screen: Screen[ResultT],
                      answered: Callable[[ResultT | None], None] | None = None) -> None:
        """Show a screen over the running session with its clock stopped. When it closes
        (`answered` runs first), the clock goes on if it was running before."""
        session = self.session
        if session is None:
            self.push_screen(screen, answered)
            return
        engine = session.engine
        self._covers.append(not engine.paused)
        self.handle(engine.pause())

        def closed(result: ResultT | None) -> None:
            if answered is not None:
                answered(result)
            resume = self._covers.pop() if self._covers else False
            if resume and self.session is not None and not self.session.engine.pain_pending:
                self.handle(self.session.engine.resume())

        self.push_screen(screen, closed)

    def open_help(self) -> None:
        from coretimer.ui.screens.help import HelpScreen

        self.cover_session(HelpScreen(self.settings))

    def done(self) -> None:
        """Done: a rep set at the user's own pace asks how many reps were done first."""
        session = self.session
        if session is None:
            return
        engine = session.engine
        view = engine.view()
        ex = view.exercise
        from coretimer.plan import PhaseKind

        if view.phase is not PhaseKind.WORK or ex is None or ex.kind != "reps" or ex.is_paced:
            self.handle(engine.done())
            return
        from coretimer.ui.screens.reps import RepCountPrompt

        def counted(reps: int | None) -> None:
            if self.session is not None and reps is not None:
                self.handle(self.session.engine.done(reps=reps))

        self.cover_session(RepCountPrompt(ex.reps or 0), counted)

    def action_report_pain(self) -> None:
        """Freeze and save first (the engine writes the report to disk), then ask."""
        session = self.session
        if session is None or session.engine.pain_pending:
            raise SkipAction()
        engine = session.engine
        if any(self._covers):
            # A screen over the session had stopped a running clock: the report is made from
            # the state before it (a 0 rating then lets the session go on). No time passes.
            self.handle(engine.resume())
        self._covers.clear()
        self.handle(engine.report_pain())
        if self.session is None:
            return
        from coretimer.ui.screens.session import SessionScreen

        # Close whatever covers the session (help, a question) without answering it.
        while len(self.screen_stack) > 1 and not isinstance(self.screen, SessionScreen):
            self.pop_screen()
        from coretimer.ui.screens.pain import PainPrompt

        self.push_screen(PainPrompt(saved=self._saved_so_far(session)), self._pain_rated)

    def _pain_rated(self, level: int | None) -> None:
        session = self.session
        if session is None:
            return
        events = session.engine.rate_pain(level)
        self.handle(events)
        if level == 0:
            go_on = ("Paused: press space to go on." if session.engine.paused else
                     "Carrying on where you stopped.")
            self.notify(f"Rated 0: not counted as pain. {go_on}", timeout=6)
            return
        if self.session is not None:  # not a spike: offer the next exercise or the end
            from coretimer.ui.screens.pain import PainNextChoice

            next_up = session.engine.view()
            report = session.engine.pain[-1]
            self.push_screen(PainNextChoice(report, next_up.exercise.name if next_up.exercise
                                            else None, saved=self._saved_so_far(session)),
                             self._after_low_pain)

    @staticmethod
    def _saved_so_far(session: ActiveSession) -> bool:
        return session.engine.storage_error is None

    def _after_low_pain(self, go_on: bool | None) -> None:
        session = self.session
        if session is None:
            return
        if go_on:
            self.handle(session.engine.resume())
        else:
            self.handle(session.engine.end_session())

    def confirm_end(self) -> None:
        session = self.session
        if session is None:
            return
        from coretimer.ui.screens.confirm import ConfirmEnd

        def answered(end: bool | None) -> None:
            if end and self.session is not None:
                self.handle(self.session.engine.end_session())

        self.cover_session(ConfirmEnd(), answered)

    def _retry_unsaved(self) -> None:
        for item in list(self.unsaved):
            session, record = item
            try:
                self.store.save(record)
            except OSError:
                continue
            session.journal.close(remove=True)
            self.unsaved.remove(item)
            self._messages.append((f"The session of {record.started_at.astimezone():%H:%M} that "
                                   "could not be saved earlier is saved now.", "information"))

    def save_finished_again(self) -> bool:
        """Retry saving a finished session whose write failed (e.g. the disk was full)."""
        if self.finished is None:
            return False
        session, record = self.finished
        try:
            self.store.save(record)
        except OSError as exc:
            self.notify(f"Still cannot save: {exc.strerror or exc}", severity="error")
            return False
        session.journal.close(remove=True)  # the session file now holds everything
        self.notify("Saved.")
        return True

    def export_finished(self) -> None:
        """Write the finished session as JSON to the home folder (another disk, maybe)."""
        import json

        from coretimer.durable import atomic_write

        if self.finished is None:
            return
        _, record = self.finished
        path = Path.home() / f"coretimer-session-{record.id}.json"
        try:
            atomic_write(path, json.dumps(record.public_json(), indent=2).encode() + b"\n")
        except OSError as exc:
            self.notify(f"Cannot write {path}: {exc.strerror or exc}", severity="error")
            return
        self.notify(f"Exported to {path}")

    def summary_closed(self) -> None:
        """Back to the home screen after a session."""
        from coretimer.ui.screens.home import HomeScreen
        from coretimer.ui.screens.summary import SummaryScreen

        if isinstance(self.screen, SummaryScreen) and not self.screen.saved and self.finished:
            self.unsaved.append(self.finished)  # kept, and retried while the app is open
        self.finished = None
        self.reload()
        self._flush_messages()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        home = self.screen_stack[0]
        if isinstance(home, HomeScreen):
            home.refresh_content()

    # -- quitting and signals --

    def action_ctrl_c(self) -> None:
        """Ctrl+C behaves like q: in a session it asks to end it; elsewhere it quits."""
        if self.session is not None:
            if not self.session.engine.pain_pending:
                from coretimer.ui.screens.confirm import ConfirmEnd

                if not isinstance(self.screen, ConfirmEnd):
                    self.confirm_end()
            return
        self.exit()

    def _install_signal_handlers(self) -> None:
        import asyncio

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self.interrupt)  # not on every platform

    # -- unexpected errors --

    crash_log: Path | None = None

    def _fatal_error(self) -> None:
        """An unhandled error: never show a traceback. Save the session, write the details to
        a crash log, and exit; the CLI tells the user where the log is.

        Overrides Textual's private hook (Textual is pinned exactly; a test covers this).
        """
        import os
        import time
        import traceback

        if os.environ.get("CORETIMER_DEBUG"):
            super()._fatal_error()
            return
        session = self.session
        if session is not None:
            self.session = None
            with contextlib.suppress(Exception):
                session.engine.end_session("interrupted")
            # If that failed too, the journal still holds every set: release it so the next
            # load recovers it as interrupted.
            with contextlib.suppress(Exception):
                session.journal.close()
        with contextlib.suppress(OSError):
            folder = self.data_dir / "logs"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"crash-{time.strftime('%Y%m%dT%H%M%S')}.log"
            path.write_text(traceback.format_exc())
            self.crash_log = path
        self._close_messages_no_wait()

    def interrupt(self) -> None:
        """Terminal closed or asked to stop: save the session as interrupted, then exit."""
        session = self.session
        if session is not None:
            session.engine.end_session("interrupted")
            self.session = None
        self.exit()


def make_app(
    *,
    data_dir: Path,
    config_dir: Path,
    clock: Clock | None = None,
    quiet: bool = False,
    start_routine: LoadedRoutine | None = None,
    tick_seconds: float = TICK_SECONDS,
    handle_signals: bool = True,
    settings: Settings | None = None,
) -> CoretimerApp:
    """Build the app. `settings`, when given, are written to the config folder first."""
    if settings is not None:
        save_settings(config_dir, settings)
    return CoretimerApp(
        data_dir=data_dir, config_dir=config_dir, clock=clock, quiet=quiet,
        start_routine=start_routine, tick_seconds=tick_seconds, handle_signals=handle_signals,
    )
