"""What home shows of the history (`HomeFacts`), asked of the index: small whatever the
history's size."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing, suppress
from datetime import date, datetime
from typing import TYPE_CHECKING

from coretimer.coaching.streaks import HomeFacts
from coretimer.index import sync
from coretimer.index.database import (
    ROW_DAMAGE,
    SUMMARY_COLUMNS,
    DamagedRow,
    connect,
    get_meta,
    index_path,
    saved_result,
    summaries,
    tz_key,
)
from coretimer.index.sync import folder_time, has_journals

if TYPE_CHECKING:
    from coretimer.model.summaries import SessionSummary
    from coretimer.store.history import Store

#: How long home waits, before the first frame, for another coretimer's write.
FIRST_FRAME_BUSY = 0.1


def home_facts(db: sqlite3.Connection) -> HomeFacts:
    """Home's facts of the sessions the index shows (its days are of the local time zone
    when it was last brought up to date)."""
    try:
        per_day = {date.fromisoformat(day): n for day, n in db.execute(
            "SELECT day, COUNT(*) FROM sessions WHERE shown = 1 GROUP BY day")}
        routines = {json.loads(routine): datetime.fromisoformat(started)
                    for routine, started, _ in db.execute(
                        "SELECT routine, started_at, MAX(started_us) FROM sessions "
                        "WHERE shown = 1 GROUP BY routine")}
    except ROW_DAMAGE as exc:
        raise DamagedRow(str(exc)) from None
    return HomeFacts(per_day, _newest(db, ""), routines, _newest(db, "AND is_test"),
                     sum(per_day.values()))


def _newest(db: sqlite3.Connection, where: str) -> SessionSummary | None:
    found = summaries(db.execute(f"SELECT {SUMMARY_COLUMNS} FROM sessions WHERE shown = 1 "
                                 f"{where} ORDER BY started_us DESC, file LIMIT 1"))
    return found[0] if found else None


def home_facts_if_unchanged(store: Store) -> HomeFacts | None:
    """Home's facts without listing the sessions folder, when the index can be trusted as
    it is: the folder has not changed since it was last listed (long enough before that
    listing that a change in the same tick of a coarse clock cannot hide), in this time
    zone, with no crashed session waiting to be recovered. None otherwise: then the
    history is loaded as usual before home is filled."""
    if has_journals(store.journal_dir):
        return None
    now_ns = folder_time(store)
    if now_ns is None:
        if store.root.is_dir() and not store.sessions_dir.exists():  # no history yet
            return HomeFacts({}, None, {}, None, 0)
        return None
    path = index_path(store.root, store.cache_dir)
    if not path.exists():
        return None
    # (busy, damaged: the load after the first frame rebuilds)
    with suppress(sqlite3.Error, OSError, DamagedRow), closing(
            connect(path, busy=FIRST_FRAME_BUSY)) as db:
        listed = get_meta(db, "listed_ns")
        if (type(listed) is int and get_meta(db, "folder_ns") == now_ns
                and now_ns < listed - sync.RACY_NS and get_meta(db, "tz") == tz_key()):
            return saved_home_facts(db) or home_facts(db)
    return None


def saved_home_facts(db: sqlite3.Connection) -> HomeFacts | None:
    """Home's facts as saved for the index in its state now (in this time zone): one row,
    however long the history."""
    return saved_result(db, "home", HomeFacts, get_meta(db, "generation"))
