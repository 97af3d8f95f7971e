"""The routine file format: valid files load, every broken file gives one clear line per problem
naming the file and the field, and no bytes whatsoever produce an exception."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coretimer.routine.files import LoadedRoutine, RoutineError, check_files, load_routine_file
from coretimer.routine.problems import Problem, parse_routine

VALID = b'''
name = "Back-safe foundations"
description = "Test"
rest_between_exercises = 30

[[exercises]]
name = "Front plank"
kind = "hold"
sets = 3
hold = 30
rest = 20
cues = ["Brace, then keep breathing", "Lower back stays flat"]

[[exercises]]
name = "Bird dog"
kind = "reps"
reps = 10
tempo = 4
rep_hold = 2
sides = "both"

[[exercises]]
name = "Side plank test"
kind = "hold"
hold = "max"
'''


def problems_of(text: str | bytes) -> list[Problem]:
    data = text.encode() if isinstance(text, str) else text
    result = parse_routine(data, "r.toml")
    assert isinstance(result, list), f"expected problems, got a routine: {result}"
    return result


def test_an_easier_version_is_optional_text() -> None:
    text = VALID.replace(b'hold = 30\n', b'hold = 30\neasier = "From the knees"\n')
    routine = parse_routine(text, "r.toml")
    assert not isinstance(routine, list)
    assert [ex.easier for ex in routine.exercises] == ["From the knees", None, None]


def test_valid_file_loads_with_defaults() -> None:
    routine = parse_routine(VALID, "r.toml")
    assert not isinstance(routine, list)
    plank, bird, test = routine.exercises
    assert (plank.sets, plank.hold, plank.rest, plank.sides) == (3, 30, 20, "none")
    assert (bird.sets, bird.reps, bird.tempo, bird.rep_hold, bird.rest) == (1, 10, 4.0, 2.0, 20)
    assert bird.side_list == ("left", "right")
    assert test.is_max_hold and test.target is None
    assert routine.rest_between_exercises == 30


def test_defaults_when_optional_fields_are_absent() -> None:
    routine = parse_routine(b'name="n"\n[[exercises]]\nname="a"\nkind="hold"\nhold=5\n', "f")
    assert not isinstance(routine, list)
    assert routine.rest_between_exercises == 30
    ex = routine.exercises[0]
    assert (ex.sets, ex.rest, ex.sides, ex.cues) == (1, 20, "none", [])


BASE = 'name = "R"\n[[exercises]]\nname = "Plank"\n'

# (file text, field path, words the message must contain)
BROKEN = [
    ("", "name", "required"),
    ("", "exercises", "required"),
    ('name = "R"\nexercises = []\n', "exercises", "at least 1"),
    ('name = ""\n[[exercises]]\nname="a"\nkind="hold"\nhold=5\n', "name", "empty"),
    (BASE + 'kind = "hold"\nhold = 700\n', "exercises[0].hold", "1 to 600"),
    (BASE + 'kind = "hold"\nhold = 0\n', "exercises[0].hold", "1 to 600"),
    (BASE + 'kind = "hold"\nhold = "forever"\n', "exercises[0].hold", '"max"'),
    (BASE + 'kind = "hold"\nhold = 2.5\n', "exercises[0].hold", "whole number"),
    (BASE + 'kind = "hold"\nhold = 30\nsets = 21\n', "exercises[0].sets", "1 to 20"),
    (BASE + 'kind = "hold"\nhold = 30\nsets = "3"\n', "exercises[0].sets", "whole number"),
    (BASE + 'kind = "hold"\nhold = 30\nsets = true\n', "exercises[0].sets", "whole number"),
    (BASE + 'kind = "reps"\nreps = 101\n', "exercises[0].reps", "1 to 100"),
    (BASE + 'kind = "reps"\nreps = 10\ntempo = 0\n', "exercises[0].tempo", "1 to 30"),
    (BASE + 'kind = "reps"\nreps = 10\nrest = 601\n', "exercises[0].rest", "0 to 600"),
    (BASE + 'kind = "jog"\nhold = 30\n', "exercises[0].kind", "'hold' or 'reps'"),
    (BASE + 'hold = 30\n', "exercises[0].kind", "required"),
    (BASE + 'kind = "hold"\n', "exercises[0]", "needs hold"),
    (BASE + 'kind = "reps"\n', "exercises[0]", "needs reps"),
    (BASE + 'kind = "reps"\nreps = 5\nhold = 10\n', "exercises[0]", "hold only applies"),
    (BASE + 'kind = "hold"\nhold = 5\nreps = 10\n', "exercises[0]", "reps only applies"),
    (BASE + 'kind = "reps"\nreps = 5\nrep_hold = 2\n', "exercises[0]", "needs tempo"),
    (BASE + 'kind = "hold"\nhold = 5\nsides = "left"\n', "exercises[0].sides",
     "'none', 'both' or 'alternate'"),
    (BASE + 'kind = "hold"\nhold = 5\ncues = "brace"\n', "exercises[0].cues", "a list"),
    (BASE + 'kind = "hold"\nhold = 5\neasier = 3\n', "exercises[0].easier", "text in quotes"),
    (BASE + 'kind = "hold"\nhold = 5\neasier = ""\n', "exercises[0].easier", "empty"),
    (BASE + 'kind = "hold"\nhold = 5\neasyer = "x"\n', "exercises[0].easyer",
     'did you mean "easier"'),
    (BASE + 'kind = "hold"\nhold = 5\nholdd = 5\n', "exercises[0].holdd", 'did you mean "hold"'),
    ('name = "R"\ncolour = "red"\n[[exercises]]\nname="a"\nkind="hold"\nhold=5\n',
     "colour", "not a known routine field"),
    ('name = "R"\nexercises = ["plank"]\n', "exercises[0]", "table of fields"),
    ('name = "R"\nrest_between_exercises = -1\n[[exercises]]\nname="a"\nkind="hold"\nhold=5\n',
     "rest_between_exercises", "0 to 600"),
]


@pytest.mark.parametrize(("text", "path", "words"), BROKEN)
def test_broken_file_names_the_field(text: str, path: str, words: str) -> None:
    found = problems_of(text)
    matching = [p for p in found if p.where == path]
    assert matching, f"no problem at {path}: {[str(p) for p in found]}"
    assert any(words in p.message for p in matching), [str(p) for p in matching]
    assert all(p.file == "r.toml" for p in found)


def test_problem_in_third_exercise_uses_its_index() -> None:
    text = VALID.decode().replace('hold = "max"', "hold = 9999")
    (problem,) = problems_of(text)
    assert str(problem) == ("r.toml: exercises[2].hold: must be from 1 to 600 seconds, not 9999 "
                            "(line 25)")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('name = "x\n', "line 1, column 10"),
        ('name = "R"\n[[exercises]\nname = 1\n', "line 2, column 12"),
        ('name = "R"\nname = "S"\n', "line 2, column 11"),
        ("name = ", "end of file"),
    ],
)
def test_toml_syntax_error_names_line_and_column(text: str, where: str) -> None:
    (problem,) = problems_of(text)
    assert problem.where == where
    assert problem.message.startswith("TOML syntax error")


def test_not_utf8() -> None:
    (problem,) = problems_of(b'name = "\xff"\n')
    assert "not UTF-8" in problem.message and "offset 8" in problem.message


def test_utf8_bom_is_accepted() -> None:
    data = b"\xef\xbb\xbf" + VALID
    assert not isinstance(parse_routine(data, "r.toml"), list)


def test_check_files_reports_every_file(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_bytes(VALID)
    bad = tmp_path / "bad.toml"
    bad.write_text(BASE + 'kind = "hold"\nhold = 700\n')
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    problems = check_files([good, bad, tmp_path / "missing.toml", folder])
    lines = [str(p) for p in problems]
    assert lines == [
        f"{bad}: exercises[0].hold: must be from 1 to 600 seconds, not 700 (line 5)",
        f"{tmp_path / 'missing.toml'}: no such file",
        f"{folder}: is a folder, not a routine file",
    ]


def test_id_is_the_file_stem(tmp_path: Path) -> None:
    path = tmp_path / "my-morning.toml"
    path.write_bytes(VALID)
    loaded = load_routine_file(path)
    assert isinstance(loaded, LoadedRoutine) and loaded.id == "my-morning"


def test_huge_file_is_refused_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_bytes(b"#" * 2_000_000)
    with pytest.raises(RoutineError, match="larger than 1 MB"):
        load_routine_file(path)


# --- No bytes produce an exception ----------------------------------------------------------

TOML_WORDS = st.sampled_from([
    "name", "kind", "hold", "reps", "sets", "tempo", "rep_hold", "sides", "rest", "cues",
    "exercises", "[[exercises]]", "[exercises]", "=", '"', "'", "[", "]", "{", "}", ",", "\n",
    '"max"', '"hold"', '"reps"', '"both"', "true", "1e400", "-0", "3", "600", "601", "nan",
    "inf", "1979-05-27", "\\u0000", '"""', "#", " ", ".", "\t", "\r\n", "\x00", "\ud7ff",
])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(data: bytes) -> None:
    result = parse_routine(data, "fuzz.toml")
    if isinstance(result, list):
        assert result and all(p.file == "fuzz.toml" and p.message for p in result)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TOML_WORDS, max_size=60))
def test_toml_like_noise_never_raises(words: list[str]) -> None:
    result = parse_routine("".join(words).encode("utf-8", "surrogatepass"), "fuzz.toml")
    if isinstance(result, list):
        assert result and all(p.message for p in result)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(VALID)), st.binary(max_size=8),
       st.integers(min_value=0, max_value=8))
def test_mutated_valid_file_never_raises(at: int, insert: bytes, cut: int) -> None:
    data = VALID[:at] + insert + VALID[at + cut:]
    result = parse_routine(data, "fuzz.toml")
    if isinstance(result, list):
        assert result and all(str(p).startswith("fuzz.toml: ") for p in result)


def test_deeply_nested_value_is_a_problem_not_a_crash() -> None:
    data = ("name = " + "[" * 5000 + "]" * 5000 + "\n").encode()
    result = parse_routine(data, "deep.toml")
    assert isinstance(result, list) and result
