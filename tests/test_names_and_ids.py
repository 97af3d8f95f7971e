"""Issue 24, names and ids: a file name that is not UTF-8, two exercises with one id, one
name in two Unicode spellings, and invisible characters that reorder a line. One test (or
table) per defect; each failed on the main branch of the day."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import DataTable

from coretimer.cli import main
from coretimer.model.ids import slug
from coretimer.routine.files import RoutineError, discover, load_routine_file
from coretimer.ui.factory import make_app
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
    from coretimer.model.clock import FakeClock
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

    from coretimer.model.record import SessionRecord, SetResult
    from coretimer.store.history import Store

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

    from coretimer.coaching.trends import trends
    from coretimer.store.history import Store

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


# --- 6. one name, two Unicode spellings ----------------------------------------------------------

NFC, NFD = "Caf\u00e9 plank", "Cafe\u0301 plank"


def old_slug(name: str) -> str:
    """The slug rule as it was before issue 24, frozen here: ids it gave to names in plain
    letters must never change."""
    out = "".join(ch if ch.isalnum() else "-" for ch in name.lower())
    return "-".join(part for part in out.split("-") if part) or "exercise"


@pytest.mark.parametrize(("name", "expected"), [
    (NFC, "caf\u00e9-plank"),
    (NFD, "caf\u00e9-plank"),  # was "cafe-plank": the accent, a combining mark, split the word
    ("\u0130stanbul", "istanbul"),  # was "i-stanbul": lower() leaves "i" and a dot above
    ("\u0130STANBUL K\u00d6PR\u00dcS\u00dc", "istanbul-k\u00f6pr\u00fcs\u00fc"),
    ("\u0928\u092e\u0938\u094d\u0924\u0947 plank", "\u0928\u092e\u0938\u094d\u0924\u0947-plank"),
    ("\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35", "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35"),  # Thai
    ("Stra\u00dfe", "stra\u00dfe"),  # lower, not casefold: ids made before stay
    ("Br\u00fccke", "br\u00fccke"),
    ("\u0301 plank", "plank"),  # a mark with no letter before it is no word
    ("Side plank (knees)", "side-plank-knees"),
    ("\u200f\u202eplank\u200b", "plank"),
])
def test_slug_is_one_id_per_name_in_any_script(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_every_shipped_id_is_unchanged() -> None:
    """Every exercise of every shipped routine keeps the id it had (history is saved under
    it), and so does every routine (its file name)."""
    from coretimer.routine.files import shipped_dir

    catalogue = discover(Path("/nonexistent-config"))
    shipped = [r for r in catalogue.routines if r.source == "shipped"]
    assert len(shipped) == len(list(shipped_dir().glob("*.toml"))) >= 8
    for loaded in shipped:
        assert loaded.id == loaded.path.stem
        for ex in loaded.routine.exercises:
            assert ex.key == (ex.id or old_slug(ex.name)), (loaded.id, ex.name)
            assert slug(ex.name) == old_slug(ex.name), (loaded.id, ex.name)


def test_one_name_typed_two_ways_is_one_exercise_in_the_statistics(
        config_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """"Caf\u00e9 plank" in NFC in one routine and in NFD in another gave two ids, and
    `stats` two identical rows."""
    import json

    from coretimer.model.clock import FakeClock
    from coretimer.store.history import Store
    from tests.helpers import finish

    for stem, name in (("one", NFC), ("two", NFD)):
        user_file(config_dir, f"{stem}.toml".encode(),
                  f'name = "{stem}"\n[[exercises]]\nname = "{name}"\nkind = "hold"\n'
                  'hold = 5\n'.encode())
    catalogue = discover(config_dir)
    mine = [r for r in catalogue.routines if r.source == "user"]
    assert {r.routine.exercises[0].key for r in mine} == {"caf\u00e9-plank"}
    store, clock = Store(data_dir), FakeClock(START)
    from coretimer.session.controller import Session

    for loaded in mine:
        finish(Session(loaded, store, clock), clock)
        clock.advance(3600)
    code, out, _ = run(capsys, "stats", "--json")
    assert code == 0
    (figures,) = json.loads(out)["exercises"].values()
    assert (figures["id"], figures["sessions"]) == ("caf\u00e9-plank", 2)


def test_a_not_for_me_mark_made_under_the_old_id_still_holds() -> None:
    """An exercise marked "not for me" (it hurt) is known by its id; "\u0130stanbul
    bridge" was "i-stanbul-bridge". Its id changed, so the old one is one of its ids: the
    mark (and the history and pain saved under it) still counts."""
    from coretimer.routine.files import leave_out
    from tests.helpers import hold, routine

    r = routine(hold("\u0130stanbul bridge"), hold("Plank"))
    (ex, _) = r.exercises
    assert ex.key == "istanbul-bridge" and "i-stanbul-bridge" in ex.keys
    kept = leave_out(r, {"i-stanbul-bridge"})
    assert kept is not None and [e.name for e in kept.exercises] == ["Plank"]


def test_new_and_discovery_agree_on_a_name_typed_two_ways(
        config_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`coretimer new` wrote "Bru\u0308cke" (NFD) as brucke.toml but refused "Br\u00fccke"
    (NFC); a file whose name is in NFD (as macOS writes names) was not found by the id
    typed in NFC; two files, one name in two spellings, were one id, silently."""
    code_nfc, _, _ = run(capsys, "new", "Br\u00fccke")
    code_nfd, _, _ = run(capsys, "new", "Bru\u0308cke")
    assert code_nfc == code_nfd == 2
    assert not list((config_dir / "routines").glob("*.toml"))
    code, out, _ = run(capsys, "new", "\u0130stanbul")
    assert code == 0 and out.strip().endswith("istanbul.toml")

    user_file(config_dir, "caf\u0065\u0301.toml".encode(), SIMPLE)  # NFD, as macOS has it
    catalogue = discover(config_dir)
    assert catalogue.find("caf\u00e9") is not None  # the id as typed (NFC)
    from coretimer.routine.files import resolve

    assert resolve("caf\u0065\u0301", config_dir).id == "caf\u00e9"
    user_file(config_dir, "caf\u00e9.toml".encode(), SIMPLE.replace(b'"Q"', b'"Other"'))
    catalogue = discover(config_dir)
    assert [r.id for r in catalogue.routines if r.source == "user"].count("caf\u00e9") == 1
    (problem,) = [p for p in catalogue.problems if "caf" in p.file]
    assert "same name" in problem.message


