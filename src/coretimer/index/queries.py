"""What the commands and screens ask of the index: every session shown, the newest few, the
copies of one session, a full record, and the statistics saved for the history as it is."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from coretimer.coaching.streaks import HomeFacts
from coretimer.gcpause import gc_paused
from coretimer.index.database import (
    ROW_DAMAGE,
    SUMMARY_COLUMNS,
    DamagedRow,
    index_path,
    is_busy,
    is_ours,
    remove,
    save_result,
    saved_result,
    summaries,
)
from coretimer.index.home import home_facts, saved_home_facts
from coretimer.index.sync import (
    Summaries,
    copies_of,
    fold_copies,
    folder_time,
    has_journals,
    said_once,
    synced,
)
from coretimer.model.summaries import SessionSummary
from coretimer.store.sessionfiles import Duplicate

if TYPE_CHECKING:
    from coretimer.coaching.stats import StatsFacts
    from coretimer.model.record import SessionRecord
    from coretimer.store.history import Store

T = TypeVar("T")
#: The rules the saved statistics were worked out by: facts saved by other rules are worked
#: out again (3: sessions with pain reported but not stopped are counted apart).
STATS_RULES = 3


def asked(store: Store, ask: Callable[[sqlite3.Connection, Summaries], T], *, recover: bool = True,
          quarantine: bool = False) -> tuple[Summaries, T | None]:
    """The index brought up to date with the folder (what a full load would report in
    `Summaries`, its `sessions` left empty), and `ask`'s answer from it. Rows that do not
    read have the index deleted and rebuilt from the files, once. None: the history cannot
    be read at all (`Summaries.unreadable`)."""
    result, first = Summaries(), None
    found: T | None = None
    for attempt in range(2):
        db = synced(store, result, recover=recover, quarantine=quarantine)
        if db is None:
            break
        try:
            db.execute("BEGIN")  # (every query of one state of the index)
            result.duplicates = duplicates(db, store.sessions_dir)
            found = ask(db, result)
            break
        except (DamagedRow, sqlite3.DatabaseError) as exc:
            if attempt:
                raise
            busy = is_busy(exc)
        finally:
            db.close()
        if not busy:
            remove(index_path(store.root, store.cache_dir))
        # (what the first try found stays said: a file it quarantined is not seen again)
        first, result = result, Summaries(recovered=result.recovered)
        recover = False
    if first is not None:
        result.problems = said_once(first.problems, result.problems)
    return result, found


@gc_paused()  # (tens of thousands of objects made at once: collections would only walk them)
def load_summaries(store: Store, *, recover: bool = True, quarantine: bool = False,
                   since: Summaries | None = None, home: bool = False,
                   keep: bool = False) -> Summaries:
    """The history as summaries: what `Store.load` would give, reading only the files that
    changed since the index last saw them. With `since` (an earlier result that was
    trusted), when the folder's time has not changed, that result is returned as it is.
    With `home`, `facts` holds home's facts. With `keep`, the sessions stay in the index
    when it is on disk (`Summaries.kept`): only what is asked for is read, when it is."""
    if (since is not None and since.trusted and since.folder_ns is not None
            and since.folder_ns == folder_time(store) and not has_journals(store.journal_dir)):
        return since

    worked_out: list[HomeFacts] = []

    def ask(db: sqlite3.Connection, result: Summaries) -> None:
        if keep and result.generation is not None:
            result.kept = kept_in(store)
        else:
            result.sessions = all_summaries(db)
        if home:
            result.facts = saved_home_facts(db)
            if result.facts is None:
                result.facts = home_facts(db)
                worked_out.append(result.facts)

    result, _ = asked(store, ask, recover=recover, quarantine=quarantine)
    if worked_out:  # (saved for the next start's home)
        save_result(index_path(store.root, store.cache_dir), "home", worked_out[-1],
                    result.generation)
    return result


def kept_in(store: Store) -> Callable[[str, tuple[object, ...]], list[SessionSummary]]:
    """What asks the index of `store` for the sessions shown that meet an SQL condition, as
    it is (the App's load keeps it up to date); brought up to date with the folder, or
    rebuilt, first when it is gone or does not read."""

    def select(db: sqlite3.Connection, where: str, params: tuple[object, ...]
               ) -> list[SessionSummary]:
        return summaries(db.execute(f"SELECT {SUMMARY_COLUMNS} FROM sessions "
                                    f"WHERE shown = 1 AND ({where}) ORDER BY file", params))

    def kept(where: str, params: tuple[object, ...]) -> list[SessionSummary]:
        path = index_path(store.root, store.cache_dir)
        try:  # (read-only: a missing index is never made, empty, here)
            db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True,
                                 check_same_thread=False)
            try:
                if not is_ours(db):
                    raise sqlite3.DatabaseError(f"{path}: not this program's index")
                return select(db, where, params)
            finally:
                db.close()
        except (DamagedRow, sqlite3.Error):
            found = asked(store, lambda db, _: select(db, where, params), recover=False)[1]
            return found or []

    return kept


def all_summaries(db: sqlite3.Connection) -> list[SessionSummary]:
    """Every session shown (one copy of each), by file name."""
    return summaries(db.execute(
        f"SELECT {SUMMARY_COLUMNS} FROM sessions WHERE shown = 1 ORDER BY file"))


def duplicates(db: sqlite3.Connection, folder: Path) -> list[Duplicate]:
    """The copies of sessions not shown, as the full load reports them: each session's
    copies in file-name order, the more complete one kept."""
    # (only a session in two files has a copy not shown)
    ids = [id_ for (id_,) in db.execute(
        "SELECT id FROM sessions WHERE id IN (SELECT id FROM sessions WHERE shown = 0) "
        "GROUP BY id ORDER BY MIN(file)")]
    return [Duplicate(folder / drop.file, folder / keep.file, id_) for id_ in ids
            for drop, keep in fold_copies(copies_of(db, id_))[1]]


class Head(NamedTuple):
    """What choosing sessions needs: its file, id, start and routine."""

    file: str
    id: str
    started_at: datetime
    routine: str


def chosen_summaries(store: Store, choose: Callable[[list[Head]], list[Head]]
                     ) -> tuple[Summaries, list[SessionSummary]]:
    """The history brought up to date (what went wrong in `Summaries`, its `sessions` left
    empty), and the summaries of the sessions `choose` picks among every session's head, in
    the order it gives: only the chosen rows are made into summaries."""

    def ask(db: sqlite3.Connection, _: Summaries) -> list[SessionSummary]:
        new, iso = tuple.__new__, datetime.fromisoformat  # (Head's own __new__: a call each)
        try:
            heads = [new(Head, (os.fsdecode(file), id_, iso(started), json.loads(routine)))
                     for file, id_, started, routine in db.execute(
                         "SELECT file, id, started_at, routine FROM sessions WHERE shown = 1")]
        except ROW_DAMAGE as exc:
            raise DamagedRow(str(exc)) from None
        return summaries(db.execute(f"SELECT {SUMMARY_COLUMNS} FROM sessions WHERE file = ?",
                                    (os.fsencode(head.file),)).fetchone()
                         for head in choose(heads))

    result, found = asked(store, ask)
    return result, found or []


def newest_summaries(store: Store, limit: int) -> tuple[Summaries, list[SessionSummary]]:
    """As `chosen_summaries`, for the `limit` newest sessions (by start, then id): picked
    by the database, without a head for every session."""

    def ask(db: sqlite3.Connection, _: Summaries) -> list[SessionSummary]:
        return summaries(db.execute(
            f"SELECT {SUMMARY_COLUMNS} FROM sessions WHERE shown = 1 "
            "ORDER BY started_us DESC, id DESC LIMIT ?", (min(max(0, limit), 2**62),)))

    result, found = asked(store, ask)
    return result, found or []


def read_record(store: Store, summary: SessionSummary) -> SessionRecord | None:
    """The full record of a session in the index (with its next-morning answer); None when
    its file is gone or no longer reads (it is reported at the next load)."""
    record = store.read_file(store.sessions_dir / summary.file, [], quarantine=False)
    if record is None or record.id != summary.id:
        return None
    if (record.next_morning, record.next_morning_pain) != (summary.next_morning,
                                                           summary.next_morning_pain):
        record = record.model_copy(update={"next_morning": summary.next_morning,
                                           "next_morning_pain": summary.next_morning_pain})
    return record


def stats_facts(store: Store) -> tuple[Summaries, StatsFacts]:
    """The history brought up to date (what went wrong in `Summaries`, its `sessions` left
    empty) and its statistics: as saved for the index in exactly this state, by these
    rules, in this time zone; else worked out from every summary, and saved."""
    # (the statistics' rules and trends: only the command and the screen that show them)
    from coretimer.coaching.stats import StatsFacts

    worked_out: list[StatsFacts] = []

    def ask(db: sqlite3.Connection, result: Summaries) -> StatsFacts:
        if facts := saved_result(db, "stats", StatsFacts, result.generation, STATS_RULES):
            return facts
        worked_out.append(StatsFacts.of(all_summaries(db)))
        return worked_out[-1]

    result, found = asked(store, ask)
    if worked_out:
        save_result(index_path(store.root, store.cache_dir), "stats", worked_out[-1],
                    result.generation, STATS_RULES)
    return result, found if found is not None else StatsFacts.of([])
