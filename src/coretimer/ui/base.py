"""The App's state: where data and settings live, the routines and history it has read, and
how it hands them to the screens. The session flow (session_flow.py) and the App itself
(app.py) build on it."""

from __future__ import annotations

import atexit
import contextlib
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import App
from textual.notifications import SeverityLevel
from textual.timer import Timer

from coretimer.coaching.summarise import summarise
from coretimer.gcpause import gc_paused
from coretimer.model.clock import Clock, SystemClock
from coretimer.settings import load_settings, save_settings
from coretimer.text.plaintext import clean
from coretimer.ui.screens.home import HomeData, HomeScreen

# The engine, the store and the routine models need pydantic, which costs ~50 ms to load.
# They are imported when first used, so the first frame never waits for them.
#: The routine offered before any other (w in the preview).
WARM_UP = "warm-up"

if TYPE_CHECKING:
    from textual.theme import Theme

    from coretimer.coaching.streaks import HomeFacts
    from coretimer.index.sync import Summaries
    from coretimer.model.record import SessionRecord
    from coretimer.model.summaries import SessionSummary, Stamp
    from coretimer.routine.cards import CardProblem, Cards
    from coretimer.routine.files import Catalogue, LoadedRoutine
    from coretimer.session.audio import Announcer, Player, Speaker
    from coretimer.session.controller import Session
    from coretimer.session.cues import Cue
    from coretimer.store.history import Store
    from coretimer.ui.screens.history import HistoryScreen
    from coretimer.ui.screens.preview import PreviewScreen
    from coretimer.ui.screens.session import SessionScreen
    from coretimer.ui.screens.settings import SettingsScreen
    from coretimer.ui.screens.summary import SummaryScreen

#: The longest the App waits between two looks at the clock. It wakes earlier, at the moment
#: the engine says something on screen changes (`Engine.next_change`).
TICK_SECONDS = 1.0
#: Wake this much after a boundary, so that the clock is surely past it.
LATE_BY = 0.002


#: A notice lists at most this many problems (then says how many more).
MAX_PROBLEMS_SHOWN = 6


def routine_problems_text(problems: Sequence[CardProblem]) -> str:
    """One notice for every broken routine file: each problem on a line of its own, with the
    file's name (not its whole path), the field and what is wrong."""
    files = sorted({Path(p.file).name for p in problems})
    head = (f"{len(files)} routine file{'s' if len(files) != 1 else ''} could not be used "
            f"({', '.join(files[:3])}{' …' if len(files) > 3 else ''}):")
    lines = [f"• {Path(p.file).name}: {p.where + ': ' if p.where else ''}{p.message}"
             for p in problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"• and {len(problems) - MAX_PROBLEMS_SHOWN} more")
    lines.append("`coretimer check FILE` lists them all.")
    return "\n".join([head, *lines])


