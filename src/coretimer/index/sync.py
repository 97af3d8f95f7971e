"""Bringing the index up to date with the sessions folder, and loading the history from it.

The folder is listed (names, sizes, times: no file is opened) and compared with what the
index knows; only files that are new or changed are read, and files gone from the folder
leave it. A file whose time is too close to the last listing to tell a same-size change
apart (coarse file-system clocks) is read again rather than trusted. Whatever the index
holds, a load gives what `Store.load` would: the tests compare the two.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coretimer.coaching.summarise import summarise
from coretimer.index.database import (
    SUMMARY_COLUMNS,
    connect,
    get_meta,
    in_memory,
    index_path,
    is_busy,
    remove,
    set_meta,
    summaries,
    tz_key,
)
from coretimer.model.summaries import SessionSummary
from coretimer.model.timeline import local_day
from coretimer.store.sessionfiles import (
    ANSWER_SUFFIX,
    Answer,
    Loaded,
    StoreError,
    StoreProblem,
    keep_answer,
    read_answer,
)

if TYPE_CHECKING:
    from coretimer.coaching.streaks import HomeFacts
    from coretimer.store.history import Store

#: A file modified this close to (or after) the last listing is read again: a same-size
#: change in the same tick of a coarse file-system clock would look unchanged.
RACY_NS = 2_000_000_000
Seen = tuple[int, int, int]
"""A file's size, modification time and change time (ns): what says it changed. The change
time cannot be set back (a sync tool that keeps the writer's modification time still
changes it)."""
#: What is seen of an entry that is not a regular file, or cannot be looked at: never fresh.
ODD: Seen = (-1, -1, -1)
#: What SQLite's integers hold: a time beyond it (after 2262) is taken as this, never trusted.
_MOST = 2**63 - 1
_EPOCH, _MICROSECOND = datetime(1970, 1, 1, tzinfo=UTC), timedelta(microseconds=1)


@dataclass
class Summaries(Loaded[SessionSummary]):
    """The history as summaries, with what a full load would report beside it."""

    read: int = 0
    """How many files had to be read (0 when the index was up to date)."""
    folder_ns: int | None = None
    """The sessions folder's time when it was listed."""
    facts: HomeFacts | None = None
    """Home's facts of these sessions, when the caller asked for them."""
    trusted: bool = False
    """Nothing was reported and no file is too new to be sure of: while the folder's time
    stays `folder_ns`, this result still holds."""
    generation: int | None = None
    """Which state of the index these summaries are (it grows at every change): what is
    worked out from them can be saved under it. None: an index in memory only."""
    kept: Callable[[str, tuple[object, ...]], list[SessionSummary]] | None = None
    """Set when the sessions stayed in the index (`sessions` is then empty): asks it for the
    sessions shown that meet an SQL condition (`queries.kept_in`)."""
    changed: dict[str, SessionSummary | None] = field(default_factory=dict)
    """What this app did since the history was read, by session id: a session finished or
    answered here (its summary now), or moved to the trash (None)."""

    def shown(self, since: datetime | None = None) -> list[SessionSummary]:
        """Every session shown (or those started at `since` or later), with what this app
        changed: what the screens ask for when they open."""
        if self.kept is None:
            found = [s for s in self.sessions if since is None or s.started_at >= since]
        else:
            found = self.kept("1", ()) if since is None else self.kept(
                "started_us >= ?", (_us(since),))
        if not self.changed:
            return found
        changed, out = self.changed, []
        for summary in found:
            if (now := changed.get(summary.id, summary)) is not None:
                out.append(now)
        known = {s.id for s in found}
        out += [s for key, s in changed.items() if s is not None and key not in known
                and (since is None or s.started_at >= since)]
        return out

    def find(self, session_id: str) -> SessionSummary | None:
        """One session as shown; None when it is not."""
        if session_id in self.changed:
            return self.changed[session_id]
        found = ([s for s in self.sessions if s.id == session_id] if self.kept is None
                 else self.kept("id = ?", (session_id,)))
        return found[0] if found else None


