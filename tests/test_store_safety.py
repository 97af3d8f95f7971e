"""History you can trust: quarantine, doctor, two instances, nothing overwritten."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from coretimer.cli import main
from coretimer.model.clock import FakeClock
from coretimer.store.doctor import check
from coretimer.store.folder import STALE_TEMP_SECONDS
from coretimer.store.history import Store
from tests.conftest import ROOT
from tests.helpers import deny_listing, finish, hold, routine, session_of
from tests.test_store import crashed_journal, make_record


def finished_session(store: Store) -> str:
    clock = FakeClock()
    return finish(session_of(store, routine(hold(seconds=5, sets=2, rest=2)), clock),
                  clock).record.id


def test_unreadable_file_is_quarantined_with_its_bytes_and_reported_once(data_dir: Path) -> None:
    store = Store(data_dir)
    good = finished_session(store)
    bad = data_dir / "sessions" / "broken.json"
    bad.write_bytes(b'{"schema_version": 1, "id": "br')
    first = store.load(quarantine=True)
    assert [s.id for s in first.sessions] == [good]
    (problem,) = first.problems
    assert problem.path == bad and "not valid JSON" in problem.reason
    assert problem.action.startswith("moved to quarantine/broken.json.")
    (moved,) = store.quarantined()
    assert moved.read_bytes() == b'{"schema_version": 1, "id": "br'
    why = moved.with_name(moved.name + ".why.txt").read_text()
    assert str(bad) in why and "not valid JSON" in why
    assert not bad.exists()
    second = store.load(quarantine=True)
    assert second.problems == [] and [s.id for s in second.sessions] == [good]


def test_newer_schema_is_never_quarantined(data_dir: Path) -> None:
    store = Store(data_dir)
    (data_dir / "sessions").mkdir(parents=True)
    future = data_dir / "sessions" / "s.json"
    future.write_text(json.dumps({"schema_version": 7, "id": "s"}))
    result = store.load(quarantine=True)
    assert result.problems[0].action == "left untouched" and future.exists()
    assert store.quarantined() == []


def test_damaged_journal_keeps_what_came_before_and_is_set_aside(data_dir: Path) -> None:
    path = crashed_journal(data_dir, seconds=80)  # two sets done
    lines = path.read_bytes().splitlines(keepends=True)
    assert len(lines) == 3
    damaged = lines[0] + lines[1] + b"\x00garbage\n" + lines[2]
    path.write_bytes(damaged)
    result = Store(data_dir).load(quarantine=True)
    (record,) = result.sessions
    assert record.status == "interrupted" and len(record.sets) == 1
    (problem,) = result.problems
    assert "line 3" in problem.reason and "what came before it was recovered" in problem.reason
    (moved,) = Store(data_dir).quarantined()
    assert moved.read_bytes() == damaged and not path.exists()


def test_a_leftover_journal_never_overwrites_a_saved_session(data_dir: Path) -> None:
    """The session file was saved (say, by a retry) while its journal stayed behind, still
    unfinished: recovery must keep the saved file, not replace it with an interrupted one."""
    store, clock = Store(data_dir), FakeClock()
    session = session_of(store, routine(hold(seconds=5, sets=2, rest=2)), clock)
    session.start()
    clock.advance(11)  # get ready 5, the first set done, into the rest: the session goes on
    session.tick()
    writer = session.journal
    saved = writer.record().model_copy(update={"status": "completed"})
    store.save(saved)
    writer.close()  # the process dies: the journal is left behind
    assert writer.path is not None and writer.path.exists()
    result = Store(data_dir).load()
    (record,) = result.sessions
    assert record == saved and result.recovered == []
    assert not list((data_dir / "journal").glob("*.jsonl"))


def test_doctor_reports_then_repairs(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(data_dir)
    finished_session(store)
    crashed_journal(data_dir)
    (data_dir / "sessions" / "empty.json").write_bytes(b"")
    temp = data_dir / "sessions" / ".x.json.abcd.tmp"
    temp.write_bytes(b"{half")
    old = time.time() - STALE_TEMP_SECONDS - 5
    os.utime(temp, (old, old))
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "sessions: 1 readable" in out
    assert "empty.json: is empty (left in place)" in out
    assert "a crashed session waiting to be recovered" in out
    assert "a temp file left by an interrupted write" in out
    assert main(["doctor", "--repair"]) == 0
    out = capsys.readouterr().out
    assert "recovered: session" in out and "moved to quarantine/empty.json." in out
    assert out.rstrip().endswith("OK") and "sessions: 2 readable" in out
    assert not temp.exists()
    health = check(store)
    assert not health.needs_repair and len(health.quarantined) == 1


def _hold_app_lock(data_dir: Path) -> subprocess.Popen[str]:
    code = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from coretimer.store.history import Store
        lock = Store(Path({str(data_dir)!r})).hold_app_lock()
        print("held" if lock else "busy", flush=True)
        time.sleep(30)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


async def test_a_second_app_says_another_is_open(tmp_path: Path) -> None:
    from tests.scenarios import build_app, ready

    other = _hold_app_lock(tmp_path / "data")
    try:
        app, _ = build_app(tmp_path)
        async with app.run_test(size=(100, 32)) as pilot:
            await ready(pilot)
            assert app.another_instance
        assert check(Store(tmp_path / "data")).other_app_running
    finally:
        other.kill()
        other.wait()
    app, _ = build_app(tmp_path, history=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert not app.another_instance


WRITER = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from coretimer.model.clock import FakeClock
from coretimer.store.history import Store
from tests.helpers import finish, hold, reps, routine, session_of
store = Store(Path({data!r}))
r = routine(hold(seconds=3, sets=2, rest=1), reps(count=2, tempo=1), get_ready=1)
for i in range({n}):
    clock = FakeClock()
    assert finish(session_of(store, r, clock, routine_id="p{tag}"), clock).saved
print("done")
"""


def test_two_processes_saving_sessions_at_once_lose_nothing(data_dir: Path) -> None:
    n = 25
    procs = [subprocess.Popen([sys.executable, "-c", WRITER.format(
        root=str(ROOT), data=str(data_dir), n=n, tag=tag)], stdout=subprocess.PIPE, text=True)
        for tag in ("a", "b")]
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0 and out.strip() == "done"
    result = Store(data_dir).load()
    assert result.problems == []
    by_routine = {"pa": 0, "pb": 0}
    for s in result.sessions:
        by_routine[s.routine] += 1
        assert s.status == "completed" and len(s.sets) == 3
    assert by_routine == {"pa": n, "pb": n}
    assert not list((data_dir / "journal").glob("*.jsonl"))


def test_unlistable_data_folder_is_reported_by_doctor(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(data_dir)
    store.save(make_record("a"))
    deny_listing(monkeypatch, "sessions")
    assert main(["doctor"]) == 1
    assert "Permission denied" in capsys.readouterr().out


def test_only_a_quarantining_load_moves_files(data_dir: Path) -> None:
    """The quarantine choice belongs to one load() call; later reads never move files."""
    store = Store(data_dir)
    store.save(make_record("a"))
    store.load(quarantine=True)
    bad = data_dir / "sessions" / "b.json"
    bad.write_bytes(b"{broken")
    store.set_next_morning("b", "same")  # a write beside it, which never reads it
    store.load()
    assert bad.read_bytes() == b"{broken" and store.quarantined() == []
    assert [p.action for p in store.load().problems] == ["left in place"]
