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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coretimer.coaching.summarise import summarise
from coretimer.index.database import (
    connect,
    get_meta,
    in_memory,
    index_path,
    is_busy,
    remove,
    set_meta,
    tz_key,
)
from coretimer.model.summaries import SessionSummary, Stamp
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
#: The stamp of an entry that is not a regular file, or cannot be looked at: never fresh.
ODD: Stamp = (-1, -1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


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


def listing(folder: Path) -> tuple[dict[str, Stamp], dict[str, Stamp]]:
    """The session files and answer files of `folder` with their stamps. Raises OSError
    when the folder cannot be listed (FileNotFoundError: there is none yet)."""
    sessions: dict[str, Stamp] = {}
    answers: dict[str, Stamp] = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            is_session = name.endswith(".json")
            if not is_session and not name.endswith(ANSWER_SUFFIX):
                continue
            try:
                st = entry.stat()
                found = (st.st_size, st.st_mtime_ns) if stat.S_ISREG(st.st_mode) else ODD
            except OSError:
                found = ODD
            (sessions if is_session else answers)[name] = found
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


def open_index(store: Store) -> tuple[sqlite3.Connection, bool]:
    """The index of `store`, and whether it is the one on disk (else a fresh one in memory:
    the file is busy with another coretimer's write, or cannot be written)."""
    try:
        return connect(index_path(store.root, store.cache_dir)), True
    except (sqlite3.Error, OSError):
        return in_memory(), False


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
    db, on_disk = open_index(store)
    try:
        ok = _load(db, store, result, quarantine=quarantine, on_disk=on_disk)
    except sqlite3.Error as exc:  # busy, damaged under us, or a full disk: in memory
        db.close()
        if on_disk and not (isinstance(exc, sqlite3.OperationalError) and is_busy(exc)):
            remove(index_path(store.root, store.cache_dir))
        db = in_memory()
        first, result.problems, result.read = result.problems, [], 0
        ok = _load(db, store, result, quarantine=quarantine, on_disk=False)
        again = {str(p) for p in result.problems}  # (each file said once)
        result.problems[:0] = [p for p in first if str(p) not in again]
    if not ok:
        db.close()
        return None
    return db


def _load(db: sqlite3.Connection, store: Store, result: Summaries, *, quarantine: bool,
          on_disk: bool) -> bool:
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
    db.execute("BEGIN IMMEDIATE")
    try:
        changed = _sync(db, store, result, files, answer_files, quarantine=quarantine)
        generation = int(get_meta(db, "generation") or 0) + (1 if changed else 0)
        set_meta(db, "generation", generation)
        set_meta(db, "listed_ns", listed_ns)
        set_meta(db, "folder_ns", folder_ns)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    result.folder_ns = folder_ns
    result.generation = generation if on_disk else None
    soon = listed_ns - RACY_NS
    times = [s[1] for s in files.values()] + [s[1] for s in answer_files.values()]
    result.trusted = (not result.problems and not result.recovered and folder_ns is not None
                      and (not times or (min(times) >= 0 and max(times) < soon)))
    return True


def _sync(db: sqlite3.Connection, store: Store, result: Summaries,
          files: dict[str, Stamp], answer_files: dict[str, Stamp], *,
          quarantine: bool) -> bool:
    """Bring the tables in line with the listing; True when anything in them changed."""
    folder = store.sessions_dir
    last = get_meta(db, "listed_ns")
    settled = (last if type(last) is int else 0) - RACY_NS
    changed = False
    if get_meta(db, "tz") != tz_key():
        changed = _days_again(db)
    # The same listing as last time, every file in it settled and every one readable then:
    # nothing to compare row by row.
    digest = hashlib.sha256(repr((sorted(files.items()), sorted(answer_files.items())))
                            .encode()).hexdigest()
    times = [s[1] for s in files.values()] + [s[1] for s in answer_files.values()]
    if (get_meta(db, "listing") == digest and not changed
            and (not times or (min(times) >= 0 and max(times) < settled))):
        return False
    problems = len(result.problems)
    touched: set[str | None] = set()  # (None: an answer file that does not read)
    known = {name: (size, mtime, id_) for name, size, mtime, id_ in
             db.execute("SELECT file, size, mtime, id FROM sessions")}
    gone = [(name,) for name in known.keys() - files.keys()]
    touched.update(known[name][2] for (name,) in gone)
    rows = []
    for name in sorted(files):
        stamp = files[name]
        was = known.get(name)
        if was is not None and (was[0], was[1]) == stamp and 0 <= stamp[1] < settled:
            continue
        result.read += 1
        record = store.read_file(folder / name, result.problems, quarantine=quarantine)
        if was is not None:
            touched.add(was[2])
            gone.append((name,))
        if record is None:
            continue  # reported (as a full load does), and read again next time
        summary = summarise(record, name, stamp)
        touched.add(summary.id)
        started = summary.started_at
        rows.append((name, *stamp, summary.id, summary.routine, _us(started),
                     started.isoformat(), local_day(started).isoformat(),
                     summary.test is not None, json.dumps(summary.row())))
    db.executemany("DELETE FROM sessions WHERE file = ?", gone)
    db.executemany("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, NULL, ?)",
                   rows)
    old_answers = {name: (size, mtime, session) for name, size, mtime, session in
                   db.execute("SELECT file, size, mtime, session FROM answers")}
    gone = [(name,) for name in old_answers.keys() - answer_files.keys()]
    touched.update(old_answers[name][2] for (name,) in gone)
    db.executemany("DELETE FROM answers WHERE file = ?", gone)
    answers = []
    for name, stamp in answer_files.items():
        was_answer = old_answers.get(name)
        if (was_answer is not None and (was_answer[0], was_answer[1]) == stamp
                and 0 <= stamp[1] < settled):
            continue
        result.read += 1
        found = read_answer(folder / name)
        if was_answer is not None:
            touched.add(was_answer[2])
        if found is not None:
            touched.add(found[0])
        answers.append((name, *stamp, *(found if found is not None else (None, None, None))))
    db.executemany("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?)", answers)
    _choose(db, {t for t in touched if t is not None})
    set_meta(db, "listing", digest if len(result.problems) == problems else None)
    return changed or bool(touched) or bool(answers)


def _choose(db: sqlite3.Connection, ids: set[str]) -> None:
    """Settle the answer of the sessions `ids` and which of their copies is shown, as the
    full load does: the most cautious answer of its answer files, and the most complete
    copy (the first by file name of equals)."""
    if not ids:
        return
    chosen: dict[str, Answer] = {}
    for answer in db.execute("SELECT session, answer, pain FROM answers "
                             "WHERE session IS NOT NULL ORDER BY file"):
        keep_answer(chosen, answer)
    copies = {id_ for (id_,) in db.execute(
        "SELECT id FROM sessions GROUP BY id HAVING COUNT(*) > 1")}
    updates = []
    for id_ in ids:
        answer_ = chosen.get(id_)
        updates.append((id_ not in copies, *((None, None) if answer_ is None
                                             else answer_[1:]), id_))
    db.executemany("UPDATE sessions SET shown = ?, answer = ?, answer_pain = ? WHERE id = ?",
                   updates)
    for id_ in ids & copies:
        best: SessionSummary | None = None
        for row in db.execute("SELECT file, size, mtime, answer, answer_pain, row "
                              "FROM sessions WHERE id = ? ORDER BY file", (id_,)):
            summary = from_db(row)
            if best is None or summary.completeness() > best.completeness():
                best = summary
        if best is not None:
            db.execute("UPDATE sessions SET shown = 1 WHERE file = ?", (best.file,))


def from_db(row: tuple[str, int, int, str | None, int | None, str]) -> SessionSummary:
    """A summary from (file, size, mtime, answer, answer_pain, row), answer applied."""
    file, size, mtime, answer, pain, data = row
    summary = SessionSummary.from_row(file, (size, mtime), json.loads(data))
    if answer is not None and (answer, pain) != (summary.next_morning,
                                                 summary.next_morning_pain):
        summary = summary.with_answer(answer, pain)  # type: ignore[arg-type]
    return summary


def _days_again(db: sqlite3.Connection) -> bool:
    """The local day of every session, worked out in the time zone now in force."""
    rows = db.execute("SELECT file, started_at FROM sessions").fetchall()
    db.executemany("UPDATE sessions SET day = ? WHERE file = ?", [
        (local_day(datetime.fromisoformat(started)).isoformat(), file)
        for file, started in rows])
    set_meta(db, "tz", tz_key())
    return bool(rows)


def _us(moment: datetime) -> int:
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