def listing(folder: Path) -> tuple[dict[str, Seen], dict[str, Seen]]:
    """The session files and answer files of `folder` with what is seen of each. Raises
    OSError when the folder cannot be listed (FileNotFoundError: there is none yet)."""
    sessions: dict[str, Seen] = {}
    answers: dict[str, Seen] = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            into = (sessions if name.endswith(".json") else
                    answers if name.endswith(ANSWER_SUFFIX) else None)
            if into is None or name.startswith("."):
                continue
            try:
                st = entry.stat()
                found = ((st.st_size, st.st_mtime_ns, st.st_ctime_ns)
                         if stat.S_ISREG(st.st_mode) else ODD)
            except OSError:
                found = ODD
            into[name] = found if found[1] <= _MOST >= found[2] else (
                found[0], min(found[1], _MOST), min(found[2], _MOST))
    return sessions, answers


def has_journals(folder: Path) -> bool:
    """A crashed session waits to be recovered (the full load does that first)."""
    try:
        with os.scandir(folder) as entries:
            return any(e.name.endswith(".jsonl") and not e.name.startswith(".")
                       for e in entries)
    except OSError:
        return False


def folder_time(store: Store) -> int | None:
    """The sessions folder's modification time (ns); None when it cannot be looked at."""
    try:
        return store.sessions_dir.stat().st_mtime_ns
    except OSError:
        return None


def synced(store: Store, result: Summaries, *, recover: bool = True,
           quarantine: bool = False) -> sqlite3.Connection | None:
    """The index of `store` brought up to date with its folder, open for queries (the
    caller closes it), with what a full load would report put in `result`. None when the
    history cannot be read at all (`result.unreadable` says why)."""
    try:
        store.check_root()
    except StoreError as exc:
        result.unreadable = str(exc)
        return None
    if recover and has_journals(store.journal_dir):
        full = store.recover(quarantine=quarantine)
        result.problems += full.problems
        result.recovered += full.recovered
    folder = store.sessions_dir
    if folder.exists() and not folder.is_dir():
        result.unreadable = f"{folder} is a file, not a folder"
        return None
    path = index_path(store.root, store.cache_dir)
    try:
        db, on_disk = connect(path), True
    except (sqlite3.Error, OSError):  # busy with another coretimer's write, or unwritable
        db, on_disk = in_memory(), False
    try:
        ok = _load(db, store, result, quarantine=quarantine)
    except sqlite3.Error as exc:  # busy, damaged under us, or a full disk: in memory
        db.close()
        if on_disk and not is_busy(exc):
            remove(path)
        db, on_disk = in_memory(), False
        first, result.problems, result.read = result.problems, [], 0
        ok = _load(db, store, result, quarantine=quarantine)
        result.problems = said_once(first, result.problems)
    if not on_disk:
        result.generation = None
    if not ok:
        db.close()
        return None
    return db


def _load(db: sqlite3.Connection, store: Store, result: Summaries, *, quarantine: bool
          ) -> bool:
    folder = store.sessions_dir
    folder_ns = folder_time(store)
    listed_ns = time.time_ns()
    try:
        files, answer_files = listing(folder)
    except FileNotFoundError:
        files, answer_files = {}, {}
    except OSError as exc:
        message = f"cannot list the folder ({exc.strerror or exc})"
        result.unreadable = f"{folder}: {message}"
        result.problems.append(StoreProblem(folder, message, repairable=False))
        return False
    last = found if type(found := get_meta(db, "listed_ns")) is int else None
    times = [s[1] for s in files.values()] + [s[1] for s in answer_files.values()]
    # (the listing's latest time: before any moment with no file, after any if one is unknown)
    latest = -_MOST if not times else max(times) if min(times) >= 0 else _MOST
    # What changed is read before the index is locked: another coretimer waits only for
    # the rows to be written, never for files to be read.
    plan = _plan(db, store, result, files, answer_files, latest, (last or 0) - RACY_NS,
                 quarantine=quarantine)
    generation = get_meta(db, "generation")
    # The index is true as of this listing, whether or not it changed; said (a write) only
    # when that matters: until the folder's time is well before it, home does not trust it.
    unsettled = folder_ns is not None and (last is None or folder_ns >= last - RACY_NS)
    if plan is not None or get_meta(db, "folder_ns") != folder_ns or unsettled:
        db.execute("BEGIN IMMEDIATE")
        with db:
            generation = int(get_meta(db, "generation") or 0) + (plan is not None)
            if plan is not None:
                plan.apply(db)
            set_meta(db, "listed_ns", listed_ns)
            set_meta(db, "generation", generation)
            set_meta(db, "folder_ns", folder_ns)
    result.folder_ns = folder_ns
    result.generation = int(generation or 0)
    soon = listed_ns - RACY_NS
    result.trusted = (not result.problems and not result.recovered and folder_ns is not None
                      and folder_ns < soon and latest < soon)
    return True


