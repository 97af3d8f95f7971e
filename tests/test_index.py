"""The history index (issues 15 and 26): a shortcut that never becomes a second source of
truth.

Every test compares what the index gives with what a full load of the session files gives:
with the index missing, damaged, of another version, and stale in every way (a session
added, removed or changed, an answer added or changed, a session arriving by sync with an
old file time), and over random sequences of all of these. (Damaged, foreign, locked and
shared databases: test_index_database.py; a property over random histories:
test_index_matches_the_files.py.)
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import time
from contextlib import closing
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coretimer.coaching.streaks import HomeFacts
from coretimer.coaching.summarise import summarise
from coretimer.index import database
from coretimer.index import home as home_mod
from coretimer.index import sync as sync_mod
from coretimer.index.database import index_dir, index_path
from coretimer.index.home import home_facts_if_unchanged
from coretimer.index.queries import load_summaries
from coretimer.index.sync import Summaries
from coretimer.model import summaries
from coretimer.model.record import SessionRecord
from coretimer.model.summaries import SessionSummary
from coretimer.store.history import Store, session_bytes
from coretimer.store.sessionfiles import ANSWER_SUFFIX
from tests.history_files import OLD, T0, answer, put, record, run


def shown(result: Summaries) -> list[SessionSummary]:
    return sorted((s._replace(stamp=(0, 0)) for s in result.sessions), key=lambda s: s.id)


def full(root: Path) -> tuple[list[SessionSummary], list[str], list[tuple[str, str]]]:
    """What a full load (every file read and validated) shows."""
    loaded = Store(root).load(recover=False)
    files = {}
    for path in sorted((root / "sessions").glob("*.json")):
        if not path.is_file():
            continue
        try:
            files[path.name] = SessionRecord.model_validate_json(path.read_bytes()).id
        except ValueError:
            continue
    kept = {r.id: r for r in loaded.sessions}
    names = {rid: name for name, rid in files.items()}
    for dup in loaded.duplicates:
        names[dup.session_id] = dup.kept.name
    sessions = sorted((summarise(r, names[r.id])._replace(stamp=(0, 0))
                       for r in kept.values()), key=lambda s: s.id)
    return (sessions, sorted(str(p) for p in loaded.problems),
            sorted((d.path.name, d.kept.name) for d in loaded.duplicates))


def seen(result: Summaries) -> tuple[list[SessionSummary], list[str], list[tuple[str, str]]]:
    return (shown(result), sorted(str(p) for p in result.problems),
            sorted((d.path.name, d.kept.name) for d in result.duplicates))


def via_index(root: Path) -> tuple[list[SessionSummary], list[str], list[tuple[str, str]]]:
    return seen(load_summaries(Store(root), recover=False))


def same_as_full_load(root: Path) -> Summaries:
    result = load_summaries(Store(root), recover=False)
    assert seen(result) == full(root)
    return result


@pytest.fixture(autouse=True)
def stamps_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files changed in these tests are seconds old, which the index never trusts (see
    test_a_change_too_close_to_the_index_write_is_read_again): here the stamps alone must
    tell what changed."""
    monkeypatch.setattr(sync_mod, "RACY_NS", 0)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    for i in range(30):
        put(tmp_path, record(i, pain=3 if i % 7 == 0 else None))
    answer(tmp_path, "s00004", "better", 1)
    return tmp_path


def test_the_first_load_writes_the_index_and_the_next_reads_no_file(history: Path) -> None:
    first = load_summaries(Store(history), recover=False)
    assert first.read == 31  # every session and the answer
    assert index_path(history).is_file()
    again = same_as_full_load(history)
    assert again.read == 0
    assert shown(again) == shown(first)
    by_id = {s.id: s for s in again.sessions}
    assert (by_id["s00004"].next_morning, by_id["s00004"].next_morning_pain) == ("better", 1)
    assert by_id["s00007"].pain_levels == (3,)
    assert by_id["s00001"].sets_done == 2 and by_id["s00001"].sets_total == 3


