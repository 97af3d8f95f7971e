"""Reading a routine file's text, and saying what is wrong with it: the file, the line, the
field and what to do."""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from pydantic import ValidationError

from coretimer.model.exercise import Exercise
from coretimer.model.ids import EXPLICIT_ID
from coretimer.model.routine import Routine


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a routine file."""

    file: str
    where: str  # a field path like "exercises[2].hold", "line 3, column 7", or "" for the file
    message: str
    line: int | None = None
    """The file's line the field is on, when it can be found (a field path's problem)."""

    def __str__(self) -> str:
        said = f"{self.file}: {self.where}: {self.message}" if self.where else (
            f"{self.file}: {self.message}"
        )
        return f"{said} (line {self.line})" if self.line is not None else said


_TOML_POS = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)\s*$", re.S)
_TOML_EOF = re.compile(r"^(?P<msg>.*?)\s*\(at end of document\)\s*$", re.S)


def parse_routine(data: bytes, file: str) -> Routine | list[Problem]:
    """Parse and validate the bytes of a routine file."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [Problem(file, "", f"is not UTF-8 text (bad byte at offset {exc.start})")]
    text = text.removeprefix("\ufeff")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [_toml_problem(file, str(exc))]
    except (ValueError, RecursionError) as exc:  # pathological input the parser could not take
        return [_unreadable(file, text, exc)]
    try:
        routine = Routine.model_validate(doc)
    except ValidationError as exc:
        return validation_problems(file, exc, doc, text)
    except RecursionError:  # never seen: the parser stops far sooner; still, never a traceback
        return [Problem(file, "", _TOO_DEEP)]
    return _duplicate_ids(file, routine) + _unknown_figures(file, routine) or routine


_TOO_DEEP = "lists or tables are nested too deeply here (a routine needs only a few levels)"


def _unreadable(file: str, text: str, exc: Exception) -> Problem:
    """What the TOML parser could not take without saying where (it gave up rather than
    finding a syntax error): lists nested thousands deep, a number of thousands of digits.
    Said in words, at the line found by parsing ever longer beginnings of the file."""
    if isinstance(exc, RecursionError):
        what = _TOO_DEEP
    elif "digits" in str(exc):
        what = "a number here is too long (thousands of digits)"
    else:
        what = "a value here cannot be read"
    line = _first_failing_line(text, type(exc))
    return Problem(file, "" if line is None else f"line {line}", what)


def _first_failing_line(text: str, kind: type[Exception]) -> int | None:
    """The line at which the file first fails the way it did: the parser reads in order,
    so every beginning of the file that holds that line fails so, and no shorter one does."""
    lines = text.split("\n")

    def fails(count: int) -> bool:
        try:
            tomllib.loads("\n".join(lines[:count]))
        except tomllib.TOMLDecodeError:
            return False  # cut off half-way through something: not the failure looked for
        except (ValueError, RecursionError) as exc:
            return isinstance(exc, kind)
        return False

    if not fails(len(lines)):
        return None
    low, high = 1, len(lines)
    while low < high:
        middle = (low + high) // 2
        if fails(middle):
            high = middle
        else:
            low = middle + 1
    return low


def _duplicate_ids(file: str, routine: Routine) -> list[Problem]:
    """Two exercises of one routine with one id (given, or the slug of one name): their
    sets would be one exercise's in history, statistics and progression, a hold's seconds
    and reps mixed. Each is named, so that one of them can be given another id."""
    first: dict[str, int] = {}
    problems: list[Problem] = []
    for i, ex in enumerate(routine.exercises):
        j = first.setdefault(ex.key, i)
        if j != i:
            other = routine.exercises[j]
            own = f"{ex.key}-{ex.kind}"
            like = f' (like id = "{own}")' if EXPLICIT_ID.fullmatch(own) else ""
            problems.append(Problem(
                file, f"exercises[{i}].id",
                f'"{ex.name}" ({ex.kind}) has the id "{ex.key}", and so has exercises[{j}], '
                f'"{other.name}" ({other.kind}): two exercises in one routine need two ids, '
                f"so give one of them an id of its own{like}"))
    return problems


def _unknown_figures(file: str, routine: Routine) -> list[Problem]:
    """A figure named that the pose library does not have."""
    # (the pose library only once a routine reads: a file that does not is not drawn)
    from coretimer.routine.poses import unknown_figure

    return [Problem(file, f"exercises[{i}].figure", why) for i, ex in enumerate(routine.exercises)
            if (why := unknown_figure(ex)) is not None]


def _toml_problem(file: str, text: str) -> Problem:
    if m := _TOML_POS.match(text):
        where = f"line {m['line']}, column {m['col']}"
        return Problem(file, where, f"TOML syntax error: {m['msg']}")
    if m := _TOML_EOF.match(text):
        return Problem(file, "end of file", f"TOML syntax error: {m['msg']}")
    return Problem(file, "", f"TOML syntax error: {text}")


