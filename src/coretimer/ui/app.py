"""The Textual app: one App class (built by `factory.make_app`).

What it has read is reactive (`settings`, `cards`, `catalogue`, `history`, and `home` worked
out from them), and the screens bind to it. It owns plain objects for the rest: `state`
(folders, store, records read, notices waiting), `flow` (the running session), `mornings`
(next-morning questions), `places` (the screens one opens), `preferences` (changing the
settings, the theme), `quitting` (Ctrl+C, q, stop signals, crashes) and `page` (sound, the
served page). The screens' typed messages arrive here and are handed on in a line each (data
down, messages up)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.screen import Screen
from textual.worker import Worker, get_current_worker

from coretimer.coaching.plan import home_line, routine_name
from coretimer.model.clock import Clock, SystemClock
from coretimer.settings import Settings, load_settings
from coretimer.ui import messages
from coretimer.ui.binding import bind
from coretimer.ui.loading import Loader
from coretimer.ui.morning_flow import MorningFlow
from coretimer.ui.page import Page
from coretimer.ui.palette import CoretimerCommands
from coretimer.ui.places import Places
from coretimer.ui.preferences import Preferences
from coretimer.ui.quitting import Quitting, on_stop_signals
from coretimer.ui.screens.home import HomeData, HomeScreen
from coretimer.ui.session_flow import SessionFlow
from coretimer.ui.state import AppState, Loaded
from coretimer.ui.themes import HIGH_CONTRAST

if TYPE_CHECKING:
    from coretimer.coaching.streaks import HomeFacts
    from coretimer.index.sync import Summaries
    from coretimer.model.record import SessionRecord
    from coretimer.routine.cards import Cards
    from coretimer.routine.files import Catalogue, LoadedRoutine
    from coretimer.session.audio import Announcer, Player, Speaker
    from coretimer.session.controller import Session

__all__ = ["TICK_SECONDS", "CoretimerApp"]

#: The longest the App waits between two looks at the clock. It wakes earlier, at the moment
#: the engine says something on screen changes (`Engine.next_change`).
TICK_SECONDS = 1.0
#: How long after home is filled the routines are read in full (see _load_after_first_frame).
WARM_UP_AFTER = 0.5
#: How often the history folder is looked at for sessions that arrived by sync.
HISTORY_REFRESH_SECONDS = 30.0


class CoretimerApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "coretimer"
    # The command palette (ctrl+p) everywhere but in a session: there, keys are for the mat.
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {CoretimerCommands}
    # Screens get -narrow under 80 columns and -short under 24 rows (see app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]  # noqa: RUF012 (Textual's)
    # -roomy from 36 rows (a tablet, a phone in a browser): big touch buttons.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall"), (36, "-roomy")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "ctrl_c", "Quit", show=False, priority=True, id="ctrl-c"),
        # Pain is one key wherever a session is running: on the session screen and on anything
        # covering it (help, the end-session question, the choice after a low rating). A
        # priority binding, so that no screen or widget can swallow it; without a running
        # session it steps aside (hidden, and the key goes on as usual). Modal screens shown
        # during a session list it in their own footer too (screens.common.PAIN_BINDING).
        Binding("p", "report_pain", "Report pain", id="pain", priority=True),
    ]

    # What the app has read, replaced (never changed in place) whenever it is read again.
    settings: var[Settings] = var(Settings, init=False, always_update=True)
    cards: var[Cards | None] = var(None, init=False, always_update=True)
    """What home lists of the routines (from a cache while the files are unchanged)."""
    catalogue: var[Catalogue | None] = var(None, init=False, always_update=True)
    """The routines in full, read once home is on screen (`routines()` reads them sooner)."""
    history: var[Summaries | None] = var(None, init=False, always_update=True)
    """The history as summaries (from the index); full records are read when needed."""
    home: var[HomeData | None] = var(None, init=False, always_update=True)
    """What home shows, worked out from the above whenever one of them changes."""

    def __init__(self, *, data_dir: Path, config_dir: Path, clock: Clock | None = None,
                 quiet: bool = False, start_routine: LoadedRoutine | None = None,
                 tick_seconds: float = TICK_SECONDS, handle_signals: bool = True,
                 voice: bool | None = None, speaker: Speaker | None = None,
                 player: Player | None = None, cache_dir: Path | None = None,
                 flash_seconds: float = 0.3) -> None:
        super().__init__()
        self.state = AppState(data_dir, config_dir, clock or SystemClock(), cache_dir)
        self.page = Page(self, sounds_dir=lambda: self.state.cache_root() / "sounds",
                         speaker=speaker, player=player, quiet=quiet, voice_override=voice)
        self.flow = SessionFlow(self)
        self.mornings = MorningFlow(self)
        self.places = Places(self)
        self.preferences = Preferences(self)
        self.quitting = Quitting(self, self.flow, handle_signals=handle_signals)
        self.flash_seconds = flash_seconds
        """How long the phase banner flashes at a phase change (0: never; snapshots)."""
        self.start_routine = start_routine
        self.tick_seconds = tick_seconds
        self.handle_signals = handle_signals
        # (fix: a pain rule looser than allowed is written back, so that it is said once)
        settings, problem = load_settings(config_dir, fix=True)
        self.set_reactive(CoretimerApp.settings, settings)
        if problem:
            self.state.say(problem, "warning")
        self.loader = Loader(self)
        self._home = HomeScreen()
        self.another_instance = False
        self.crash_log: Path | None = None

    # -- what others read of it ------------------------------------------------------------------

    @property
    def session(self) -> Session | None:
        return self.flow.session

    @property
    def running(self) -> bool:
        """A session runs (its summary not shown yet): keys are for the mat, no palette."""
        return self.flow.running

    @property
    def under_way(self) -> bool:
        return self.flow.under_way

    @property
    def loaded(self) -> bool:
        return self.cards is not None and self.history is not None

    def routines(self) -> Catalogue | None:
        """The routines in full, read now if they have not been yet; None before the first
        load."""
        if self.catalogue is None and self.cards is not None:
            # (after the first frame: it loads pydantic, the history or the routines)
            from coretimer.routine.files import discover

            self.catalogue = discover(self.state.config_dir)
        return self.catalogue

    @property
    def announcer(self) -> Announcer:
        return self.page.announcer(self.settings)

    # -- start-up and loading --------------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        return self._home

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        self.preferences.apply_theme()
        self.theme_changed_signal.subscribe(self, self.preferences.theme_changed)
        # Home is filled before the first frame when the routine cards are kept and the
        # index is up to date (every start after the first); either way the routines and
        # every history file are looked at right after it (recovering crashed sessions).
        self.loader.fill_from_caches()
        self.bind_screen(self._home, data="home")
        self.call_after_refresh(self._load_after_first_frame)
        self.places.first(self.start_routine)
        if self.handle_signals:
            on_stop_signals(self.interrupt)

    def bind_screen(self, screen: Screen[Any], **names: str) -> None:
        bind(screen, self, names)  # (its first value before its first frame: see binding.py)

    def _load_after_first_frame(self) -> None:
        self.another_instance = not self.state.hold_app_lock()
        self.load()

    def load(self) -> None:
        """Read routines and history again (recovering any crashed session), in a thread;
        they are shown, with any notices they bring, when it is done. Sessions that could not
        be saved are tried again first, here."""
        self.state.retry_unsaved()
        self._load()

    def refresh_history(self) -> None:
        """Look for sessions that arrived (by sync), left or changed since the last look, and
        show them: only the files that changed are read. Not during a session, nor while a
        load runs."""
        if self.session is None and not self.loading and self.loader.history_may_have_changed():
            self._load(self.history)

    @property
    def loading(self) -> bool:
        return any(w.group == "load" and not w.is_finished for w in self.workers)

    async def settled(self) -> None:
        """Wait until no load is running (what it read is shown by then)."""
        while self.loading:
            for worker in [w for w in self.workers if w.group == "load"]:
                with contextlib.suppress(Exception):  # a failed load has said why
                    await worker.wait()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self, since: Summaries | None = None) -> None:
        """The one load worker, in a thread: keys are taken while it runs (a second or so at
        100,000 sessions). With `since`, only what changed in the history since it."""
        worker = get_current_worker()
        try:
            read = self.loader.read(since, worker)
            if read is not None:
                self.call_from_thread(self._take, worker, *read, since)
        except Exception as error:  # as any unexpected error: a crash log, no traceback
            with contextlib.suppress(RuntimeError):  # the app has gone already
                self.call_from_thread(self._handle_exception, error)

    def _take(self, worker: Worker[None], loaded: Loaded | Summaries, began: int,
              since: Summaries | None) -> None:
        if worker.is_cancelled:  # a newer load runs (after a delete, an answer)
            return
        first = self.loader.take(loaded, since, began)
        self.page.show(self.state.messages)
        if first:
            self._after_load()

    def _after_load(self) -> None:
        self.mornings.ask_as_it_opens()
        # Home was filled from the caches; read the routines in full once it is on screen
        # (not before: building pydantic's models holds the interpreter, and the filled frame
        # would wait for it), so that opening one is immediate.
        self.set_timer(WARM_UP_AFTER, lambda: None if self.running else self.routines())
        # Sessions that arrive by sync show up while the app is open (only new or changed
        # files are read; nothing at all when the folder lists as before).
        self.set_interval(HISTORY_REFRESH_SECONDS, self.refresh_history)

    def add_finished(self, record: SessionRecord, saved: bool) -> None:
        self.history = self.state.with_finished(self.history, record, saved)

    # -- what home shows -------------------------------------------------------------------------

    def _show_home(self) -> None:
        if self.cards is None:
            return
        facts = self.loader.home_facts()
        if facts is None:
            return
        home = HomeData(self.cards.cards, facts, self.state.today, self.settings.week_target,
                        self._plan_line(facts))
        if home != self.home:  # (a load sets the history, then the routines: drawn once)
            self.home = home

    def _plan_line(self, facts: HomeFacts) -> str | None:
        plan, today, last = self.settings.plan, self.state.today, facts.last
        if plan is None or self.cards is None:
            return None
        name = routine_name(plan, {c.id: c.name for c in self.cards.cards},
                            last and last.routine, last and last.routine_name)
        return home_line(plan, today, bool(facts.per_day.get(today)), name)

    def watch_cards(self) -> None:
        if self.under_way:  # drawn after the summary is: home is not on screen
            self.call_after_refresh(self._show_home)
        else:
            self._show_home()

    watch_history = watch_settings = watch_cards

    # -- notices ---------------------------------------------------------------------------------

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """A notice. While a session runs it goes in the session screen's notice line, never in
        a toast over the clock (page.Page.on_session)."""
        screen = self.flow.session_screen
        if screen is not None and screen in self.screen_stack:
            self.page.on_session(screen, message, title=title, severity=severity,
                                 timeout=timeout, markup=markup)
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)
        self.page.keep_warning(message, severity, timeout if timeout is not None else
                               self.NOTIFICATION_TIMEOUT, markup)

    # -- settings --------------------------------------------------------------------------------

    def update_settings(self, **changes: object) -> None:
        self.preferences.update(**changes)

    async def _on_app_blur(self, event: events.AppBlur) -> None:
        """Under `coretimer serve` a blur changes nothing: on a phone the page is nearly always
        "blurred", and Textual would stop updating the bottom bar, whose keys a finger needs."""
        if self.is_web:
            event.prevent_default()  # Textual's own handler (App's, next in the MRO) is skipped

    # -- keys and the screens' messages, handed on -----------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "report_pain":
            session = self.session
            return session is not None and not session.engine.pain_pending
        if action == "command_palette":
            return not self.running
        return True

    def action_report_pain(self) -> None:
        self.flow.report_pain()

    def tick(self) -> None:
        self.flow.tick()

    @on(messages.StartSession)
    def _start_session(self, message: messages.StartSession) -> None:
        self.flow.start(message.loaded, message.baseline_pain)

    @on(messages.SessionCommand)
    def _session_command(self, message: messages.SessionCommand) -> None:
        self.flow.command(message.action)

    @on(messages.SummaryCommand)
    def _summary_command(self, message: messages.SummaryCommand) -> None:
        self.flow.summary_command(message.action)

    @on(messages.AskNextMorning)
    def _ask_next_morning(self, message: messages.AskNextMorning) -> None:
        self.mornings.ask_from_history(message)

    @on(messages.AnswerNextMorning)
    def _answer_next_morning(self, message: messages.AnswerNextMorning) -> None:
        self.mornings.answer(message)

    @on(messages.OpenPreview)
    def _open_preview(self, message: messages.OpenPreview) -> None:
        self.places.preview(message.loaded)

    @on(messages.OpenRoutine)
    def _open_routine(self, message: messages.OpenRoutine) -> None:
        self.places.routine(message.routine_id)

    @on(messages.OpenSession)
    def _open_session(self, message: messages.OpenSession) -> None:
        self.places.session(message)

    @on(messages.Open)
    async def _open(self, message: messages.Open) -> None:
        if message.place != "help" and self.history is None:
            await self.settled()  # opened in the moment before the history is read
        self.places.open(message.place)

    @on(messages.ChangeSettings)
    def _change_settings(self, message: messages.ChangeSettings) -> None:
        self.update_settings(**message.changes)

    @on(messages.DeleteSession)
    def _delete_session(self, message: messages.DeleteSession) -> None:
        self.places.delete(message.session_id)

    @on(messages.ToggleNotForMe)
    def _toggle_not_for_me(self, message: messages.ToggleNotForMe) -> None:
        self.places.toggle_not_for_me(message)

    @on(messages.ExportHistory)
    def _export_history(self) -> None:
        self.places.export_history()

    @on(messages.WriteReport)
    def _write_report(self) -> None:
        self.places.write_report()

    def cover_session(self, screen: Screen[Any]) -> None:
        self.flow.cover(screen)

    # -- quitting, signals, unexpected errors ----------------------------------------------------

    async def action_ctrl_c(self) -> None:
        """Ctrl+C behaves like q: in a session it asks to end it; elsewhere it quits."""
        self.quitting.ctrl_c()

    async def action_quit(self) -> None:
        """Quit; with a session that could not be saved, ask first what to do with it."""
        self.quitting.quit()

    def interrupt(self) -> None:
        """Terminal closed or asked to stop (SIGTERM, SIGHUP): see `Quitting.interrupt`."""
        self.quitting.interrupt()

    def _handle_exception(self, error: Exception) -> None:
        """An unhandled error, of any kind (also one that renders itself, which Textual would
        send to its panic screen): no traceback. Save the session, write a crash log and
        exit; the CLI says where the log is. Textual is held to 8.x."""
        if os.environ.get("CORETIMER_DEBUG"):
            super()._handle_exception(error)
            return
        self._return_code = 1
        if self._exception is None:  # Textual's bookkeeping: run_test re-raises it
            self._exception = error
            self._exception_event.set()
        self.crash_log = self.quitting.crashed(error)
        self._close_messages_no_wait()