def test_a_missing_index_is_rebuilt(history: Path) -> None:
    load_summaries(Store(history), recover=False)
    index_path(history).unlink()
    assert same_as_full_load(history).read == 31  # every file read again
    assert index_path(history).is_file()  # and the index written again
    assert same_as_full_load(history).read == 0


@pytest.mark.parametrize("damage", [
    b"", b"\x00\xff garbage", b"SQLite format 3\x00" + b"\x00" * 200, b"[1, 2, 3]",
], ids=["empty", "garbage", "a header and nothing", "json"])
def test_a_damaged_index_is_rebuilt_and_shows_what_a_full_load_shows(
        history: Path, damage: bytes) -> None:
    load_summaries(Store(history), recover=False)
    database.remove(index_path(history))
    index_path(history).write_bytes(damage)
    assert via_index(history) == full(history)
    assert same_as_full_load(history).read == 0  # and written again


def edit_rows(root: Path, sql: str, *args: object) -> None:
    """Change the index's rows behind its back (what no change to the files can do)."""
    with closing(sqlite3.connect(index_path(root), isolation_level=None)) as db:
        assert db.execute(sql, args).rowcount >= 1


def test_an_index_of_another_version_is_rebuilt(history: Path) -> None:
    load_summaries(Store(history), recover=False)
    edit_rows(history, "UPDATE sessions SET row = json_set(row, '$[2]', 'another index')")
    with closing(sqlite3.connect(index_path(history))) as db:
        db.execute(f"PRAGMA user_version = {database.USER_VERSION - 1}")
    result = same_as_full_load(history)
    assert result.read == 31


@pytest.mark.parametrize("row", ["[]", "[1, 2, 3]", '"text"', "null", '["s00001"]',
                                 "{", json.dumps([None] * 17)],
                         ids=["empty", "short", "text", "null", "one string", "not json",
                              "nulls"])
def test_a_row_that_does_not_read_has_the_index_rebuilt(history: Path, row: str) -> None:
    """Rows changed by hand, or written by a faulty version."""
    load_summaries(Store(history), recover=False)
    edit_rows(history, "UPDATE sessions SET row = ? WHERE CAST(file AS TEXT) = 's00001.json'", row)
    result = same_as_full_load(history)
    assert result.read == 31
    assert same_as_full_load(history).read == 0


def test_a_row_with_its_best_sets_not_packed_has_the_index_rebuilt(history: Path) -> None:
    load_summaries(Store(history), recover=False)
    edit_rows(history, "UPDATE sessions SET row = json_set(row, '$[14]', json(?)) "
              "WHERE CAST(file AS TEXT) = 's00001.json'",
              '[["plank", "hold", 30.0, true, "Plank"]]')
    assert same_as_full_load(history).read == 31


def test_a_row_the_index_believes_is_shown_as_written(history: Path) -> None:
    """The tests above would pass if the index were never read: show that it is, by changing
    a row without changing its file (what no real change can do) and seeing the change."""
    load_summaries(Store(history), recover=False)
    edit_rows(history, "UPDATE sessions SET row = json_set(row, '$[2]', "
              "'changed in the index only') WHERE CAST(file AS TEXT) = 's00001.json'")
    names = {s.id: s.routine_name for s in load_summaries(Store(history),
                                                          recover=False).sessions}
    assert names["s00001"] == "changed in the index only"


def test_stale_by_a_session_added(history: Path) -> None:
    load_summaries(Store(history), recover=False)
    put(history, record(100), mtime=None)
    result = same_as_full_load(history)
    assert "s00100" in {s.id for s in result.sessions}


def test_stale_by_a_session_removed(history: Path) -> None:
    load_summaries(Store(history), recover=False)
    (history / "sessions" / "s00003.json").unlink()
    result = same_as_full_load(history)
    assert "s00003" not in {s.id for s in result.sessions}
    assert result.read == 0  # nothing had to be read to drop it


