"""Writing and sharing routines: a commented template, the format's JSON Schema, installing a
routine someone sent, and the edit-check-install loop of `coretimer edit` (the editor itself is
run by the CLI). Pure functions over files; no Textual.

Nothing here installs a routine that does not pass `check`: a routine file is written
(atomically) only once its new text is valid, so the previous version stays in place until
then.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coretimer.durable import atomic_write
from coretimer.model.ids import EXPLICIT_ID, slug
from coretimer.model.routine import Routine
from coretimer.routine.files import user_dir
from coretimer.routine.problems import Problem, parse_routine

#: The schema file written beside the user's routines, for TOML editors (Taplo, Even Better
#: TOML) that read a `#:schema` comment.
SCHEMA_FILE = "coretimer-routine.schema.json"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class AuthoringError(ValueError):
    """Bad input (a name that makes no id): the message says why and what to do."""


class RoutineExists(Exception):
    """The routine is there already: nothing is overwritten."""


def routine_schema() -> dict[str, Any]:
    """The routine file format as JSON Schema, generated from the models. `level_name` is
    set from `levels` and never written in a file, so the schema leaves it out."""
    schema = Routine.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "coretimer routine"
    exercise = schema.get("$defs", {}).get("Exercise", {})
    exercise.get("properties", {}).pop("level_name", None)
    return schema


def schema_text() -> str:
    return json.dumps(routine_schema(), indent=2, ensure_ascii=False) + "\n"


def routine_id_for(name: str) -> str:
    """The id (and file name) a new routine called `name` gets, or AuthoringError."""
    text = name.strip()
    if not text:
        raise AuthoringError("NAME must not be empty: give the routine a name, like "
                             '"Desk break"')
    if _CONTROL.search(text):
        raise AuthoringError("NAME must not contain control characters")
    if len(text) > 80:
        raise AuthoringError(f"NAME is {len(text)} characters long; 80 at most")
    if not any(ch.isalnum() for ch in text):
        raise AuthoringError("NAME must contain a letter or a digit, in plain letters, like "
                             '"Desk break"')
    routine_id = slug(text)
    if not EXPLICIT_ID.fullmatch(routine_id):
        raise AuthoringError(
            f"NAME must make an id of plain letters, digits and dashes, and {text!r} gives "
            f"{routine_id!r}; use a name in plain letters (the routine's own name, inside the "
            "file, can be anything)")
    return routine_id


def template(name: str) -> str:
    """A commented routine that passes `check`, to be edited into the person's own."""
    title = json.dumps(name.strip(), ensure_ascii=False)
    return f'''#:schema ./{SCHEMA_FILE}
# A coretimer routine. Check it with `coretimer check FILE`; the README's "Writing a routine"
# lists every field. Lines starting with # are comments.

name = {title}
description = """
What this routine is for, in a sentence or two. Stop before pain starts."""
rest_between_exercises = 30   # seconds between exercises
get_ready = 8                 # seconds to get into position before each exercise

[[exercises]]
name = "Front plank"
kind = "hold"                 # "hold" (timed) or "reps"
sets = 3
hold = 20                     # seconds per set; "max" counts up until you press Enter
rest = 30                     # seconds between sets
max_hold = 45                 # suggested steps up stop here
setup = "Forearms on the floor, elbows under the shoulders; knees down if you need to."
cues = [
  "One straight line from head to heels",
  "Brace, then keep breathing",
]

[[exercises]]
name = "Bird dog"
kind = "reps"
sets = 2
reps = 6                      # per side, alternating: left, right, left...
tempo = 3                     # seconds per rep: the app counts them for you
rep_hold = 2                  # seconds held at full reach
sides = "alternate"           # or "both" (all of one side, then the other), or "none"
rest = 20
max_reps = 10
setup = "On hands and knees. Left first: the left arm and right leg reach, then the other pair."
rep_cues = ["reach", "hold", "return"]   # the words shown large and spoken at each step
# A cue of its own for a step, shown while it runs (the hold shows the cues below in turn):
step_cues = {{ move = "Reach one arm forward and the opposite leg back", return = "Return slowly" }}
cues = [
  "Hips and shoulders stay square to the floor",
  "Hold it there and keep breathing",
]
'''


@dataclass(frozen=True)
class Installed:
    routine_id: str
    path: Path
    replaced: bool


def write_schema(config_dir: Path) -> Path:
    folder = user_dir(config_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SCHEMA_FILE
    atomic_write(path, schema_text().encode("utf-8"))
    return path


def new_routine(config_dir: Path, name: str, shipped_ids: set[str]) -> Path:
    """Write a template routine called `name` into the user's routines folder; refuse to
    overwrite anything."""
    if "/" in name or "\\" in name:  # `new ../x` must not quietly write x.toml
        raise AuthoringError(f"NAME is the routine's name, not a path: it cannot contain "
                             f'"/" or "\\" ({name.strip()!r}). New routines always go in your '
                             'routines folder; use a name like "Desk break" (the name inside '
                             "the file can then be anything)")
    routine_id = routine_id_for(name)
    path = user_dir(config_dir) / f"{routine_id}.toml"
    if path.exists():
        raise RoutineExists(f"{path} already exists; edit it with `coretimer edit "
                            f"{routine_id}`, or pick another name")
    if routine_id in shipped_ids:
        raise RoutineExists(f"a shipped routine has the id {routine_id!r}; pick another name, "
                            f"or `coretimer edit {routine_id}` to make your own copy of it")
    write_schema(config_dir)
    text = template(name)
    problems = parse_routine(text.encode(), str(path))
    assert isinstance(problems, Routine), problems  # the template always passes check
    try:
        with open(path, "x", encoding="utf-8") as fh:  # "x": never over a file made meanwhile
            fh.write(text)
    except FileExistsError:
        raise RoutineExists(f"{path} already exists") from None
    return path


def install(config_dir: Path, routine_id: str, data: bytes, *, source: str) -> Installed:
    """Check `data` and, when it is a valid routine, write it as the user routine
    `routine_id` (atomically: the previous version stays until this one is in place).
    Raises RoutineProblems, naming `source`, when it is not."""
    if not EXPLICIT_ID.fullmatch(routine_id):
        raise AuthoringError(f"{routine_id!r} is not a routine id: lower-case letters, digits "
                             'and "-"')
    return save_over(user_dir(config_dir) / f"{routine_id}.toml", data, source=source)


def save_over(path: Path, data: bytes, *, source: str) -> Installed:
    """Check `data` and, when it is a valid routine, write it as the routine file `path` (a
    file in the user's routines folder), whatever that file is called: an edit goes back to
    the file it came from, so a routine listed as "Upper" (from `Upper.toml`) keeps its id,
    its history and its place. Raises RoutineProblems, naming `source`, when it is not."""
    result = parse_routine(data, source)
    if isinstance(result, list):
        raise RoutineProblems(result)
    path.parent.mkdir(parents=True, exist_ok=True)
    replaced = path.exists()
    # A routine kept elsewhere (a dotfiles folder) and linked here: write to the file the link
    # points at, so the link stays.
    atomic_write(path.resolve() if path.is_symlink() else path, data)
    return Installed(path.stem, path, replaced)


def imported_id(source: str, data: bytes) -> str:
    """The id an imported routine is installed under: its file's name when that is an id,
    else a slug of the routine's name."""
    stem = Path(source).name.removesuffix(".toml") if source != "-" else ""
    if EXPLICIT_ID.fullmatch(stem):
        return stem
    result = parse_routine(data, source)
    if isinstance(result, list):
        raise RoutineProblems(result)
    return routine_id_for(result.name)


class RoutineProblems(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
