"""Issue 24: where coretimer keeps things, named in hostile ways. An empty CORETIMER_DATA_DIR,
a folder that is a link loop, a folder whose name is not valid UTF-8: each is said plainly,
never a fall-back to another folder, a "does not exist" or a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from coretimer import paths
from coretimer.cli import main


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
    from typing import Any

    from coretimer.clock import FakeClock
    from coretimer.ui.app import make_app
    from tests.scenarios import START, ready

    looped, blamed = make_loop(tmp_path / "links", "itself")
    dirs = {"data": tmp_path / "data", "config": tmp_path / "config", which: looped}
    app = make_app(data_dir=dirs["data"], config_dir=dirs["config"], clock=FakeClock(START),
                   handle_signals=False, cache_dir=tmp_path / "cache")
    notes: list[str] = []
    real_notify = app.notify

    def notify(message: str, **kw: Any) -> None:
        notes.append(str(message))
        real_notify(message, **kw)

    monkeypatch.setattr(app, "notify", notify)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.pause()
    assert app.return_code in (None, 0)
    said = "\n".join(notes)
    says_link_loop(said, blamed)
