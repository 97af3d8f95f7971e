"""Routines you can write and share: `new`, `edit` (a fake $EDITOR), `schema` (every shipped
routine and the template validate against it), `import`, and `routines` naming the folder."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest

from coretimer.routine.authoring import routine_schema, template
from coretimer.routine.files import shipped_dir
from tests.test_cli import run

GOOD = 'name = "Desk break"\n[[exercises]]\nname = "Plank"\nkind = "hold"\nhold = 20\n'
BROKEN = 'name = "Desk break"\n[[exercises]]\nname = "Plank"\nkind = "hold"\nhold = 0\n'


# --- new ----------------------------------------------------------------------------------------


def test_new_writes_a_commented_template_that_passes_check(
        capsys: pytest.CaptureFixture[str], config_dir: Path) -> None:
    code, out, err = run(capsys, "new", "Desk break")
    path = Path(out.strip())
    assert code == 0 and path == config_dir / "routines" / "desk-break.toml"
    text = path.read_text()
    assert text.startswith("#:schema ./coretimer-routine.schema.json")
    assert (config_dir / "routines" / "coretimer-routine.schema.json").is_file()
    assert 'name = "Desk break"' in text and "# " in text
    assert run(capsys, "check", str(path))[0] == 0
    assert "coretimer edit desk-break" in err


def test_new_never_overwrites(capsys: pytest.CaptureFixture[str], config_dir: Path) -> None:
    assert run(capsys, "new", "Desk break")[0] == 0
    path = config_dir / "routines" / "desk-break.toml"
    path.write_text(GOOD)
    code, out, err = run(capsys, "new", "Desk break")
    assert code == 1 and out == "" and "already exists" in err
    assert path.read_text() == GOOD
    code, _, err = run(capsys, "new", "Foundations")  # a shipped routine's id
    assert code == 1 and "a shipped routine has the id 'foundations'" in err
    assert not (config_dir / "routines" / "foundations.toml").exists()


@pytest.mark.parametrize(("name", "words"), [
    ("", "must not be empty"), ("   ", "must not be empty"),
    ("a\x1bb", "control characters"), ("x" * 81, "80 at most"),
    ("Brücke", "plain letters"), ("!!!", "a letter or a digit"),
])
def test_a_bad_name_is_a_clear_error(capsys: pytest.CaptureFixture[str], config_dir: Path,
                                     name: str, words: str) -> None:
    code, out, err = run(capsys, "new", name)
    assert code == 2 and out == "" and words in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not list((config_dir / "routines").glob("*.toml"))


# --- schema -------------------------------------------------------------------------------------


def test_schema_is_printed_and_every_shipped_routine_and_the_template_pass_it(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and schema == json.loads(json.dumps(routine_schema()))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted(shipped_dir().glob("*.toml"))
    assert len(files) >= 8
    for path in files:
        errors = list(validator.iter_errors(tomllib.loads(path.read_text())))
        assert errors == [], (path.name, [e.message for e in errors])
    assert list(validator.iter_errors(tomllib.loads(template("Desk break")))) == []


def test_the_schema_catches_what_check_catches() -> None:
    validator = jsonschema.Draft202012Validator(routine_schema())
    doc = tomllib.loads(GOOD)
    doc["exercises"][0]["hodl"] = 3  # a typo
    assert list(validator.iter_errors(doc))
    doc = tomllib.loads(GOOD)
    doc["exercises"][0]["kind"] = "plank"
    assert list(validator.iter_errors(doc))


# --- edit ---------------------------------------------------------------------------------------


def fake_editor(tmp_path: Path, *versions: str) -> Path:
    """An editor that writes the next of `versions` each time it is run."""
    (tmp_path / "versions.json").write_text(json.dumps(list(versions)))
    script = tmp_path / "fake-editor"
    script.write_text(f"""#!{sys.executable}
