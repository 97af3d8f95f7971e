"""The command line: exit codes, check output, history --json shape, export, routines."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from coretimer import __version__
from coretimer.cli import main
from coretimer.model.clock import FakeClock
from coretimer.routine.files import resolve
from coretimer.session.controller import Session
from coretimer.store.history import Store
from tests.helpers import finish


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def record_sessions(data_dir: Path) -> list[str]:
    """Two real sessions through the controller: one completed, one stopped for pain."""
    store = Store(data_dir)
    loaded = resolve("foundations", Path("/nonexistent"))
    clock = FakeClock()
    first = Session(loaded, store, clock, baseline_pain=1)
    finish(first, clock)
    clock.advance(86_400)
    second = Session(loaded, store, clock, baseline_pain=0)
    second.start()
    clock.advance(8 + 20)
    second.tick()
    second.report_pain()
    assert second.rate_pain(6).finished is not None
    return [str(first.engine.session_id), str(second.engine.session_id)]


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"coretimer {__version__}\n", "")
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("run", "routines", "check", "history", "export", "--data-dir"):
        assert command in out


@pytest.mark.parametrize("argv", [["frobnicate"], ["history", "--limit", "x"],
                                  ["history", "--limit", "0"], ["export", "--format", "xml"],
                                  ["check"], ["run"]])
def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2 and "usage:" in err


def test_check_ok_and_problems(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    shipped = sorted(str(p) for p in (Path(__file__).parent.parent / "routines").glob("*.toml"))
    code, out, _ = run(capsys, "check", *shipped)
    assert code == 0 and out == f"{len(shipped)} files OK\n"
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "R"\n[[exercises]]\nname = "A"\nkind = "hold"\n'
                   '[[exercises]]\nname = "B"\nkind = "hold"\nhold = 5\n'
                   '[[exercises]]\nname = "C"\nkind = "hold"\nhold = 601\n')
    syntax = tmp_path / "syntax.toml"
    syntax.write_text('name = "R"\n\nsets = = 3\n')
    code, out, err = run(capsys, "check", str(bad), str(syntax))
    assert code == 1 and err == ""
    assert out.splitlines() == [
        f'{bad}: exercises[0]: a "hold" exercise needs hold = seconds (or "max") (line 2)',
        f"{bad}: exercises[2].hold: must be from 1 to 600 seconds, not 601 (line 12)",
        f"{syntax}: line 3, column 8: TOML syntax error: Invalid value",
    ]


def test_history_json_shape(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    ids = record_sessions(data_dir)
    code, out, err = run(capsys, "history", "--json")
    assert code == 0 and err == ""
    sessions = json.loads(out)
    assert [s["id"] for s in sessions] == ids[::-1]  # newest first
    for s in sessions:
        # The documented shape, in order, extended by one key (schema version 2); sets and
        # pain reports say how a set ended and where the pain came (schema version 3); sets
        # name their level and the next morning has a 0-10 rating (schema version 4); the
        # sets left out because of pain follow (schema version 5).
        assert list(s) == ["id", "routine", "routine_name", "started_at", "ended_at", "status",
                           "baseline_pain", "sets", "pain", "next_morning", "next_morning_pain",
                           "not_done"]
        for st in s["sets"]:
            assert list(st) == ["exercise", "kind", "side", "set", "target", "achieved",
                                "completed", "skipped", "ended_by", "exercise_id", "level",
                                "level_name"]
    newest, oldest = sessions
    assert oldest["status"] == "completed" and oldest["baseline_pain"] == 1
    assert oldest["routine"] == "foundations"
    assert oldest["routine_name"] == "Back-safe foundations"
    assert oldest["started_at"] == "2026-11-21T10:00:00+00:00"
    # Dead bug and bird dog alternate sides within each set: one record per set, no side.
    assert {st["side"] for st in oldest["sets"]} == {None}
    assert [st["set"] for st in oldest["sets"] if st["exercise"] == "Dead bug"] == [1, 2, 3]
    assert newest["status"] == "stopped_for_pain"
    assert newest["sets"] == [{"exercise": "Drawing-in (abdominal vacuum)", "kind": "reps",
                               "side": None, "set": 1, "target": 10.0, "achieved": 2.0,
                               "completed": False, "skipped": False, "ended_by": "pain",
                               "exercise_id": "brace-abdominal-vacuum", "level": None,
                               "level_name": None}]
    assert newest["pain"] == [{"at": "2026-11-22T10:22:16+00:00",
                               "exercise": "Drawing-in (abdominal vacuum)", "level": 6,
                               "phase": "work",
                               "counts_against": ["brace-abdominal-vacuum"],
                               "exercise_id": "brace-abdominal-vacuum"}]
    code, out, _ = run(capsys, "history", "--json", "--limit", "1")
    assert [s["id"] for s in json.loads(out)] == ids[1:]


def test_history_text_and_empty(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    assert run(capsys, "history") == (0, "No sessions yet.\n", "")
    assert run(capsys, "history", "--json") == (0, "[]\n", "")
    record_sessions(data_dir)
    code, out, _ = run(capsys, "history")
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[:3] == ["DATE", "ROUTINE", "STATUS"]
    assert "stopped for pain" in lines[1] and "completed" in lines[2]


def test_data_dir_flag_wins_over_environment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = tmp_path / "elsewhere"
    record_sessions(other)
    assert json.loads(run(capsys, "history", "--json")[1]) == []
    assert len(json.loads(run(capsys, "--data-dir", str(other), "history", "--json")[1])) == 2


def test_history_warns_about_damaged_files_but_lists_the_rest(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    record_sessions(data_dir)
    (data_dir / "sessions" / "zz.json").write_text("{trunc")
    code, out, err = run(capsys, "history", "--json")
    assert code == 0 and len(json.loads(out)) == 2
    assert "zz.json" in err and "not valid JSON" in err


def test_export_csv_and_json(capsys: pytest.CaptureFixture[str], data_dir: Path,
                             tmp_path: Path) -> None:
    ids = record_sessions(data_dir)
    code, out, _ = run(capsys, "export")
    every = list(csv.DictReader(io.StringIO(out)))
    rows = [r for r in every if r["row"] == "set"]
    assert code == 0 and rows[0]["session_id"] == ids[0]  # oldest first
    assert rows[-1]["session_id"] == ids[1] and rows[-1]["completed"] == "false"
    # The pain report has a row of its own: its exercise, time, level and phase.
    (pain,) = [r for r in every if r["row"] == "pain"]
    assert (pain["session_id"], pain["exercise"], pain["pain_level"], pain["pain_phase"]) == (
        ids[1], "Drawing-in (abdominal vacuum)", "6", "work")
    assert pain["pain_at"] == "2026-11-22T10:22:16+00:00" and pain["set"] == ""
    assert rows[0]["exercise"] == "Drawing-in (abdominal vacuum)" and rows[0]["target"] == "10"
    target = tmp_path / "out.json"
    code, _, err = run(capsys, "export", "--format", "json", "-o", str(target))
    assert code == 0 and "exported 2 sessions" in err
    assert [s["id"] for s in json.loads(target.read_text())] == ids


def test_routines_lists_shipped_and_user(capsys: pytest.CaptureFixture[str],
                                         config_dir: Path) -> None:
    (config_dir / "routines").mkdir(parents=True)
    (config_dir / "routines" / "desk.toml").write_text(
        'name = "Desk break"\n[[exercises]]\nname = "Plank"\nkind = "hold"\nhold = 20\n')
    code, out, _ = run(capsys, "routines", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and rows["desk"]["source"] == "user" and rows["desk"]["exercises"] == 1
    assert rows["foundations"]["source"] == "shipped" and rows["foundations"]["minutes"] > 5
    code, out, _ = run(capsys, "routines")
    assert out.splitlines()[0].split() == ["ID", "NAME", "EXERCISES", "MIN", "SOURCE", "FILE"]


def test_run_unknown_routine_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "run", "foundatons")
    assert code == 1 and 'Did you mean "foundations"?' in err


def test_unexpected_errors_never_show_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import coretimer.cli.history_commands as commands

    def broken(args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(commands, "cmd_history", broken)
    code, _, err = run(capsys, "history")
    assert code == 1 and "unexpected error: RuntimeError: boom" in err
    assert "Traceback" not in err


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "coretimer", "--version"],
                            capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == f"coretimer {__version__}"


def test_fast_help_is_what_argparse_prints(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """`coretimer --help` prints a stored copy (argparse costs start-up time); it must never
    drift from the parser. If this fails, paste build_parser().format_help() (COLUMNS=80)
    into cli.HELP."""
    from coretimer.cli import HELP, build_parser

    monkeypatch.setenv("COLUMNS", "80")
    assert build_parser().format_help() == HELP
    assert run(capsys, "--help") == (0, HELP, "")
    assert run(capsys, "-h") == (0, HELP, "")


def test_stats_json_shape(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    record_sessions(data_dir)
    code, out, _ = run(capsys, "stats", "--json")
    data = json.loads(out)
    assert code == 0
    assert {"sessions", "current_streak_days", "longest_streak_days", "weekly_streak",
            "weekly_target", "pain_free_sessions", "exercises"} <= set(data)
    assert data["sessions"] == 2 and data["pain_free_sessions"] == 1
    assert data["weekly_target"] == 3
    plank = data["exercises"]["Front plank"]
    assert plank == {"best_hold_seconds": 30.0, "last_hold_seconds": 30.0, "best_reps": None,
                     "sessions": 1, "id": "front-plank", "kind": "hold"}
    code, out, _ = run(capsys, "stats")
    assert code == 0 and "weekly streak:" in out and "Front plank" in out


@pytest.mark.parametrize(("argv", "quiet"), [
    (["run", "foundations"], False),
    (["--quiet", "run", "foundations"], True),
    (["run", "foundations", "--quiet"], True),
    (["--quiet", "run", "foundations", "--quiet"], True),
])
def test_quiet_before_or_after_run_is_kept(argv: list[str], quiet: bool) -> None:
    """`coretimer --quiet run X` lost --quiet: the subcommand's default overwrote it."""
    from coretimer.cli import build_parser

    assert build_parser().parse_args(argv).quiet is quiet


