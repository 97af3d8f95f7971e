"""One movement, one id: which exercise ids name the same movement.

An exercise's `aliases` say that its history may be saved under other ids (an id it had
before, a test hold of the same movement). That has to hold both ways and across routines: a
routine of the person's own, copied before the shipped front plank took the id
"front-plank", still calls it "plank"; its pain and progress are the same movement's. So the
ids are grouped (every id with its aliases, and theirs, from the shipped routines and any
others given), and an exercise is matched by its whole group.

Pure: the shipped routine files are read as TOML only (no model is built).
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from typing import Any

from coretimer.model.exercise import Exercise
from coretimer.model.ids import slug
from coretimer.model.routine import Routine
from coretimer.paths import shipped_dir

Groups = dict[str, frozenset[str]]


def _key(doc: dict[str, Any]) -> str | None:
    key = doc.get("id")
    if isinstance(key, str):
        return key
    name = doc.get("name")
    return slug(name) if isinstance(name, str) else None


def group(pairs: Iterable[tuple[str, Iterable[str]]]) -> Groups:
    """From (id, aliases) pairs: each id that is in a group of two or more -> its group."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for key, aliases in pairs:
        for alias in aliases:
            a, b = find(key), find(alias)
            if a != b:
                parent[max(a, b)] = min(a, b)
    members: dict[str, set[str]] = {}
    for x in list(parent):
        members.setdefault(find(x), set()).add(x)
    return {x: frozenset(m) for m in members.values() if len(m) > 1 for x in m}


@functools.cache
def shipped_groups() -> Groups:
    """The groups the shipped routines make (read once)."""
    pairs: list[tuple[str, list[str]]] = []
    for path in sorted(shipped_dir().glob("*.toml")):
        try:
            doc = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for ex in doc.get("exercises", []):
            if isinstance(ex, dict) and (key := _key(ex)) is not None:
                aliases = ex.get("aliases", [])
                pairs.append((key, [a for a in aliases if isinstance(a, str)]
                              if isinstance(aliases, list) else []))
    return group(pairs)


def groups_of(routines: Iterable[Routine]) -> Groups:
    """The groups these routines and the shipped ones make together."""
    pairs: list[tuple[str, Iterable[str]]] = [(k, g) for k, g in shipped_groups().items()]
    pairs += [(ex.key, ex.aliases) for r in routines for ex in r.exercises]
    return group(pairs)


def joined(routine: Routine, groups: Groups | None = None) -> Routine:
    """The routine with each exercise's aliases made its whole group (the shipped routines'
    groups by default)."""
    found = shipped_groups() if groups is None else groups
    exercises: list[Exercise] = []
    changed = False
    for ex in routine.exercises:
        more = found.get(ex.key, frozenset()) - ex.keys
        if more:
            ex = ex.model_copy(update={"aliases": [*ex.aliases, *sorted(more)]})
            changed = True
        exercises.append(ex)
    return routine.model_copy(update={"exercises": exercises}) if changed else routine