import json, sys
from pathlib import Path
store = Path({str(tmp_path / "versions.json")!r})
versions = json.loads(store.read_text())
Path(sys.argv[1]).write_text(versions.pop(0))
store.write_text(json.dumps(versions))
""")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


class Keyboard(io.StringIO):
    """Answers typed at a terminal: `edit` starts an editor only where there is one."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal with nothing typed on it (the editor is a fake one)."""
    monkeypatch.setattr(sys, "stdin", Keyboard(""))


def test_edit_checks_on_save_and_offers_to_edit_again(
        capsys: pytest.CaptureFixture[str], config_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(capsys, "new", "Desk break")[0] == 0
    path = config_dir / "routines" / "desk-break.toml"
    before = path.read_text()
    monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, BROKEN, GOOD)))
    monkeypatch.delenv("VISUAL", raising=False)
    answers = Keyboard("\n")  # Enter: edit again (the default)
    monkeypatch.setattr(sys, "stdin", answers)
    seen: list[str] = []
    real_call = __import__("subprocess").call

    def call(argv: list[str]) -> int:
        seen.append(path.read_text())  # what is installed while the editor runs
        return int(real_call(argv))

    monkeypatch.setattr("subprocess.call", call)
    code, out, err = run(capsys, "edit", "desk-break")
    assert code == 0, err
    assert "exercises[0].hold" in out  # the broken version's problem, named
    assert "Edit again?" in err
    assert seen == [before, before]  # the broken version was never installed
    assert path.read_text() == GOOD


def test_a_rejected_edit_leaves_the_routine_and_keeps_the_edit(
        capsys: pytest.CaptureFixture[str], config_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(capsys, "new", "Desk break")[0] == 0
    path = config_dir / "routines" / "desk-break.toml"
    before = path.read_text()
    monkeypatch.setenv("VISUAL", str(fake_editor(tmp_path, BROKEN)))
    monkeypatch.setattr(sys, "stdin", Keyboard("n\n"))
    code, _, err = run(capsys, "edit", "desk-break")
    assert code == 1 and "not installed" in err
    assert path.read_text() == before
    (kept,) = (config_dir / "routines").glob("desk-break.rejected-*")
    assert kept.read_text() == BROKEN
    assert run(capsys, "routines")[0] == 0  # the kept edit is not read as a routine
    assert "skipped" not in capsys.readouterr().err


@pytest.mark.usefixtures("terminal")
def test_editing_a_shipped_routine_makes_your_own_copy(
        capsys: pytest.CaptureFixture[str], config_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = (shipped_dir() / "warm-up.toml").read_text()
    mine = shipped.replace('name = "Warm-up"', 'name = "My warm-up"')
    monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, mine)))
    monkeypatch.delenv("VISUAL", raising=False)
    code, out, _ = run(capsys, "edit", "warm-up")
    assert code == 0 and Path(out.strip()) == config_dir / "routines" / "warm-up.toml"
    assert (config_dir / "routines" / "warm-up.toml").read_text() == mine
    assert (shipped_dir() / "warm-up.toml").read_text() == shipped


