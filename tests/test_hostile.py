"""Issue 10, "Never crash, never lose, never lie": hostile input against the store, the CLI and
the screens. One test (or table) per defect the issue lists; each failed on the main branch of
the day."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable

from coretimer.cli import main
from coretimer.durable import write_error
from coretimer.model.clock import FakeClock
from coretimer.model.record import SessionRecord, SetResult
from coretimer.routine.files import check_files, load_routine_file
from coretimer.settings import Settings
from coretimer.store.doctor import check, repair
from coretimer.store.history import Store
from coretimer.ui.factory import make_app
from coretimer.ui.screens.quit import QuitUnsaved
from coretimer.ui.screens.session import SessionScreen
from coretimer.ui.screens.summary import SummaryScreen
from tests.conftest import ROOT
from tests.helpers import finish, hold, routine, session_of
from tests.scenarios import START, advance, build_app, ready

SIZE = (100, 32)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def cli(*argv: str, env: dict[str, str] | None = None, timeout: float = 30,
        **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coretimer", *argv], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})},
                          **kw)  # type: ignore[call-overload, no-any-return]


def record(i: int = 0, **changes: object) -> SessionRecord:
    start = datetime(2026, 11, 1, 8, tzinfo=UTC) + timedelta(days=i)
    base = SessionRecord(
        id=f"s{i}", routine="r", routine_name="Routine", started_at=start,
        ended_at=start + timedelta(minutes=20), status="completed", next_morning="same",
        sets=[SetResult(exercise="Plank", kind="hold", set=1, target=30, achieved=30,
                        completed=True)])
    return base.model_copy(update=changes)


def write_doc(data_dir: Path, name: str, doc: object | bytes) -> Path:
    folder = data_dir / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(doc if isinstance(doc, bytes) else json.dumps(doc).encode())
    return path


def good_doc(i: int = 0) -> dict[str, object]:
    return {"schema_version": 3, **record(i).public_json()}


# --- Crashes and lock-outs: square brackets ------------------------------------------------------

BRACKETS = '''\
name = "Close [/b] tag"
get_ready = 1
rest_between_exercises = 0

[[exercises]]
name = "Morning core [easy]"
kind = "hold"
hold = 30
cues = ["Brace [b]hard", "[/b] then breathe", "Hips [red]level[/red]"]
equipment = ["mat [thick]"]
'''


async def test_square_brackets_are_text_never_markup(tmp_path: Path) -> None:
    """`name = "Close [/b] tag"` passed check and then crashed the app at every launch; a cue
    with [/b] crashed it 10 s into a hold; "Morning core [easy]" lost its "[easy]"."""
    folder = tmp_path / "config" / "routines"
    folder.mkdir(parents=True)
    (folder / "brackets.toml").write_text(BRACKETS)
    assert check_files([folder / "brackets.toml"]) == []
    app, clock = build_app(tmp_path, history=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        table = app.screen.query_one("#routines", DataTable)
        assert "Close [/b] tag" in [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        home = app.screen
        home.query_one("#routines", DataTable).move_cursor(  # type: ignore[attr-defined]
            row=[r.id for r in home.routines].index("brackets"))  # type: ignore[attr-defined]
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, SessionScreen)
        await advance(pilot, clock, 1 + 25)  # every cue shown in turn
        assert "Morning core [easy]" in str(app.screen.query_one("#exercise-line").render())
        assert "Close [/b] tag" in str(app.screen.query_one("#session-title").render())
        await pilot.press("q", "y")
        assert isinstance(app.screen, SummaryScreen)
        assert "Close [/b] tag" in str(app.screen.query_one("#summary-title").render())


# --- Impossible timestamps, non-numbers, control characters --------------------------------------

@pytest.mark.parametrize("changes", [
    {"started_at": "0001-01-01T00:00:00+14:00"},
    {"started_at": "9999-12-31T23:59:59-14:00", "ended_at": None},
    {"ended_at": "2026-10-01T08:00:00+00:00"},  # before its start
    {"sets": [{**good_doc()["sets"][0], "achieved": "NaN"}]},  # type: ignore[index]
])
def test_impossible_values_are_quarantined_not_a_lock_out(
        data_dir: Path, capsys: pytest.CaptureFixture[str], changes: dict[str, object]) -> None:
    """Year 1 at +14:00 made history, stats and the app die with OverflowError at every
    start, while doctor said OK."""
    doc = {**good_doc(1), **changes}
    text = json.dumps(doc).replace('"NaN"', "NaN")
    write_doc(data_dir, "s1.json", text.encode())
    write_doc(data_dir, "s2.json", good_doc(2))
    for command in ("history", "stats", "export"):
        code, _, err = run(capsys, command)
        assert code == 0 and "s1.json" in err and "Traceback" not in err
    code, out, _ = run(capsys, "doctor")
    assert code == 1 and "s1.json" in out
    result = Store(data_dir).load(quarantine=True)
    assert [s.id for s in result.sessions] == ["s2"] and len(Store(data_dir).quarantined()) == 1


@pytest.mark.parametrize("number", ["Infinity", "-Infinity", "NaN", "1e400"])
def test_non_numbers_in_session_files(data_dir: Path, number: str) -> None:
    doc = json.dumps(good_doc(1)).replace('"achieved": 30.0', f'"achieved": {number}')
    write_doc(data_dir, "s1.json", doc.encode())
    result = Store(data_dir).load()
    assert result.sessions == [] and "s1.json" in str(result.problems[0])


@pytest.mark.parametrize(("field", "value"), [("tempo", "inf"), ("tempo", "nan"),
                                              ("rep_hold", "-inf"), ("tempo", "1e400")])
def test_non_numbers_in_routine_files_name_the_field(tmp_path: Path, field: str,
                                                     value: str) -> None:
    path = tmp_path / "r.toml"
    path.write_text(f'name = "R"\n[[exercises]]\nname = "a"\nkind = "reps"\nreps = 5\n'
                    f'tempo = 2\n{"rep_hold = 1" if field == "tempo" else ""}\n'
                    .replace("tempo = 2", f"tempo = {value}" if field == "tempo" else
                             "tempo = 2") + (f"{field} = {value}\n" if field != "tempo" else ""))
    (problem,) = check_files([path])
    assert problem.where == f"exercises[0].{field}"


def test_every_command_prints_standard_json(data_dir: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    Store(data_dir).save(record(1))
    for argv in (["history", "--json"], ["stats", "--json"], ["routines", "--json"],
                 ["export", "--format", "json"]):
        code, out, _ = run(capsys, *argv)
        assert code == 0
        json.loads(out, parse_constant=pytest.fail)


@pytest.mark.parametrize("field", ["name", "exercises[0].name", "exercises[0].cues[0]",
                                   "exercises[0].setup", "exercises[0].equipment[0]",
                                   "exercises[0].easier", "description"])
@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x00", "\x9b", "\x7f"])
def test_check_rejects_control_characters_naming_the_field(tmp_path: Path, field: str,
                                                           char: str) -> None:
    values = {"name": "R", "exercises[0].name": "a", "exercises[0].cues[0]": "c",
              "exercises[0].setup": "s", "exercises[0].equipment[0]": "e",
              "exercises[0].easier": "x", "description": "d"}
    values[field] = f"bad{char}[31m"
    esc = {k: json.dumps(v) for k, v in values.items()}  # JSON strings are TOML strings
    text = (f'name = {esc["name"]}\ndescription = {esc["description"]}\n[[exercises]]\n'
            f'name = {esc["exercises[0].name"]}\nkind = "hold"\nhold = 5\n'
            f'cues = [{esc["exercises[0].cues[0]"]}]\nsetup = {esc["exercises[0].setup"]}\n'
            f'equipment = [{esc["exercises[0].equipment[0]"]}]\n'
            f'easier = {esc["exercises[0].easier"]}\n')
    path = tmp_path / "r.toml"
    path.write_text(text)
    (problem,) = check_files([path])
    assert problem.where == field and "control characters" in problem.message


def test_control_characters_from_a_session_file_never_reach_the_terminal(
        data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Store(data_dir).save(record(1, routine_name="evil\x1b]0;pwned\x07\x1b[2J",
                                sets=[SetResult(exercise="a\x1b[31m", kind="hold", set=1,
                                                target=5, achieved=5, completed=True)]))
    for argv in (["history"], ["stats"], ["export"], ["history", "--json"]):
        code, out, err = run(capsys, *argv)
        assert code == 0 and "\x1b" not in out + err and "\x07" not in out + err, argv


async def test_control_characters_never_reach_the_screen(tmp_path: Path) -> None:
    app, _ = build_app(tmp_path, history=False)
    Store(tmp_path / "data").save(record(1, routine_name="evil\x1b[2J\x07name",
                                         started_at=START - timedelta(days=3),
                                         ended_at=START - timedelta(days=3)))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("h")
        table = app.screen.query_one(DataTable)
        cell = str(table.get_row_at(0)[1])
        assert "\x1b" not in cell and "\x07" not in cell and "name" in cell


# --- Non-regular files ----------------------------------------------------------------------------

@pytest.mark.parametrize("command", [["check"], ["run"]])
def test_a_fifo_is_an_error_not_a_hang(tmp_path: Path, command: list[str]) -> None:
    fifo = tmp_path / "r.toml"
    os.mkfifo(fifo)
    result = cli(*command, str(fifo), timeout=20, stdin=subprocess.DEVNULL)
    assert result.returncode == 1 and "not a regular file" in result.stdout + result.stderr


def test_a_fifo_or_folder_in_the_routines_folder_is_a_notice(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "config" / "routines"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "pipe.toml")
    (folder / "dir.toml").mkdir()
    code, out, err = run(capsys, "routines")
    assert code == 0 and "foundations" in out
    assert "pipe.toml: is not a regular file" in err and "dir.toml: is a folder" in err


# --- Closed or broken output ----------------------------------------------------------------------

def test_help_into_a_pipe_closed_early_prints_no_traceback() -> None:
    result = subprocess.run(f"{sys.executable} -m coretimer --help | head -c 1", shell=True,
                            capture_output=True, text=True, timeout=30)
    assert result.stdout == "u" and "Traceback" not in result.stderr


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["routines"]])
def test_a_full_output_device_is_a_failed_write_not_a_traceback(argv: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "coretimer", *argv], stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=30)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "cannot write the output" in result.stderr


@pytest.mark.parametrize("command", ["history", "export"])
def test_a_closed_pipe_is_a_failed_write_not_a_traceback(data_dir: Path, command: str) -> None:
    store = Store(data_dir)
    for i in range(300):
        store.save(record(i % 300, id=f"s{i}"))
    proc = subprocess.Popen([sys.executable, "-m", "coretimer", command],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader leaves before anything is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=30) == 1 and "Traceback" not in err


def test_every_command_works_under_an_ascii_only_locale(data_dir: Path) -> None:
    Store(data_dir).save(record(1, routine_name="Brücke · café – 10 ✓"))
    env = {"PYTHONIOENCODING": "ascii", "LC_ALL": "C", "PYTHONUTF8": "0"}
    for argv in (["routines"], ["history"], ["stats"], ["export"], ["doctor"], ["--help"],
                 ["history", "--json"], ["check", str(ROOT / "routines" / "foundations.toml")]):
        result = cli(*argv, env=env)
        assert result.returncode == 0, (argv, result.stderr)
        assert "Traceback" not in result.stderr
    history = json.loads(cli("history", "--json", env=env).stdout)
    assert history[0]["routine_name"] == "Brücke · café – 10 ✓"  # lossless: \\u escapes


# --- Nothing lost ---------------------------------------------------------------------------------

@contextlib.contextmanager
def tmpfs(mount: Path, size: str, why_root: str) -> Iterator[Path]:
    """A real small disk (tmpfs) at `mount`; skipped, with a reason, where it cannot be had."""
    if os.geteuid() != 0:
        pytest.skip(why_root)
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)  # -l: even if still busy


class FullDisk:
    """Every fsync fails with ENOSPC while `full`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = True
        real = os.fsync

        def fsync(fd: int) -> None:
            if self.full:
                raise OSError(errno.ENOSPC, "No space left on device")
            real(fd)

        monkeypatch.setattr(os, "fsync", fsync)


