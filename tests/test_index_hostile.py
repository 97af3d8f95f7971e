"""The index against what a real folder and a real user can throw at it (issue 26's review):
file names that are not UTF-8, file times past 2262, text SQLite cannot hold, a number too
big for SQLite, a sync tool that keeps the writer's file time, a folder changed in the very
second it was listed, and another coretimer waiting while files are read. Each is compared
with the full load, and none may reach the user as a traceback."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from coretimer.index import sync
from coretimer.index.database import index_path
from coretimer.index.home import home_facts_if_unchanged
from coretimer.index.queries import load_summaries, newest_summaries
from coretimer.model.summaries import SessionSummary
from coretimer.store.history import Store, session_bytes
from tests.history_files import OLD, put, record, run
from tests.test_index_matches_the_files import full_load, seen


@pytest.fixture
def store(tmp_path: Path) -> Store:
    for i in range(6):
        put(tmp_path, record(i))
    return Store(tmp_path)


def same_as_full_load(store: Store) -> None:
    assert seen(load_summaries(store, recover=False)) == full_load(store)


def test_a_file_name_that_is_not_utf8_loads_as_a_full_load_does(
        store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    """A file synced from a machine with another encoding: its name is bytes Python can
    only carry as surrogates, which SQLite's text cannot hold."""
    folder = os.fsencode(store.sessions_dir)
    os.rename(folder + b"/s00001.json", folder + b"/s00001 \xe9.json")
    same_as_full_load(store)
    same_as_full_load(store)  # (and from the index's rows)
    assert run(store.root, "history") == 0 and run(store.root, "stats") == 0
    assert "s00001" in capsys.readouterr().out


def test_a_file_time_after_2262_is_never_trusted_and_never_a_crash(store: Store) -> None:
    path = store.sessions_dir / "s00002.json"
    far = 2**63 // 10**9 + 86_400 * 400  # past what 64 bits of nanoseconds hold
    try:
        os.utime(path, (far, far))
    except (OverflowError, OSError) as exc:
        pytest.skip(f"this file system takes no such time: {exc}")

    def unstamped(view: tuple[list[SessionSummary], list[str], list[object]]) -> object:
        # (the index keeps that time as the most SQLite holds: the stamps differ)
        return [s._replace(stamp=(0, 0)) for s in view[0]], view[1:]

    assert unstamped(seen(load_summaries(store, recover=False))) == unstamped(
        full_load(store))
    assert load_summaries(store, recover=False).read == 1  # read again: never settled


def test_text_sqlite_cannot_hold_is_kept_as_it_is(store: Store) -> None:
    """Lone surrogates (JSON's "\\udc80") in a routine id and in an answer's session id."""
    doc = json.loads(session_bytes(record(9)))
    doc["routine"] = "odd-\udc80-routine"
    (store.sessions_dir / "s00009.json").write_text(json.dumps(doc))
    (store.sessions_dir / "s00003.next-morning").write_text(
        json.dumps({"session": "s00003\udc80", "next_morning": "worse", "pain": 4}))
    same_as_full_load(store)
    facts = load_summaries(store, recover=False, home=True).facts
    assert facts is not None and "odd-\udc80-routine" in facts.last_done