@pytest.mark.usefixtures("terminal")
def test_edit_an_unknown_id_or_with_a_failing_editor(
        capsys: pytest.CaptureFixture[str], config_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(capsys, "edit", "nope")
    assert code == 2 and "no routine with the id 'nope'" in err
    monkeypatch.setenv("EDITOR", "false")
    monkeypatch.delenv("VISUAL", raising=False)
    code, _, err = run(capsys, "edit", "warm-up")
    assert code == 1 and "the editor exited with 1; nothing was changed" in err
    assert not (config_dir / "routines" / "warm-up.toml").exists()
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    code, _, err = run(capsys, "edit", "warm-up")
    assert code == 1 and "cannot start the editor" in err and "Traceback" not in err


# --- import -------------------------------------------------------------------------------------


def test_import_installs_under_its_id_and_asks_before_replacing(
        capsys: pytest.CaptureFixture[str], config_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    sent = tmp_path / "desk-break.toml"
    sent.write_text(GOOD)
    code, out, err = run(capsys, "import", str(sent))
    installed = config_dir / "routines" / "desk-break.toml"
    assert code == 0 and Path(out.strip()) == installed and installed.read_text() == GOOD
    assert "installed routine 'desk-break'" in err
    sent.write_text(GOOD.replace("hold = 20", "hold = 25"))
    monkeypatch.setattr(sys, "stdin", io.StringIO("n\n"))
    code, _, err = run(capsys, "import", str(sent))
    assert code == 1 and "Replace it" in err and "stays as it is" in err
    assert installed.read_text() == GOOD
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    assert run(capsys, "import", str(sent))[0] == 0
    assert "hold = 25" in installed.read_text()
    sent.write_text(GOOD.replace("hold = 20", "hold = 30"))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # no one to ask: no
    assert run(capsys, "import", str(sent))[0] == 1
    code, _, err = run(capsys, "import", "--force", str(sent))
    assert code == 0 and "replaced" in err and "hold = 30" in installed.read_text()


def test_import_from_standard_input_takes_the_routines_name(
        capsys: pytest.CaptureFixture[str], config_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GOOD.encode())))
    code, out, _ = run(capsys, "import", "-")
    assert code == 0 and Path(out.strip()).name == "desk-break.toml"


def test_import_refuses_a_broken_routine_and_installs_nothing(
        capsys: pytest.CaptureFixture[str], config_dir: Path, tmp_path: Path) -> None:
    sent = tmp_path / "desk.toml"
    sent.write_text(BROKEN)
    code, out, err = run(capsys, "import", str(sent))
    assert code == 1 and f"{sent}: exercises[0].hold" in out and "not imported" in err
    assert not (config_dir / "routines" / "desk.toml").exists()
    code, _, err = run(capsys, "import", str(tmp_path / "missing.toml"))
    assert code == 1 and "cannot be read" in err


def test_routines_names_your_folder_even_when_it_is_empty(
        capsys: pytest.CaptureFixture[str], config_dir: Path) -> None:
    code, out, _ = run(capsys, "routines")
    assert code == 0
    assert f"Your routines folder: {config_dir / 'routines'} (none yet" in out
    assert not os.path.exists(config_dir / "routines")  # named, not made


# --- found in review: every one once lost data or printed a traceback ---------------------------


def test_edit_mends_your_own_broken_file_not_the_shipped_one(
        capsys: pytest.CaptureFixture[str], config_dir: Path, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    """A broken user routine with a shipped routine's id was overwritten with the shipped
    text by an editor that changed nothing."""
    mine = config_dir / "routines" / "big-three.toml"
    mine.parent.mkdir(parents=True)
    mine.write_text('name = "Mine"\nexercises = [\n')
    monkeypatch.setenv("EDITOR", "true")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setattr(sys, "stdin", Keyboard(""))
    code, _, err = run(capsys, "edit", "big-three")
    assert code == 0 and "no changes" in err  # your file, as you left it
    assert mine.read_text() == 'name = "Mine"\nexercises = [\n'
    monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, GOOD)))
    assert run(capsys, "edit", "big-three")[0] == 0 and mine.read_text() == GOOD


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize(("editor", "words"), [
    ("rm", "the editor left no file to read"),
    ("vi '", "$EDITOR is not a command line"),
])
def test_odd_editors_are_one_line_never_a_traceback(
        capsys: pytest.CaptureFixture[str], config_dir: Path, monkeypatch: pytest.MonkeyPatch,
        editor: str, words: str) -> None:
    monkeypatch.setenv("EDITOR", editor)
    monkeypatch.delenv("VISUAL", raising=False)
    code, _, err = run(capsys, "edit", "warm-up")
    assert code == 1 and words in err and "Traceback" not in err and "unexpected" not in err
    assert not (config_dir / "routines" / "warm-up.toml").exists()