async def test_quitting_with_an_unsaved_session_asks_and_keeps_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a full disk, Home then q exited 0, the session was gone and its journal deleted."""
    app, clock = build_app(tmp_path, start="quick", history=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("1", "enter")
        await advance(pilot, clock, 3 + 10 + 1)  # the first set is on disk
        disk = FullDisk(monkeypatch)
        await pilot.press("q", "y")
        assert isinstance(app.screen, SummaryScreen) and not app.screen.saved
        assert "disk is full" in str(app.screen.query_one("#summary-title").render())
        await pilot.press("enter")  # home
        await pilot.press("q")
        assert isinstance(app.screen, QuitUnsaved) and app.is_running
        assert "the disk is full" in str(app.screen.query_one("#quit-text").render())
        await pilot.press("escape")
        assert app.is_running
        await pilot.press("q", "k")
        disk.full = False
    assert app.return_code == 0
    (journal,) = (tmp_path / "data" / "journal").glob("*.jsonl")  # kept for the next start
    result = Store(tmp_path / "data").load()
    (saved,) = result.recovered
    assert [x.completed for x in saved.sets][:1] == [True]
    assert not journal.exists()


def test_a_real_full_disk(tmp_path: Path) -> None:
    """A small tmpfs filled to the last byte: the session is kept in its journal and saved
    once there is space again. Needs root (mount)."""
    with tmpfs(tmp_path / "disk", "256k",
               "mounting a tmpfs needs root; the injected-ENOSPC tests cover the logic") as mount:
        store, clock = Store(mount / "data"), FakeClock()
        session = session_of(store, routine(hold(seconds=5, sets=3, rest=1)), clock)
        session.start()
        clock.advance(5 + 5 + 0.5)
        session.tick()  # the first set is in the journal
        filler = mount / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:  # every last byte
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        finally:
            os.close(fd)
        finished = finish(session, clock)
        assert not finished.saved and finished.error == "the disk is full"
        assert session.save_again().error == "the disk is full"
        # What is still only in memory is counted (the journal's last page may have had room
        # for every entry, or not).
        missing = session.keep_for_next_start()
        filler.unlink()
        result = Store(mount / "data").load()
        (recovered,) = result.recovered
        assert recovered.sets[0].completed
        assert (recovered.status == "completed") == (missing == 0)


def test_a_lock_left_by_a_dead_process_is_not_honoured(data_dir: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; sys.path.insert(0, {!r})\n"
        "from pathlib import Path\nfrom coretimer.store.history import Store\n"
        "lock = Store(Path({!r})).hold_app_lock(); print('held', flush=True); time.sleep(60)"
    ).format(str(ROOT / "src"), str(data_dir))], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    assert Store(data_dir).hold_app_lock() is None  # alive: honoured
    holder.kill()
    holder.wait()
    assert Store(data_dir).hold_app_lock() is not None  # dead: never honoured


def test_the_next_morning_answer_is_a_file_of_its_own(data_dir: Path) -> None:
    """The answer rewrote the session file: the one case where two synced machines edited the
    same file."""
    store = Store(data_dir)
    path = store.save(record(1, next_morning=None))
    before = path.read_bytes()
    store.set_next_morning("s1", "better")
    assert path.read_bytes() == before
    (loaded,) = store.load().sessions
    assert loaded.next_morning == "better"
    # An answer kept inside a session file by an older coretimer still counts.
    store.save(record(2, next_morning="worse"))
    assert {s.id: s.next_morning for s in store.load().sessions} == {"s1": "better",
                                                                      "s2": "worse"}


@pytest.mark.parametrize("copy_name", ["s1.sync-conflict-20261121-101010-ABCDEFG.json",
                                       "s1 (conflicted copy).json",
                                       "s1 (laptop's conflicted copy 2026-11-21).json"])
def test_sync_conflict_copies_count_once_and_doctor_repairs_them(
        data_dir: Path, capsys: pytest.CaptureFixture[str], copy_name: str) -> None:
    store = Store(data_dir)
    fuller = record(1, sets=[*record(1).sets, SetResult(exercise="Bird dog", kind="reps",
                                                         set=1, target=5, achieved=5,
                                                         completed=True)])
    store.save(record(1))
    write_doc(data_dir, copy_name, {"schema_version": 3, **fuller.public_json()})
    result = store.load()
    assert [s.id for s in result.sessions] == ["s1"] and len(result.sessions[0].sets) == 2
    code, out, _ = run(capsys, "doctor")
    assert code == 1 and "another copy of session s1" in out
    code, out, _ = run(capsys, "doctor", "--repair")
    assert code == 0 and "OK" in out
    (kept,) = list((data_dir / "sessions").glob("*.json"))
    assert kept.name == copy_name  # the more complete copy stays; the other is set aside
    assert len(Store(data_dir).quarantined()) == 1


def test_export_never_overwrites_never_writes_in_the_data_folder_never_follows_a_link(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Store(data_dir).save(record(1))
    out_file = tmp_path / "out.csv"
    out_file.write_text("mine")
    code, _, err = run(capsys, "export", "-o", str(out_file))
    assert code == 1 and "--force" in err and out_file.read_text() == "mine"
    assert run(capsys, "export", "-o", str(out_file), "--force")[0] == 0
    assert out_file.read_text().startswith("session_id,")
    code, _, err = run(capsys, "export", "-o", str(data_dir / "sessions" / "x.csv"))
    assert code == 1 and "inside the data folder" in err
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    code, _, err = run(capsys, "export", "-o", str(link))
    assert code == 1 and "is a link" in err
    assert run(capsys, "export", "-o", str(link), "--force")[0] == 0
    assert target.read_text() == "keep me" and not link.is_symlink()


# --- No lies --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("number", "words"), [(errno.ENOSPC, "the disk is full"),
                                               (errno.EACCES, "permission denied"),
                                               (errno.EROFS, "the disk is read-only")])
def test_write_errors_are_told_apart(number: int, words: str) -> None:
    assert write_error(OSError(number, os.strerror(number))) == words


async def test_saved_is_said_only_after_the_write_succeeded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a read-only data folder: "Saved: pain 7/10 during Plank. The 2 sets you completed
    before it are saved too", then the summary said "Not saved to disk"."""
    app, clock = build_app(tmp_path, start="quick", history=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        import builtins

        real_open = builtins.open
        data = str(tmp_path / "data")

        def read_only(file: object, mode: str = "r", *args: object, **kw: object) -> object:
            if str(file).startswith(data) and set(mode) & set("awx+"):
                raise OSError(errno.EROFS, "Read-only file system")
            return real_open(file, mode, *args, **kw)  # type: ignore[call-overload]

        monkeypatch.setattr(builtins, "open", read_only)
        await pilot.press("1", "enter")
        await advance(pilot, clock, 3 + 4)
        await pilot.press("p")
        noted = str(app.screen.query_one("#pain-noted").render())
        assert "could not be saved" in noted and "Pain saved" not in noted
        await pilot.press("7", "enter")
        text = str(app.screen.query_one("#pain-stop-text").render())
        assert "Not saved to disk yet" in text and "Saved:" not in text
        await pilot.press("enter")
        title = str(app.screen.query_one("#summary-title").render())
        assert "Not saved to disk" in title and "the disk is read-only" in title


def test_an_unreadable_history_is_not_an_empty_one(
        data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "sessions").write_text("not a folder")
    for command in ("history", "stats", "export"):
        code, out, err = run(capsys, command)
        assert code == 1 and "No sessions" not in out and "cannot read the history" in err


def test_a_dangling_data_folder_link_is_an_error_naming_its_target(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "synced"
    link.symlink_to(tmp_path / "unmounted" / "coretimer")
    for command in (["history"], ["stats"], ["doctor"]):
        code, out, err = run(capsys, "--data-dir", str(link), *command)
        assert code == 1 and str(tmp_path / "unmounted") in out + err
        assert "Traceback" not in err and "unexpected error" not in err
    assert not (tmp_path / "unmounted").exists()  # no fresh store behind it


@pytest.mark.parametrize("make", ["file", "dangling"])
def test_doctor_reports_a_broken_store_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], make: str) -> None:
    root = tmp_path / "data"
    if make == "file":
        root.write_text("oops")
    else:
        root.symlink_to(tmp_path / "gone")
    code, out, err = run(capsys, "--data-dir", str(root), "doctor")
    assert code == 1 and len(out.strip().splitlines()) == 1 and "unexpected" not in out + err
    assert "--repair" not in out


