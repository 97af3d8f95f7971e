"""The Textual app. One factory, `make_app`, serves the CLI, the tests and the screenshot script.

The App keeps the tick timer, routes the screens' typed messages to the session controller
(`coretimer.session.controller`), and hands the screens what they show (data down, messages up). The
running session lives here, not in a screen: timers die with their widget, and a screen can be
covered or popped while the session goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import signal
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from coretimer.durable import atomic_write
from coretimer.model.clock import Clock
from coretimer.settings import Settings, save_settings
from coretimer.ui import messages
from coretimer.ui.base import TICK_SECONDS, WARM_UP
from coretimer.ui.morning_flow import MorningFlow
from coretimer.ui.palette import CoretimerCommands
from coretimer.ui.themes import HIGH_CONTRAST

if TYPE_CHECKING:
    from coretimer.routine.files import LoadedRoutine
    from coretimer.session.audio import Player, Speaker
    from coretimer.ui.screens.preview import PreviewScreen

__all__ = ["TICK_SECONDS", "CoretimerApp", "make_app"]

#: Above this many sessions (as the index counted them for home), loading the history after
#: the first frame runs in a thread (see _load_in_thread). Below it the load takes under
#: ~0.2 s here, a pause nobody notices, and a thread would cost memory (the C library gives
#: it an allocation arena of its own).
LOOK_IN_THREAD_ABOVE = 20_000
#: How long after home is filled the routines are read in full (see _load_after_first_frame).
WARM_UP_AFTER = 0.5

#: How often the history folder is looked at for sessions that arrived by sync.
HISTORY_REFRESH_SECONDS = 30.0


class CoretimerApp(MorningFlow):
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

    # -- start-up --------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        return self._home

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        self.apply_theme()
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        # Home is filled before the first frame when the routine cards are kept and the
        # index is up to date (every start after the first); either way the routines and
        # every history file are looked at right after it (recovering crashed sessions).
        self._fill_from_caches()
        self.call_after_refresh(self._load_after_first_frame)
        if not self.settings.safety_notice_acknowledged:
            # (a screen's module is read when it first opens, not before the first frame)
            from coretimer.ui.screens.safety import SafetyNotice

            self.push_screen(SafetyNotice(), self._safety_acknowledged)
        elif self.start_routine is not None:
            self.open_preview(self.start_routine)
        if self.handle_signals:
            self._install_signal_handlers()

    def _fill_from_caches(self) -> None:
        # (the routine cards and the index, read before the first frame; importing the app
        # stays light)
        from coretimer.index.home import home_facts_if_unchanged
        from coretimer.routine.cards import cached_cards

        try:
            cards = cached_cards(self.config_dir, self._cache_root())
            facts = home_facts_if_unchanged(self.store) if cards is not None else None
        except OSError:  # both are only shortcuts: the full load says what is wrong
            return
        if cards is not None and facts is not None:
            self.cards = cards
            self._show_home(facts)

    def _safety_acknowledged(self, _: bool | None) -> None:
        self.update_settings(safety_notice_acknowledged=True)
        if self.start_routine is not None:
            self.open_preview(self.start_routine)

    def _load_after_first_frame(self) -> None:
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
        home = self._home.data
        if home is not None and home.facts.count > LOOK_IN_THREAD_ABOVE:
            self.run_worker(self._load_in_thread(), group="history")
            return
        self.reload()
        self._after_load()

    async def _load_in_thread(self) -> None:
        """Loading a long history (every file checked), in a thread: keys are taken
        while it runs (a second or so at 100,000 sessions). Home already shows the saved
        facts; it is drawn again from what the load finds."""

        try:
            history = await asyncio.to_thread(self.load_history)
        except Exception:  # whatever it was, the plain look below meets it and reports it
            history = None
        self.reload(history)
        self._after_load()

    def _after_load(self) -> None:
        self._flush_messages()
        self.ask_next_mornings()
        # Home was filled from the caches; read the routines in full once it is on screen
        # (not before: building pydantic's models holds the interpreter, and the filled frame
        # would wait for it), so that opening one is immediate.
        self.set_timer(WARM_UP_AFTER, lambda: self.catalogue)
        # Sessions that arrive by sync show up while the app is open (only new or changed
        # files are read; nothing at all when the folder lists as before).
        self.set_interval(HISTORY_REFRESH_SECONDS, self.refresh_history)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "report_pain":
            session = self.session
            return session is not None and not session.engine.pain_pending
        if action == "command_palette":
            return not self._in_session
        return True

    @property
    def _in_session(self) -> bool:
        """A session runs (its summary not shown yet): keys are for the mat, no palette."""
        return self.session is not None and self.session.finished is None

    @property
    def palette_routines(self) -> list[LoadedRoutine] | None:
        """The routines the command palette offers (palette.CoretimerCommands); None while
        a session runs."""
        if self._in_session:
            return None
        return list(self.catalogue.offered) if self.catalogue is not None else []

    @on(messages.ExportHistory)
    def _export_history(self) -> None:
        self.export_history()

    @on(messages.WriteReport)
    def _write_report(self) -> None:
        self.write_report()

    def write_report(self) -> None:
        """The clinician report (coretimer report) into the home folder, or a download."""
        # (the report only when one is asked for: it loads pydantic and the charts)
        from coretimer.text.report import build
        from coretimer.text.report_routines import routine_files

        html = build(self.records(), self.today,
                     routines=routine_files(self.catalogue.offered if self.catalogue else []))
        self._deliver(html, f"coretimer-report-{self.today.isoformat()}.html", "The report")

    def _deliver(self, text: str, name: str, what: str) -> None:
        if self.is_web:
            self.deliver_text(io.StringIO(text), save_filename=name)
            return

        target = Path.home() / name
        try:
            atomic_write(target, text.encode("utf-8"))
        except OSError as exc:
            self.notify(f"Could not write {target}: {exc.strerror or exc}", severity="error",
                        markup=False)
            return
        self.notify(f"{what} is in {target}", markup=False)

    def export_history(self) -> None:
        """Write the whole history as CSV into the home folder (a download in a browser)."""
        # (the export only when one is asked for)
        from coretimer.text.export import csv_text

        sessions = sorted(self.records(), key=lambda s: (s.started_at, s.id))
        self._deliver(csv_text(sessions), f"coretimer-export-{self.today.isoformat()}.csv",
                      f"The export of {len(sessions)} sessions")

    # -- what the screens ask for ----------------------------------------------------------------

    def open_preview(self, loaded: LoadedRoutine) -> None:
        # (a screen's module is read when it first opens, not before the first frame)
        from coretimer.ui.screens.preview import PreviewScreen

        warm_up = self.catalogue.find(WARM_UP) if self.catalogue is not None else None
        preview = self._preview = PreviewScreen(
            loaded, warm_up=warm_up.routine if warm_up and loaded.id != WARM_UP else None,
            not_for_me=self.settings.not_for_me)
        self.hand_history(preview)
        self.push_screen(preview, lambda _: self._forget_preview(preview))
        # A session may start from here: find the speech engine and the player, and write the
        # tones, after the preview is drawn, so that the first cue is on time.
        self.call_after_refresh(self.announcer.prepare)

    def _forget_preview(self, preview: PreviewScreen) -> None:
        if self._preview is preview:
            self._preview = None

    @on(messages.OpenPreview)
    def _open_preview(self, message: messages.OpenPreview) -> None:
        self.open_preview(message.loaded)

    @on(messages.OpenRoutine)
    def _open_routine(self, message: messages.OpenRoutine) -> None:
        found = self.catalogue.find(message.routine_id) if self.catalogue is not None else None
        if found is None:  # its file went away (or broke) since home listed it
            self.notify(f"The routine {message.routine_id!r} can no longer be read; the list "
                        "is read again.", severity="warning", markup=False)
            self.reload()
            self._flush_messages()
            return
        self.open_preview(found)

    @on(messages.OpenSession)
    def _open_session(self, message: messages.OpenSession) -> None:
        # (a screen's module is read when it first opens, not before the first frame)
        from coretimer.ui.screens.session_detail import SessionDetailScreen

        record = self.record(message.summary)
        if record is None:
            self.notify(f"That session's file ({message.summary.file}) can no longer be read; "
                        "the history is read again.", severity="warning", markup=False)
            self.reload()
            self._flush_messages()
            if self._history_screen is not None and self.history is not None:
                self._history_screen.set_sessions(self.history.sessions)
            return
        self.push_screen(SessionDetailScreen(record))

    @on(messages.Open)
    def _open(self, message: messages.Open) -> None:
        if message.place == "help":
            self.open_help()
            return
        if self.history is None:
            self.reload()
        sessions = self.history.sessions if self.history is not None else []
        if message.place == "history":
            # (a screen's module is read when it first opens, not before the first frame)
            from coretimer.ui.screens.history import HistoryScreen

            history = self._history_screen = HistoryScreen(sessions)
            self.push_screen(history)
        elif message.place == "stats":
            # (the statistics and their screen only when they are opened)
            from coretimer.coaching.stats import all_stats
            from coretimer.ui.screens.stats import StatsScreen

            self.push_screen(StatsScreen(all_stats(sessions, self.today,
                                                   self.settings.weekly_target),
                                         reference=self.settings.endurance_reference))
        else:
            from coretimer.ui.screens.settings import SettingsScreen

            announcer = self.announcer
            settings = self._settings_screen = SettingsScreen(
                self.settings, quiet=self.quiet, voice_override=self.voice_override,
                speech_engine=announcer.speaker.name, player=announcer.player.name)
            self.push_screen(settings)

    @on(messages.ChangeSettings)
    def _change_settings(self, message: messages.ChangeSettings) -> None:
        self.update_settings(**message.changes)
        if self._settings_screen is not None:
            self._settings_screen.settings = self.settings
        if self._preview is not None:
            self._preview.set_not_for_me(self.settings.not_for_me)
        self._show_history()

    @on(messages.DeleteSession)
    def _delete_session(self, message: messages.DeleteSession) -> None:
        # (the trash only when a session is deleted)
        from coretimer.store.trash import TrashError, delete

        try:
            moved = delete(self.store, message.session_id)
        except (TrashError, OSError) as exc:
            self.notify(f"Not deleted: {exc}", severity="warning", markup=False)
            return
        self.reload()
        self._flush_messages()
        if self._history_screen is not None and self.history is not None:
            self._history_screen.set_sessions(self.history.sessions)
        self.notify(f"Moved to the trash. `coretimer restore {moved.session_id}` puts it "
                    "back.", markup=False)

    @on(messages.ToggleNotForMe)
    def _toggle_not_for_me(self, message: messages.ToggleNotForMe) -> None:
        marks = set(self.settings.not_for_me)
        ids = {message.key, *message.aliases}
        marks = marks - ids if marks & ids else marks | {message.key}
        try:
            self.update_settings(not_for_me=tuple(sorted(marks)))
        except ValueError as exc:  # never a traceback: say it, and keep the marks as they were
            self.notify(f"Could not mark {message.name}: {exc}", severity="warning",
                        markup=False)
            return
        if ids & set(self.settings.not_for_me):
            text = (f"{message.name}: not for me. It is left out of every routine until you "
                    "take the mark back (n in a preview).")
        else:
            text = f"{message.name}: back in your routines."
        self.notify(text, markup=False)
        if self._preview is not None:
            self._preview.set_not_for_me(self.settings.not_for_me)

    def open_help(self) -> None:
        # (a screen's module is read when it first opens, not before the first frame)
        from coretimer.ui.screens.help import HelpScreen

        self.cover_session(HelpScreen(self.settings))

    # -- quitting, signals, unexpected errors ----------------------------------------------------

    async def action_ctrl_c(self) -> None:
        """Ctrl+C behaves like q: in a session it asks to end it; elsewhere it quits."""
        # (a screen's module is read when it first opens, not before the first frame)
        from coretimer.ui.screens.confirm import ConfirmEnd

        if self.session is None:
            await self.action_quit()
        elif not self.session.engine.pain_pending and not isinstance(self.screen, ConfirmEnd):
            self.confirm_end()

    async def action_quit(self) -> None:
        """Quit; with a session that could not be saved, ask first what to do with it."""
        unsaved = [s for s in [*self.unsaved, self._finished]
                   if s is not None and s.finished is not None and not s.finished.saved]
        if not unsaved:
            self.exit()
            return
        # (a screen's module is read when it first opens, not before the first frame)
        from coretimer.ui.screens.quit import QuitUnsaved

        reason = unsaved[0].finished.error if unsaved[0].finished else None

        def chosen(choice: str | None) -> None:
            if choice == "save":
                saved = [s for s in unsaved if s.save_again().saved]
                if len(saved) == len(unsaved):
                    self.notify("Saved.", markup=False)
                    self.exit()
                else:
                    self.notify("Still cannot save. Export a copy, or keep it for next time.",
                                severity="error", markup=False)
            elif choice == "export":
                for session in unsaved:
                    result = session.export(Path.home())
                    self.notify(f"Exported to {result.path}" if result.error is None else
                                f"Cannot write {result.path}: {result.error}", markup=False,
                                severity="information" if result.error is None else "error")
            elif choice == "keep":
                lost = sum(s.keep_for_next_start() for s in unsaved)
                self.exit(message=None if not lost else (
                    f"{lost} event(s) of the unsaved session could not be written anywhere."))

        self.push_screen(QuitUnsaved(len(unsaved), reason or "the write failed"), chosen)

    def _install_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP"):  # SIGHUP does not exist on Windows
            sig = getattr(signal, name, None)
            if sig is None:
                continue
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self.interrupt)  # not on every platform

    #: After SIGTERM or SIGHUP, how long Textual's own shutdown may take before the process
    #: ends anyway (it can block writing to a terminal that is gone, holding the app lock).
    SHUTDOWN_GRACE = 2.0

    def interrupt(self) -> None:
        """Terminal closed or asked to stop: save the session as interrupted, then exit, and
        make sure the process really ends (a watchdog thread) once the session is saved."""
        session, self.session = self.session, None
        if session is not None:
            session.act("interrupt")
        if self.handle_signals:  # a real process, not a test's app
            _exit_after(self.SHUTDOWN_GRACE)
        self.exit()

    def _handle_exception(self, error: Exception) -> None:
        """An unhandled error: never show a traceback. Save the session, write the details to
        a crash log (crash.py), and exit; the CLI tells the person where the log is.

        Textual's narrowest hook that is given the exception itself; every exception comes
        here, including ones that render themselves (`__rich__`), which Textual would send to
        its panic screen. Textual is held to 8.x; a test covers both kinds.
        """
        if os.environ.get("CORETIMER_DEBUG"):
            super()._handle_exception(error)
            return
        # (only when something went wrong)
        from coretimer.crash import write_crash_log

        self._return_code = 1
        if self._exception is None:  # Textual's bookkeeping: run_test re-raises it
            self._exception = error
            self._exception_event.set()
        session, self.session = self.session, None
        if session is not None:
            with contextlib.suppress(Exception):
                session.abandon()
        self.crash_log = write_crash_log(self.data_dir, error)
        self._close_messages_no_wait()


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
    voice: bool | None = None,
    speaker: Speaker | None = None,
    player: Player | None = None,
    cache_dir: Path | None = None,
    flash_seconds: float = 0.3,
) -> CoretimerApp:
    """Build the app. `settings`, when given, are written to the config folder first."""
    if settings is not None:
        save_settings(config_dir, settings)
    return CoretimerApp(
        data_dir=data_dir, config_dir=config_dir, clock=clock, quiet=quiet,
        start_routine=start_routine, tick_seconds=tick_seconds, handle_signals=handle_signals,
        voice=voice, speaker=speaker, player=player, cache_dir=cache_dir,
        flash_seconds=flash_seconds,
    )


def _exit_after(seconds: float) -> None:
    """End the process after `seconds` whatever the main thread is doing. Everything that must
    be on disk is on disk before this is called; the locks die with the process."""

    def watchdog() -> None:
        time.sleep(seconds)
        os._exit(0)

    threading.Thread(target=watchdog, name="coretimer-exit-watchdog", daemon=True).start()
