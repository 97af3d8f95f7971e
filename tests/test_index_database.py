"""The index's SQLite database: rebuilt when it is damaged or not ours, set aside (the load
built in memory) while another coretimer holds it, sound after two processes used it at once,
kept out of the data folder, and the statistics saved in it worked out again whenever the
history changes or what was saved does not read back."""

from __future__ import annotations

import dataclasses
import os
import pickle
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from coretimer.coaching.stats import StatsFacts
from coretimer.index import database
from coretimer.index.database import APPLICATION_ID, USER_VERSION, index_path
from coretimer.index.queries import load_summaries, stats_facts
from coretimer.index.sync import Summaries
from coretimer.store.history import Store, session_bytes
from tests.history_files import OLD, answer, put, record, zone_kept
from tests.index_files import connection, saved_stats
from tests.test_index_matches_the_files import View, full_load, seen

OUR_TABLES = {"sessions", "answers", "meta", "results"}


@pytest.fixture
def store(data_dir: Path) -> Store:
    """Twelve sessions (one with pain, one answered), indexed in the test's cache folder."""
    for i in range(12):
        put(data_dir, record(i, pain=3 if i == 7 else None))
    answer(data_dir, "s00004", "worse", 5)
    return Store(data_dir)


def loaded(store: Store) -> tuple[Summaries, View]:
    """A load through the index, after checking it shows what a full load shows."""
    result = load_summaries(store, recover=False)
    assert seen(result) == full_load(store)
    assert len(result.sessions) >= 12
    return result, full_load(store)


