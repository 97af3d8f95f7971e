"""Home at start after sessions arrived by sync (`coretimer.index.arrivals`): the kept facts
plus the new sessions, read without pydantic, are what a full load gives; in every other case
it gives up and the history is loaded as usual."""

from __future__ import annotations

import json
import os
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coretimer.coaching.summarise import summarise
from coretimer.index import load as index_mod
from coretimer.index.arrivals import MAX_ARRIVALS, home_facts_with_arrivals, summary_read_with_json
from coretimer.index.load import HomeFacts, index_path, load_summaries
from coretimer.model.record import SessionRecord
from coretimer.store.history import Store, session_bytes
from tests.history_files import OLD, answer, put, record
from tests.test_index import facts_key, stamps_alone  # noqa: F401 (stamps_alone: an autouse fixture)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A history whose index and home's facts are kept (as after the app's last start)."""
    for i in range(30):
        put(tmp_path, record(i, pain=3 if i % 7 == 0 else None))
    answer(tmp_path, "s00004", "better", 1)
    load_summaries(Store(tmp_path), recover=False)
    assert index_mod.home_facts_if_unchanged(Store(tmp_path)) is not None
    return tmp_path


def full_facts(root: Path) -> HomeFacts:
    return HomeFacts.of(load_summaries(Store(root), recover=False, hold_writes=True).sessions)


@pytest.mark.parametrize("days", [[40], [41, 65, 100], list(range(200, 200 + MAX_ARRIVALS))])
def test_sessions_that_arrived_are_added_to_the_kept_facts(history: Path,
                                                            days: list[int]) -> None:
    for i in days:  # with the other machine's file time, as sync tools keep it
        put(history, record(i, pain=5 if i % 2 else None), mtime=OLD - i)
    assert index_mod.home_facts_if_unchanged(Store(history)) is None  # the folder changed
    facts = home_facts_with_arrivals(Store(history))
    assert facts is not None
    assert facts_key(facts) == facts_key(full_facts(history))
    assert facts.count == 30 + len(days)


def remove(root: Path) -> None:
    (root / "sessions" / "s00003.json").unlink()


def change(root: Path) -> None:
    put(root, record(3, sets=5), mtime=OLD - 1)


def add_answer(root: Path) -> None:
    answer(root, "s00010", "worse", 6)


def change_answer(root: Path) -> None:
    answer(root, "s00004", "worse", 7, mtime=OLD - 5)


def copy(root: Path) -> None:  # a sync tool's conflict copy of a known session
    put(root, record(7, sets=6), name="s00007 (conflict).json")


def damaged(root: Path) -> None:
    (root / "sessions" / "s00050.json").write_text('{"id": "s00050", ')


def old_schema(root: Path) -> None:
    doc = json.loads(session_bytes(record(51)))
    doc["schema_version"] = 3
    (root / "sessions" / "s00051.json").write_text(json.dumps(doc))


def a_test(root: Path) -> None:
    rec = record(52).model_copy(update={"routine": "endurance-test"})
    put(root, rec)


def many(root: Path) -> None:
    for i in range(MAX_ARRIVALS + 1):
        put(root, record(300 + i))


def journal(root: Path) -> None:
    put(root, record(53))
    (root / "journal").mkdir(exist_ok=True)
    (root / "journal" / "x.jsonl").write_text("")


def index_gone(root: Path) -> None:
    put(root, record(54))
    index_path(root).unlink()


def index_damaged(root: Path) -> None:
    """Its stamps line (damage to the rows alone does not matter here: the stamps carry a
    checksum of their own, and the full look after the first frame rebuilds the rows)."""
    put(root, record(55))
    header, stamps, rows = index_path(root).read_bytes().split(b"\n")
    index_path(root).write_bytes(b"\n".join([header, stamps.replace(b"1", b"2", 1), rows]))


def facts_of_another_index(root: Path) -> None:
    """The index was written again since home's facts were kept (a load that could not
    trust its files keeps no facts)."""
    put(root, record(56))
    load_summaries(Store(root), recover=False, hold_writes=True).write()
    put(root, record(57))
    doc = index_mod.checked_doc((index_mod.index_dir(root) / "home.json").read_bytes())
    assert doc is not None
    doc["digest"] = "0" * 64
    # (checksummed, as if kept so)
    (index_mod.index_dir(root) / "home.json").write_bytes(index_mod.with_checksum(doc))