@pytest.mark.usefixtures("terminal")
def test_a_folder_in_the_way_is_one_line(capsys: pytest.CaptureFixture[str],
                                         config_dir: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    config_dir.mkdir(parents=True)
    (config_dir / "routines").write_text("not a folder")
    monkeypatch.setenv("EDITOR", "true")
    code, _, err = run(capsys, "edit", "warm-up")
    assert code == 1 and "Traceback" not in err and "unexpected" not in err
    assert len(err.strip().splitlines()) == 1


def test_two_rejected_edits_are_both_kept(capsys: pytest.CaptureFixture[str],
                                          config_dir: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(capsys, "new", "Desk break")[0] == 0
    monkeypatch.setenv("VISUAL", str(fake_editor(tmp_path, BROKEN, BROKEN + "# two\n")))
    for _ in range(2):
        monkeypatch.setattr(sys, "stdin", Keyboard("n\n"))
        assert run(capsys, "edit", "desk-break")[0] == 1
    kept = sorted(p.read_text() for p in (config_dir / "routines").glob("*.rejected-*"))
    assert kept == [BROKEN, BROKEN + "# two\n"]


@pytest.mark.usefixtures("terminal")
def test_a_linked_routine_is_saved_through_its_link(capsys: pytest.CaptureFixture[str],
                                                    config_dir: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    dotfiles = tmp_path / "dotfiles" / "desk.toml"
    dotfiles.parent.mkdir()
    dotfiles.write_text(GOOD)
    link = config_dir / "routines" / "desk.toml"
    link.parent.mkdir(parents=True)
    link.symlink_to(dotfiles)
    changed = GOOD.replace("hold = 20", "hold = 25")
    monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, changed)))
    assert run(capsys, "edit", "desk")[0] == 0
    assert link.is_symlink() and dotfiles.read_text() == changed


def test_report_weeks_are_bounded(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "report", "--weeks", "99999999")
    assert code == 2 and "at most 520" in err and "Traceback" not in err


# --- issue 24: people's files and names ---------------------------------------------------------


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize("stem", ["Upper", "my routine", "Desk.Break"])
def test_edit_saves_a_listed_routine_whatever_its_file_is_called(
        capsys: pytest.CaptureFixture[str], config_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, stem: str) -> None:
    """Issue 24, item 1: a routine listed under a file name that is not an id was refused
    after the editor closed, the edit lost with its temporary folder."""
    folder = config_dir / "routines"
    folder.mkdir(parents=True)
    (folder / f"{stem}.toml").write_text(GOOD)
    code, out, _ = run(capsys, "routines", "--json")
    assert code == 0 and stem in [r["id"] for r in json.loads(out)]  # listed, so editable
    changed = GOOD.replace("hold = 20", "hold = 25")
    monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, changed)))
    monkeypatch.delenv("VISUAL", raising=False)
    code, out, err = run(capsys, "edit", stem)
    assert code == 0, err
    assert "unexpected" not in err and "Traceback" not in err
    assert Path(out.strip()) == folder / f"{stem}.toml"  # back to the file it came from
    assert (folder / f"{stem}.toml").read_text() == changed
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{stem}.toml", "coretimer-routine.schema.json"])  # no second copy under a new id


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize("stem", ["desk-break", "Upper", "my routine"])
def test_an_edit_that_cannot_be_installed_is_kept(
        capsys: pytest.CaptureFixture[str], config_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, stem: str) -> None:
    """Issue 24, item 1: whatever stops the install, the edit is kept beside the routine as
    a failed check's is, and the routine in use stays as it was."""
    folder = config_dir / "routines"
    folder.mkdir(parents=True)
    (folder / f"{stem}.toml").write_text(GOOD)
    changed = GOOD.replace("hold = 20", "hold = 25")
    monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, changed)))
    monkeypatch.delenv("VISUAL", raising=False)

    real_write = __import__("coretimer.durable").durable.atomic_write

    def full_disk(path: Path, data: bytes) -> None:  # the routine, not the schema, fails
        if path.suffix == ".toml":
            raise OSError(28, "No space left on device", str(path))
        real_write(path, data)

    monkeypatch.setattr("coretimer.routine.authoring.atomic_write", full_disk)
    code, _, err = run(capsys, "edit", stem)
    assert code == 1 and "unexpected" not in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and "your edit is kept in" in err
    (kept,) = folder.glob("*.rejected-*.toml.txt")
    assert kept.name.startswith(f"{stem}.rejected-") and kept.read_text() == changed
    assert (folder / f"{stem}.toml").read_text() == GOOD