def ids(path: Path) -> tuple[int, int, set[str], str]:
    """The database's application id, version, tables and integrity."""
    with closing(sqlite3.connect(path)) as db:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {name for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    return app_id, version, tables, integrity


def ours(path: Path) -> None:
    assert ids(path) == (APPLICATION_ID, USER_VERSION, OUR_TABLES, "ok")


def a_session_more(store: Store, i: int = 40) -> None:
    put(store.root, record(i), mtime=OLD + i)


def junk(store: Store) -> None:
    """A file that does not read: reported at every load, wherever the index is."""
    (store.sessions_dir / "junk.json").write_bytes(b"{")


# --- damaged, and not ours --------------------------------------------------------------------


def random_bytes(data: bytes) -> bytes:
    return os.urandom(len(data))


def truncated(data: bytes) -> bytes:
    return data[:len(data) // 2 + 100]


def zeroed_header(data: bytes) -> bytes:
    return bytes(100) + data[100:]


def zeroed_pages(data: bytes) -> bytes:
    """The first page (the header, and what tables there are) whole, the rows' pages zeroed:
    the file opens as our index and fails only when its rows are read."""
    return data[:4096] + bytes(len(data) - 4096)


@pytest.mark.parametrize("damage", [random_bytes, truncated, zeroed_header, zeroed_pages])
def test_a_damaged_database_is_rebuilt(store: Store, damage: object) -> None:
    assert callable(damage)
    loaded(store)
    path = index_path(store.root, store.cache_dir)
    assert path.stat().st_size > 4096  # (pages beyond the first: truncation loses tables)
    assert not Path(f"{path}-wal").exists()  # (all of it in the file that is damaged)
    path.write_bytes(damage(path.read_bytes()))
    junk(store)
    first, _ = loaded(store)  # (damage met only at a query: in memory, the file deleted)
    assert [p.path.name for p in first.problems] == ["junk.json"]  # (said once)
    a_session_more(store)
    result, _ = loaded(store)
    assert result.generation is not None  # the file again
    ours(path)
    assert loaded(store)[0].read == 1  # and kept: nothing read again but the junk


def other_app(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA application_id=1234")
    db.execute("CREATE TABLE notes(x)")
    db.execute("INSERT INTO notes VALUES ('someone else''s')")


def older_tables(db: sqlite3.Connection) -> None:
    db.execute(f"PRAGMA application_id={APPLICATION_ID}")
    db.execute(f"PRAGMA user_version={USER_VERSION - 1000}")
    db.execute("CREATE TABLE sessions(file TEXT PRIMARY KEY, row TEXT)")  # an older shape
    db.execute("INSERT INTO sessions VALUES ('s00001.json', 'not a row of these tables')")
    db.execute("CREATE TABLE old_cache(x)")


def unrelated_tables(db: sqlite3.Connection) -> None:  # (ids 0: no program claims it)
    db.execute("CREATE TABLE t(x)")
    db.execute("INSERT INTO t VALUES (1)")


@pytest.mark.parametrize("make", [other_app, older_tables, unrelated_tables])
def test_a_database_that_is_not_ours_is_rebuilt(store: Store, make: object) -> None:
    assert callable(make)
    path = index_path(store.root, store.cache_dir)
    path.parent.mkdir(parents=True)
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        make(db)
    assert ids(path)[:3] != (APPLICATION_ID, USER_VERSION, OUR_TABLES)
    result, _ = loaded(store)
    assert result.generation is not None
    assert result.read == 13  # every file read: nothing of the old database was used
    ours(path)  # (its ids ours, its old tables gone)
    assert loaded(store)[0].read == 0


# --- busy -------------------------------------------------------------------------------------


@pytest.fixture
def quick_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wait 0.2 s, not 5 s, for another coretimer's write."""
    monkeypatch.setattr(database, "BUSY_SECONDS", 0.2)


@pytest.fixture
def held(store: Store, quick_busy: None, request: pytest.FixtureRequest
         ) -> Iterator[sqlite3.Connection]:
    """The index on disk, then held by another connection's exclusive transaction (in the
    journal mode the test's parameter names)."""
    loaded(store)
    other = sqlite3.connect(index_path(store.root, store.cache_dir), isolation_level=None)
    assert other.execute(f"PRAGMA journal_mode={request.param}").fetchone()[0] == (
        request.param)
    other.execute("BEGIN EXCLUSIVE")
    other.execute("INSERT INTO meta VALUES ('held by another', 1)")
    yield other
    other.close()


@pytest.mark.parametrize("held", ["wal", "delete"], indirect=True)
def test_a_busy_database_is_set_aside_and_the_load_built_in_memory(
        store: Store, held: sqlite3.Connection) -> None:
    a_session_more(store)
    junk(store)
    began = time.monotonic()
    result, _ = loaded(store)
    assert time.monotonic() - began < 3  # (the busy wait patched: not 5 s)
    assert result.generation is None
    assert result.read == 15  # every file, in memory
    assert [p.path.name for p in result.problems] == ["junk.json"]  # (said once)
    held.execute("ROLLBACK")
    held.close()
    path = index_path(store.root, store.cache_dir)
    ours(path)  # nothing on disk damaged, nor deleted
    again, _ = loaded(store)
    assert again.generation is not None  # the file, once it is free
    assert again.read == 2  # the session added meanwhile and the junk: the file was kept
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT * FROM meta WHERE key = 'held by another'").fetchall() == []


# --- two processes --------------------------------------------------------------------------

LOADS = textwrap.dedent("""
    import sys
    from pathlib import Path
    from coretimer.index.queries import load_summaries
    from coretimer.store.history import Store

    store = Store(Path(sys.argv[1]))
    in_memory = 0
    for _ in range(20):
        result = load_summaries(store, recover=False)
        assert result.unreadable is None and not result.problems, result.problems
        assert not result.duplicates
        in_memory += result.generation is None
    print(in_memory)
""")


def put_atomically(root: Path, i: int) -> None:
    """As the store writes a session (a whole file or none: no load sees half of one)."""
    temp = root / "sessions" / f".s{i}.tmp"
    temp.write_bytes(session_bytes(record(i)))
    os.replace(temp, root / "sessions" / f"s{i:05d}.json")


def test_two_processes_loading_while_sessions_arrive_leave_a_sound_database(
        store: Store) -> None:
    """From no database at all: both make it, and both bring it up to date."""
    runs = [subprocess.Popen([sys.executable, "-c", LOADS, str(store.root)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    i = 100
    while any(run.poll() is None for run in runs) and i < 140:
        put_atomically(store.root, i)
        i += 1
        time.sleep(0.01)
    outputs = [run.communicate(timeout=120) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert out.strip().isdigit(), out
    assert i > 102  # (sessions arrived while they loaded)
    path = index_path(store.root, store.cache_dir)
    ours(path)
    result, full = loaded(store)
    assert result.generation is not None
    assert len(full[0]) == 12 + i - 100


# --- where it lives -----------------------------------------------------------------------


def test_the_database_is_in_the_cache_folder_never_in_the_data_folder(
        tmp_path: Path, store: Store) -> None:
    before = sorted(p.relative_to(store.root) for p in store.root.rglob("*"))
    loaded(store)
    stats_facts(store)
    a_session_more(store)
    loaded(store)
    after = sorted(p.relative_to(store.root) for p in store.root.rglob("*"))
    assert after == sorted([*before, Path("sessions/s00040.json")])
    path = index_path(store.root)
    assert path.is_file()
    assert path.is_relative_to(tmp_path / "cache")  # ($CORETIMER_CACHE_DIR, set by conftest)
    assert not path.is_relative_to(store.root)


def test_an_index_folder_that_cannot_be_made_leaves_the_load_in_memory(store: Store) -> None:
    folder = index_path(store.root).parent
    folder.parent.mkdir(parents=True)
    folder.write_text("a file where the index's folder should be")
    for _ in range(2):
        result, _ = loaded(store)
        assert result.generation is None and result.read == 13
    assert folder.read_text() == "a file where the index's folder should be"


def test_two_data_folders_have_two_databases(tmp_path: Path, store: Store) -> None:
    other = Store(tmp_path / "other")
    put(other.root, record(50))
    loaded(store)
    assert seen(load_summaries(other, recover=False)) == full_load(other)
    first, second = index_path(store.root), index_path(other.root)
    assert first != second and first.is_file() and second.is_file()
    with closing(connection(store)) as db:
        assert len(db.execute("SELECT file FROM sessions").fetchall()) == 12
    with closing(connection(other)) as db:
        assert db.execute("SELECT file FROM sessions").fetchall() == [(b"s00050.json",)]
    link = tmp_path / "link-to-data"
    link.symlink_to(store.root)
    assert index_path(link) == first  # (one folder reached two ways: one database)


# --- the statistics saved -------------------------------------------------------------------


def full_stats(store: Store) -> StatsFacts:
    return StatsFacts.of(full_load(store)[0])


def edit_in_place(store: Store) -> None:
    path = store.sessions_dir / "s00003.json"
    path.write_bytes(path.read_bytes().replace(b'"status": "completed"',
                                               b'"status": "ended_early"'))
    os.utime(path, (OLD + 7, OLD + 7))


@pytest.mark.parametrize("change", [
    a_session_more,
    lambda store: (store.sessions_dir / "s00002.json").unlink(),
    lambda store: answer(store.root, "s00005", "worse", 8, mtime=OLD + 3),
    lambda store: (store.sessions_dir / "s00004.next-morning").unlink(),
    edit_in_place,
    lambda store: put(store.root, record(6, sets=5, pain=2), name="s00006 (conflict).json"),
], ids=["added", "removed", "answered", "answer withdrawn", "edited", "conflict copy"])
def test_the_saved_statistics_are_worked_out_again_when_anything_changes(
        store: Store, change: object) -> None:
    assert callable(change)
    _, facts = stats_facts(store)
    assert facts == full_stats(store)
    assert saved_stats(store) == facts
    # What is saved is what is shown (else this test would pass were it never read):
    # facts no real history has, saved as if for the index as it is.
    fake = dataclasses.replace(facts, sessions=999)
    with closing(connection(store)) as db:
        db.execute("UPDATE results SET body = ? WHERE name = 'stats'", (pickle.dumps(fake),))
    assert stats_facts(store)[1] == fake
    change(store)
    _, facts = stats_facts(store)
    assert facts.sessions != 999
    assert facts == full_stats(store)
    assert saved_stats(store) == facts


def test_the_saved_statistics_are_of_the_time_zone_in_force(store: Store) -> None:
    for i in range(12):  # (late in the day in UTC: tomorrow 14 hours east)
        put(store.root, record(i).model_copy(update={
            "started_at": record(i).started_at.replace(hour=20),
            "ended_at": record(i).started_at.replace(hour=21)}))
    _, in_utc = stats_facts(store)
    assert in_utc == full_stats(store)
    with zone_kept():
        os.environ["TZ"] = "Pacific/Kiritimati"
        time.tzset()
        _, there = stats_facts(store)
        assert there == full_stats(store)
        assert there.per_day != in_utc.per_day
        assert saved_stats(store) == there
    assert stats_facts(store)[1] == in_utc


@pytest.mark.parametrize("body", [
    b"\x00\xff not a pickle", b"", pickle.dumps("not the facts"),
    pickle.dumps(StatsFacts.of([]))[:-5],
], ids=["garbage", "empty", "another type", "cut short"])
def test_saved_statistics_that_do_not_read_back_are_worked_out_again(
        store: Store, body: bytes) -> None:
    stats_facts(store)
    with closing(connection(store)) as db:
        assert db.execute("UPDATE results SET body = ? WHERE name = 'stats'",
                          (body,)).rowcount == 1
    _, facts = stats_facts(store)
    assert facts == full_stats(store)
    assert facts.sessions == 12
    assert saved_stats(store) == facts  # (and saved again)