def _compare(listed: dict[str, Seen], known: dict[str, tuple[Seen, Any]], settled: int,
             touched: set[str | None]) -> tuple[list[str], list[str]]:
    """The files of a listing to read (new, changed, or modified too close to the index's
    last listing, `settled`, to be sure of), and those whose rows go (gone from the folder,
    or read again); their sessions are touched."""
    drop = [name for name, (seen, _) in known.items()
            if listed.get(name) != seen or not 0 <= seen[1] < settled]
    touched.update(known[name][1] for name in drop)
    return sorted(listed.keys() - (known.keys() - set(drop))), drop


@dataclass
class _Plan:
    """The changes to the index that bring it in line with one listing."""

    digest: str | None
    gone: list[str]
    rows: list[tuple[Any, ...]]
    gone_answers: list[str]
    answers: list[tuple[Any, ...]]
    touched: set[str]
    tz_changed: bool

    def apply(self, db: sqlite3.Connection) -> None:
        if self.tz_changed:
            _days_again(db)
        db.executemany("DELETE FROM sessions WHERE file = ?",
                       [(os.fsencode(name),) for name in self.gone])
        db.executemany("DELETE FROM answers WHERE file = ?",
                       [(os.fsencode(name),) for name in self.gone_answers])
        db.executemany("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?)",
                       self.answers)
        chosen: dict[str, Answer] = {}  # (each session's most cautious answer: keep_answer)
        for session, answer, pain in db.execute("SELECT session, answer, pain FROM answers "
                                                "WHERE session IS NOT NULL ORDER BY file"):
            keep_answer(chosen, (_text(session), answer, pain))
        # Rows go in shown and answered: `_choose` settles only what that does not.
        db.executemany("INSERT OR REPLACE INTO sessions VALUES "
                       "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
                       [(*r[:10], *chosen.get(r[4], ("", None, None))[1:], r[10])
                        for r in self.rows])
        _choose(db, self.touched, {r[4] for r in self.rows}, chosen)
        set_meta(db, "listing", self.digest)


def _plan(db: sqlite3.Connection, store: Store, result: Summaries,
          files: dict[str, Seen], answer_files: dict[str, Seen], latest: int, settled: int, *,
          quarantine: bool) -> _Plan | None:
    """Read what changed since the index last saw the folder; None when nothing did.
    `settled`: files modified before it (the listing's `latest`), as seen, are trusted."""
    folder = store.sessions_dir
    tz_changed = get_meta(db, "tz") != tz_key()
    # The same listing as last time (its names, and Python's hash of what is seen of each:
    # the same in every process, where formatting 30,000 numbers for sha256 would cost more
    # than the rest of a load), every file in it settled and every one readable then:
    # nothing to compare row by row.
    digest = hashlib.sha256()
    for listed in (files, answer_files):
        names = sorted(listed)
        digest.update("/".join(names).encode(errors="surrogateescape"))
        digest.update(b"\0%d\0" % hash(tuple(map(listed.__getitem__, names))))
    if get_meta(db, "listing") == digest.hexdigest() and not tz_changed and latest < settled:
        return None
    problems = len(result.problems)
    touched: set[str | None] = set()  # (None: an answer file that does not read)
    db.execute("BEGIN")  # (one state of the index for both tables)
    with db:
        known = {os.fsdecode(name): ((size, mtime, ctime), id_) for name, size, mtime, ctime, id_
                 in db.execute("SELECT file, size, mtime, ctime, id FROM sessions")}
        old_answers = {os.fsdecode(name): ((size, mtime, ctime), _text(session))
                       for name, size, mtime, ctime, session in db.execute(
                           "SELECT file, size, mtime, ctime, session FROM answers")}
    read, gone = _compare(files, known, settled, touched)
    read_answers, gone_answers = _compare(answer_files, old_answers, settled, touched)
    result.read += len(read) + len(read_answers)
    rows = []
    for name in read:
        record = store.read_file(folder / name, result.problems, quarantine=quarantine)
        if record is None:
            continue  # reported (as a full load does), and read again next time
        seen = files[name]
        summary = summarise(record, name, seen[:2])
        touched.add(summary.id)
        started, row = summary.started_at, summary.row()
        rows.append((os.fsencode(name), *seen, summary.id, json.dumps(summary.routine),
                     _us(started), row[3], local_day(started).isoformat(),
                     summary.test is not None, json.dumps(row)))
    answers = []
    for name in read_answers:
        found = read_answer(folder / name)
        if found is not None:
            touched.add(found[0])
        answers.append((os.fsencode(name), *answer_files[name], *(
            (None, None, None) if found is None else (json.dumps(found[0]), *found[1:]))))
    if not (tz_changed or touched or answers):
        return None  # (only files that did not read, read again and still not)
    return _Plan(digest.hexdigest() if len(result.problems) == problems else None, gone, rows,
                 gone_answers, answers,
                 # (an id that is not ASCII is no session's: ids are checked on reading)
                 {t for t in touched if t is not None and t.isascii()}, tz_changed)


