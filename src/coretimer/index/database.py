"""The index's SQLite database: where it lives, its tables and rows, and opening it safely.

    CACHE_DIR/index/<a hash of the data folder's real path>/history.sqlite

Kept in the cache folder, never in the data folder, which may be synced between machines:
each machine derives its own from the session files it has. A database that is missing,
damaged, of another program (`application_id`) or of another version of these tables
(`user_version`) is deleted and built again from the files; one that another coretimer
keeps busy for too long is set aside for this load, which builds one in memory instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from coretimer.model.summaries import SessionSummary
from coretimer.model.versions import SESSION_SCHEMA_VERSION
from coretimer.paths import cache_dir

INDEX_DIR = "index"
NAME = "history.sqlite"
#: "ctmr": what says the file is this program's index.
APPLICATION_ID = 0x63746D72
#: Bumped whenever the tables or what a row holds change: an older database is rebuilt.
TABLES_VERSION = 5
USER_VERSION = TABLES_VERSION * 1000 + SESSION_SCHEMA_VERSION
#: How long to wait for another coretimer's write before building in memory instead.
BUSY_SECONDS = 5.0
#: How long saving a result waits for another coretimer's write (it is only a shortcut).
SAVE_BUSY = 0.5
R = TypeVar("R")

SCHEMA = """
CREATE TABLE sessions(
    file BLOB PRIMARY KEY,        -- the file's name, as the file system has it (os.fsencode)
    size INTEGER NOT NULL,
    mtime INTEGER NOT NULL,
    ctime INTEGER NOT NULL,
    id TEXT NOT NULL,
    routine TEXT NOT NULL,        -- as JSON (any text)
    started_us INTEGER NOT NULL,  -- microseconds since 1970, UTC
    started_at TEXT NOT NULL,     -- as the file has it, with its offset
    day TEXT NOT NULL,            -- the local day it started on, in meta's time zone
    is_test INTEGER NOT NULL,
    shown INTEGER NOT NULL,       -- 0 for the less complete copy of a session
    answer TEXT,                  -- from its next-morning answer files (NULL: none)
    answer_pain INTEGER,
    row TEXT NOT NULL             -- the SessionSummary's row, as JSON
);
CREATE INDEX sessions_by_id ON sessions(id);
CREATE INDEX sessions_by_start ON sessions(shown, started_us, id);
-- Covering what home and the listing's compare read, so that neither walks the rows
CREATE INDEX sessions_by_day ON sessions(shown, day);
CREATE INDEX sessions_by_routine ON sessions(shown, routine, started_us, started_at);
CREATE INDEX sessions_tests ON sessions(shown, is_test, started_us);
CREATE INDEX sessions_seen ON sessions(file, size, mtime, ctime, id);
CREATE TABLE answers(
    file BLOB PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime INTEGER NOT NULL,
    ctime INTEGER NOT NULL,
    session TEXT,                 -- as JSON (NULL: the file does not read as an answer)
    answer TEXT,
    pain INTEGER
);
CREATE TABLE meta(key TEXT PRIMARY KEY, value);
CREATE TABLE results(name TEXT PRIMARY KEY, key TEXT NOT NULL, body BLOB NOT NULL);
"""
#: (no ";" inside a comment above: the statements are split on it)
STATEMENTS = [s for s in SCHEMA.split(";") if s.strip()]


def index_dir(root: Path, cache: Path | None = None) -> Path:
    """Where the index of the data folder `root` is kept: in the cache folder (`cache`, else
    the platform's), one folder per data folder, named by the data folder's real path."""
    if cache is None:
        cache = cache_dir()
    name = hashlib.sha256(os.fsencode(os.path.realpath(root))).hexdigest()[:24]
    return cache / INDEX_DIR / name


def index_path(root: Path, cache: Path | None = None) -> Path:
    return index_dir(root, cache) / NAME


def connect(path: Path, *, busy: float | None = None) -> sqlite3.Connection:
    """The index at `path`, ready to use: rebuilt empty when it is not a database of these
    tables. `busy`: how long to wait for another coretimer's write (`BUSY_SECONDS`).
    Raises sqlite3.Error (and OSError) when it cannot be opened or made at all."""
    busy = BUSY_SECONDS if busy is None else busy
    for _ in range(2):
        path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit: each refresh is one explicit BEGIN IMMEDIATE ... COMMIT.
        db = sqlite3.connect(path, timeout=busy, isolation_level=None,
                             check_same_thread=False)
        try:
            db.execute("PRAGMA synchronous=NORMAL")  # derived: a lost last write is rebuilt
            db.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer
            if _ready(db):
                return db
        except sqlite3.DatabaseError as exc:  # else not a database at all, or damaged
            if is_busy(exc):
                db.close()
                raise
        db.close()
        remove(path)
    raise sqlite3.DatabaseError(f"{path}: cannot be made into an index")


def in_memory() -> sqlite3.Connection:
    """An index that lives only as long as this load: when the file one is busy or cannot
    be written (a full cache disk)."""
    db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    for statement in STATEMENTS:
        db.execute(statement)
    return db


def is_busy(exc: BaseException) -> bool:
    """Another coretimer holds the database (not damage: it is not deleted)."""
    return isinstance(exc, sqlite3.OperationalError) and (
        "locked" in str(exc) or "busy" in str(exc))


def _ready(db: sqlite3.Connection) -> bool:
    """True when `db` is this program's index of this version (making the tables in an
    empty file); False when it is something else, to be deleted."""
    ids = _ids(db)
    if ids == (APPLICATION_ID, USER_VERSION):
        return True
    if ids != (0, 0) or _has_tables(db):
        return False
    db.execute("BEGIN IMMEDIATE")
    with db:
        if _ids(db) == (0, 0) and not _has_tables(db):  # (another app may have made it)
            for statement in STATEMENTS:
                db.execute(statement)
            db.execute(f"PRAGMA application_id={APPLICATION_ID}")
            db.execute(f"PRAGMA user_version={USER_VERSION}")
    return _ids(db) == (APPLICATION_ID, USER_VERSION)


def is_ours(db: sqlite3.Connection) -> bool:
    """`db` is this program's index of this version."""
    return _ids(db) == (APPLICATION_ID, USER_VERSION)


