"""History you can manage from the command line: filters, delete to the trash and restore
(nothing is ever unlinked), and an export that holds the pain reports and the next-morning
answers, with the same filters, that asks before replacing a file and stays quiet when its
reader leaves."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coretimer.model.record import PainReport, SessionRecord, SetResult
from coretimer.store.history import Store
from tests.test_cli import run

DAY = datetime(2026, 11, 10, 9, tzinfo=UTC)


def seed(data_dir: Path) -> list[str]:
    """Four sessions on 10, 12, 14 and 16 November: foundations, big-three alternating; the
    second with a pain report, the third with a next-morning answer."""
    store = Store(data_dir)
    ids = []
    for i in range(4):
        start = DAY + timedelta(days=2 * i)
        routine = "foundations" if i % 2 == 0 else "big-three"
        record = SessionRecord(
            id=f"2026111{i}T090000-0000000{i}", routine=routine, routine_name=routine,
            started_at=start, ended_at=start + timedelta(minutes=20), status="completed",
            baseline_pain=1,
            sets=[SetResult(exercise="Plank", kind="hold", set=1, target=30, achieved=30,
                            completed=True)],
            pain=[PainReport(at=start + timedelta(minutes=5), exercise="Plank", level=3,
                             phase="work", counts_against=["plank"])] if i == 1 else [])
        store.save(record)
        if i == 2:
            store.set_next_morning(record.id, "better", 1)
        ids.append(record.id)
    return ids


def history_ids(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    code, out, err = run(capsys, "history", "--json", *argv)
    assert code == 0, err
    return [s["id"] for s in json.loads(out)]


def test_history_filters(capsys: pytest.CaptureFixture[str], data_dir: Path,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    ids = seed(data_dir)
    assert history_ids(capsys) == ids[::-1]
    assert history_ids(capsys, "--routine", "big-three") == [ids[3], ids[1]]
    assert history_ids(capsys, "--since", "2026-11-12") == [ids[3], ids[2], ids[1]]
    assert history_ids(capsys, "--until", "2026-11-12") == [ids[1], ids[0]]
    assert history_ids(capsys, "--since", "2026-11-12", "--until", "2026-11-14",
                       "--routine", "foundations") == [ids[2]]
    assert history_ids(capsys, "--since", "2026-12-01") == []


@pytest.mark.parametrize(("argv", "words"), [
    (["--since", "yesterday"], "--since: not a date (YYYY-MM-DD): 'yesterday'"),
    (["--until", "2026-13-01"], "--until: not a date"),
    (["--since", "2026-11-20", "--until", "2026-11-01"], "is after --until"),
    (["--routine", "big-tree"], "no routine 'big-tree' (did you mean \"big-three\"?)"),
])
@pytest.mark.parametrize("command", ["history", "export"])
def test_bad_filters_are_one_line_and_exit_2(capsys: pytest.CaptureFixture[str],
                                             data_dir: Path, command: str, argv: list[str],
                                             words: str) -> None:
    seed(data_dir)
    code, out, err = run(capsys, command, *argv)
    assert code == 2 and out == "" and words in err
    assert len(err.strip().splitlines()) == 1


def test_delete_and_restore_lose_nothing(capsys: pytest.CaptureFixture[str],
                                         data_dir: Path) -> None:
    ids = seed(data_dir)
    sessions = data_dir / "sessions"
    before = {p.name: p.read_bytes() for p in sessions.iterdir()}
    assert f"{ids[2]}.next-morning" in before
    code, _, err = run(capsys, "delete", ids[2])
    assert code == 0 and f"coretimer restore {ids[2]}" in err
    assert ids[2] not in history_ids(capsys)
    trash = data_dir / "trash"
    assert sorted(p.name for p in trash.iterdir()) == [f"{ids[2]}.json",
                                                       f"{ids[2]}.next-morning"]
    code, _, err = run(capsys, "restore", ids[2])
    assert code == 0 and "restored" in err
    after = {p.name: p.read_bytes() for p in sessions.iterdir()}
    assert after == before  # every byte back, the next-morning answer too
    assert list(trash.iterdir()) == []
    (record,) = [s for s in Store(data_dir).load().sessions if s.id == ids[2]]
    assert (record.next_morning, record.next_morning_pain) == ("better", 1)


@pytest.mark.parametrize(("argv", "words"), [
    (["delete", "no-such-id"], "no session 'no-such-id'"),
    (["restore", "no-such-id"], "no session 'no-such-id' in the trash"),
    (["delete", "../sessions"], "is not a session id"),
    (["restore", ".hidden"], "is not a session id"),
])
def test_unknown_ids_are_one_line_and_exit_2(capsys: pytest.CaptureFixture[str],
                                             data_dir: Path, argv: list[str],
                                             words: str) -> None:
    seed(data_dir)
    code, _, err = run(capsys, *argv)
    assert code == 2 and words in err and len(err.strip().splitlines()) == 1


def test_restore_never_replaces_a_session(capsys: pytest.CaptureFixture[str],
                                          data_dir: Path) -> None:
    ids = seed(data_dir)
    assert run(capsys, "delete", ids[0])[0] == 0
    copy = (data_dir / "trash" / f"{ids[0]}.json").read_bytes()
    (data_dir / "sessions" / f"{ids[0]}.json").write_bytes(copy)  # the same id came back
    code, _, err = run(capsys, "restore", ids[0])
    assert code == 2 and "in the history already" in err
    assert (data_dir / "trash" / f"{ids[0]}.json").read_bytes() == copy


def test_export_holds_pain_reports_and_next_morning_answers(
        capsys: pytest.CaptureFixture[str], data_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    ids = seed(data_dir)
    code, out, _ = run(capsys, "export")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["row"] for r in rows].count("set") == 4
    (pain,) = [r for r in rows if r["row"] == "pain"]
    assert (pain["session_id"], pain["exercise"], pain["pain_level"], pain["pain_phase"]) == (
        ids[1], "Plank", "3", "work")
    (morning,) = [r for r in rows if r["row"] == "next_morning"]
    assert (morning["session_id"], morning["next_morning"], morning["next_morning_pain"]) == (
        ids[2], "better", "1")
    code, out, _ = run(capsys, "export", "--since", "2026-11-14")
    assert {r["session_id"] for r in csv.DictReader(io.StringIO(out))} == {ids[2], ids[3]}
    code, out, _ = run(capsys, "export", "--format", "json", "--routine", "big-three")
    assert [s["id"] for s in json.loads(out)] == [ids[1], ids[3]]


def test_export_onto_a_file_asks_first(capsys: pytest.CaptureFixture[str], data_dir: Path,
                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(data_dir)
    target = tmp_path / "out.csv"
    target.write_text("keep me")
    monkeypatch.setattr(sys, "stdin", io.StringIO("n\n"))
    code, _, err = run(capsys, "export", "-o", str(target))
    assert code == 1 and "Replace it?" in err and target.read_text() == "keep me"
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # nobody to ask: no
    assert run(capsys, "export", "-o", str(target))[0] == 1
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    assert run(capsys, "export", "-o", str(target))[0] == 0
    assert target.read_text().startswith("session_id,")
    target.write_text("again")
    assert run(capsys, "export", "-o", str(target), "--force")[0] == 0
    assert target.read_text().startswith("session_id,")


def test_export_into_head_prints_no_traceback(data_dir: Path, tmp_path: Path) -> None:
    store = Store(data_dir)
    for i in range(400):
        start = DAY + timedelta(hours=i)
        store.save(SessionRecord(
            id=f"s{i:04d}", routine="r", routine_name="R", started_at=start, ended_at=start,
            status="completed",
            sets=[SetResult(exercise="Plank", kind="hold", set=n, target=30, achieved=30,
                            completed=True) for n in range(1, 6)]))
    result = subprocess.run(
        f"{sys.executable} -m coretimer --data-dir {data_dir} export | head -n 2",
        shell=True, capture_output=True, text=True, timeout=60)
    assert result.stdout.startswith("session_id,") and len(result.stdout.splitlines()) == 2
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_restore_never_replaces_a_next_morning_answer(capsys: pytest.CaptureFixture[str],
                                                      data_dir: Path) -> None:
    ids = seed(data_dir)
    assert run(capsys, "delete", ids[2])[0] == 0
    answer = data_dir / "sessions" / f"{ids[2]}.next-morning"
    answer.write_text('{"session": "x", "next_morning": "worse", "pain": 6}\n')
    code, _, err = run(capsys, "restore", ids[2])
    assert code == 2 and "nothing was moved" in err
    assert "worse" in answer.read_text()
    assert (data_dir / "trash" / f"{ids[2]}.next-morning").is_file()


def test_a_known_routine_without_sessions_is_no_error(capsys: pytest.CaptureFixture[str],
                                                      data_dir: Path) -> None:
    seed(data_dir)
    assert run(capsys, "history", "--routine", "warm-up") == (0, "No sessions yet.\n", "")
