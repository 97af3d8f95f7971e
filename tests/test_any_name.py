"""Issue 24's property: any name, in any Unicode form, written as a person's own routine.

Names drawn from all of Unicode's letters, marks, digits, symbols and format characters, with
the troublemakers made likely: one name composed (NFC) and decomposed (NFD), bidi controls,
zero-width characters, wide characters and emoji; file names from those names, with bidi
controls, and with bytes that are not UTF-8. Each routine goes through `check`, runs (the
session controller on a fake clock) to the journal and the history, and `history`, `stats`,
`export` and `report` read it back. No command raises or prints a traceback, nothing printed
for a person holds a character that reorders or hides, and the statistics hold one exercise
per name however it was spelled.
"""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from coretimer.cli import main
from coretimer.model.clock import FakeClock
from coretimer.model.ids import slug
from coretimer.routine.files import discover
from coretimer.session.controller import Session
from coretimer.store.history import Store
from coretimer.text.plaintext import clean
from tests.helpers import finish
from tests.scenarios import START
from tests.test_names_and_ids import INVISIBLE

#: Pieces of names that have broken something: two spellings of one letter, letters whose
#: lower case is two characters, marks that belong to their letters, bidi controls,
#: zero-width characters, wide characters and emoji (a joiner and a skin tone among them).
PIECES = ["Caf\u00e9", "Cafe\u0301", "\u0130stanbul", "Stra\u00dfe", "\u0928\u092e\u0938\u094d"
          "\u0924\u0947", "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35", "\u65e5\u672c\u8a9e",
          "\ud55c\uad6d\uc5b4", "\U0001f469\u200d\U0001f52c", "\U0001f44b\U0001f3fd", "\u202e",
          "\u2066", "\u2069", "\u200b", "\u200f", "\ufeff", "\u01c4", "\ufb01", "\u212b",
          "e\u0301", "\u0301", " ", "-", "(", "[b]", "plank", "Plank", "x", "\uff30\uff4c"]
#: Letters, marks, digits, symbols, spaces and format characters from all of Unicode (no
#: control characters: a routine refuses those, naming the field).
UNICODE = st.text(st.characters(codec="utf-8", categories=["L", "M", "N", "S", "Zs", "Cf"]),
                  min_size=1, max_size=6)


@st.composite
def names(draw: Any) -> str:
    pieces = draw(st.lists(st.sampled_from(PIECES) | UNICODE, min_size=1, max_size=4))
    name = "".join(pieces).strip()
    assume(name and len(name) <= 80)
    return name


def form(how: str, text: str) -> str:
    return text if how == "as drawn" else unicodedata.normalize(how, text)


@st.composite
def routines(draw: Any) -> list[tuple[int, str, bytes]]:
    """Routine files: (the name's number, the exercise's name as written, the file's name as
    bytes). Each name is written in one to three files, each in NFC, NFD or as drawn."""
    bases = draw(st.lists(names(), min_size=1, max_size=3))
    assume(len({slug(b) for b in bases}) == len(bases))  # other names make other ids
    files: list[tuple[int, str, bytes]] = []
    for i, base in enumerate(bases):
        for how in draw(st.lists(st.sampled_from(["NFC", "NFD", "as drawn"]), min_size=1,
                                 max_size=3)):
            written = form(how, base)
            k = len(files)
            stem = draw(st.sampled_from([
                f"r{k}".encode(),
                f"r{k}-{written[:30]}".encode(),
                f"r{k}-{form('NFD', written)[:30]}".encode(),
                f"r{k}\u202e{written[:10]}\u200b".encode(),
                f"r{k}-".encode() + draw(st.sampled_from([b"q\xe9", b"\xff\xfe", b"\xc3("])),
            ]))
            files.append((i, written, stem.replace(b"/", b"_") + b".toml"))
    return files


def toml(name: str) -> bytes:
    q = json.dumps(name, ensure_ascii=False)  # a JSON string is a TOML string
    return (f"name = {q}\nget_ready = 0\nrest_between_exercises = 0\n[[exercises]]\n"
            f'name = {q}\nkind = "hold"\nhold = 2\nrest = 0\n').encode()


def utf8(name: bytes) -> bool:
    try:
        name.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def said(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err, argv
    out.encode("utf-8"), err.encode("utf-8")  # no lone surrogate: it could not be written
    if "--json" not in argv and "json" not in argv:
        assert shown_safely(out), (argv, out)
    assert shown_safely(err), (argv, err)
    return code, out, err


def shown_safely(text: str) -> bool:
    """Nothing in it reorders the line or hides: no bidi control, zero-width character or
    separator (not even a joiner between two emoji: the pictures stand side by side), and
    no control character but newlines and tabs."""
    for ch in text:
        if ch in INVISIBLE or (unicodedata.category(ch) == "Cc" and ch not in "\n\t"):
            return False
    return clean(text, lines=True) == text


def check_any_names(root: Path, monkeypatch: pytest.MonkeyPatch,
                    capsys: pytest.CaptureFixture[str],
                    files: list[tuple[int, str, bytes]]) -> None:
    for var, sub in (("DATA", "data"), ("CONFIG", "config"), ("CACHE", "cache")):
        monkeypatch.setenv(f"CORETIMER_{var}_DIR", str(root / sub))
    folder = root / "config" / "routines"
    folder.mkdir(parents=True)
    paths: list[tuple[int, Path, bool]] = []
    for i, name, raw in files:
        path = os.path.join(os.fsencode(folder), raw)
        with open(path, "wb") as fh:
            fh.write(toml(name))
        paths.append((i, Path(os.fsdecode(path)), utf8(raw)))

    for _, path, good in paths:
        code, out, err = said(["check", str(path)], capsys)
        assert code == (0 if good else 1), out + err
        if not good:
            assert "\\x" in out and "rename" in out

    catalogue = discover(root / "config")
    mine = {r.path: r for r in catalogue.routines if r.source == "user"}
    assert set(mine) == {path for _, path, good in paths if good}
    store, clock = Store(root / "data"), FakeClock(START)
    for loaded in mine.values():
        assert loaded.id == unicodedata.normalize("NFC", loaded.id)
        finish(Session(loaded, store, clock), clock)
        clock.advance(3600)
        code, _, err = said(["run", loaded.id], capsys)  # found; no terminal here: refused
        assert code == 1 and "needs a terminal" in err

    for argv in (["routines"], ["history"], ["history", "--json"], ["stats"],
                 ["stats", "--json"], ["export"], ["export", "--format", "json"], ["report"]):
        code, out, err = said(argv, capsys)
        assert code == 0, (argv, err)
        if argv == ["stats", "--json"]:
            exercises = json.loads(out)["exercises"]

    ran = [i for i, _, good in paths if good]
    by_id = {figures["id"]: figures["sessions"] for figures in exercises.values()}
    bases = {i: slug(name) for i, name, _ in files}
    assert by_id == {bases[i]: ran.count(i) for i in set(ran)}


FAST = settings(max_examples=30, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.filter_too_much])


@FAST
@given(routines())
def test_any_name_is_one_exercise_and_never_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        files: list[tuple[int, str, bytes]]) -> None:
    root = tmp_path / f"case-{os.urandom(4).hex()}"
    check_any_names(root, monkeypatch, capsys, files)


@pytest.mark.slow
@settings(FAST, max_examples=400)
@given(routines())
def test_any_name_is_one_exercise_and_never_a_traceback_at_length(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        files: list[tuple[int, str, bytes]]) -> None:
    root = tmp_path / f"case-{os.urandom(4).hex()}"
    check_any_names(root, monkeypatch, capsys, files)
