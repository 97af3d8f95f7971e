"""The statistics saved between runs of `coretimer stats` (the index's `results` table): a
shortcut that never becomes a second source of truth. What `stats` prints is compared with
the summary of a full load of the session files, with the saved facts missing, damaged, of
another state of the index or another time zone, and over random changes to the history."""

from __future__ import annotations

import os
import pickle
import random
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from coretimer.coaching.stats import StatsFacts, summary
from coretimer.index import database
from coretimer.index.database import index_path, remove
from coretimer.index.queries import load_summaries, stats_facts
from coretimer.store.history import Store
from coretimer.text.output import to_json
from tests.history_files import OLD, answer, put, record, stats_printed
from tests.index_files import saved_stats
from tests.test_index import stamps_alone  # noqa: F401 (stamps_alone: an autouse fixture)


def full_json(root: Path) -> str:
    """What `stats --json` must print: the summary of a full load."""
    today = datetime.now().astimezone().date()
    return to_json(summary(Store(root).load(recover=False).sessions, today, 3).to_json()) + "\n"


def set_saved(root: Path, body: bytes) -> None:
    with closing(sqlite3.connect(index_path(root), isolation_level=None)) as db:
        assert db.execute("UPDATE results SET body = ? WHERE name = 'stats'",
                          (body,)).rowcount == 1


@pytest.fixture
def history(tmp_path: Path) -> Path:
    for i in range(25):
        put(tmp_path, record(i, pain=3 if i % 6 == 0 else None))
    answer(tmp_path, "s00004", "worse", 5)
    return tmp_path


def test_stats_are_saved_and_then_read_back(history: Path) -> None:
    assert stats_printed(history, "--json") == full_json(history)
    loaded = load_summaries(Store(history), recover=False)
    assert saved_stats(Store(history)) == StatsFacts.of(loaded.sessions)
    assert stats_printed(history, "--json") == full_json(history)


def test_saved_stats_are_what_is_shown(history: Path) -> None:
    """The tests here would pass if the saved facts were never read: show that they are, by
    changing them without changing any session (what no real change can do)."""
    stats_printed(history, "--json")
    facts = saved_stats(Store(history))
    assert facts is not None
    set_saved(history, pickle.dumps(StatsFacts(999, *list(vars(facts).values())[1:])))
    assert '"sessions": 999' in stats_printed(history, "--json")


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", pickle.dumps([1, 2]),
                                    pickle.dumps("facts"), b"\x80\x05" + b"(" * 5000],
                         ids=["empty", "garbage", "a list", "text", "deep"])
def test_damaged_saved_stats_are_worked_out_again(history: Path, damage: bytes) -> None:
    stats_printed(history, "--json")
    set_saved(history, damage)
    assert stats_printed(history, "--json") == full_json(history)
    assert saved_stats(Store(history)) is not None  # and saved again


def test_stats_saved_in_another_time_zone_are_worked_out_again(
        history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stats_printed(history, "--json")
    set_saved(history, pickle.dumps(StatsFacts.of([])))  # (what another zone would show)
    with monkeypatch.context() as elsewhere:
        elsewhere.setattr(database, "tz_key", lambda: "elsewhere")  # (the key saved under)
        assert stats_printed(history, "--json") == full_json(history)


def test_any_change_to_the_history_is_seen(history: Path) -> None:
    stats_printed(history, "--json")
    put(history, record(40, pain=6))  # added
    assert stats_printed(history, "--json") == full_json(history)
    (history / "sessions" / "s00003.json").unlink()  # removed
    assert stats_printed(history, "--json") == full_json(history)
    put(history, record(5, sets=6), mtime=OLD - 99)  # changed, with an old file time (sync)
    assert stats_printed(history, "--json") == full_json(history)
    answer(history, "s00007", "better", 1)  # answered the next morning
    assert stats_printed(history, "--json") == full_json(history)
    remove(index_path(history))  # the index itself gone
    assert stats_printed(history, "--json") == full_json(history)


def test_the_text_report_reads_the_same_facts(history: Path) -> None:
    first = stats_printed(history)
    assert stats_printed(history) == first  # saved
    remove(index_path(history))
    assert stats_printed(history) == first  # worked out again
    assert "Plank" in first and "sessions: 25" in first


def test_an_index_in_memory_saves_nothing(history: Path) -> None:
    """When the index on disk cannot be used (a file where its folder should be), the
    statistics are worked out and nothing is saved."""
    folder = index_path(history).parent
    folder.parent.mkdir(parents=True)
    folder.write_text("not a folder")
    loaded, facts = stats_facts(Store(history))
    assert loaded.generation is None
    assert facts == StatsFacts.of(load_summaries(Store(history), recover=False).sessions)


def test_one_state_of_the_index_is_one_set_of_summaries(history: Path) -> None:
    """What the saved stats are keyed by: loads of one generation give the same summaries,
    and any change gives another generation."""
    first = load_summaries(Store(history), recover=False)
    again = load_summaries(Store(history), recover=False)
    assert again.generation == first.generation is not None
    assert again.sessions == first.sessions
    put(history, record(3, sets=5), mtime=OLD - 5)
    changed = load_summaries(Store(history), recover=False)
    assert changed.generation != first.generation


@pytest.mark.parametrize("seed", range(4))
def test_random_changes_always_print_what_a_full_load_gives(tmp_path: Path,
                                                              seed: int) -> None:
    rng = random.Random(seed)
    live: set[int] = set()
    for step in range(25):
        move = rng.choice(["add", "old", "remove", "answer", "drop", "garble", "run"])
        i = rng.randrange(40)
        if move in ("add", "old"):
            put(tmp_path, record(i, sets=rng.randrange(1, 5), pain=rng.choice([None, 2, 6])),
                mtime=OLD - rng.randrange(10**6) if move == "old" else None)
            live.add(i)
        elif move == "remove" and live:
            gone = rng.choice(sorted(live))
            (tmp_path / "sessions" / f"s{gone:05d}.json").unlink()
            live.discard(gone)
        elif move == "answer" and live:
            # (a file time of its own: a same-size rewrite at the same time is invisible to
            # any listing, see test_index)
            answer(tmp_path, f"s{rng.choice(sorted(live)):05d}", "same", rng.randrange(5),
                   mtime=rng.choice([None, OLD - step]))
        elif move == "drop":
            remove(index_path(tmp_path))
        elif move == "garble" and saved_stats_there(tmp_path):
            set_saved(tmp_path, os.urandom(40))
        if (tmp_path / "sessions").exists():
            assert stats_printed(tmp_path, "--json") == full_json(tmp_path), f"step {step}: {move}"


def saved_stats_there(root: Path) -> bool:
    if not index_path(root).exists():
        return False
    with closing(sqlite3.connect(index_path(root))) as db:
        return db.execute("SELECT 1 FROM results WHERE name = 'stats'").fetchone() is not None