def field_path(loc: Iterable[int | str]) -> str:
    """('exercises', 2, 'hold') -> 'exercises[2].hold'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += part if not out else f".{part}"
    return out


_FIELDS = {
    "routine": list(Routine.model_fields),
    "exercise": list(Exercise.model_fields),
}


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*[\"']?([A-Za-z0-9_\-]+)[\"']?\s*=")


def line_of(source: str, loc: tuple[int | str, ...]) -> int | None:
    """The line (from 1) of a routine file that holds the field at `loc`, as far as a plain
    reading of the TOML tells: a top-level key, a key of the n-th `[[exercises]]` (or of its
    m-th `[[exercises.levels]]`), else that table's header. None when it cannot tell (a field
    written inline, say)."""
    if not loc or not isinstance(loc[0], str):
        return None
    at: tuple[int, ...] = ()
    table, key = "", loc[0]
    if len(loc) > 1 and isinstance(loc[1], int):  # an array: of tables, or of values
        table, at = loc[0], (loc[1],)
        rest = loc[2:]
        if len(rest) >= 2 and isinstance(rest[0], str) and isinstance(rest[1], int):
            table, at, rest = f"{loc[0]}.{rest[0]}", (loc[1], rest[1]), rest[2:]
        key = rest[0] if rest and isinstance(rest[0], str) else ""
    counts: dict[str, int] = {}
    inner: dict[str, int] = {}
    current, here = "", at[:0]
    header: int | None = None
    for number, raw in enumerate(source.splitlines(), start=1):
        if m := _HEADER.match(raw):
            current = re.sub(r"[\s\"']", "", m[2])
            here = ()
            if m[1] == "[[":
                if "." not in current:
                    counts[current] = counts.get(current, -1) + 1
                    inner = {}
                    here = (counts[current],)
                else:
                    inner[current] = inner.get(current, -1) + 1
                    here = (counts.get(current.split(".")[0], -1), inner[current])
            if current == table and here == at:
                header = number
                if not key:
                    return number
            continue
        if key and current == table and here == at and (k := _KEY.match(raw)) and k[1] == key:
            return number
    if header is None and "." in table:  # not a table but a list of values: `cues = [...]`
        return line_of(source, loc[:3])
    if header is None and table:
        return line_of(source, loc[:1])
    return header


def validation_problems(file: str, exc: ValidationError, doc: Any = None,
                        source: str | None = None) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        # Drop pydantic's union-branch and validator tags so the path is the file's field path.
        loc = tuple(p for p in loc if isinstance(p, int) or not _is_tag(p))
        path = field_path(loc)
        message = _message(err, loc, doc)
        if (path, message) in seen:
            continue
        seen.add((path, message))
        line = line_of(source, loc) if source is not None and loc else None
        problems.append(Problem(file, path or "(top level)", message, line))
    return problems


def _is_tag(part: str) -> bool:
    return (
        part.startswith(("literal[", "function-", "constrained-"))
        or part in {"int", "float", "str", "none", "list[str]", "[key]", "figure-name",
                    "figure-poses"}
    )


def _message(err: Any, loc: tuple[int | str, ...], doc: Any) -> str:
    kind = err["type"]
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else ""
        scope = "exercise" if "exercises" in loc[:-1] else "routine"
        close = difflib.get_close_matches(name, _FIELDS[scope], n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        return f"is not a known {scope} field{hint}"
    if kind == "literal_error":
        return f"must be one of {err['ctx']['expected']}, not {_show(err.get('input'))}"
    if kind == "string_type" and isinstance(err.get("input"), date | time):
        value = err["input"]
        noun = _TEXT_NOUNS.get(next((p for p in reversed(loc) if isinstance(p, str)), ""),
                               "this field")
        return (f"is {_show(value)}, but {noun} is text: put it in quotes, like "
                f'"{value.isoformat()}"')
    if kind in {"string_type", "int_type", "float_type", "list_type", "bool_type"}:
        what = {"string_type": "text in quotes", "int_type": "a whole number",
                "float_type": "a number", "list_type": 'a list, like ["a", "b"]',
                "bool_type": "true or false"}[kind]
        return f"must be {what}, not {_show(err.get('input'))}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "id":
        return ('must be lower-case letters, digits and "-", starting with a letter or digit '
                f'(like "side-plank"), not {_show(err.get("input"))}')
    if kind in {"too_short", "too_long", "string_too_long"}:
        return str(err["msg"]).replace("List", "list").replace("String", "text")
    if kind == "model_type":
        return f"must be a table of fields, not {_show(err.get('input'))}"
    if kind == "dict_type":
        return ('must be a table, like { move = "…", return = "…" }, not '
                f"{_show(err.get('input'))}")
    msg = str(err["msg"])
    return msg.removeprefix("Value error, ")


#: What a text field holds, for "a date, but a name is text".
_TEXT_NOUNS = {"name": "a name", "description": "a description", "cues": "a cue",
               "setup": "a setup line", "equipment": "a piece of equipment",
               "easier": "an easier version", "note": "a note", "source": "a source",
               "rep_cues": "a step word", "step_cues": "a cue", "move": "a cue",
               "return": "a cue", "id": "an id", "aliases": "an id", "offered_after": "an id"}


def _show(value: Any) -> str:
    """A value from a routine file as the file writes it (never a Python repr: no
    "datetime.date(1979, 5, 27)", no "{'a': 1}"), short."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return f"a date and time ({value.isoformat()})"
    if isinstance(value, date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, time):
        return f"a time ({value.isoformat()})"
    if isinstance(value, list):
        return "an empty list" if not value else "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 40 else text[:36] + '..."'
    if value is None:
        return "nothing"
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."
