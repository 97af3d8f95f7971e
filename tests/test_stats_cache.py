"""The statistics kept between runs of `coretimer stats` (index/stats.json): a shortcut that
never becomes a second source of truth. What `stats` prints is compared with the summary of
a full load of the session files, with the kept facts missing, damaged, of another history
or time zone, and over random changes to the history."""

from __future__ import annotations

import io
import json
import os
import random
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coretimer import cli
from coretimer.coaching.stats import StatsFacts, summary
from coretimer.index import load as index_mod
from coretimer.index.load import Summaries, index_path, load_summaries
from coretimer.index.stats_cache import (
    read_facts,
    saved_stats,
    stats_path,
    stats_saved_or_worked_out,
    write_facts,
)
from coretimer.model import summaries
from coretimer.model.summaries import pack_bests
from coretimer.store.history import Store
from coretimer.text.output import to_json
from tests.history_files import OLD, answer, put, record, run
from tests.test_index import stamps_alone  # noqa: F401 (stamps_alone: an autouse fixture)


def printed(root: Path, *argv: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        assert cli.main(["--data-dir", str(root), "stats", *argv]) == 0
    return out.getvalue()


def full_json(root: Path) -> str:
    """What `stats --json` must print: the summary of a full load."""
    today = datetime.now().astimezone().date()
    return to_json(summary(Store(root).load(recover=False).sessions, today, 3).to_json()) + "\n"


@pytest.fixture
def history(tmp_path: Path) -> Path:
    for i in range(25):
        put(tmp_path, record(i, pain=3 if i % 6 == 0 else None))
    answer(tmp_path, "s00004", "worse", 5)
    return tmp_path


def test_stats_are_kept_and_then_read_back(history: Path) -> None:
    assert printed(history, "--json") == full_json(history)
    assert stats_path(history).is_file()
    loaded = load_summaries(Store(history), recover=False)
    assert loaded.digest is not None
    assert read_facts(history, loaded.digest) == StatsFacts.of(loaded.sessions)
    assert printed(history, "--json") == full_json(history)


def test_kept_stats_are_what_is_shown(history: Path) -> None:
    """The tests here would pass if the kept facts were never read: show that they are, by
    changing them without changing any session (what no real change can do)."""
    printed(history, "--json")
    doc = index_mod.checked_doc(stats_path(history).read_bytes())
    assert doc is not None
    doc["sessions"] = 999
    stats_path(history).write_bytes(index_mod.with_checksum(doc))  # checksummed, as if kept so
    assert json.loads(printed(history, "--json"))["sessions"] == 999


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"[]", b'{"format": 1}',
                                    b"{" * 5000],
                         ids=["empty", "garbage", "a list", "fields missing", "deep"])
def test_damaged_kept_stats_are_worked_out_again(history: Path, damage: bytes) -> None:
    printed(history, "--json")
    stats_path(history).write_bytes(damage)
    assert printed(history, "--json") == full_json(history)


@pytest.mark.parametrize("field, value", [
    ("exercises", [["plank", "Plank", "sideways", 1, None, 1, None]]),
    ("exercises", [["plank", "Plank", "hold", "long", None, 1, None]]),
    ("weeks", [["not a day", 1, 2]]), ("per_day", [["2026-01-05", "x"]]),
    ("latest_test", [1, 2]), ("tz", "elsewhere"), ("format", 0), ("digest", "0" * 64)])
def test_kept_stats_that_do_not_fit_are_worked_out_again(history: Path, field: str,
                                                           value: object) -> None:
    printed(history, "--json")
    doc = index_mod.checked_doc(stats_path(history).read_bytes())
    assert doc is not None
    doc[field] = value
    stats_path(history).write_bytes(index_mod.with_checksum(doc))  # the fields are checked
    assert printed(history, "--json") == full_json(history)


def test_any_change_to_the_history_is_seen(history: Path) -> None:
    printed(history, "--json")
    put(history, record(40, pain=6))  # added
    assert printed(history, "--json") == full_json(history)
    (history / "sessions" / "s00003.json").unlink()  # removed
    assert printed(history, "--json") == full_json(history)
    put(history, record(5, sets=6), mtime=OLD - 99)  # changed, with an old file time (sync)
    assert printed(history, "--json") == full_json(history)
    answer(history, "s00007", "better", 1)  # answered the next morning
    assert printed(history, "--json") == full_json(history)
    index_path(history).unlink()  # the index itself gone
    assert printed(history, "--json") == full_json(history)


def test_the_text_report_reads_the_same_facts(history: Path) -> None:
    first = printed(history)
    assert printed(history) == first  # kept
    stats_path(history).unlink()
    assert printed(history) == first  # worked out again
    assert "Plank" in first and "sessions: 25" in first


