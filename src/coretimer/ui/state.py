"""What the App has read and where it keeps it: the data and config folders, the store, the
full records read so far, the notices waiting to be shown and the sessions not yet saved.
A plain object, no Textual: the App owns one and keeps its reactive copies of the
routines and the history (app.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from coretimer.coaching.summarise import summarise
from coretimer.gcpause import gc_paused
from coretimer.model.clock import Clock
from coretimer.settings import Settings, save_settings

if TYPE_CHECKING:
    from coretimer.coaching.streaks import HomeFacts
    from coretimer.index.sync import Summaries
    from coretimer.model.record import NextMorning, SessionRecord
    from coretimer.model.summaries import SessionSummary, Stamp
    from coretimer.routine.cards import CardProblem, Cards
    from coretimer.routine.files import Catalogue
    from coretimer.session.controller import Session
    from coretimer.store.history import Store

# The store and the routine models need pydantic, which costs ~50 ms to load. They are
# imported when first used, so the first frame never waits for them.

#: A notice lists at most this many problems (then says how many more).
MAX_PROBLEMS_SHOWN = 6

Severity = Literal["information", "warning", "error"]


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


@dataclass
class Loaded:
    """What one load read: the routine cards, the routines in full when they had to be read
    (None: read when first needed), and the history."""

    cards: Cards
    catalogue: Catalogue | None
    history: Summaries


@dataclass
class AppState:
    data_dir: Path
    config_dir: Path
    clock: Clock
    cache_dir: Path | None = None
    #: Notices waiting to be shown (the App shows them when it can).
    messages: list[tuple[str, Severity]] = field(default_factory=list)
    #: Finished sessions whose file could not be written yet; retried at every load.
    unsaved: list[Session] = field(default_factory=list)
    _told_problems: set[str] = field(default_factory=set)
    _records: dict[tuple[str, Stamp], SessionRecord] = field(default_factory=dict)
    #: Sessions finished in this app, by id: (when, as a count of finishes, and whether its
    #: file was written). A load that began before one, or that cannot see it (not saved),
    #: keeps it shown.
    _finished_here: dict[str, tuple[int, bool]] = field(default_factory=dict)
    finishes: int = 0
    _store: Store | None = None
    _app_lock: object | None = None
    _facts: tuple[Summaries, HomeFacts] | None = None

    @property
    def store(self) -> Store:
        # (the store loads pydantic: not before the first frame)
        from coretimer.store.history import Store

        if self._store is None:
            self._store = Store(self.data_dir, self.cache_root())
        return self._store

    def cache_root(self) -> Path:
        if self.cache_dir is None:
            # (platformdirs only when no cache folder is named)
            from coretimer import paths

            self.cache_dir = paths.cache_dir()
        return self.cache_dir

    @property
    def today(self) -> date:
        return self.clock.wall().astimezone().date()

    def say(self, message: str, severity: Severity = "information") -> None:
        self.messages.append((message, severity))

    def save_settings(self, settings: Settings) -> None:
        """Write the settings file; what went wrong, or what was kept of a hand-edited file,
        is said."""
        try:
            kept = save_settings(self.config_dir, settings)
        except OSError as exc:
            self.say(f"Settings could not be saved: {exc.strerror or exc}", "warning")
            return
        if kept is not None:
            self.say(kept)

    def from_caches(self) -> tuple[Cards, HomeFacts] | None:
        """Home's routines and facts without reading a routine or session file: from the
        cached routine cards and the index, while both are up to date. None when either is
        not (the full load, right after the first frame, fills home then)."""
        # (the routine cards and the index, read before the first frame; importing the app
        # stays light)
        from coretimer.index.home import home_facts_if_unchanged
        from coretimer.routine.cards import cached_cards

        try:
            cards = cached_cards(self.config_dir, self.cache_root())
            facts = home_facts_if_unchanged(self.store) if cards is not None else None
        except OSError:  # both are only shortcuts: the full load says what is wrong
            return None
        return (cards, facts) if cards is not None and facts is not None else None

    def hold_app_lock(self) -> bool:
        """Hold the data folder's app lock while the app is open; False when another
        coretimer holds it (said, as is a folder that cannot be used)."""
        try:
            self._app_lock = self.store.hold_app_lock()
        except OSError as exc:
            self.say(f"Cannot use the data folder {self.data_dir}: {exc.strerror or exc}",
                     "error")
            return True
        if self._app_lock is None:
            self.say("Another coretimer is already open. You can still train here: every "
                     "session is saved to its own file, so neither one is lost.", "warning")
            return False
        return True

    def home_facts(self, history: Summaries) -> HomeFacts:
        """Home's facts of `history`: the index's, or worked out once per history."""
        # (after the first frame: it loads pydantic, the history or the routines)
        from coretimer.coaching.streaks import HomeFacts

        if history.facts is not None:
            return history.facts
        if self._facts is None or self._facts[0] is not history:
            self._facts = (history, HomeFacts.of(history.shown()))
        return self._facts[1]

    def load(self, since: Summaries | None = None) -> Loaded:
        """Read the routines and the history again. Touches no screen: this runs in a
        thread. The notices it has go into `messages`."""
        # (after the first frame: it loads pydantic, the history or the routines)
        from coretimer.routine.cards import load_cards

        cards, catalogue = load_cards(self.config_dir, self.cache_root())
        history = self.load_history(since)
        # One notice, however many files and problems; said again only when they change.
        problems = [p for p in cards.problems if str(p) not in self._told_problems]
        if problems:
            self.say(routine_problems_text(problems), "warning")
            self._told_problems.update(str(p) for p in problems)
        return Loaded(cards, catalogue, history)

    def load_history(self, since: Summaries | None = None) -> Summaries:
        """The history as the index and the files give it. Unreadable files are moved to
        quarantine/ (bytes kept), so each is reported once; only files new or changed since
        the index was written are read. What it found to report goes into `messages`."""
        # (after the first frame: it loads pydantic, the history or the routines)
        from coretimer.index.queries import load_summaries

        history = load_summaries(self.store, quarantine=True, since=since, home=True,
                                 keep=True)
        if history is since:
            return history
        if history.unreadable is not None:
            self.say(f"Your history cannot be read: {history.unreadable}. Nothing is shown "
                     "from it until it can.", "error")
        for record in history.recovered:
            how = ("was cut off; what was done is saved as interrupted"
                   if record.status == "interrupted" else
                   "was saved from its journal (it had not been saved before)")
            self.say(f"A session from {record.started_at.astimezone():%a %d %b %H:%M} {how}.")
        for problem in history.problems:
            self.say(f"A history file could not be read: {problem}", "warning")
        return history

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

    def records(self, history: Summaries | None) -> list[SessionRecord]:
        """Every session's full record, for what needs sets and pain reports (export, the
        report)."""
        if history is None:
            return []
        with gc_paused():
            found = [self.record(s) for s in history.shown()]
        return [r for r in found if r is not None]

    def with_finished(self, history: Summaries | None, record: SessionRecord,
                      saved: bool) -> Summaries:
        """`history` with a session just saved (or kept in memory when it could not be)
        added, without reading the folder again. A new object: the old one is not changed."""
        # (after the first frame: it loads pydantic, the history or the routines)
        from coretimer.index.sync import Summaries

        if history is None:
            history = Summaries()
        if record.id in self._finished_here:
            return history
        summary = summarise(record, f"{record.id}.json")
        self._records[(summary.file, summary.stamp)] = record
        self.finishes += 1
        self._finished_here[record.id] = (self.finishes, saved)
        # (home's facts were of the history before it: worked out again from the sessions)
        return replace(history, changed={**history.changed, record.id: summary}, facts=None)

    def with_answer(self, history: Summaries | None, session_id: str, answer: NextMorning,
                    pain: int | None) -> Summaries | None:
        """`history` with a next-morning answer just written (a new object)."""
        found = history.find(session_id) if history is not None else None
        if history is None or found is None:
            return history
        return replace(history, changed={**history.changed,
                                         session_id: found.with_answer(answer, pain)},
                       facts=None, trusted=False)

    def without(self, history: Summaries | None, session_id: str) -> Summaries | None:
        """`history` without a session just moved to the trash (a new object); no load
        brings it back."""
        self._finished_here.pop(session_id, None)
        if history is None:
            return None
        return replace(history, changed={**history.changed, session_id: None}, facts=None,
                       trusted=False)

    def keep_shown(self, loaded: Summaries, shown: Summaries | None, began: int) -> Summaries:
        """`loaded`, read by a load that began after `began` finishes, with the sessions
        finished here that it could not see: finished after it began, or not saved."""
        if shown is None:
            return loaded
        added = {key: summary for key, (when, saved) in self._finished_here.items()
                 if (when > began or not saved) and (summary := shown.find(key)) is not None
                 and loaded.find(key) is None}
        if not added:
            return loaded
        return replace(loaded, changed={**loaded.changed, **added}, facts=None)

    def retry_unsaved(self) -> None:
        for session in list(self.unsaved):
            if not session.save_again().saved or session.finished is None:
                continue
            self.unsaved.remove(session)
            started = session.finished.record.started_at.astimezone()
            self.say(f"The session of {started:%H:%M} that could not be saved earlier is "
                     "saved now.")
