"""The routine cards cache (issue 15): home's list of routines without reading every routine
file, never different from what reading them gives."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from coretimer.routine import cards as routine_cards
from coretimer.routine.cards import CACHE_NAME, Cards, cards_of, load_cards
from coretimer.routine.files import discover
from tests.scenarios import QUICK_ROUTINE

OLD = time.time() - 3600


@pytest.fixture(autouse=True)
def stamps_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written in these tests are seconds old, which the cache never trusts; here the
    stamps alone must tell what changed."""
    monkeypatch.setattr(routine_cards, "RACY_NS", 0)


def fresh(config: Path) -> Cards:
    return cards_of(discover(config))


def same(config: Path, cache: Path) -> Cards:
    got, _ = load_cards(config, cache)
    want = fresh(config)
    assert (got.cards, got.problems) == (want.cards, want.problems)
    return got


def write(config: Path, name: str, text: str, *, mtime: float | None = None) -> Path:
    folder = config / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def test_the_second_load_comes_from_the_cache_and_equals_the_files(tmp_path: Path) -> None:
    config, cache = tmp_path / "config", tmp_path / "cache"
    write(config, "quick.toml", QUICK_ROUTINE, mtime=OLD)
    first, catalogue = load_cards(config, cache)
    assert not first.from_cache and catalogue is not None
    assert (cache / CACHE_NAME).is_file()
    second = same(config, cache)
    assert second.from_cache
    assert [c.id for c in second.cards][:2] == ["foundations", "big-three"]
    assert "quick" in {c.id for c in second.cards if c.source == "user"}


def test_a_card_the_cache_believes_is_shown_as_written(tmp_path: Path) -> None:
    """The cache is really read (the tests above would pass if it never were)."""
    config, cache = tmp_path / "config", tmp_path / "cache"
    load_cards(config, cache)
    path = cache / CACHE_NAME
    path.write_text(path.read_text().replace("Back-safe foundations", "From the cache"))
    cards, _ = load_cards(config, cache)
    assert cards.from_cache and cards.cards[0].name == "From the cache"


@pytest.mark.parametrize("change", ["add", "edit", "edit with an old time", "break", "remove",
                                    "shadow a shipped id", "damage the cache",
                                    "delete the cache", "another version"])
def test_any_change_reads_the_files_again(tmp_path: Path, change: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    config, cache = tmp_path / "config", tmp_path / "cache"
    quick = write(config, "quick.toml", QUICK_ROUTINE, mtime=OLD)
    load_cards(config, cache)
    if change == "add":
        write(config, "second.toml", QUICK_ROUTINE.replace("Quick", "Second"))
    elif change == "edit":
        quick.write_text(QUICK_ROUTINE.replace("Quick", "Quirk"))
    elif change == "edit with an old time":  # a sync tool keeps the writer's time
        quick.write_text(QUICK_ROUTINE.replace("Quick", "Quirk"))
        os.utime(quick, (OLD - 50, OLD - 50))
    elif change == "break":
        quick.write_text(QUICK_ROUTINE + "\nnot toml [[[")
    elif change == "remove":
        quick.unlink()
    elif change == "shadow a shipped id":
        write(config, "foundations.toml", QUICK_ROUTINE.replace("Quick", "My foundations"))
    elif change == "damage the cache":
        (cache / CACHE_NAME).write_bytes(b"\x00{")
    elif change == "delete the cache":
        (cache / CACHE_NAME).unlink()
    else:
        monkeypatch.setattr(routine_cards, "__version__", "99.0")
    cards = same(config, cache)
    assert not cards.from_cache
    assert same(config, cache).from_cache or change == "break"


def test_a_broken_file_is_reported_from_the_cache_too(tmp_path: Path) -> None:
    config, cache = tmp_path / "config", tmp_path / "cache"
    write(config, "broken.toml", 'name = "Broken"\n[[exercises]]\nname = 3\n', mtime=OLD)
    load_cards(config, cache)
    cards = same(config, cache)
    assert cards.from_cache and cards.problems and "broken.toml" in str(cards.problems[0])


def test_a_file_too_new_to_trust_is_read_again(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(routine_cards, "RACY_NS", 2_000_000_000)
    config, cache = tmp_path / "config", tmp_path / "cache"
    quick = write(config, "quick.toml", QUICK_ROUTINE)
    load_cards(config, cache)
    stat = quick.stat()
    quick.write_text(QUICK_ROUTINE.replace("Quick", "Quirk"))  # same size, same time
    os.utime(quick, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert "Quirk check" in {c.name for c in same(config, cache).cards}


def test_an_unwritable_cache_is_only_slower(tmp_path: Path) -> None:
    config = tmp_path / "config"
    (tmp_path / "cache").write_text("a file where the cache folder should be")
    assert not same(config, tmp_path / "cache").from_cache