def test_without_a_digest_nothing_is_kept(tmp_path: Path) -> None:
    """Summaries whose index was not written (held back) have no digest: worked out, not
    kept."""
    put(tmp_path, record(1))
    loaded = load_summaries(Store(tmp_path), recover=False, hold_writes=True)
    assert loaded.digest is None
    assert stats_saved_or_worked_out(tmp_path, loaded) == StatsFacts.of(loaded.sessions)
    assert not stats_path(tmp_path).exists()
    loaded.write()
    assert loaded.digest is not None


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
            stats_path(tmp_path).unlink(missing_ok=True)
        elif move == "garble" and stats_path(tmp_path).exists():
            stats_path(tmp_path).write_bytes(os.urandom(40))
        if (tmp_path / "sessions").exists():
            assert printed(tmp_path, "--json") == full_json(tmp_path), f"step {step}: {move}"


bests = st.lists(st.tuples(st.text(max_size=5), st.sampled_from(["hold", "reps"]),
                           st.floats(min_value=0, max_value=1e4, allow_nan=False),
                           st.booleans(), st.text(max_size=5)),
                 max_size=3, unique_by=lambda b: (b[0], b[1]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400), st.sampled_from([None, 0, 3, 9]),
                          st.sampled_from([None, 2, 7]), bests), max_size=12))
def test_kept_facts_read_back_as_they_were(tmp_path_factory: pytest.TempPathFactory,
                                           raw: list[tuple[int, int | None, int | None,
                                                           list[Any]]]) -> None:
    root = tmp_path_factory.mktemp("kept")
    sessions = [summaries.SessionSummary(
        f"s{i}", f"s{i}.json", (1, 1), "foundations", "Foundations",
        datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=hours), None, "completed",
        baseline, 0, 0, (), 0, None, morning, packed_bests=pack_bests(tuple(b)))
        for i, (hours, baseline, morning, b) in enumerate(raw)]
    facts = StatsFacts.of(sessions)
    write_facts(root, "d" * 64, facts)
    assert read_facts(root, "d" * 64) == facts
    assert read_facts(root, "e" * 64) is None
    today = date(2026, 2, 1)
    assert facts.summary(today) == summary(sessions, today)


def test_summaries_of_one_digest_are_the_same(history: Path) -> None:
    """What the digest promises: loads that give the same digest give the same summaries,
    and any change gives another."""
    first: Summaries = load_summaries(Store(history), recover=False)
    again = load_summaries(Store(history), recover=False)
    assert again.digest == first.digest and again.sessions == first.sessions
    put(history, record(3, sets=5), mtime=OLD - 5)
    changed = load_summaries(Store(history), recover=False)
    assert changed.digest != first.digest


def test_the_index_is_up_to_date_only_when_nothing_changed(history: Path) -> None:
    """`index.up_to_date` (the stats' shortcut past loading the history) names the digest a
    load would give, and only while no file is new, gone or changed, no answer was given,
    no session is in two files and no crashed session waits."""
    from coretimer.index.load import up_to_date

    store = Store(history)
    loaded = load_summaries(store, recover=False)
    assert up_to_date(store) == loaded.digest is not None
    changes = [
        lambda: put(history, record(60)),
        lambda: (history / "sessions" / "s00002.json").unlink(),
        lambda: put(history, record(5, sets=6), mtime=OLD - 7),
        lambda: answer(history, "s00009", "same", 2),
        lambda: put(history, record(8, sets=2), name="s00008 copy.json"),
        lambda: ((history / "journal").mkdir(exist_ok=True),
                 (history / "journal" / "x.jsonl").write_text("")),
    ]
    for change in changes:
        change()
        assert up_to_date(store) is None
        if (history / "journal").exists():
            (history / "journal" / "x.jsonl").unlink()
        loaded = load_summaries(store, recover=False)
        if not loaded.duplicates:
            assert up_to_date(store) == loaded.digest
    assert saved_stats(store) is None  # a session in two files: the full load says so
    (history / "sessions" / "s00008 copy.json").unlink()
    loaded = load_summaries(store, recover=False)
    assert saved_stats(store) is None  # nothing kept for this history yet
    stats_saved_or_worked_out(history, loaded)
    assert saved_stats(store) == StatsFacts.of(loaded.sessions)


# --- From a review of the fast paths (issue 15): each was shown failing first ---------------


def test_an_infinite_number_in_the_kept_stats_is_not_a_crash(five_kept: Path,
                                                              capsys: pytest.CaptureFixture[str]
                                                              ) -> None:
    assert run(five_kept, "stats", "--json") == 0
    want = capsys.readouterr().out
    doc = index_mod.checked_doc(stats_path(five_kept).read_bytes())
    assert doc is not None
    doc["sessions"] = "@"
    sealed = index_mod.with_checksum(doc)  # checksummed, so only the number is at fault
    stats_path(five_kept).write_bytes(sealed.replace(b'"@"', b"Infinity"))
    assert index_mod.checked_doc(stats_path(five_kept).read_bytes()) is None  # (a changed checksum)
    doc["sessions"] = float("inf")
    stats_path(five_kept).write_bytes(index_mod.with_checksum(doc))  # Infinity, checksummed
    assert run(five_kept, "stats", "--json") == 0
    assert capsys.readouterr().out == want
