"""Defects a review of the history's fast paths found (issue 15), each shown failing first:
what a fast path shows must be what the full load shows, it must never hang or fail where
the full load does not, and derived files must not be trusted beyond what they can vouch
for."""

from __future__ import annotations

import json
import os
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from coretimer import cli
from coretimer import index as index_mod
from coretimer.arrivals import home_facts_with_arrivals, provisional_summary
from coretimer.index import HomeFacts, index_path, load_summaries
from coretimer.stats_cache import stats_path
from coretimer.store import Store, session_bytes
from tests.test_index import OLD, facts_key, put, record, stamps_alone  # noqa: F401 (stamps_alone: an autouse fixture)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    for i in range(5):
        put(tmp_path, record(i))
    load_summaries(Store(tmp_path), recover=False)
    assert index_mod.quick_home_facts(Store(tmp_path)) is not None
    return tmp_path


def test_a_pipe_among_the_sessions_does_not_hold_the_start(history: Path) -> None:
    os.mkfifo(history / "sessions" / "s00050.json")
    found: list[object] = []
    worker = threading.Thread(target=lambda: found.append(
        home_facts_with_arrivals(Store(history))), daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():  # unblock the read so the thread can end
        with open(history / "sessions" / "s00050.json", "wb"):
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
    assert provisional_summary(path) is None


def test_two_sessions_started_at_once_show_the_one_a_full_load_shows(history: Path) -> None:
    last = max(load_summaries(Store(history), recover=False).sessions,
               key=lambda s: s.started_at)
    twin = record(40).model_copy(update={"id": "a-twin", "started_at": last.started_at,
                                         "ended_at": last.started_at + timedelta(minutes=5)})
    put(history, twin, mtime=OLD - 60)  # sorts before the last session's file
    facts = home_facts_with_arrivals(Store(history))
    full = HomeFacts.of(load_summaries(Store(history), recover=False, hold_writes=True).sessions)
    assert facts is not None and facts_key(facts) == facts_key(full)


def run(root: Path, *argv: str) -> int:
    return cli.main(["--data-dir", str(root), *argv])


def test_an_infinite_number_in_the_kept_stats_is_not_a_crash(history: Path,
                                                              capsys: pytest.CaptureFixture[str]
                                                              ) -> None:
    assert run(history, "stats", "--json") == 0
    want = capsys.readouterr().out
    doc = index_mod.unseal(stats_path(history).read_bytes())
    assert doc is not None
    doc["sessions"] = "@"
    sealed = index_mod.seal(doc)  # sealed, so that only the number is at fault
    stats_path(history).write_bytes(sealed.replace(b'"@"', b"Infinity"))
    assert index_mod.unseal(stats_path(history).read_bytes()) is None  # (a changed seal)
    doc["sessions"] = float("inf")
    stats_path(history).write_bytes(index_mod.seal(doc))  # Infinity, sealed
    assert run(history, "stats", "--json") == 0
    assert capsys.readouterr().out == want


def test_a_damaged_time_in_the_index_header_is_not_believed(history: Path,
                                                            capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    for value in (b"Infinity", b"9" * 20):  # not a number python can take; far in the future
        header, _, body = index_path(history).read_bytes().partition(b"\n")
        head = json.loads(header)
        head["written_ns"] = "@"
        damaged = json.dumps(head).encode().replace(b'"@"', value)
        index_path(history).write_bytes(damaged + b"\n" + body)
        assert index_mod.Index.read(index_path(history)).written_ns == 0
        assert index_mod.Stamps.read(index_path(history)) is None
        assert run(history, "stats", "--json") == 0 and run(history, "history") == 0
        capsys.readouterr()


def test_kept_home_facts_and_stats_that_were_changed_are_not_believed(history: Path) -> None:
    """Damage that is still JSON (a digit changed): both carry a checksum of their own."""
    assert run(history, "stats", "--json") == 0
    for path in (stats_path(history), history / "index" / "home.json"):
        checksum, _, body = path.read_bytes().partition(b"\n")
        doc = json.loads(body)
        doc["count" if "count" in doc else "sessions"] = 999
        path.write_bytes(checksum + b"\n" + json.dumps(doc).encode())  # the old checksum
    assert index_mod.kept_home_facts(Store(history)) is None
    from coretimer.stats_cache import read_facts

    loaded = load_summaries(Store(history), recover=False)
    assert loaded.digest is not None and read_facts(history, loaded.digest) is None


def test_a_row_with_a_start_of_no_time_zone_is_read_from_its_file(history: Path) -> None:
    from tests.test_index import edit_index, full, via_index

    def naive(_head: dict[str, object], doc: dict[str, object]) -> None:
        doc["sessions"]["s00001.json"][2][3] = "2026-01-06T07:00:00"  # type: ignore[index]

    edit_index(index_path(history), naive)
    assert via_index(history) == full(history)
    edit_index(index_path(history), naive)
    assert run(history, "history", "--limit", "3") == 0


def test_a_session_file_may_hold_what_the_provisional_look_knows() -> None:
    from coretimer.arrivals import FIELDS
    from coretimer.models import SessionRecord

    assert set(SessionRecord.model_fields) == FIELDS


def test_another_zone_file_is_another_time_zone(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Zones may share names and offsets and differ in their past rules (New York and
    Indianapolis): the local zone file counts too, where it lives, its size and time."""
    zone = tmp_path / "localtime"
    zone.write_bytes(b"TZif one set of rules")
    monkeypatch.setattr(index_mod, "LOCALTIME", zone)
    before = index_mod.tz_key()
    zone.write_bytes(b"TZif another, longer set of rules")
    assert index_mod.tz_key() != before
    other = tmp_path / "elsewhere"
    other.write_bytes(b"TZif one set of rules")
    os.utime(other, ns=(zone.stat().st_mtime_ns,) * 2)
    zone.unlink()
    zone.symlink_to(other)
    assert index_mod.tz_key() != before


def test_a_change_in_the_tick_the_folder_was_listed_is_not_trusted_when_written_later(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app writes the index once the screen shows what it holds (later than the listing).
    A file changed right after the listing, in the same tick of a coarse clock (same size,
    same time), must still be read again: the index is true as of the listing."""
    import time

    monkeypatch.setattr(index_mod, "RACY_NS", 2_000_000_000)
    for i in range(3):
        put(tmp_path, record(i), mtime=None)  # written just now
    path = tmp_path / "sessions" / "s00001.json"
    tick = path.stat().st_mtime_ns
    held = load_summaries(Store(tmp_path), recover=False, hold_writes=True)
    changed = record(1).model_copy(update={"routine_name": "Back-safe FOUNDATIONS"})
    data = session_bytes(changed)
    assert len(data) == len(session_bytes(record(1)))  # the same size
    path.write_bytes(data)
    os.utime(path, ns=(tick, tick))  # and the same time, as a coarse clock leaves it
    later = time.time_ns() + 10_000_000_000
    monkeypatch.setattr(index_mod.time, "time_ns", lambda: later)  # written 10 s on
    held.write()
    monkeypatch.undo()
    monkeypatch.setattr(index_mod, "RACY_NS", 2_000_000_000)
    names = {s.id: s.routine_name for s in load_summaries(Store(tmp_path), recover=False,
                                                          hold_writes=True).sessions}
    assert names["s00001"] == "Back-safe FOUNDATIONS"