class AppState(App[None]):
    def __init__(self, *, data_dir: Path, config_dir: Path, clock: Clock | None = None,
                 quiet: bool = False, start_routine: LoadedRoutine | None = None,
                 tick_seconds: float = TICK_SECONDS, handle_signals: bool = True,
                 voice: bool | None = None, speaker: Speaker | None = None,
                 player: Player | None = None, cache_dir: Path | None = None,
                 flash_seconds: float = 0.3) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.config_dir = config_dir
        self.clock: Clock = clock or SystemClock()
        self.quiet = quiet
        self.voice_override = voice
        self.flash_seconds = flash_seconds
        """How long the phase banner flashes at a phase change (0: never; snapshots)."""
        self._speaker = speaker
        self._player = player
        self.cache_dir = cache_dir
        self._announcer: Announcer | None = None
        #: A cue held back while the clock was stopped, said when it runs again.
        self._held_cue: Cue | None = None
        self._told_problems: set[str] = set()
        self.start_routine = start_routine
        self.tick_seconds = tick_seconds
        self.handle_signals = handle_signals
        # (fix: a pain rule looser than allowed is written back, so that it is said once)
        self.settings, settings_problem = load_settings(config_dir, fix=True)
        self._messages: list[tuple[str, SeverityLevel]] = (
            [(settings_problem, "warning")] if settings_problem else [])
        #: What home lists of the routines (from a cache while the files are unchanged).
        self.cards: Cards | None = None
        self._catalogue: Catalogue | None = None
        #: The history as summaries (from the index); full records are read when a screen
        #: needs them (`records`, `record`) and kept by file and stamp.
        self.history: Summaries | None = None
        self._records: dict[tuple[str, Stamp], SessionRecord] = {}
        self.session: Session | None = None
        #: Finished sessions whose file could not be written yet; retried at every reload.
        self.unsaved: list[Session] = []
        self._tick_timer: Timer | None = None
        self._store: Store | None = None
        self._app_lock: object | None = None
        self.another_instance = False
        self.crash_log: Path | None = None
        #: Screens covering the running session, innermost last: True where that screen
        #: stopped a running clock (closing it lets the clock go on).
        self._covers: list[bool] = []
        self._home = HomeScreen()
        self._preview: PreviewScreen | None = None
        self._session_screen: SessionScreen | None = None
        #: Warnings and errors shown as toasts: (until, message, severity, markup).
        self._warnings: list[tuple[float, str, SeverityLevel, bool]] = []
        self._summary: SummaryScreen | None = None
        self._settings_screen: SettingsScreen | None = None
        self._history_screen: HistoryScreen | None = None
        self._finished: Session | None = None

    @property
    def store(self) -> Store:
        # (the store loads pydantic: not before the first frame)
        from coretimer.store.history import Store

        if self._store is None:
            self._store = Store(self.data_dir, self._cache_root())
        return self._store

    @property
    def loaded(self) -> bool:
        return self.cards is not None and self.history is not None

    @property
    def catalogue(self) -> Catalogue | None:
        """The routines in full, read the first time a screen needs them (home lists them
        from their cards); None before the first load."""
        if self._catalogue is None and self.cards is not None:
            # (after the first frame: it loads pydantic, the history or the routines)
            from coretimer.routine.files import discover

            self._catalogue = discover(self.config_dir)
        return self._catalogue

    def _cache_root(self) -> Path:
        if self.cache_dir is None:
            # (platformdirs only when no cache folder is named)
            from coretimer import paths

            self.cache_dir = paths.cache_dir()
        return self.cache_dir

    @property
    def today(self) -> date:
        return self.clock.wall().astimezone().date()

    def reload(self, history: Summaries | None = None) -> None:
        """Read routines and history again (recovering any crashed session), and hand them
        to the screens that show them. `history`: already loaded (in a thread)."""
        # (after the first frame: it loads pydantic, the history or the routines)
        from coretimer.routine.cards import load_cards

        self._retry_unsaved()
        cards, self._catalogue = load_cards(self.config_dir, self._cache_root())
        self.cards = cards
        self._read_history(loaded=history)
        # One notice, however many files and problems; said again only when they change.
        problems = [p for p in cards.problems if str(p) not in self._told_problems]
        if problems:
            self._messages.append((routine_problems_text(problems), "warning"))
            self._told_problems.update(str(p) for p in problems)
        self._show_history()

    def refresh_history(self) -> None:
        """Look for sessions that arrived (by sync), left or changed since the last look, and
        show them: only the files that changed are read. Not during a session."""
        # (after the first frame: it loads pydantic, the history or the routines)
        from coretimer.index.sync import folder_time

        if self.session is not None or self.history is None:
            return
        before = self.history
        if (before.trusted and before.folder_ns is not None
                and folder_time(self.store) == before.folder_ns):
            return  # nothing was added, removed or renamed into the folder: no listing
        self._read_history(before)
        self._flush_messages()
        if self.history is not before and set(self.history.sessions) != set(before.sessions):
            self._show_history()
            if self._history_screen is not None:
                self._history_screen.set_sessions(self.history.sessions)

    def load_history(self, since: Summaries | None = None) -> Summaries:
        """The history as the index and the files give it (no screen is touched: this may
        run in a thread). Unreadable files are moved to quarantine/ (bytes kept), so each
        is reported once; only files new or changed since the index was written are read."""
        # (after the first frame: it loads pydantic, the history or the routines)
        from coretimer.index.queries import load_summaries

        return load_summaries(self.store, quarantine=True, since=since, home=True)

    def _read_history(self, since: Summaries | None = None, *,
                      loaded: Summaries | None = None) -> None:
        history = self.load_history(since) if loaded is None else loaded
        if loaded is not None and self.history is not None:
            # A session finished while the history was read: keep it shown.
            known = {s.id for s in history.sessions}
            added = [s for s in self.history.sessions if s.id not in known]
            if added:
                history.sessions += added
                history.facts = None  # (worked out again from the sessions)
        self.history = history
        if history is since:
            return
        if history.unreadable is not None:
            self._messages.append((f"Your history cannot be read: {history.unreadable}. "
                                   "Nothing is shown from it until it can.", "error"))
        for record in history.recovered:
            how = ("was cut off; what was done is saved as interrupted"
                   if record.status == "interrupted" else
                   "was saved from its journal (it had not been saved before)")
            self._messages.append((
                f"A session from {record.started_at.astimezone():%a %d %b %H:%M} {how}.",
                "information"))
        for problem in history.problems:
            self._messages.append((f"A history file could not be read: {problem}", "warning"))

    def record(self, summary: SessionSummary) -> SessionRecord | None:
        """The full record of one session (read once, then kept while its file is unchanged);
        None when its file no longer reads."""
        # (after the first frame: it loads pydantic, the history or the routines)
        from coretimer.index.queries import read_record

        key = (summary.file, summary.stamp)
        found = self._records.get(key)
        if found is None or (found.next_morning, found.next_morning_pain) != (
                summary.next_morning, summary.next_morning_pain):
            found = read_record(self.store, summary)
            if found is None:
                return None
            self._records[key] = found
        return found

    def records(self) -> list[SessionRecord]:
        """Every session's full record, for the screens that need sets and pain reports
        (stats, the preview's progression, the summary's comparison, export, the report)."""

        if self.history is None:
            return []
        with gc_paused():
            found = [self.record(s) for s in self.history.sessions]
        return [r for r in found if r is not None]

    def hand_history(self, preview: PreviewScreen) -> None:
        """The full records the preview's suggestions need (`records_needed.history_for`: not
        the whole history), and every summary for the weekly pain."""
        # (after the first frame: it loads pydantic, the history or the routines)
        from coretimer.coaching.records_needed import history_for

        if self.history is None:
            return
        now = self.clock.wall()
        loaded = preview.loaded
        preview.set_history(history_for(loaded.id, loaded.routine, self.history.sessions,
                                        self.record, now), now, self.history.sessions)

    def add_finished(self, record: SessionRecord) -> None:
        """A session just saved (or kept in memory when it could not be): into the history
        shown, without reading the folder again."""
        # (after the first frame: it loads pydantic, the history or the routines)
        from coretimer.index.sync import Summaries

        if self.history is None:
            self.history = Summaries()
        if all(s.id != record.id for s in self.history.sessions):
            summary = summarise(record, f"{record.id}.json")
            self.history.sessions.append(summary)
            self.history.facts = None  # (home's facts were of the history before it)
            self._records[(summary.file, summary.stamp)] = record

    def _show_home(self, facts: HomeFacts) -> None:
        routines = self.cards.cards if self.cards is not None else []
        self._home.data = HomeData(routines, facts, self.today, self.settings.weekly_target)

    def _show_history(self) -> None:
        # (after the first frame: it loads pydantic, the history or the routines)
        from coretimer.coaching.streaks import HomeFacts

        history = self.history
        sessions = history.sessions if history is not None else []
        facts = history.facts if history is not None and history.facts is not None else None
        self._show_home(facts if facts is not None else HomeFacts.of(sessions))
        if self._preview is not None:
            self.hand_history(self._preview)
            if self._preview.warm_up is None and self._preview.loaded.id != WARM_UP:
                found = self.catalogue.find(WARM_UP) if self.catalogue is not None else None
                self._preview.warm_up = found.routine if found is not None else None
                self._preview.refresh_bindings()

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """A notice. While a session runs it goes in the session screen's notice line, never in
        a toast over the clock (shown there when any question on top of it is answered)."""
        screen = self._session_screen
        if screen is not None and screen in self.screen_stack:
            # (a screen's module is read when it first opens, not before the first frame)
            from coretimer.ui.screens.session import SessionNotice

            text = message
            if markup:
                with contextlib.suppress(Exception):  # not markup after all: shown as it is
                    text = Text.from_markup(message).plain
            screen.notice = SessionNotice(f"{title}: {text}" if title else text, severity,
                                          timeout if timeout is not None else 8.0)
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)
        if severity != "information":  # carried onto the session screen if one starts now
            seconds = timeout if timeout is not None else self.NOTIFICATION_TIMEOUT
            self._warnings.append((time.monotonic() + seconds, message, severity, markup))

    def carry_notices(self) -> None:
        """A session has started: no toast stays over its clock. A warning still up (say,
        "another coretimer is open", shown a moment ago) moves to the notice line for the
        rest of its time."""
        self.clear_notifications()
        now = time.monotonic()
        still_up = [w for w in self._warnings if w[0] > now]
        self._warnings.clear()
        if still_up:
            until, message, severity, markup = still_up[-1]
            self.notify(message, severity=severity, timeout=until - now, markup=markup)

    def _flush_messages(self) -> None:
        for message, severity in self._messages:
            self.notify(clean(message, lines=True), severity=severity, timeout=15, markup=False)
        self._messages.clear()

    def update_settings(self, **changes: object) -> None:
        self.settings = self.settings.replace(**changes)
        self.apply_theme()
        try:
            kept = save_settings(self.config_dir, self.settings)
        except OSError as exc:
            self.notify(f"Settings could not be saved: {exc.strerror or exc}", markup=False,
                        severity="warning")
            return
        if kept is not None:
            self.notify(clean(kept), markup=False, timeout=15)

    def apply_theme(self) -> None:
        """The theme of the settings (the default one for a name Textual does not know)."""
        # (the themes only when settings change one)
        from coretimer.ui.themes import DEFAULT_THEME

        wanted = self.settings.theme
        theme = wanted if wanted in self.available_themes else DEFAULT_THEME
        if self.theme != theme:
            self.theme = theme

    def _theme_changed(self, theme: Theme) -> None:
        """Textual's own theme picker changed it: keep the choice in the settings."""
        if theme.name != self.settings.theme and theme.name in self.available_themes:
            self.update_settings(theme=theme.name)

    @property
    def sound_on(self) -> bool:
        return self.settings.sound and not self.quiet

    @property
    def voice_on(self) -> bool:
        """--quiet silences everything; --voice / --no-voice win over the setting."""
        if self.quiet:
            return False
        return self.settings.voice if self.voice_override is None else self.voice_override

    @property
    def announcer(self) -> Announcer:
        """Speech and tones, found on first use (a session start), following the settings."""
        # (a session's engine, cues and sound only once a session starts)
        from coretimer.session.audio import Announcer, Tones, Voice, find_player, find_speech_engine

        if self._announcer is None:
            speaker = self._speaker or Voice(find_speech_engine())
            player = self._player or Tones(find_player(), self._cache_root() / "sounds")
            self._announcer = Announcer(speaker, player, self.bell)
            # Speech runs in a session of its own: stop it when the app ends.
            atexit.register(self._announcer.hush)
        self._announcer.sound = self.sound_on
        self._announcer.voice = self.voice_on
        if self.is_web and self._announcer.relay is None:
            # (a session's engine, cues and sound only once a session starts)
            from coretimer.session.audio import Relay

            self._announcer.relay = Relay(self._tell_page_text)
        return self._announcer

    async def _on_app_blur(self, event: events.AppBlur) -> None:
        """In a browser, the page is "blurred" whenever the terminal does not hold the keyboard
        focus, which on a phone is nearly always (holding it would open the phone's keyboard).
        Textual then stops updating the bottom bar, and its keys are buttons a finger needs:
        under `coretimer serve` a blur changes nothing."""
        if self.is_web:
            event.prevent_default()  # Textual's own handler (App's, next in the MRO) is skipped

    def tell_page(self, event: str, **fields: str | bool | None) -> None:
        """Tell the served page (under `coretimer serve`) what it needs to know: a session
        started or ended (it keeps the phone's screen on between), a cue to speak. A meta packet
        through the web driver; nothing in a terminal."""
        driver = self._driver
        if driver is None or not driver.is_web:
            return
        write_meta = getattr(driver, "write_meta", None)
        if write_meta is not None:
            with contextlib.suppress(OSError, ValueError):  # the page has gone: nobody to tell
                write_meta({"type": "coretimer", "event": event, **fields})

    def _tell_page_text(self, event: str, text: str | None) -> None:
        self.tell_page(event, text=text)

    def _retry_unsaved(self) -> None:
        for session in list(self.unsaved):
            if not session.save_again().saved or session.finished is None:
                continue
            self.unsaved.remove(session)
            started = session.finished.record.started_at.astimezone()
            self._messages.append((f"The session of {started:%H:%M} that could not be saved "
                                   "earlier is saved now.", "information"))
