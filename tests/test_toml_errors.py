"""Issue 24, TOML errors: whatever is wrong with a routine file, `coretimer check` names the
file, the line (and the field) and what is wrong in words: never "RecursionError", a bare
"ValueError" or a Python repr such as "datetime.date(1979, 5, 27)"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coretimer.cli import main

EXERCISE = '[[exercises]]\nname = "Plank"\nkind = "hold"\nhold = 5\n'


def deep(opening: str, closing: str, depth: int, inner: str = "1") -> str:
    return opening * depth + inner + closing * depth


#: (file name, text, words the problem must have). Each is a whole file.
BAD = [
    ("deep-arrays", f'name = "R"\n\na = {deep("[", "]", 3000)}\n{EXERCISE}',
     ["line 3", "nested too deeply"]),
    ("deep-tables", f'name = "R"\na = {deep("{b = ", "}", 1000)}\n{EXERCISE}',
     ["line 2", "nested too deeply"]),
    ("deep-in-an-exercise", f'name = "R"\n{EXERCISE}cues = {deep("[", "]", 5000)}\n',
     ["line 6", "nested too deeply"]),
    ("long-number", f'name = "R"\n{EXERCISE}sets = {"1" * 5000}\n',
     ["line 6", "number", "too long"]),
    ("date-for-a-name", f"name = 1979-05-27\n{EXERCISE}",
     ["name", "a date", "a name is text", "put it in quotes", '"1979-05-27"', "(line 1)"]),
    ("date-time-for-a-name", f'name = "R"\n{EXERCISE}'.replace('"Plank"',
                                                              "1979-05-27T07:32:00Z"),
     ["exercises[0].name", "a date and time", "put it in quotes", "(line 3)"]),
    ("time-for-a-cue", f'name = "R"\n{EXERCISE}cues = [07:32:00]\n',
     ["exercises[0].cues[0]", "a time", "put it in quotes", "(line 6)"]),
    ("date-for-sides", f'name = "R"\n{EXERCISE}sides = 1979-05-27\n',
     ["exercises[0].sides", "'none', 'both' or 'alternate'", "a date", "(line 6)"]),
    ("table-for-text", f'name = "R"\ndescription = {{a = 1}}\n{EXERCISE}',
     ["description", "a table", "(line 2)"]),
    ("list-for-a-kind", f'name = "R"\n{EXERCISE}'.replace('kind = "hold"', 'kind = ["hold"]'),
     ["exercises[0].kind", "a list", "(line 4)"]),
    ("date-for-exercises", 'name = "R"\nexercises = 1979-05-27\n',
     ["exercises", "a date", "(line 2)"]),
    ("date-in-exercises", 'name = "R"\nexercises = [1979-05-27]\n',
     ["exercises[0]", "a table of fields", "a date"]),
    ("deep-list-for-a-name", f'name = {deep("[", "]", 400)}\n{EXERCISE}',
     ["name", "text in quotes", "a list"]),
    ("number-for-a-name", f"name = 1e400\n{EXERCISE}", ["name", "text in quotes", "(line 1)"]),
]

#: What no message may hold: Python's names for things, not the person's.
REPRS = re.compile(r"Error\(|Error\b|Traceback|datetime\.|\{'|\['|\bdict\b|\bNone\b")


@pytest.mark.parametrize(("stem", "text", "words"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_routine_file_is_said_in_words(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], stem: str, text: str,
        words: list[str]) -> None:
    path = tmp_path / f"{stem}.toml"
    path.write_text(text)
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    lines = out.splitlines()
    assert lines and all(line.startswith(f"{path}: ") for line in lines), out
    said = " ".join(lines)
    assert not REPRS.search(said), said
    for word in words:
        assert word in said, (word, said)
    assert len(said) < 400 * len(lines), said  # a problem is a line, not the file again


LEVELS = '''\
name = "R"
cues = ["a", 1]

[[exercises]]
name = "A"
[[exercises.levels]]
hold = 3
[[exercises.levels]]
hold = 4

[[exercises]]  # the second
name = "B"
cues = ["x"]
[[exercises.levels]]
hold = 5
'''


@pytest.mark.parametrize(("loc", "line"), [
    (("name",), 1),
    (("cues", 1), 2),
    (("exercises", 0), 4),
    (("exercises", 0, "levels", 1, "hold"), 9),
    (("exercises", 1, "levels", 0, "hold"), 15),
    (("exercises", 1, "cues", 0), 13),
    (("exercises", 1, "kind"), 11),  # a field left out: the exercise's header
    (("exercises", 5, "name"), None),
])
def test_a_field_is_found_on_its_line(loc: tuple[int | str, ...], line: int | None) -> None:
    from coretimer.routine.problems import line_of

    assert line_of(LEVELS, loc) == line