# --- bidi and invisible characters ---------------------------------------------------------------

#: Characters that reorder a line or cannot be seen: bidi controls, zero-width characters,
#: line and paragraph separators.
INVISIBLE = ("\u061c\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e"
             "\u2060\u2066\u2067\u2068\u2069\ufeff")


def test_each_invisible_character_is_shown_by_its_number() -> None:
    from coretimer.text.plaintext import clean

    for ch in INVISIBLE:
        assert clean(f"a{ch}b") == f"a<U+{ord(ch):04X}>b"
    assert clean("Plank \u202eknaLP") == "Plank <U+202E>knaLP"
    # A joiner between two emoji pictures is dropped, with skin tones and the emoji variation
    # selector: the pictures stand side by side, as every terminal draws them (issue 24, wide
    # characters; tests/test_wide_text.py).
    for emoji, shown in [("\U0001f469\u200d\U0001f52c", "\U0001f469\U0001f52c"),
                         ("\U0001f3f3\ufe0f\u200d\U0001f308", "\U0001f3f3\U0001f308"),
                         ("\U0001f44b\U0001f3fd\u200d\u2642\ufe0f", "\U0001f44b\u2642")]:
        assert clean(emoji) == shown
    assert clean("a\u200d\U0001f308") == "a<U+200D>\U0001f308"


SPECIAL = INVISIBLE + "\x1b\x07\x9b\udce9\ud800\U0001f469\U0001f3fd\ufe0f"
#: Skin tones and the emoji variation selector: dropped (pictures at one width).
EMOJI_LOOKS = frozenset([*map(chr, range(0x1F3FB, 0x1F400)), "\ufe0f"])


#: Any text, every character possible (surrogates too), with the special ones often in it.
ANY_TEXT = st.lists(st.one_of(st.sampled_from(SPECIAL),
                              st.text(st.characters(exclude_categories=()), max_size=4))
                    ).map("".join)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_no_text_reaches_a_terminal_with_a_character_that_reorders_or_hides(
        text: str) -> None:
    """Any text, through `clean`: no bidi control, zero-width character or separator is
    left (a joiner between two pictures is dropped), no control character and nothing that
    cannot be written as UTF-8; each invisible character is shown by its number, and text
    with none of them is unchanged."""
    from coretimer.text.plaintext import clean

    shown = clean(text)
    assert writable(shown)
    assert not any(ch in shown for ch in INVISIBLE)  # a joiner is dropped or shown too
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in shown)
    for ch in INVISIBLE:
        if ch in text and ch != "\u200d":
            assert f"<U+{ord(ch):04X}>" in shown
    if not any(ch in SPECIAL or ch in EMOJI_LOOKS or not writable(ch) or ord(ch) < 0x20
               or 0x7F <= ord(ch) < 0xA0 for ch in text):
        assert shown == text
    assert clean(shown) == shown  # said once: cleaning again changes nothing


