"""Issue 24, names and ids: a file name that is not UTF-8, two exercises with one id, one
name in two Unicode spellings, and invisible characters that reorder a line. One test (or
table) per defect; each failed on the main branch of the day."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import DataTable

from coretimer.cli import main
from coretimer.routines import RoutineError, discover, load_routine_file
from coretimer.ui.app import make_app
from tests.scenarios import START, ready

SIMPLE = b'name = "Q"\n[[exercises]]\nname = "Plank"\nkind = "hold"\nhold = 5\n'


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def writable(text: str) -> bool:
    """Text that can be written as UTF-8 (no lone surrogate from a file name)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def user_file(config_dir: Path, raw_name: bytes, data: bytes = SIMPLE) -> Path:
    """A file in the user routines folder, its name given as bytes (any bytes)."""
    folder = config_dir / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    raw = os.path.join(os.fsencode(folder), raw_name)
    with open(raw, "wb") as fh:
        fh.write(data)
    return Path(os.fsdecode(raw))


# --- 4. a routine file name that is not UTF-8 ----------------------------------------------------

def test_a_file_name_that_is_not_utf8_is_refused_by_name_never_a_crash(
        config_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`q\\xe9.toml` was listed as "q\ufffd", and its id (a surrogate escape) crashed the
    journal's first write at the start of its session. It is refused with its name shown,
    the byte escaped, and what to do; no command prints a raw surrogate or a traceback."""
    path = user_file(config_dir, b"q\xe9.toml")
    with pytest.raises(RoutineError) as caught:
        load_routine_file(path, source="user")
    (problem,) = caught.value.problems
    assert "UTF-8" in problem.message and "rename" in problem.message
    catalogue = discover(config_dir)
    assert all(writable(r.id) for r in catalogue.routines)
    assert "Q" not in [r.name for r in catalogue.routines]

    code, out, err = run(capsys, "routines")
    assert code == 0 and writable(out + err)
    assert "q\\xe9.toml" in err and "rename" in err and "\ufffd" not in out
    code, out, err = run(capsys, "check", str(path))
    assert code == 1 and writable(out + err)
    assert "q\\xe9.toml" in out + err and "rename" in out + err
    code, out, err = run(capsys, "run", str(path))
    assert code == 1 and writable(out + err) and "q\\xe9.toml" in err
    code, out, err = run(capsys, "run", os.fsdecode(b"q\xe9"))
    assert code == 1 and writable(out + err) and "Traceback" not in err
    for command in ("history", "stats", "export", "report"):
        code, out, err = run(capsys, command)
        assert code == 0 and writable(out + err), command


async def test_the_app_names_a_file_name_that_is_not_utf8(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coretimer.clock import FakeClock
    from coretimer.settings import Settings

    user_file(tmp_path / "config", b"q\xe9.toml")
    app = make_app(data_dir=tmp_path / "data", config_dir=tmp_path / "config",
                   clock=FakeClock(START), handle_signals=False,
                   settings=Settings(safety_notice_acknowledged=True))
    notes: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(message))
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        table = app.screen.query_one("#routines", DataTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert "Q" not in names
    (note,) = [n for n in notes if "routine" in n]
    assert "q\\xe9.toml" in note and "rename" in note and writable(note)
