"""The shipped pose library (`poses.toml` beside this module): a side-view figure per
exercise, by name, and the figure an exercise is drawn with at the level it is at."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

from pydantic import ValidationError

from coretimer.model.exercise import Exercise
from coretimer.model.figure import Figure

LIBRARY = Path(__file__).with_name("poses.toml")


class PoseLibraryError(ValueError):
    """The shipped library does not read: a fault of coretimer's, named with the figure."""


@functools.cache
def library() -> dict[str, Figure]:
    """Every figure of the library, by name."""
    with LIBRARY.open("rb") as fh:
        raw = tomllib.load(fh)
    out = {}
    for name, doc in raw.items():
        try:
            out[name] = Figure.model_validate(doc)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"])
            raise PoseLibraryError(f"{LIBRARY}: figure {name!r}: {where}: "
                                   f"{first['msg']}") from None
    return out


def figure_of(exercise: Exercise) -> Figure | None:
    """The figure `exercise` is drawn with at its level: its own poses, the library's
    figure it names, else the library's figure of its id; None when there is none."""
    found = exercise.figure
    if isinstance(found, Figure):
        return found
    return library().get(found or exercise.key)


def unknown_figure(exercise: Exercise) -> str | None:
    """Why the figure an exercise names cannot be drawn (one line), or None when it can, or
    names none."""
    names = [exercise.figure] + [lv.figure for lv in exercise.levels or []]
    for name in names:
        if isinstance(name, str) and name not in library():
            return (f"figure {name!r} is not in the pose library (`coretimer figure --list` "
                    "lists its figures)")
    return None
