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


# --- 5. duplicate ids ----------------------------------------------------------------------------

BRIDGES = '''\
name = "Mine"

[[exercises]]
name = "Glute bridge"
id = "glute-bridge"
kind = "hold"
hold = 30

[[exercises]]
name = "Bridge reps"
{second}
kind = "reps"
reps = 12
'''


@pytest.mark.parametrize(("second", "key", "names"), [
    ('id = "glute-bridge"', "glute-bridge", ("Glute bridge", "Bridge reps")),
    ("", "glute-bridge", ("Glute bridge", "Glute bridge")),  # the slug of the same name
])
def test_check_refuses_two_exercises_with_one_id(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], second: str, key: str,
        names: tuple[str, str]) -> None:
    """Two exercises with one id and different kinds passed check; their sets then merged
    in the statistics. Check (and loading) refuses them, naming the file, the id and both
    exercises."""
    text = BRIDGES.format(second=second)
    if not second:
        text = text.replace('name = "Bridge reps"', 'name = "Glute bridge"')
    path = tmp_path / "mine.toml"
    path.write_text(text)
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    (line,) = out.splitlines()
    assert line.startswith(f"{path}: exercises[1].id: ")
    assert f'"{key}"' in line and "exercises[0]" in line
    assert all(name in line for name in names)
    with pytest.raises(RoutineError):
        load_routine_file(path)


def _saved(data_dir: Path, day: int, routine_id: str, kind: str, amount: float) -> None:
    from datetime import timedelta

    from coretimer.models import SessionRecord, SetResult
    from coretimer.store import Store

    start = START - timedelta(days=10 - day)
    Store(data_dir).save(SessionRecord(
        id=f"s{day}", routine=routine_id, routine_name=routine_id, started_at=start,
        ended_at=start + timedelta(minutes=10), status="completed", next_morning="same",
        sets=[SetResult(exercise="Glute bridge", exercise_id="glute-bridge",
                        kind=kind, set=1, target=amount,  # type: ignore[arg-type]
                        achieved=amount, completed=True)]))


@pytest.mark.parametrize("hold_first", [True, False])
def test_a_hold_and_reps_with_one_id_are_two_exercises_in_the_statistics(
        data_dir: Path, capsys: pytest.CaptureFixture[str], hold_first: bool) -> None:
    """A person's own "Glute bridge" hold and the shipped "Glute bridge" reps share the id
    glute-bridge: their 12 reps vanished under the hold's seconds (whichever came first
    took the id, the other's points were dropped), and `stats --json`, by name, showed one.
    The statistics key on the id and the kind; names that two exercises share say which."""
    import json

    from coretimer.stats import trends
    from coretimer.store import Store

    _saved(data_dir, 1 if hold_first else 2, "mine", "hold", 30)
    _saved(data_dir, 2 if hold_first else 1, "foundations", "reps", 12)
    found = trends(Store(data_dir).load().sessions)
    assert {key: (t.kind, t.values) for key, t in found.items()} == {
        ("glute-bridge", "hold"): ("hold", [30.0]), ("glute-bridge", "reps"): ("reps", [12.0])}
    code, out, _ = run(capsys, "stats", "--json")
    assert code == 0
    exercises = json.loads(out)["exercises"]
    assert exercises == {
        "Glute bridge (hold)": {"id": "glute-bridge", "kind": "hold", "best_hold_seconds": 30.0,
                                "last_hold_seconds": 30.0, "best_reps": None, "sessions": 1},
        "Glute bridge (reps)": {"id": "glute-bridge", "kind": "reps", "best_hold_seconds": None,
                                "last_hold_seconds": None, "best_reps": 12.0, "sessions": 1}}
    code, out, _ = run(capsys, "stats")
    assert code == 0 and "30 s" in out and "12 reps" in out