@pytest.mark.parametrize(("argv", "voice"), [
    (["run", "foundations"], None),
    (["--voice", "run", "foundations"], True),
    (["--no-voice", "run", "foundations"], False),
    (["run", "foundations", "--no-voice"], False),
    (["--no-voice", "run", "foundations", "--voice"], True),
    (["--no-voice"], False),
])
def test_voice_and_no_voice_before_or_after_run(argv: list[str], voice: bool | None) -> None:
    from coretimer.cli import build_parser

    assert getattr(build_parser().parse_args(argv), "voice", None) is voice


@pytest.mark.parametrize(("quiet", "override", "setting", "on"), [
    (False, None, True, True), (False, None, False, False), (False, True, False, True),
    (False, False, True, False), (True, True, True, False), (True, None, True, False),
])
def test_voice_follows_quiet_then_the_flag_then_the_setting(
        tmp_path: Path, quiet: bool, override: bool | None, setting: bool, on: bool) -> None:
    from coretimer.settings import Settings
    from coretimer.ui.factory import make_app

    app = make_app(data_dir=tmp_path / "d", config_dir=tmp_path / "c", quiet=quiet,
                   voice=override, settings=Settings(voice=setting), handle_signals=False)
    assert app.page.voice_on(app.settings) is on
    assert app.page.sound_on(app.settings) is not quiet