def test_stale_by_a_session_changed_even_at_the_same_size(history: Path) -> None:
    load_summaries(Store(history), recover=False)
    path = history / "sessions" / "s00005.json"
    before = path.read_bytes()
    changed = before.replace(b'"Back-safe foundations"', b'"Back-safe foundationz"')
    assert len(changed) == len(before)
    path.write_bytes(changed)
    # Older than the index, as a sync tool that keeps the writer's file time leaves it: only
    # the changed time says it changed (a file newer than the index is always read).
    os.utime(path, (OLD + 1, OLD + 1))
    result = same_as_full_load(history)
    assert {s.id: s.routine_name for s in result.sessions}["s00005"] == "Back-safe foundationz"


def test_a_change_too_close_to_the_index_write_is_read_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A same-size change within the file system's clock tick of the index being written
    keeps size and time: files that new are never trusted."""
    monkeypatch.setattr(sync_mod, "RACY_NS", 2_000_000_000)
    path = put(tmp_path, record(1), mtime=None)
    load_summaries(Store(tmp_path), recover=False)
    stat_before = path.stat()
    path.write_bytes(path.read_bytes().replace(b"foundations\"", b"foundationz\""))
    os.utime(path, ns=(stat_before.st_atime_ns, stat_before.st_mtime_ns))  # same stamp
    result = same_as_full_load(tmp_path)
    assert result.sessions[0].routine_name == "Back-safe foundationz"


def test_stale_by_an_answer_added_changed_and_removed(history: Path) -> None:
    load_summaries(Store(history), recover=False)
    path = answer(history, "s00009", "worse", 6, mtime=None)
    assert {s.id: s.next_morning_pain for s in same_as_full_load(history).sessions
            }["s00009"] == 6
    answer(history, "s00009", "same", 2, mtime=OLD + 1)  # older than the index
    assert {s.id: s.next_morning for s in same_as_full_load(history).sessions
            }["s00009"] == "same"
    path.unlink()
    assert {s.id: s.next_morning for s in same_as_full_load(history).sessions
            }["s00009"] is None


def test_a_session_arriving_by_sync_with_an_old_file_time_is_picked_up(history: Path) -> None:
    """Sync tools keep the file time of the machine that wrote it: older than the index."""
    load_summaries(Store(history), recover=False)
    put(history, record(200), mtime=OLD - 86400)
    result = same_as_full_load(history)
    assert "s00200" in {s.id for s in result.sessions}
    assert result.read == 1  # that file only


def test_a_conflict_copy_is_counted_once_as_a_full_load_does(history: Path) -> None:
    load_summaries(Store(history), recover=False)
    put(history, record(6, sets=5), name="s00006 (conflicted copy).json", mtime=None)
    result = same_as_full_load(history)
    assert [s.sets_total for s in result.sessions if s.id == "s00006"] == [5]
    assert len(result.duplicates) == 1


def test_damaged_and_newer_files_are_reported_at_every_load_as_a_full_load_does(
        history: Path) -> None:
    (history / "sessions" / "broken.json").write_text('{"id": ')
    doc = json.loads(session_bytes(record(300)))
    doc["schema_version"] = 99
    (history / "sessions" / "s00300.json").write_text(json.dumps(doc))
    (history / "sessions" / "folder.json").mkdir()
    for _ in range(2):
        result = same_as_full_load(history)
        assert len(result.problems) == 3


@pytest.mark.parametrize("seed", range(6))
def test_random_changes_always_show_what_a_full_load_shows(tmp_path: Path, seed: int) -> None:
    """Sessions added (with new and old file times), removed, changed, damaged and mended,
    answers given and withdrawn, the index deleted or damaged: in any order."""
    rng = random.Random(seed)
    live: set[int] = set()
    for step in range(40):
        move = rng.choice(["add", "add", "old", "remove", "change", "answer", "unanswer",
                           "damage", "drop index", "garble index", "copy"])
        i = rng.randrange(60)
        folder = tmp_path / "sessions"
        if move in ("add", "old", "change"):
            # Now, or an older time (sync tools keep the writer's file time).
            mtime = OLD - rng.randrange(10**6) if move != "add" else None
            put(tmp_path, record(i, sets=rng.randrange(1, 6),
                                 pain=rng.choice([None, 0, 4])), mtime=mtime)
            live.add(i)
        elif move == "remove" and live:
            gone = rng.choice(sorted(live))
            (folder / f"s{gone:05d}.json").unlink()
            live.discard(gone)
        elif move == "answer" and live:
            answer(tmp_path, f"s{rng.choice(sorted(live)):05d}",
                   rng.choice(["better", "same", "worse"]), rng.choice([None, 3]),
                   mtime=rng.choice([None, OLD - step]))
        elif move == "unanswer":
            for path in sorted(folder.glob(f"*{ANSWER_SUFFIX}"))[:1]:
                path.unlink()
        elif move == "damage" and live:
            damaged = folder / f"s{rng.choice(sorted(live)):05d}.json"
            damaged.write_text("{")
            os.utime(damaged, (OLD + step, OLD + step))
        elif move == "drop index":
            database.remove(index_path(tmp_path))
        elif move == "garble index" and index_path(tmp_path).exists():
            database.remove(index_path(tmp_path))
            index_path(tmp_path).write_bytes(os.urandom(50))
        elif move == "copy" and live:
            put(tmp_path, record(rng.choice(sorted(live)), sets=7),
                name=f"copy-{step}.json", mtime=None)
        assert via_index(tmp_path) == full(tmp_path), f"after step {step}: {move}"


def test_the_index_is_never_needed(history: Path) -> None:
    """Nothing but the index may be deleted without loss: a store whose index folder
    cannot be written still loads (the index is only a shortcut)."""
    index_dir(history).parent.mkdir(parents=True)
    index_dir(history).write_text("a file where the index folder should be")
    assert via_index(history) == full(history)


def test_a_look_at_an_unchanged_folder_keeps_the_last_result(history: Path) -> None:
    store = Store(history)
    load_summaries(store, recover=False)
    first = load_summaries(store, recover=False)
    assert first.trusted
    database.remove(index_path(history))
    index_path(history).write_bytes(b"not read at all when nothing changed")
    assert load_summaries(store, recover=False, since=first) is first
    put(history, record(400), mtime=OLD + 5)
    later = load_summaries(store, recover=False, since=first)
    assert later is not first and "s00400" in {s.id for s in later.sessions}
    assert seen(later) == full(history)


# --- the app --------------------------------------------------------------------------------


def facts_key(facts: HomeFacts) -> tuple[object, ...]:
    return (facts.per_day, facts.last and facts.last.id, facts.last_done,
            facts.latest_test and facts.latest_test.id, facts.count)


def home_sessions(app: object) -> list[SessionSummary]:
    """The app's history, after checking that home shows the facts of exactly that."""
    from coretimer.ui.app import CoretimerApp

    assert isinstance(app, CoretimerApp) and app.history is not None
    data = app._home.data
    assert data is not None
    assert facts_key(data.facts) == facts_key(HomeFacts.of(app.history.shown()))
    return sorted((s._replace(stamp=(0, 0)) for s in app.history.shown()),
                  key=lambda s: s.id)


