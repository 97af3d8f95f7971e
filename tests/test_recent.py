"""`coretimer history --limit N` picks the sessions to show from the index's rows and makes
only those into summaries (`coretimer.index.recent`): it always shows what the full load shows,
and gives up (the history is then loaded as usual) whenever the index is not up to date."""

from __future__ import annotations

import heapq
import io
import os
import random
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from coretimer import cli
from coretimer.index import recent
from coretimer.index.load import index_path, load_summaries
from coretimer.index.recent import Head, chosen_summaries
from coretimer.model.summaries import SessionSummary
from coretimer.store.history import Store
from tests.history_files import OLD, answer, put, record
from tests.test_index import stamps_alone  # noqa: F401 (stamps_alone: an autouse fixture)


def newest(n: int) -> object:
    def choose(heads: list[Head]) -> list[Head]:
        return heapq.nlargest(n, heads, key=lambda h: (h.started_at, h.id))
    return choose


def full_newest(root: Path, n: int) -> list[SessionSummary]:
    sessions = load_summaries(Store(root), recover=False, hold_writes=True).sessions
    return heapq.nlargest(n, sessions, key=lambda s: (s.started_at, s.id))


def history_printed(root: Path, *argv: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["--data-dir", str(root), "history", *argv])
    return f"{code}\n{out.getvalue()}", err.getvalue()


@pytest.fixture
def history(tmp_path: Path) -> Path:
    for i in range(30):
        put(tmp_path, record(i, pain=3 if i % 7 == 0 else None))
    answer(tmp_path, "s00004", "better", 1)
    answer(tmp_path, "s00028", "worse", 6)
    load_summaries(Store(tmp_path), recover=False)
    return tmp_path


def test_the_chosen_rows_are_the_summaries_a_full_load_gives(history: Path) -> None:
    chosen = chosen_summaries(Store(history), newest(5))  # type: ignore[arg-type]
    assert chosen is not None and chosen == full_newest(history, 5)
    assert chosen[1].id == "s00028" and chosen[1].next_morning == "worse"


def test_only_the_chosen_rows_are_made_into_summaries(history: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    real = SessionSummary.from_row.__func__  # type: ignore[attr-defined]

    def counted(cls: type[SessionSummary], file: str, *rest: object) -> SessionSummary:
        made.append(file)
        return real(cls, file, *rest)  # type: ignore[no-any-return]

    monkeypatch.setattr(SessionSummary, "from_row", classmethod(counted))
    assert chosen_summaries(Store(history), newest(3)) is not None  # type: ignore[arg-type]
    assert len(made) == 3


def added(root: Path) -> None:
    put(root, record(40))


def removed(root: Path) -> None:
    (root / "sessions" / "s00003.json").unlink()


def changed(root: Path) -> None:
    put(root, record(3, sets=6), mtime=OLD - 9)


def answered(root: Path) -> None:
    answer(root, "s00010", "same", 2)


def copied(root: Path) -> None:
    put(root, record(7, sets=5), name="s00007 (copy).json")
    load_summaries(Store(root), recover=False)  # even with the index up to date


def damaged(root: Path) -> None:
    (root / "sessions" / "s00050.json").write_text("{")


def journal(root: Path) -> None:
    (root / "journal").mkdir(exist_ok=True)
    (root / "journal" / "x.jsonl").write_text("")


def no_index(root: Path) -> None:
    index_path(root).unlink()


def garbled_index(root: Path) -> None:
    index_path(root).write_bytes(os.urandom(64))


@pytest.mark.parametrize("what", [added, removed, changed, answered, copied, damaged, journal,
                                  no_index, garbled_index])
def test_an_index_not_up_to_date_gives_up(history: Path, what: object) -> None:
    what(history)  # type: ignore[operator]
    assert chosen_summaries(Store(history), newest(5)) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("argv", [["--limit", "5"], ["--limit", "3", "--json"],
                                  ["--limit", "50"], ["--limit", "4", "--routine", "big-three"],
                                  ["--limit", "2", "--since", "2026-01-10"],
                                  ["--limit", "1", "--routine", "foundation"]])
@pytest.mark.parametrize("seed", range(3))
def test_history_prints_what_the_full_load_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 argv: list[str], seed: int) -> None:
    """Over random changes to the folder (the quick way or the full one, whichever applies),
    `history` prints exactly what it prints with the quick way switched off."""
    rng = random.Random(seed)
    for i in range(20):
        put(tmp_path, record(i))
    for step in range(12):
        move = rng.choice(["add", "old", "remove", "answer", "copy", "load", "load"])
        i = rng.randrange(40)
        folder = tmp_path / "sessions"
        if move in ("add", "old"):
            put(tmp_path, record(i, sets=rng.randrange(1, 5)),
                mtime=OLD - rng.randrange(10**5) if move == "old" else None)
        elif move == "remove":
            for path in sorted(folder.glob("s*.json"))[:1]:
                path.unlink()
        elif move == "answer":
            answer(tmp_path, f"s{rng.randrange(20):05d}", "better", rng.randrange(4),
                   mtime=OLD - step)
        elif move == "copy":
            put(tmp_path, record(rng.randrange(20), sets=7), name=f"copy-{step}.json")
        else:
            load_summaries(Store(tmp_path), recover=False)
        quick = history_printed(tmp_path, *argv)
        with monkeypatch.context() as m:
            m.setattr(recent, "chosen_summaries", lambda *_: None)
            full = history_printed(tmp_path, *argv)
        assert quick == full, f"step {step}: {move}"
