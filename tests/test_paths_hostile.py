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