@pytest.mark.parametrize("index_state", ["missing", "damaged", "stale", "up to date"])
async def test_the_app_shows_what_a_full_load_shows_whatever_the_index(
        tmp_path: Path, index_state: str) -> None:
    from tests.scenarios import build_app, ready

    app, _clock = build_app(tmp_path)
    data = tmp_path / "data"
    load_summaries(Store(data), recover=False)  # an index, made before the app starts
    if index_state == "missing":
        database.remove(index_path(data))
    elif index_state == "damaged":
        database.remove(index_path(data))
        index_path(data).write_bytes(b'SQLite format 3\x00 and then nothing')
    elif index_state == "stale":
        (data / "sessions" / sorted(p.name for p in (data / "sessions").glob("*.json"))[0]
         ).unlink()
        put(data, record(500), mtime=OLD)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)  # (the history loads in a thread after the first frame)
        assert home_sessions(app) == full(data)[0]
        assert len(home_sessions(app)) >= 3


async def test_a_session_arriving_by_sync_shows_up_while_the_app_is_open(
        tmp_path: Path) -> None:
    from textual.widgets import DataTable

    from coretimer.ui.screens.history import HistoryScreen
    from coretimer.ui.screens.home import HomeScreen
    from tests.scenarios import build_app, ready, settled

    app, _clock = build_app(tmp_path)
    data = tmp_path / "data"
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)  # (the history loads in a thread after the first frame)
        before = len(home_sessions(app))
        await pilot.press("h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        rows = screen.query_one(DataTable).row_count
        arrived = record(600)
        put(data, replace_time(arrived, app), mtime=OLD)
        app.refresh_history()  # what the timer does every HISTORY_REFRESH_SECONDS
        await settled(pilot)
        assert len(home_sessions(app)) == before + 1
        assert screen.query_one(DataTable).row_count == rows + 1
        assert home_sessions(app) == full(data)[0]
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert "Sync Arrival" in str(app.screen.query_one("#streak-box").render())


def replace_time(rec: SessionRecord, app: object) -> SessionRecord:
    """`rec`, as the newest session (a minute before the app's clock), from another machine."""
    from coretimer.ui.app import CoretimerApp

    assert isinstance(app, CoretimerApp)
    start = app.state.clock.wall() - timedelta(hours=1)
    return rec.model_copy(update={"started_at": start, "ended_at": start + timedelta(
        minutes=20), "routine_name": "Sync Arrival"})


def test_the_index_knows_every_status_and_answer_a_session_can_have() -> None:
    from typing import get_args

    from coretimer.model.record import NextMorning, Status

    assert set(get_args(Status)) == summaries.STATUSES
    assert set(get_args(NextMorning)) | {None} == summaries.ANSWERS


async def test_home_is_filled_from_the_caches_before_anything_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every start after the first: the routine cards and home's facts are kept and the
    sessions folder has not changed, so the first frame is the filled home (the full look at
    every file comes after it; here it is held back to show that nothing else filled it)."""
    from textual.widgets import DataTable

    from coretimer.routine.cards import load_cards
    from coretimer.ui.app import CoretimerApp
    from tests.scenarios import build_app, ready

    app, _clock = build_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:  # the first start writes the caches
        await ready(pilot)
        shown = str(app._home.query_one("#streak-box").render())
    monkeypatch.setattr(CoretimerApp, "_load_after_first_frame", lambda self: None)
    app, _clock = build_app(tmp_path)  # (it writes its files again)
    data = tmp_path / "data"
    for path in [*(data / "sessions").iterdir(), data / "sessions",
                 *(tmp_path / "config" / "routines").iterdir()]:
        os.utime(path, (OLD, OLD))  # as they are long after their last change
    load_summaries(Store(data))  # the index, for the folder as it is now
    load_cards(tmp_path / "config", tmp_path / "cache")  # the cards, for the files as they are
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.history is None  # nothing was read but the two caches
        assert str(app._home.query_one("#streak-box").render()) == shown
        assert "Last:" in shown
        assert app._home.query_one("#routines", DataTable).row_count >= 8


def test_home_facts_hold_only_for_the_folder_and_time_zone_they_were_made_for(
        history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(history)
    os.utime(history / "sessions", (OLD, OLD))
    full_load = load_summaries(store)
    kept = home_facts_if_unchanged(store)
    assert kept is not None
    assert facts_key(kept) == facts_key(HomeFacts.of(full_load.sessions))
    assert kept.count == 30 and kept.last is not None and kept.last.id == "s00029"
    # Another time zone: local days may differ.
    with monkeypatch.context() as elsewhere:
        elsewhere.setattr(home_mod, "tz_key", lambda: "elsewhere")
        assert home_facts_if_unchanged(store) is None
    # A crashed session waiting to be recovered.
    (history / "journal").mkdir()
    (history / "journal" / "x.jsonl").write_text("")
    assert home_facts_if_unchanged(store) is None
    (history / "journal" / "x.jsonl").unlink()
    assert home_facts_if_unchanged(store) is not None
    # A session written into the folder (atomically, as the store and sync tools do).
    from coretimer.durable import atomic_write

    atomic_write(history / "sessions" / "s00700.json", session_bytes(record(700)))
    assert home_facts_if_unchanged(store) is None
    os.utime(history / "sessions", (OLD + 10, OLD + 10))
    refreshed = load_summaries(store)
    now_kept = home_facts_if_unchanged(store)
    assert now_kept is not None and now_kept.count == 31
    assert facts_key(now_kept) == facts_key(HomeFacts.of(refreshed.sessions))


def test_no_history_yet_is_known_without_a_look(tmp_path: Path) -> None:
    tmp_path.joinpath("data").mkdir()
    facts = home_facts_if_unchanged(Store(tmp_path / "data"))
    assert facts is not None and facts.count == 0 and facts.last is None
    assert home_facts_if_unchanged(Store(tmp_path / "missing")) is None


def test_the_statistics_from_the_index_equal_those_from_the_full_records(
        tmp_path: Path) -> None:
    """The stats screen, `stats --json` and the summary's comparison work from the summaries
    (each carries its best sets); over months of varied sessions (pain stops, skipped and
    pain-cut sets, endurance tests of both kinds, renamed exercises, old records without
    ids) they give exactly what the full records give."""
    from coretimer.coaching.comparison import compare
    from coretimer.coaching.stats import all_stats
    from tests.scenarios import seed_months

    data = tmp_path / "data"
    seed_months(data)
    store = Store(data)
    records = store.load(recover=False).sessions
    assert len(records) > 30
    load_summaries(store)
    from_index = load_summaries(store)
    assert from_index.read == 0 or from_index.read < len(records)  # rows, not files
    today = max(r.started_at for r in records).date() + timedelta(days=1)
    assert all_stats(from_index.sessions, today, 3, tz=UTC) == all_stats(records, today, 3,
                                                                          tz=UTC)
    for one in records[-5:]:
        assert compare(one, from_index.sessions) == compare(one, records)


@given(st.lists(st.tuples(st.text(), st.sampled_from(["hold", "reps"]),
                          st.floats(min_value=0, max_value=1e6, allow_nan=False),
                          st.booleans(), st.text()), max_size=6),
       st.lists(st.text(), max_size=6))
def test_packed_fields_hold_any_text(bests: list[tuple[str, str, float, bool, str]],
                                     keys: list[str]) -> None:
    """Names and ids in a session file may be any text, separators and backslashes too."""
    packed = tuple(bests)
    assert summaries.unpack_bests(summaries.pack_bests(packed)) == packed  # type: ignore[arg-type]
    if keys != [""]:  # one empty id packs as no ids: a session has no exercise named ""
        assert summaries.unpack_keys(summaries.pack_keys(tuple(keys))) == tuple(keys)


@given(st.lists(st.tuples(st.text(), st.sampled_from(["hold", "reps"]),
                          st.floats(min_value=0, max_value=1e6, allow_nan=False),
                          st.booleans(), st.text()), max_size=5, unique_by=lambda b: b[0]),
       st.lists(st.text(), max_size=4), st.booleans())
def test_a_sessions_exercises_read_back_however_they_are_packed(
        bests: list[tuple[str, str, float, bool, str]], extra: list[str],
        only_bests: bool) -> None:
    """Most sessions did exactly the exercises of their best sets, and the index then keeps
    a mark instead of the ids (`SAME_AS_BESTS`); any text, the mark itself included."""
    keys = tuple(sorted({b[0] for b in bests} | (set() if only_bests else {*extra, "\\="})))
    packed = summaries.pack_bests(tuple(bests))  # type: ignore[arg-type]
    summary = SessionSummary("s", "s.json", (1, 1), "r", "r", T0, None, "completed", None, 0,
                             0, (), 0, None, None, packed_bests=packed,
                             packed_keys=summaries.pack_keys_beside(keys, tuple(bests)))  # type: ignore[arg-type]
    assert summary.keys == keys
    assert (summary.packed_keys == summaries.SAME_AS_BESTS) == (
        bool(keys) and keys == tuple(sorted({b[0] for b in bests})))


# --- From a review of the fast paths (issue 15): each was shown failing first ---------------





def test_a_row_with_a_start_of_no_time_zone_has_the_index_rebuilt(
        five_kept: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit_rows(five_kept, "UPDATE sessions SET row = json_set(row, '$[3]', "
              "'2026-01-06T07:00:00') WHERE CAST(file AS TEXT) = 's00001.json'")
    assert via_index(five_kept) == full(five_kept)
    edit_rows(five_kept, "UPDATE sessions SET row = json_set(row, '$[3]', "
              "'2026-01-06T07:00:00') WHERE CAST(file AS TEXT) = 's00001.json'")
    assert run(five_kept, "history") == 0
    assert "s00001" in capsys.readouterr().out

def test_another_zone_file_is_another_time_zone(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Zones may share names and offsets and differ in their past rules (New York and
    Indianapolis): the local zone file counts too, where it lives, its size and time."""
    zone = tmp_path / "localtime"
    zone.write_bytes(b"TZif one set of rules")
    monkeypatch.setattr(database, "LOCALTIME", zone)
    before = database.tz_key()
    zone.write_bytes(b"TZif another, longer set of rules")
    assert database.tz_key() != before
    other = tmp_path / "elsewhere"
    other.write_bytes(b"TZif one set of rules")
    os.utime(other, ns=(zone.stat().st_mtime_ns,) * 2)
    zone.unlink()
    zone.symlink_to(other)
    assert database.tz_key() != before


def test_a_change_in_the_tick_the_folder_was_listed_is_read_at_the_next_load(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index is true as of its listing: a file changed right after it, in the same tick
    of a coarse clock (same size, same time), is read again at a load seconds later."""

    monkeypatch.setattr(sync_mod, "RACY_NS", 2_000_000_000)
    for i in range(3):
        put(tmp_path, record(i), mtime=None)  # written just now
    path = tmp_path / "sessions" / "s00001.json"
    tick = path.stat().st_mtime_ns
    load_summaries(Store(tmp_path), recover=False)
    changed = record(1).model_copy(update={"routine_name": "Back-safe FOUNDATIONS"})
    data = session_bytes(changed)
    assert len(data) == len(session_bytes(record(1)))  # the same size
    path.write_bytes(data)
    os.utime(path, ns=(tick, tick))  # and the same time, as a coarse clock leaves it
    later = time.time_ns() + 10_000_000_000
    with monkeypatch.context() as on:
        on.setattr(sync_mod.time, "time_ns", lambda: later)  # a load 10 s on
        names = {s.id: s.routine_name
                 for s in load_summaries(Store(tmp_path), recover=False).sessions}
    assert names["s00001"] == "Back-safe FOUNDATIONS"

def test_the_index_writes_nothing_under_the_data_folder(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    """The data folder may be synced between machines: the index, home's facts and the
    kept statistics are derived on each machine, in its cache folder (issue 26)."""
    history = tmp_path / "synced"
    for i in range(12):
        put(history, record(i, pain=3 if i % 5 == 0 else None))
    answer(history, "s00004", "better", 1)
    def everything() -> dict[str, tuple[int, int]]:
        return {str(p.relative_to(history)): (p.stat().st_size, p.stat().st_mtime_ns)
                for p in sorted(history.rglob("*"))}

    before = everything()
    store = Store(history)
    load_summaries(store, recover=False)
    assert home_facts_if_unchanged(store) is not None
    for argv in (["stats", "--json"], ["history", "--limit", "3"], ["history"]):
        assert run(history, *argv) == 0
    capsys.readouterr()
    assert everything() == before
    kept = index_dir(history)
    assert {p.name for p in kept.iterdir()} >= {database.NAME}
    assert history not in kept.parents and kept.parent.parent == Path(
        os.environ["CORETIMER_CACHE_DIR"])


def test_two_data_folders_keep_two_indexes(tmp_path: Path) -> None:
    """One cache folder, two histories (two --data-dir, or a link and its target's real
    name: one index)."""
    for name in ("a", "b"):
        put(tmp_path / name, record(1 if name == "a" else 2))
        load_summaries(Store(tmp_path / name), recover=False)
    assert index_path(tmp_path / "a") != index_path(tmp_path / "b")
    (tmp_path / "link").symlink_to(tmp_path / "a")
    assert index_path(tmp_path / "link") == index_path(tmp_path / "a")
    assert [s.id for s in load_summaries(Store(tmp_path / "b"), recover=False).sessions] == [
        "s00002"]
