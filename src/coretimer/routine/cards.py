"""What home lists of each routine, kept in a cache so that home is filled without pydantic.

    CACHE_DIR/routines.json

Validating the routine files means building pydantic's model classes, which costs a bare
Textual app's start-up again. Home needs only a card per routine (its name, how many
exercises, roughly how long, what it is for, the equipment) and the problems of files that do
not load. Those are kept here, beside the size and time of every routine file they came from
and coretimer's version; when any of that differs (a file added, removed, edited; another
version of coretimer), the files are read again and the cache is written afresh. The full
routines are read when one is opened (`routines.discover`); the cache is only ever a
shortcut, safe to delete.
"""

from __future__ import annotations

import json
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coretimer import __version__
from coretimer.durable import atomic_write
from coretimer.paths import shipped_dir, user_dir

if TYPE_CHECKING:
    from coretimer.routine.files import Catalogue

CACHE_NAME = "routines.json"
FORMAT = 1
#: A file this close to the cache's writing is read again (see index.RACY_NS).
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class RoutineCard:
    id: str
    name: str
    exercises: int
    minutes: int
    """Roughly how long a session of it takes (`routines.estimated_minutes`)."""
    description: str
    equipment: tuple[str, ...]
    source: str
    """"shipped" or "user"."""


@dataclass(frozen=True)
class CardProblem:
    """A routine file that could not be used (the fields of `routines.Problem`)."""

    file: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.message}" if self.where else (
            f"{self.file}: {self.message}")


@dataclass(frozen=True)
class Cards:
    cards: list[RoutineCard]
    """One per routine id, in the order home offers them."""
    problems: list[CardProblem]
    from_cache: bool = False


def cards_of(catalogue: Catalogue) -> Cards:
    # (only a stale cache reads routine files: home is drawn from it without pydantic)
    from coretimer.routine.files import estimated_minutes

    return Cards([RoutineCard(r.id, r.name, len(r.routine.exercises),
                              estimated_minutes(r.routine), r.routine.description or "",
                              tuple(r.routine.equipment), r.source)
                  for r in catalogue.offered],
                 [CardProblem(p.file, p.where, p.message) for p in catalogue.problems])


#: The code that reads routines and works out their cards: a change to it (an upgrade, a
#: checkout) makes the cache stale, as a change to a routine file does.
CODE = ("routine/files.py", "routine/problems.py", "model/routine.py", "model/exercise.py",
        "model/levels.py", "model/fields.py", "model/figure.py", "routine/plan.py",
        "routine/cards.py", "routine/poses.py", "routine/poses.toml")


def sources(config_dir: Path) -> dict[str, list[int]]:
    """Every routine file home would read, and the code that reads them, with size and time
    (-1 for what is not a regular file: it is read, and reported, every time)."""
    out: dict[str, list[int]] = {}
    here = Path(__file__).resolve().parent.parent  # (the coretimer package)
    for name in CODE:
        try:
            st = (here / name).stat()
            out[f"code:{name}"] = [st.st_size, st.st_mtime_ns]
        except OSError:
            out[f"code:{name}"] = [-1, -1]
    for folder in (shipped_dir(), user_dir(config_dir)):
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if not entry.name.endswith(".toml"):
                        continue
                    try:
                        st = entry.stat()
                        regular = stat.S_ISREG(st.st_mode)
                        out[entry.path] = ([st.st_size, st.st_mtime_ns] if regular
                                           else [-1, -1])
                    except OSError:
                        out[entry.path] = [-1, -1]
        except OSError:
            continue
    return out


def cached_cards(config_dir: Path, cache_dir: Path) -> Cards | None:
    """The cards from the cache, or None when any routine file changed since."""
    return _read(cache_dir / CACHE_NAME, sources(config_dir))


def load_cards(config_dir: Path, cache_dir: Path) -> tuple[Cards, Catalogue | None]:
    """The cards, from the cache when every routine file is as it was; else from the files
    (and the cache is written again), with the catalogue they were read into."""
    listing = sources(config_dir)
    path = cache_dir / CACHE_NAME
    cached = _read(path, listing)
    if cached is not None:
        return cached, None
    # (only a stale cache reads routine files: home is drawn from it without pydantic)
    from coretimer.routine.files import discover

    catalogue = discover(config_dir)
    cards = cards_of(catalogue)
    if all(size >= 0 for size, _ in listing.values()):
        _write(path, listing, cards)
    return cards, catalogue


def _read(path: Path, listing: dict[str, list[int]]) -> Cards | None:
    try:
        doc = json.loads(path.read_bytes())
        if (doc["format"] != FORMAT or doc["version"] != __version__
                or doc["sources"] != listing):
            return None
        written = int(doc["written_ns"])
        if any(mtime >= written - RACY_NS for name, (_, mtime) in listing.items()
               if not name.startswith("code:")):
            return None
        cards = [RoutineCard(str(c[0]), str(c[1]), int(c[2]), int(c[3]), str(c[4]),
                             tuple(str(e) for e in c[5]), str(c[6])) for c in doc["cards"]]
        problems = [CardProblem(str(p[0]), str(p[1]), str(p[2])) for p in doc["problems"]]
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError,
            RecursionError):
        return None
    return Cards(cards, problems, from_cache=True)


def _write(path: Path, listing: dict[str, list[int]], cards: Cards) -> None:
    doc: dict[str, Any] = {
        "format": FORMAT, "version": __version__, "written_ns": time.time_ns(),
        "sources": listing,
        "cards": [[c.id, c.name, c.exercises, c.minutes, c.description, list(c.equipment),
                   c.source] for c in cards.cards],
        "problems": [[p.file, p.where, p.message] for p in cards.problems]}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(doc).encode())
    except OSError:
        pass  # only a shortcut: the files are read again next time
