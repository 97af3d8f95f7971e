"""What the tests read of the index's database directly (the app only ever asks it through
`coretimer.index.queries`)."""

from __future__ import annotations

import pickle
import sqlite3
from contextlib import closing

from coretimer.coaching.stats import StatsFacts
from coretimer.index.database import index_path
from coretimer.store.history import Store


def connection(store: Store) -> sqlite3.Connection:
    return sqlite3.connect(index_path(store.root, store.cache_dir), isolation_level=None)


def saved_stats(store: Store) -> StatsFacts | None:
    """The statistics saved in the index of `store`, whatever state of it they are for."""
    with closing(connection(store)) as db:
        found = db.execute("SELECT body FROM results WHERE name = 'stats'").fetchone()
    facts = None if found is None else pickle.loads(found[0])
    assert facts is None or isinstance(facts, StatsFacts)
    return facts