def _text(value: str | None) -> Any:
    """A text column kept as JSON (user text may hold what SQLite cannot: lone surrogates)."""
    return None if value is None else json.loads(value)


def _choose(db: sqlite3.Connection, ids: set[str], added: set[str],
            chosen: dict[str, Answer]) -> None:
    """Settle the answer (`chosen`) of the sessions `ids` (those `added`, written shown and
    answered, only when in two files) and which of their copies is shown, as the full load
    does: the most complete copy (the first by file name of equals)."""
    if not ids:
        return
    copies = {id_ for (id_,) in db.execute(
        "SELECT id FROM sessions GROUP BY id HAVING COUNT(*) > 1")}
    ids = {id_ for id_ in ids if id_ in copies or id_ not in added}
    db.executemany("UPDATE sessions SET shown = ?, answer = ?, answer_pain = ? WHERE id = ?",
                   [(id_ not in copies, *chosen.get(id_, (id_, None, None))[1:], id_)
                    for id_ in ids])
    for id_ in ids & copies:
        kept, _ = fold_copies(copies_of(db, id_))
        db.execute("UPDATE sessions SET shown = 1 WHERE file = ?", (os.fsencode(kept.file),))


def copies_of(db: sqlite3.Connection, id_: str) -> list[SessionSummary]:
    """Every copy of the session `id_` the index holds, in file-name order."""
    return summaries(db.execute(
        f"SELECT {SUMMARY_COLUMNS} FROM sessions WHERE id = ? ORDER BY file", (id_,)))


def fold_copies(copies: list[SessionSummary]
                ) -> tuple[SessionSummary, list[tuple[SessionSummary, SessionSummary]]]:
    """Of one session's copies (at least one, in file-name order), the one kept, and each
    (dropped, kept) as the full load meets them: the more complete one kept, the first of
    equals (`Store.load`'s order)."""
    kept, pairs = copies[0], []
    for summary in copies[1:]:
        keep, drop = ((summary, kept) if summary.completeness() > kept.completeness()
                      else (kept, summary))
        pairs.append((drop, keep))
        kept = keep
    return kept, pairs


def said_once(first: list[StoreProblem], later: list[StoreProblem]) -> list[StoreProblem]:
    """The problems of a load tried twice: `later`'s, after those of `first` it does not
    say again (a file read both times is reported once)."""
    again = {str(p) for p in later}
    return [p for p in first if str(p) not in again] + later


def _days_again(db: sqlite3.Connection) -> None:
    """The local day of every session, worked out in the time zone now in force."""
    rows = db.execute("SELECT file, started_at FROM sessions").fetchall()
    db.executemany("UPDATE sessions SET day = ? WHERE file = ?", [
        (local_day(datetime.fromisoformat(started)).isoformat(), file)
        for file, started in rows])
    set_meta(db, "tz", tz_key())


def _us(moment: datetime) -> int:
    return (moment - _EPOCH) // _MICROSECOND
