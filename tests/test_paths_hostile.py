"""Issue 24: where coretimer keeps things, named in hostile ways. An empty CORETIMER_DATA_DIR,
a folder that is a link loop, a folder whose name is not valid UTF-8: each is said plainly,
never a fall-back to another folder, a "does not exist" or a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coretimer import paths
from coretimer.cli import main
from coretimer.model.record import SessionRecord, SetResult
from coretimer.store.history import Store
from tests.helpers import record_notices


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


# --- CORETIMER_DATA_DIR= ------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "   "])
@pytest.mark.parametrize("command", [["history"], ["stats"], ["export"], ["doctor"],
                                     ["report"], ["routines"]])
def test_an_empty_data_dir_variable_is_an_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        value: str, command: list[str]) -> None:
    """As `--data-dir ""` is (and the README says): never the platform's folder instead."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("CORETIMER_DATA_DIR", value)
    code, out, err = run(capsys, *command)
    assert code == 2, (out, err)
    assert "CORETIMER_DATA_DIR" in err and "empty" in err
    assert "Traceback" not in err and out == ""
    assert not home.exists()  # nothing read or made in the default folder


def test_an_empty_data_dir_variable_is_refused_by_the_core_too(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The app and serve ask paths.data_dir() too: no silent fall-back there either."""
    monkeypatch.setenv("CORETIMER_DATA_DIR", "")
    with pytest.raises(paths.PathError, match="CORETIMER_DATA_DIR"):
        paths.data_dir()


def test_data_dir_option_wins_over_an_empty_variable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CORETIMER_DATA_DIR", "")
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "d"), "history")
    assert (code, out) == (0, "No sessions yet.\n"), err


# --- Link loops ---------------------------------------------------------------------------------


def make_loop(root: Path, shape: str) -> tuple[Path, Path]:
    """A folder path that can never be reached, and the link to blame: a link to itself, two
    links to each other, or a folder inside a looping link."""
    root.mkdir(parents=True, exist_ok=True)
    if shape == "itself":
        (root / "loop").symlink_to("loop")
        return root / "loop", root / "loop"
    if shape == "two links":
        (root / "a").symlink_to("b")
        (root / "b").symlink_to("a")
        return root / "a", root / "a"
    (root / "loop").symlink_to("loop")
    return root / "loop" / "inner", root / "loop"


SHAPES = ["itself", "two links", "inside one"]


def says_link_loop(text: str, blamed: Path) -> None:
    assert "link loop" in text, text
    assert str(blamed) in text, text
    assert "does not exist" not in text and "File exists" not in text, text
    assert "Traceback" not in text and "unexpected error" not in text, text


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("command", [["history"], ["stats"], ["export"], ["report"],
                                     ["doctor"], ["delete", "s1"], ["restore", "s1"],
                                     ["morning", "same"], ["history", "--limit", "1"]])
def test_a_data_folder_that_is_a_link_loop_is_said_to_be_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], shape: str,
        command: list[str]) -> None:
    data, blamed = make_loop(tmp_path / "links", shape)
    code, out, err = run(capsys, "--data-dir", str(data), *command)
    assert code == 1, (out, err)
    says_link_loop(out + err, blamed)
    assert "--data-dir" in out + err  # what to do


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("command", [["stats"], ["routines"], ["new", "Desk break"],
                                     ["doctor"]])
def test_a_config_folder_that_is_a_link_loop_is_said_to_be_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        shape: str, command: list[str]) -> None:
    config, blamed = make_loop(tmp_path / "links", shape)
    monkeypatch.setenv("CORETIMER_CONFIG_DIR", str(config))
    code, out, err = run(capsys, *command)
    says_link_loop(err, blamed)
    assert "CORETIMER_CONFIG_DIR" in err  # what to do
    assert len([line for line in err.splitlines() if "link loop" in line]) == 1, err
    assert code == (1 if command[0] == "new" else 0), (out, err)


@pytest.mark.parametrize("which", ["data", "config"])
async def test_the_app_says_a_folder_is_a_link_loop(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str) -> None:

    from coretimer.model.clock import FakeClock
    from coretimer.ui.factory import make_app
    from tests.scenarios import START, ready

    looped, blamed = make_loop(tmp_path / "links", "itself")
    dirs = {"data": tmp_path / "data", "config": tmp_path / "config", which: looped}
    app = make_app(data_dir=dirs["data"], config_dir=dirs["config"], clock=FakeClock(START),
                   handle_signals=False, cache_dir=tmp_path / "cache")
    notes = record_notices(app, monkeypatch)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.pause()
    assert app.return_code in (None, 0)
    said = "\n".join(notes)
    says_link_loop(said, blamed)


# --- Folder names that are not valid UTF-8 ------------------------------------------------------

ROUTINE = b'name = "Mine"\n[[exercises]]\nname = "Plank"\nkind = "hold"\nhold = 20\n'
#: An undecodable byte as the CLI shows it: visibly escaped, never raw, never a surrogate.
SHOWN = "\\xe9"


class Undecodable:
    """A data folder, a config folder (with a routine and a broken one) and an output folder,
    each named with the byte 0xE9 (not valid UTF-8), and a history with one session of the
    routine and one file that cannot be read."""

    def __init__(self, root: Path) -> None:
        base = os.fsencode(root)
        made = []
        for name in (b"d\xe9", b"c\xe9", b"o\xe9"):
            os.mkdir(base + b"/" + name)
            made.append(Path(os.fsdecode(base + b"/" + name)))
        self.data, self.config, self.out = made
        assert "\udce9" in str(self.data)
        routines = self.config / "routines"
        routines.mkdir()
        (routines / "mine.toml").write_bytes(ROUTINE)
        self.broken = routines / "broken.toml"
        self.broken.write_bytes(b'name = "Broken"\n')
        self.importable = root / "import-me.toml"
        self.importable.write_bytes(ROUTINE.replace(b"Mine", b"Imported"))
        start = datetime.now(UTC) - timedelta(days=1)
        Store(self.data).save(SessionRecord(
            id="s1", routine="mine", routine_name="Mine", started_at=start,
            ended_at=start + timedelta(minutes=5), status="completed",
            sets=[SetResult(exercise="Plank", kind="hold", set=1, target=20, achieved=20,
                            completed=True)]))
        (self.data / "sessions" / "garbage.json").write_bytes(b"{not json")


def commands(u: Undecodable) -> dict[str, list[str]]:
    return {
        "report -o": ["report", "-o", str(u.out / "r.html")],
        "report": ["report"],
        "export -o": ["export", "-o", str(u.out / "e.csv")],
        "export json -o": ["export", "--format", "json", "-o", str(u.out / "e.json")],
        "doctor": ["doctor"],
        "doctor --repair": ["doctor", "--repair"],
        "history": ["history"],
        "stats": ["stats"],
        "routines": ["routines"],
        "new": ["new", "Desk break"],
        "import": ["import", str(u.importable)],
        "check": ["check", str(u.broken)],
        "run": ["run", str(u.broken)],
        "delete": ["delete", "s1"],
    }


@pytest.mark.parametrize("name", ["report -o", "report", "export -o", "export json -o",
                                  "doctor", "doctor --repair", "history", "stats", "routines",
                                  "new", "import", "check", "run", "delete"])
def test_a_path_that_is_not_utf8_is_shown_escaped_never_a_crash(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        name: str) -> None:
    """capsys writes UTF-8 strictly, as a UTF-8 terminal's Python does."""
    u = Undecodable(tmp_path)
    monkeypatch.setenv("CORETIMER_DATA_DIR", str(u.data))
    monkeypatch.setenv("CORETIMER_CONFIG_DIR", str(u.config))
    code, out, err = run(capsys, *commands(u)[name])
    both = out + err
    assert "Traceback" not in both and "unexpected error" not in both, both
    assert code in (0, 1), both
    assert SHOWN in both, both  # the path is there, its byte visibly escaped
    assert "\udce9" not in both and "\\udce9" not in both and "\xe9" not in both, both
    if name.startswith("report -o") or name.startswith("export"):
        assert code == 0, both
        written = {"report -o": "r.html", "export -o": "e.csv", "export json -o": "e.json"}
        assert (u.out / written[name]).stat().st_size > 0


def test_json_keeps_a_path_that_is_not_utf8_losslessly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    u = Undecodable(tmp_path)
    monkeypatch.setenv("CORETIMER_CONFIG_DIR", str(u.config))
    code, out, err = run(capsys, "routines", "--json")
    assert code == 0, err
    paths_shown = {row["path"] for row in json.loads(out)}
    assert str(u.config / "routines" / "mine.toml") in paths_shown  # \udce9 in JSON: lossless


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8:surrogateescape"])
@pytest.mark.parametrize("name", ["report -o", "export -o", "doctor", "routines", "new"])
def test_a_path_that_is_not_utf8_under_a_real_utf8_terminal(
        tmp_path: Path, encoding: str, name: str) -> None:
    """As people run it: Python writes UTF-8 strictly (a UTF-8 locale) or passes the bytes
    through (the C.UTF-8 locale); either way the byte is shown escaped."""
    u = Undecodable(tmp_path)
    env = {**os.environ, "PYTHONIOENCODING": encoding, "CORETIMER_DATA_DIR": str(u.data),
           "CORETIMER_CONFIG_DIR": str(u.config)}
    done = subprocess.run([sys.executable, "-m", "coretimer", *commands(u)[name]],
                          capture_output=True, env=env, timeout=60, stdin=subprocess.DEVNULL)
    both = done.stdout + done.stderr
    assert b"Traceback" not in both and b"unexpected error" not in both, both
    assert done.returncode in (0, 1), both
    assert SHOWN.encode() in both and b"\xe9" not in both and b"\\udce9" not in both, both


async def test_the_app_starts_with_folders_that_are_not_utf8(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The unreadable history file is set aside (its note written) and named, escaped."""

    from coretimer.model.clock import FakeClock
    from coretimer.ui.factory import make_app
    from tests.scenarios import START, ready

    u = Undecodable(tmp_path)
    app = make_app(data_dir=u.data, config_dir=u.config, clock=FakeClock(START),
                   handle_signals=False, cache_dir=tmp_path / "cache")
    notes = record_notices(app, monkeypatch)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.pause()
    assert app.return_code in (None, 0) and app.crash_log is None
    said = "\n".join(notes)
    assert "garbage.json" in said and SHOWN in said and "\udce9" not in said, said
    assert len(Store(u.data).quarantined()) == 1


def test_a_crash_log_takes_a_message_with_a_path_that_is_not_utf8(tmp_path: Path) -> None:
    from coretimer.crash import write_crash_log

    u = Undecodable(tmp_path)
    try:
        raise OSError(f"cannot use {u.data}")
    except OSError as exc:
        log = write_crash_log(u.data, exc)
    assert log is not None and b"cannot use" in log.read_bytes()