def touched(root: Path) -> None:  # the folder's time changed, no file did
    os.utime(root / "sessions", (OLD + 99, OLD + 99))


@pytest.mark.parametrize("what", [remove, change, add_answer, change_answer, copy, damaged,
                                  old_schema, a_test, many, journal, index_gone,
                                  index_damaged, facts_of_another_index, touched])
def test_anything_but_new_sessions_gives_up(history: Path, what: object) -> None:
    what(history)  # type: ignore[operator]
    assert home_facts_with_arrivals(Store(history)) is None


statuses = st.sampled_from(["completed", "stopped_for_pain", "ended_early", "interrupted"])


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 5000), statuses, st.text(max_size=30), st.booleans())
def test_the_provisional_look_agrees_with_the_full_one(
        tmp_path_factory: pytest.TempPathFactory, i: int, status: str, name: str,
        ended: bool) -> None:
    rec = record(i).model_copy(update={"status": status, "routine_name": name})
    if not ended:
        rec = rec.model_copy(update={"ended_at": None})
    path = tmp_path_factory.mktemp("p") / f"{rec.id}.json"
    path.write_bytes(session_bytes(rec))
    found = summary_read_with_json(path)
    want = summarise(SessionRecord.model_validate_json(path.read_bytes()), path.name)
    assert found is not None
    fields = ("id", "file", "routine", "routine_name", "started_at", "ended_at", "status")
    assert [getattr(found, f) for f in fields] == [getattr(want, f) for f in fields]


@pytest.mark.parametrize("text", [
    "", "[]", "{", '"text"', '{"schema_version": 4}',
    '{"schema_version": 4, "id": "a", "routine": "r", "routine_name": "n", "status": "done",'
    ' "started_at": "2026-01-01T08:00:00+00:00"}',
    '{"schema_version": 4, "id": "a", "routine": "r", "routine_name": "n",'
    ' "status": "completed", "started_at": "2026-01-01T08:00:00"}',
    '{"schema_version": 4, "id": "a", "routine": "r", "routine_name": "n",'
    ' "status": "completed", "started_at": "1999-01-01T08:00:00+00:00"}',
    '{"schema_version": 4, "id": "a", "routine": "r", "routine_name": "n",'
    ' "status": "completed", "started_at": "2026-01-01T08:00:00+00:00",'
    ' "ended_at": "2026-01-01T07:00:00+00:00"}',
    '{"schema_version": 4, "id": 5, "routine": "r", "routine_name": "n",'
    ' "status": "completed", "started_at": "2026-01-01T08:00:00+00:00"}',
], ids=["empty", "a list", "cut off", "a string", "nothing else", "a status", "no zone",
        "before 2000", "ends before it starts", "a number for an id"])
def test_the_provisional_look_leaves_anything_odd_to_the_full_load(tmp_path: Path,
                                                                   text: str) -> None:
    path = tmp_path / "odd.json"
    path.write_text(text)
    assert summary_read_with_json(path) is None


