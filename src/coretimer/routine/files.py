"""Routine files: parse, validate, explain problems, find shipped and user routines.

Every failure becomes a `Problem` (file, field path, message); nothing here lets an exception
escape to the user, whatever bytes a file holds.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import os
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from coretimer.model.routine import Routine
from coretimer.paths import shipped_dir as shipped_dir
from coretimer.paths import user_dir as user_dir
from coretimer.routine.movements import groups_of, joined
from coretimer.routine.plan import build_plan
from coretimer.routine.problems import Problem, parse_routine

MAX_FILE_BYTES = 1_000_000


Source = Literal["shipped", "user", "file"]


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
#: The routine a preview offers to do first (w).
WARM_UP = "warm-up"
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