@pytest.mark.usefixtures("terminal")
def test_an_edit_is_kept_even_when_the_routines_folder_is_full(
        capsys: pytest.CaptureFixture[str], config_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 24, item 1: a full disk refused the routine and then the kept copy beside it,
    and the edit went with the temporary folder. It is kept in the temp folder instead."""
    folder = config_dir / "routines"
    folder.mkdir(parents=True)
    (folder / "desk.toml").write_text(GOOD)
    changed = GOOD.replace("hold = 20", "hold = 25")
    monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, changed)))
    monkeypatch.delenv("VISUAL", raising=False)
    spare = tmp_path / "temp"
    spare.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(spare))
    real_write = __import__("coretimer.durable").durable.atomic_write

    def full_disk(path: Path, data: bytes) -> None:
        if path.parent == folder and path.name != "coretimer-routine.schema.json":
            raise OSError(28, "No space left on device", str(path))
        real_write(path, data)

    monkeypatch.setattr("coretimer.routine.authoring.atomic_write", full_disk)
    monkeypatch.setattr("coretimer.durable.atomic_write", full_disk)
    code, _, err = run(capsys, "edit", "desk")
    assert code == 1 and "unexpected" not in err and "Traceback" not in err
    assert "the disk is full" in err and "your edit is kept in" in err
    (kept,) = spare.glob("desk.rejected-*.toml.txt")
    assert kept.read_text() == changed and str(kept) in err
    assert (folder / "desk.toml").read_text() == GOOD


@pytest.mark.parametrize("stdin", ["nothing", "a pipe"])
def test_edit_without_a_terminal_is_refused_in_one_line(config_dir: Path, tmp_path: Path,
                                                        stdin: str) -> None:
    """Issue 24, item 8: with no terminal, `edit` started the editor into a pipe (vi waited
    there for keys forever). It is refused, as the app is, and nothing changes."""
    folder = config_dir / "routines"
    folder.mkdir(parents=True)
    (folder / "desk.toml").write_text(GOOD)
    editor = tmp_path / "editor-that-reads-keys"
    editor.write_text(f"""#!{sys.executable}
import sys
from pathlib import Path
sys.stdin.read()  # waits for keys, as vi does, until its input ends
Path(sys.argv[1]).write_text({GOOD.replace("hold = 20", "hold = 25")!r})
""")
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    env = {**os.environ, "EDITOR": str(editor), "VISUAL": ""}
    out_file, err_file = tmp_path / "out", tmp_path / "err"
    with out_file.open("w") as out, err_file.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "coretimer", "edit", "desk"], env=env, stdout=out,
            stderr=err, stdin=subprocess.DEVNULL if stdin == "nothing" else subprocess.PIPE)
        try:
            code = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            pytest.fail("edit waited for keys from a terminal that is not there")
        finally:
            if proc.stdin is not None:
                proc.stdin.close()
    said = err_file.read_text()
    assert code == 1, said
    assert len(said.strip().splitlines()) == 1 and "needs a terminal" in said
    assert "nothing was changed" in said and str(folder / "desk.toml") in said
    assert out_file.read_text() == ""
    assert (folder / "desk.toml").read_text() == GOOD
    assert sorted(p.name for p in folder.iterdir()) == ["desk.toml"]


@pytest.mark.parametrize("via", ["its file's name", "its name, on standard input"])
def test_import_of_a_shipped_id_needs_force_and_says_it_shadows(
        capsys: pytest.CaptureFixture[str], config_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, via: str) -> None:
    """Issue 24: importing a routine with a shipped routine's id put it in the shipped one's
    place without a word."""
    mine = GOOD.replace('name = "Desk break"', 'name = "Foundations"')
    if via == "its file's name":
        sent = tmp_path / "foundations.toml"
        sent.write_text(mine)
        argv = [str(sent)]
    else:
        argv = ["-"]
    installed = config_dir / "routines" / "foundations.toml"

    def typed() -> None:  # the routine on standard input, once per run
        if via != "its file's name":
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(mine.encode())))

    typed()
    code, out, err = run(capsys, "import", *argv)
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "shipped routine 'foundations' (\"Back-safe foundations\")" in err
    assert "--force" in err and "not imported" in err
    assert not installed.exists()
    code, out, _ = run(capsys, "routines", "--json")  # the shipped one is still in use
    assert [r["source"] for r in json.loads(out) if r["id"] == "foundations"] == ["shipped"]
    typed()
    code, out, err = run(capsys, "import", "--force", *argv)
    assert code == 0 and Path(out.strip()) == installed and installed.read_text() == mine
    assert "now shadows the shipped routine 'foundations' (\"Back-safe foundations\")" in err
    assert f"delete {installed} to go back to the shipped one" in err
    code, out, _ = run(capsys, "routines", "--json")
    (row,) = [r for r in json.loads(out) if r["id"] == "foundations" and r["source"] == "user"]
    assert row["name"] == "Foundations"


def test_import_over_your_own_copy_of_a_shipped_routine_asks_as_before(
        capsys: pytest.CaptureFixture[str], config_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Already yours (made by `edit warm-up`): replacing it is asked, as for any of yours,
    and the line still says it shadows the shipped one."""
    installed = config_dir / "routines" / "warm-up.toml"
    installed.parent.mkdir(parents=True)
    installed.write_text(GOOD)
    sent = tmp_path / "warm-up.toml"
    sent.write_text(GOOD.replace("hold = 20", "hold = 25"))
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    code, _, err = run(capsys, "import", str(sent))
    assert code == 0 and "Replace it" in err and "hold = 25" in installed.read_text()
    assert "replaced routine 'warm-up'" in err
    assert "shadows the shipped routine 'warm-up' (\"Warm-up\")" in err


@pytest.mark.parametrize(("name", "words"), [
    ("../x", "not a path"), ("a/b", "not a path"), ("/abs", "not a path"),
    ("x/", "not a path"), ("./x", "not a path"), ("a\\b", "not a path"),
    ("~/desk", "not a path"), ("..", "a letter or a digit"), (".", "a letter or a digit"),
    ("", "must not be empty"), ("*.*", "a letter or a digit"), ("/", "not a path"),
])
def test_new_refuses_a_name_that_is_a_path(capsys: pytest.CaptureFixture[str],
                                           config_dir: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch, name: str,
                                           words: str) -> None:
    """Issue 24: `coretimer new '../x'` quietly wrote x.toml; a bad NAME exits 2, as the
    README says, and nothing is written anywhere."""
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "new", name)
    assert code == 2 and out == "" and words in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not list(tmp_path.rglob("*.toml"))


def test_an_imported_routine_may_have_a_slash_in_its_name(
        capsys: pytest.CaptureFixture[str], config_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Only `new`'s NAME, which people may take for a path, is refused with a slash."""
    sent = GOOD.replace('name = "Desk break"', 'name = "Push/pull"')
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(sent.encode())))
    code, out, err = run(capsys, "import", "-")
    assert code == 0, err
    assert Path(out.strip()) == config_dir / "routines" / "push-pull.toml"