async def test_a_session_that_arrived_is_on_home_before_anything_else_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first frame after a sync brought a session shows it, without the full look at
    every file (held back here to show that nothing else put it there)."""
    from datetime import timedelta

    from coretimer.routine.cards import load_cards
    from coretimer.ui.app import CoretimerApp
    from tests.scenarios import build_app

    app, _clock = build_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:  # the first start writes the caches
        await pilot.pause()
    monkeypatch.setattr(CoretimerApp, "_load_after_first_frame", lambda self: None)
    app, _clock = build_app(tmp_path)  # (it writes its files again)
    data = tmp_path / "data"
    for path in [*(data / "sessions").iterdir(), data / "sessions",
                 *(tmp_path / "config" / "routines").iterdir()]:
        os.utime(path, (OLD, OLD))
    newest = max(load_summaries(Store(data)).sessions, key=lambda s: s.started_at)
    load_cards(tmp_path / "config", tmp_path / "cache")
    start = newest.started_at + timedelta(hours=1)
    arrived = record(0).model_copy(update={
        "id": "from-the-laptop", "routine_name": "Arrived from the laptop",
        "started_at": start, "ended_at": start + timedelta(minutes=20)})
    put(data, arrived, mtime=OLD - 3600)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.history is None  # nothing was read but the caches and the new file
        assert "Arrived from the laptop" in str(app._home.query_one("#streak-box").render())


async def test_a_long_history_is_looked_at_in_a_thread_while_keys_are_taken(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above LOOK_IN_THREAD_ABOVE sessions the look at every file after the first frame runs
    in a thread (a second or so at 100,000): a key pressed meanwhile is acted on at once,
    and home shows the history once the look is done."""
    import threading

    from coretimer.routine.cards import load_cards
    from coretimer.ui import app as app_mod
    from coretimer.ui.app import CoretimerApp
    from coretimer.ui.base import AppState
    from tests.scenarios import build_app

    app, _clock = build_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:  # the first start keeps home's facts
        await pilot.pause()
    monkeypatch.setattr(app_mod, "LOOK_IN_THREAD_ABOVE", 0)
    looked_from: list[bool] = []
    release = threading.Event()
    real = AppState.load_history

    def slow(self: CoretimerApp, *args: object) -> object:
        looked_from.append(threading.current_thread() is threading.main_thread())
        release.wait(10)  # the look takes as long as the test says
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(AppState, "load_history", slow)
    app, _clock = build_app(tmp_path)
    data = tmp_path / "data"
    for path in [*(data / "sessions").iterdir(), data / "sessions",
                 *(tmp_path / "config" / "routines").iterdir()]:
        os.utime(path, (OLD, OLD))
    load_summaries(Store(data))
    load_cards(tmp_path / "config", tmp_path / "cache")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.history is None and looked_from == [False]  # in a thread, still looking
        await pilot.press("question_mark")  # taken while the look goes on
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen" and app.history is None
        release.set()
        for _ in range(200):
            if app.loaded:
                break
            await pilot.pause(0.01)
        assert app.loaded and app.history is not None and app.history.sessions


# --- From a review of the fast paths (issue 15): each was shown failing first ---------------


def test_a_pipe_among_the_sessions_does_not_hold_the_start(five_kept: Path) -> None:
    os.mkfifo(five_kept / "sessions" / "s00050.json")
    found: list[object] = []
    worker = threading.Thread(target=lambda: found.append(
        home_facts_with_arrivals(Store(five_kept))), daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():  # unblock the read so the thread can end
        with open(five_kept / "sessions" / "s00050.json", "wb"):
            pass
        pytest.fail("reading the pipe held the start")
    assert found == [None]


def doc_of(i: int, **changes: object) -> dict[str, object]:
    doc = json.loads(session_bytes(record(i)))
    doc.update(changes)
    return doc


@pytest.mark.parametrize("changes", [
    {"routine_name": "x" * 1_000_050},  # over the store's 1,000,000 bytes
    {"id": "s 50/bad"},
    {"started_at": "2000-01-01T00:30:00+01:00", "ended_at": None},  # 1999 in UTC
    {"unexpected": 1},
    {"baseline_pain": float("nan")},
], ids=["too big", "an id no session has", "before 2000 in UTC", "a field too many", "NaN"])
def test_the_provisional_look_refuses_what_the_full_load_refuses(tmp_path: Path,
                                                                  changes: dict[str, object]
                                                                  ) -> None:
    path = tmp_path / "s00050.json"
    path.write_text(json.dumps(doc_of(50, **changes)))
    assert Store(tmp_path).read_file(path, [], quarantine=False) is None  # the full load
    assert summary_read_with_json(path) is None


def test_two_sessions_started_at_once_show_the_one_a_full_load_shows(five_kept: Path) -> None:
    last = max(load_summaries(Store(five_kept), recover=False).sessions,
               key=lambda s: s.started_at)
    twin = record(40).model_copy(update={"id": "a-twin", "started_at": last.started_at,
                                         "ended_at": last.started_at + timedelta(minutes=5)})
    put(five_kept, twin, mtime=OLD - 60)  # sorts before the last session's file
    facts = home_facts_with_arrivals(Store(five_kept))
    full = HomeFacts.of(load_summaries(Store(five_kept), recover=False, hold_writes=True).sessions)
    assert facts is not None and facts_key(facts) == facts_key(full)


def test_a_session_file_may_hold_what_the_provisional_look_knows() -> None:
    from coretimer.index.arrivals import FIELDS
    from coretimer.model.record import SessionRecord

    assert set(SessionRecord.model_fields) == FIELDS