def _ids(db: sqlite3.Connection) -> tuple[int, int]:
    (app_id,) = db.execute("PRAGMA application_id").fetchone()
    (version,) = db.execute("PRAGMA user_version").fetchone()
    return int(app_id), int(version)


def _has_tables(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None


def remove(path: Path) -> None:
    """Delete the database and its WAL files (another coretimer that has it open keeps
    its own copy until it closes it: neither is damaged)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")


def get_meta(db: sqlite3.Connection, key: str) -> Any:
    found = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if found is None else found[0]


def set_meta(db: sqlite3.Connection, key: str, value: object) -> None:
    db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))


class DamagedRow(ValueError):
    """A row of the index does not read (changed by hand, or by a faulty version)."""


#: The columns `summaries` reads a session from, in its order.
SUMMARY_COLUMNS = "file, size, mtime, answer, answer_pain, row"
#: What a damaged row can raise as it is read.
ROW_DAMAGE = (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError)


def summaries(rows: Iterable[Any]) -> list[SessionSummary]:
    """The sessions of `rows` (of `SUMMARY_COLUMNS`), their answers applied. Raises
    DamagedRow."""
    from_row, with_answer = SessionSummary.from_row, SessionSummary.with_answer
    out = []
    try:
        rows = list(rows)
        # (one JSON document for every row: decoded in one go, not one call per row)
        data = json.loads("[" + ",".join(row[5] for row in rows) + "]")
        for (file, size, mtime, answer, pain, _), doc in zip(rows, data, strict=True):
            summary = from_row(os.fsdecode(file), (size, mtime), doc)
            if answer is not None and (answer, pain) != (summary.next_morning,
                                                         summary.next_morning_pain):
                summary = with_answer(summary, answer, pain)
            out.append(summary)
    except ROW_DAMAGE as exc:
        raise DamagedRow(str(exc)) from None
    return out


#: The local time zone's rules, when TZ does not name them.
LOCALTIME = Path("/etc/localtime")


def tz_key() -> str:
    """What the local days depend on: days worked out in another time zone are worked out
    again. Zones can share names and offsets and still differ in their past rules, so the
    zone file itself counts too (where it lives, its size and time)."""
    try:
        st = LOCALTIME.stat()
        zone = f"{os.path.realpath(LOCALTIME)} {st.st_size} {st.st_mtime_ns}"
    except OSError:
        zone = ""
    return repr((time.tzname, time.timezone, time.altzone, os.environ.get("TZ"), zone))


def _key(generation: object, rules: tuple[object, ...]) -> str:
    """What a result is saved under: the state of the index it was worked out from, the rules
    it was worked out by, and the time zone."""
    return repr((generation, *rules, tz_key()))


def saved_result(db: sqlite3.Connection, name: str, kind: type[R], generation: object,
                 *rules: object) -> R | None:
    """The result saved as `name` for the index in the state `generation` by `rules`, when it
    reads back as a `kind`; None otherwise (then it is worked out again)."""
    found = db.execute("SELECT body FROM results WHERE name = ? AND key = ?",
                       (name, _key(generation, rules))).fetchone()
    try:
        # (pickle: the database is this program's own, in the user's cache folder)
        value = None if found is None else pickle.loads(found[0])
    except Exception:  # damaged, or of another version
        return None
    return value if isinstance(value, kind) else None


def save_result(path: Path, name: str, value: object, generation: int | None,
                *rules: object) -> None:
    """Save `value` as `saved_result` reads it, unless the index at `path` changed since the
    state `generation` (None: an index in memory, nothing saved). A failure is ignored: it
    is only a shortcut (busy, or a full disk: closing rolls back)."""
    if generation is None:
        return
    with contextlib.suppress(sqlite3.Error, OSError), contextlib.closing(
            connect(path, busy=SAVE_BUSY)) as db:
        db.execute("BEGIN IMMEDIATE")
        if get_meta(db, "generation") == generation:
            db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?)",
                       (name, _key(generation, rules), pickle.dumps(value)))
        db.execute("COMMIT")
