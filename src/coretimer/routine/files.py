"""Routine files: parse, validate, explain problems, find shipped and user routines.

Every failure becomes a `Problem` (file, field path, message); nothing here lets an exception
escape to the user, whatever bytes a file holds.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import json
import os
import re
import stat
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from coretimer.model.routine import Exercise, Routine
from coretimer.paths import shipped_dir as shipped_dir
from coretimer.paths import user_dir as user_dir
from coretimer.routine.plan import build_plan

MAX_FILE_BYTES = 1_000_000


Source = Literal["shipped", "user", "file"]


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


@dataclass(frozen=True)
class LoadedRoutine:
    id: str
    path: Path
    source: Source
    routine: Routine

    @property
    def name(self) -> str:
        return self.routine.name


class RoutineError(Exception):
    """A routine could not be loaded; `problems` says why, one line each."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


# --- Parsing -------------------------------------------------------------------------------------

#: An explicit exercise id (as `models.ExerciseId` has it).
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
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
    return _duplicate_ids(file, routine) or routine


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
            like = f' (like id = "{own}")' if _ID.fullmatch(own) else ""
            problems.append(Problem(
                file, f"exercises[{i}].id",
                f'"{ex.name}" ({ex.kind}) has the id "{ex.key}", and so has exercises[{j}], '
                f'"{other.name}" ({other.kind}): two exercises in one routine need two ids, '
                f"so give one of them an id of its own{like}"))
    return problems


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
        or part in {"int", "float", "str", "none", "list[str]", "[key]"}
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


# --- Files ---------------------------------------------------------------------------------------


def load_routine_file(path: Path, *, source: Source = "file") -> LoadedRoutine:
    """Load one routine file or raise RoutineError naming the file and each problem."""
    name = str(path)
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise RoutineError([Problem(name, "", "is a folder, not a routine file")])
        if not stat.S_ISREG(mode):  # a FIFO would block the read forever
            raise RoutineError([Problem(name, "", "is not a regular file (a pipe or device)")])
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except RoutineError:
        raise
    except FileNotFoundError:
        raise RoutineError([Problem(name, "", "no such file")]) from None
    except OSError as exc:
        raise RoutineError([Problem(name, "", f"cannot be read ({exc.strerror or exc})")]) from None
    if len(data) > MAX_FILE_BYTES:
        raise RoutineError([Problem(name, "", "is larger than 1 MB; not a routine file?")])
    result = parse_routine(data, name)
    named = _name_problems(path)
    if named or isinstance(result, list):
        raise RoutineError(named + (result if isinstance(result, list) else []))
    return LoadedRoutine(id=routine_id(path), path=path, source=source, routine=result)


def routine_id(path: Path) -> str:
    """A routine's id: its file's name without ".toml", composed (NFC), so that a name
    written with combining accents (as macOS writes file names) is the id typed."""
    return unicodedata.normalize("NFC", path.stem)


def _name_problems(path: Path) -> list[Problem]:
    """A routine's id is its file's name, and the id is written into every session of it: a
    name whose bytes are not UTF-8 (they arrive as lone surrogates) cannot be written as
    text, so such a file is refused, and the person asked to rename it."""
    stem = path.stem
    bad = [f"\\x{ord(ch) - 0xDC00:02x}" for ch in stem if 0xDC80 <= ord(ch) <= 0xDCFF]
    if not bad:
        return []
    which = (f"{bad[0]} is a byte" if len(bad) == 1 else f"{', '.join(bad[:4])} are bytes")
    return [Problem(str(path), "", f"the file's name is not UTF-8 text ({which} of another "
                    "encoding), so its sessions could not be saved under it: rename the "
                    "file, in letters, digits and dashes (like my-routine.toml)")]


def check_files(paths: Iterable[Path]) -> list[Problem]:
    """Validate files; return every problem found (empty when all are valid)."""
    problems: list[Problem] = []
    for path in paths:
        try:
            load_routine_file(path)
        except RoutineError as exc:
            problems.extend(exc.problems)
    return problems