def test_a_limit_too_big_for_sqlite_shows_every_session(
        store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    load_summaries(store, recover=False)
    assert run(store.root, "history", "--limit", str(10**20)) == 0
    assert capsys.readouterr().out.count("\n") == 1 + 6
    loaded, newest = newest_summaries(store, 10**20)
    assert loaded.read == 0 and len(newest) == 6  # (the index was not thrown away)


def test_a_file_replaced_keeping_its_size_and_time_is_read_again(store: Store) -> None:
    """What `rsync -t` and sync tools do: the writer's modification time is kept, and a
    same-size change would look unchanged by size and time alone; the change time cannot
    be set back."""
    load_summaries(store, recover=False)
    path = store.sessions_dir / "s00004.json"
    before = path.stat()
    changed = session_bytes(record(4).model_copy(update={"routine_name": "Back-safe FOUNDATIONZ"}))
    assert len(changed) == before.st_size
    time.sleep(0.01)
    path.write_bytes(changed)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    names = {s.id: s.routine_name for s in load_summaries(store, recover=False).sessions}
    assert names["s00004"] == "Back-safe FOUNDATIONZ"


def test_a_folder_changed_in_the_second_it_was_listed_is_not_trusted(store: Store) -> None:
    """On a file system of one-second times, a file renamed into the folder just after
    the listing leaves the folder's time as it was: a result is trusted (and the folder
    not listed again) only once the folder's time is well before the listing."""
    os.utime(store.sessions_dir, (OLD, OLD))
    assert load_summaries(store, recover=False).trusted
    os.utime(store.sessions_dir)  # (now: as a file renamed into it just now leaves it)
    first = load_summaries(store, recover=False)
    assert not first.trusted
    put(store.root, record(7), mtime=OLD)
    os.utime(store.sessions_dir, ns=(first.folder_ns or 0, first.folder_ns or 0))
    later = load_summaries(store, recover=False, since=first)
    assert later is not first and "s00007" in {s.id for s in later.sessions}


def test_another_coretimer_never_waits_while_files_are_read(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are read and checked before the index is locked: another coretimer waits for
    the rows to be written, never for pydantic."""
    load_summaries(store, recover=False)
    for i in range(6, 10):
        put(store.root, record(i))
    writes_blocked: list[bool] = []
    real = Store.read_file

    def reading(self: Store, *args: object, **kwargs: object) -> object:
        other = sqlite3.connect(index_path(store.root, store.cache_dir), timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            writes_blocked.append(False)
        except sqlite3.OperationalError:
            writes_blocked.append(True)
        finally:
            other.close()
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "read_file", reading)
    worker = threading.Thread(target=load_summaries, args=(store,), kwargs={"recover": False})
    worker.start()
    worker.join()
    assert writes_blocked == [False] * 4
    same_as_full_load(store)


def test_an_index_that_refuses_writes_leaves_the_load_in_memory(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever goes wrong with SQLite while the rows are written (here: every write
    refused), the load falls back to an index in memory and says what a full load says."""
    load_summaries(store, recover=False)
    put(store.root, record(20))

    real = sync._Plan.apply

    def refused(plan: sync._Plan, db: sqlite3.Connection) -> None:
        if db.execute("PRAGMA database_list").fetchone()[2]:  # (the file; not in memory)
            raise sqlite3.OperationalError("disk I/O error")
        real(plan, db)

    monkeypatch.setattr(sync._Plan, "apply", refused)
    result = load_summaries(store, recover=False)
    assert result.generation is None
    assert seen(result) == full_load(store)


def test_home_is_drawn_from_the_index_once_the_folder_has_settled(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first load lists a folder changed a moment ago (sessions just arrived): home's
    facts are not trusted yet. A later load that finds nothing changed still says the
    index is true as of its own listing, so that the next start draws home at once."""
    os.utime(store.sessions_dir)  # (changed just now)
    load_summaries(store, recover=False)
    assert home_facts_if_unchanged(store) is None  # (too close to the listing)
    later = time.time_ns() + 10 * 10**9
    with monkeypatch.context() as on:
        on.setattr(sync.time, "time_ns", lambda: later)  # a start 10 s on
        assert load_summaries(store, recover=False).read == 0
    facts = home_facts_if_unchanged(store)
    assert facts is not None and facts.count == 6


def test_home_facts_saved_for_the_index_as_it_is_are_what_home_shows(store: Store) -> None:
    """Home's facts are saved with the state of the index they were worked out from: home
    reads that one row however long the history (changed here behind the index's back, to
    show it is read), and any change to the history leaves it behind."""
    import dataclasses
    import pickle
    from contextlib import closing

    os.utime(store.sessions_dir, (OLD, OLD))
    loaded = load_summaries(store, recover=False, home=True)
    assert loaded.facts is not None and loaded.facts.count == 6
    with closing(sqlite3.connect(index_path(store.root, store.cache_dir),
                                 isolation_level=None)) as db:
        assert db.execute("UPDATE results SET body = ? WHERE name = 'home'", (pickle.dumps(
            dataclasses.replace(loaded.facts, count=999)),)).rowcount == 1
    facts = home_facts_if_unchanged(store)
    assert facts is not None and facts.count == 999
    put(store.root, record(30), mtime=OLD)
    os.utime(store.sessions_dir, (OLD + 5, OLD + 5))
    assert load_summaries(store, recover=False, home=True).facts.count == 7  # type: ignore[union-attr]
    facts = home_facts_if_unchanged(store)
    assert facts is not None and facts.count == 7


def test_a_rebuild_after_a_damaged_row_still_says_what_the_first_try_found(
        store: Store) -> None:
    """The first try reads a damaged file and moves it to quarantine (as the app asks);
    then a row of the index does not read, and the index is rebuilt. The file is no longer
    in the folder for the second try to find: the first try's word on it must not be
    lost."""
    from contextlib import closing

    load_summaries(store, recover=False)
    with closing(sqlite3.connect(index_path(store.root, store.cache_dir),
                                 isolation_level=None)) as db:
        db.execute("UPDATE sessions SET row = '[]' WHERE CAST(file AS TEXT) = 's00001.json'")
    (store.sessions_dir / "broken.json").write_text('{"id": ')
    result = load_summaries(store, recover=False, quarantine=True)
    assert [p.path.name for p in result.problems] == ["broken.json"]
    assert not (store.sessions_dir / "broken.json").exists()  # (moved to quarantine)
    assert len(result.sessions) == 6