def _has_invisible(text: str) -> bool:
    from coretimer.text.plaintext import clean

    return any(ch in text for ch in INVISIBLE if ch != "\u200d") or (
        "\u200d" in text and clean(text) != text)


def test_invisible_characters_in_names_and_file_names_are_shown_in_the_cli(
        config_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """U+202E in a routine's name turned the rest of the line around in `routines`, and in
    a file name the FILE column; zero-width spaces hid in names. Each is shown by its
    number, in every command that shows names."""
    from coretimer.model.clock import FakeClock
    from coretimer.session.controller import Session
    from coretimer.store.history import Store
    from tests.helpers import finish

    path = user_file(config_dir, "ev\u202eil.toml".encode(),
                     'name = "Morning \u202eenin\u2066 core"\n[[exercises]]\n'
                     'name = "Pl\u200bank \u2067x"\nkind = "hold"\nhold = 5\n'.encode())
    loaded = load_routine_file(path, source="user")
    clock = FakeClock(START)
    finish(Session(loaded, Store(data_dir), clock), clock)
    for argv in (["routines"], ["history"], ["stats"], ["export"], ["check", str(path)]):
        code, out, err = run(capsys, *argv)
        assert code == 0, argv
        assert not _has_invisible(out + err), (argv, out + err)
    code, out, _ = run(capsys, "routines")
    assert "ev<U+202E>il" in out and "Morning <U+202E>enin<U+2066> core" in out
    code, out, _ = run(capsys, "stats")
    assert "Pl<U+200B>ank <U+2067>x" in out
    path.write_text('name = "R\u202e"\n[[exercises]]\nname = "a"\nkind = "hold\u200f"\n')
    code, out, err = run(capsys, "check", str(path))
    assert code == 1 and "<U+200F>" in out and not _has_invisible(out + err)


async def test_invisible_characters_never_reach_the_screen(tmp_path: Path) -> None:
    from coretimer.ui.screens.session import SessionScreen
    from tests.scenarios import advance, build_app

    user_file(tmp_path / "config", b"bidi.toml",
              'name = "Morning \u202eenin core"\nget_ready = 1\n[[exercises]]\n'
              'name = "Pl\u200bank \u2066x"\nkind = "hold"\nhold = 30\n'
              'cues = ["Brace\u200f then breathe"]\n'.encode())
    app, clock = build_app(tmp_path, history=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        table = app.screen.query_one("#routines", DataTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert "Morning <U+202E>enin core" in names
        assert not any(_has_invisible(n) for n in names)
        home = app.screen
        table.move_cursor(row=[r.id for r in home.routines].index("bidi"))  # type: ignore[attr-defined]
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, SessionScreen)
        await advance(pilot, clock, 3)
        for widget in ("#exercise-line", "#session-title"):
            shown = str(app.screen.query_one(widget).render())
            assert "<U+" in shown and not _has_invisible(shown), (widget, shown)


def test_history_finds_a_routine_whose_id_is_typed_decomposed(
        config_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`history --routine` with "café" typed as "e" and a combining accent (as a macOS shell
    may pass it) is the routine whose id is "café", not "no routine"."""
    import json

    from coretimer.model.clock import FakeClock
    from coretimer.session.controller import Session
    from coretimer.store.history import Store
    from tests.helpers import finish

    user_file(config_dir, "caf\u00e9.toml".encode())
    (mine,) = [r for r in discover(config_dir).routines if r.source == "user"]
    assert mine.id == "caf\u00e9"
    clock = FakeClock(START)
    finish(Session(mine, Store(data_dir), clock), clock)
    for typed in ("caf\u00e9", "cafe\u0301"):
        code, out, err = run(capsys, "history", "--json", "--routine", typed)
        assert (code, err) == (0, ""), typed
        assert [s["routine"] for s in json.loads(out)] == ["caf\u00e9"], typed