@dataclass(frozen=True)
class Catalogue:
    routines: list[LoadedRoutine]
    problems: list[Problem]

    @functools.cached_property
    def offered(self) -> list[LoadedRoutine]:
        """One routine per id, in offer order: a user routine shadows a shipped one."""
        by_id: dict[str, LoadedRoutine] = {}
        for loaded in self.routines:
            if loaded.id not in by_id or loaded.source == "user":
                by_id[loaded.id] = loaded
        return list(by_id.values())

    def find(self, routine_id: str) -> LoadedRoutine | None:
        """The routine offered under this id, typed in any Unicode form (ids are
        composed: see `routine_id`)."""
        wanted = unicodedata.normalize("NFC", routine_id)
        return next((r for r in self.offered if r.id == wanted), None)


def _toml_files(folder: Path) -> list[Path]:
    """Every *.toml entry (a folder, pipe or device among them is reported when loaded)."""
    try:
        return sorted(p for p in folder.iterdir() if p.suffix == ".toml")
    except OSError:
        return []


#: The order shipped routines are offered in: the first one is where a beginner starts.
SHIPPED_ORDER = ("foundations", "big-three", "hip-flexor-fix", "endurance", "posterior-chain",
                 "warm-up", "endurance-test", "endurance-test-adapted")


def _offer_order(loaded: LoadedRoutine) -> tuple[int, int, str]:
    if loaded.source == "shipped" and loaded.id in SHIPPED_ORDER:
        return (0, SHIPPED_ORDER.index(loaded.id), loaded.id)
    return (1 if loaded.source == "shipped" else 2, 0, loaded.id)


def discover(config_dir: Path) -> Catalogue:
    """All shipped and user routines (shipped first, beginner first); broken user files
    become problems, not crashes."""
    routines: list[LoadedRoutine] = []
    problems: list[Problem] = []
    for source, folder in (("shipped", shipped_dir()), ("user", user_dir(config_dir))):
        seen: dict[str, Path] = {}
        for path in _toml_files(folder):
            first = seen.setdefault(routine_id(path), path)
            if first != path:  # "café.toml" twice: once composed, once with a combining accent
                problems.append(Problem(str(path), "", (
                    f"has the same name as {first.name}, in letters encoded another way (an "
                    "accent as a character of its own): the two would be one routine, so "
                    "this one is left out; rename or remove one of them")))
                continue
            try:
                routines.append(load_routine_file(path, source=source))  # type: ignore[arg-type]
            except RoutineError as exc:
                problems.extend(exc.problems)
    routines.sort(key=_offer_order)
    from coretimer.routine.movements import groups_of, joined

    groups = groups_of(r.routine for r in routines)  # one movement, one id, both ways
    routines = [dataclasses.replace(r, routine=joined(r.routine, groups)) for r in routines]
    return Catalogue(routines, problems)


def resolve(spec: str, config_dir: Path) -> LoadedRoutine:
    """A routine given as an id (shipped or user) or as a path to a file."""
    as_path = Path(spec)
    looks_like_path = spec.endswith(".toml") or os.sep in spec or (os.altsep or "\0") in spec
    if looks_like_path or as_path.is_file():
        return load_routine_file(as_path)
    catalogue = discover(config_dir)
    found = catalogue.find(spec)
    if found is not None:
        return found
    if os.path.lexists(spec):  # there is something by that name: say why it cannot be used
        return load_routine_file(as_path)
    ids = sorted({r.id for r in catalogue.routines})
    close = difflib.get_close_matches(spec, ids, n=1)
    hint = f' Did you mean "{close[0]}"?' if close else ""
    raise RoutineError(
        [Problem(spec, "", f"no routine with this id and no such file.{hint} "
                 f"Known ids: {', '.join(ids) or 'none'}.")]
    )


# --- Estimates -----------------------------------------------------------------------------------


def estimated_seconds(routine: Routine) -> float:
    """The time the routine is expected to take, rests and get-ready included.

    Equals the engine's exact duration when every hold is fixed and every rep set is paced.
    """
    return sum(step.estimate for step in build_plan(routine))


def estimated_minutes(routine: Routine) -> int:
    return max(1, round(estimated_seconds(routine) / 60))


def leave_out(routine: Routine, keys: Iterable[str]) -> Routine | None:
    """The routine without the exercises whose ids (or aliases) are in `keys` (marked "not for
    me"); None when that leaves nothing to do."""
    skip = set(keys)
    kept = [ex for ex in routine.exercises if ex.keys.isdisjoint(skip)]
    if len(kept) == len(routine.exercises):
        return routine
    return routine.model_copy(update={"exercises": kept}) if kept else None