def test_doctor_on_a_read_only_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with tmpfs(tmp_path / "ro", "1m", "a read-only mount needs root (chmod does not stop root)"
               ) as mount:
        Store(mount / "data").save(record(1))
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        code, out, err = run(capsys, "--data-dir", str(mount / "data"), "doctor")
        assert code == 1 and "is read-only" in out and "unexpected" not in out + err
        assert "--repair" not in out
        code, out, _ = run(capsys, "--data-dir", str(mount / "data"), "history")
        assert code == 0 and "Routine" in out  # still readable


def test_doctor_does_not_recommend_repair_for_what_repair_cannot_fix(
        data_dir: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(data_dir)
    store.save(record(1))
    locked = store.save(record(2))
    real_open = Path.open

    def no_permission(self: Path, *args: object, **kw: object) -> object:
        if self == locked:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(self, *args, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", no_permission)
    code, out, _ = run(capsys, "doctor")
    assert code == 1 and "Permission denied" in out
    assert "doctor --repair" not in out and "check the permissions" in out


def test_size_caps(data_dir: Path, tmp_path: Path) -> None:
    write_doc(data_dir, "huge.json", b"{" + b" " * 1_100_000 + b"}")
    result = Store(data_dir).load(quarantine=True)
    assert "larger than 1 MB" in result.problems[0].reason
    assert len(Store(data_dir).quarantined()) == 1
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * 1_100_000)
    (problem,) = check_files([big])
    assert "larger than 1 MB" in problem.message


async def test_fifty_broken_routines_give_one_notice(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "config" / "routines"
    folder.mkdir(parents=True)
    for i in range(50):
        (folder / f"broken-{i:02d}.toml").write_text("name = ")
    app = make_app(data_dir=tmp_path / "data", config_dir=tmp_path / "config",
                   clock=FakeClock(START), handle_signals=False,
                   settings=Settings(safety_notice_acknowledged=True))
    notes: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(message))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
    (note,) = [n for n in notes if "routine" in n]
    assert "50 routine files could not be used" in note and "coretimer check" in note


def test_recovered_says_interrupted_only_when_it_was(
        data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, clock = Store(data_dir), FakeClock()
    session = session_of(store, routine(hold(seconds=5)), clock)
    session.start()
    with monkeypatch.context() as patch:
        patch.setattr(store, "save", lambda r: (_ for _ in ()).throw(OSError(28, "full")))
        finish(session, clock)  # the journal has its end entry; the session file failed
    session.journal.close()
    code, _, err = run(capsys, "history")
    assert code == 0 and "from its journal, as completed" in err and "interrupted" not in err


def test_run_on_an_unreadable_file_says_cannot_read(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mine"
    path.write_text('name = "x"')
    real_stat = Path.stat

    def denied(self: Path, *args: object, **kw: object) -> os.stat_result:
        if self == path:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_stat(self, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "stat", denied)
    code, _, err = run(capsys, "run", str(path))
    assert code == 1 and "cannot be read (Permission denied)" in err
    assert "no such file" not in err


def test_an_empty_data_dir_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--data-dir", "", "history"])
    assert exit_.value.code == 2 and "--data-dir" in capsys.readouterr().err


def test_a_routine_file_loads_by_path(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text('name = "R"\n[[exercises]]\nname = "a"\nkind = "hold"\nhold = 5\n')
    assert load_routine_file(path).routine.name == "R"
    assert repair(Store(tmp_path / "data")).problems == []
    assert check(Store(tmp_path / "data")).sessions == 0
