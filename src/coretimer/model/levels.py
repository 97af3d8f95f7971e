"""An exercise's levels, its versions listed easiest first: what a level may set, and how a
routine file's levels are filled in from the exercise, which then takes the fields of the level
it is at."""

from __future__ import annotations

from typing import Any, Final, Literal

from pydantic import Field

from coretimer.model.fields import (
    MAX_CUES,
    DoseChecks,
    Kind,
    Name,
    StepRole,
    StepWord,
    Text,
    sets_from_doses,
)
from coretimer.model.figure import FigureRef

#: The most levels (variants, easiest first) one exercise may have.
MAX_LEVELS = 8

#: The fields a level may set; the exercise's own values are the defaults for the rest.
LEVEL_FIELDS: Final = ("kind", "sets", "hold", "reps", "tempo", "rep_hold", "rest", "cues",
                       "setup", "equipment", "max_hold", "max_reps", "hold_cap", "easier",
                       "rep_cues", "step_cues", "breathing_bar", "note", "source", "figure")

KIND_FIELDS: Final = ("hold", "reps", "tempo", "rep_hold", "rep_cues", "step_cues", "max_hold",
                       "max_reps", "hold_cap")


class Level(DoseChecks):
    """One version of an exercise (levels are listed easiest first): its own name and any of
    the exercise's dose, cue and setup fields; what it leaves out it takes from the exercise."""

    name: Name
    kind: Kind | None = None
    sets: int | None = None
    hold: int | Literal["max"] | list[int] | None = None
    reps: int | list[int] | None = None
    tempo: float | None = None
    rep_hold: float | None = None
    rest: int | None = None
    cues: list[Text] | None = Field(default=None, max_length=MAX_CUES)
    setup: Text | None = None
    equipment: list[Name] | None = Field(default=None, max_length=6)
    max_hold: int | None = None
    max_reps: int | None = None
    hold_cap: int | None = None
    easier: Text | None = None
    rep_cues: list[StepWord] | None = None
    step_cues: dict[StepRole, Text] | None = None
    breathing_bar: bool | None = None
    figure: FigureRef | None = None
    note: Text | None = None
    source: Text | None = None
    by_choice: bool = Field(default=False, description=(
        "Taken only when the person chooses it (a key in the preview): a step up never "
        "suggests moving to this level."))
    """Taken only when the person chooses it: progression never suggests moving up to it
    (the preview offers it on a key, and it stays once done, as every level does)."""


def take_level(data: Any) -> Any:
    """An exercise's fields as a routine file gives them, made whole: per-set doses give the
    number of sets; levels fill themselves in from the exercise, and the exercise takes the
    fields of its level. Anything but a table is left to the model's own checks."""
    if not isinstance(data, dict):
        return data
    data = dict(data)
    raw = data.get("levels")
    if raw is None:
        for name in ("level", "level_name"):
            if data.get(name) is not None:
                raise ValueError(f"{name} needs levels = a list of versions of the "
                                 "exercise, easiest first")
        return sets_from_doses(data)
    if not isinstance(raw, list) or len(raw) < 2:
        return data  # the field's own check names the problem
    if data.get("level_name") is not None:
        raise ValueError("level_name is taken from levels: leave it out of the file")
    base = {k: data[k] for k in LEVEL_FIELDS if k in data and data[k] is not None}
    if "sets" not in base:  # a per-set list in the exercise gives every level its sets
        for name in ("hold", "reps"):
            if isinstance(base.get(name), list) and base[name]:
                base["sets"] = len(base[name])
    levels: list[Any] = []
    for item in raw:
        if isinstance(item, Level):
            item = item.model_dump(exclude_none=True)
        if isinstance(item, dict):
            merged = {**base, **{k: v for k, v in item.items() if v is not None}}
            if "kind" in item and item["kind"] != base.get("kind"):
                for key in KIND_FIELDS:  # a level of the other kind keeps none of these
                    if key not in item:
                        merged.pop(key, None)
            if any(isinstance(item.get(k), list) for k in ("hold", "reps")) and (
                    "sets" not in item):
                merged.pop("sets", None)  # a level's own per-set list gives its sets
            levels.append(sets_from_doses(merged))
        else:
            levels.append(item)
    data["levels"] = levels
    level = data.get("level", 1)
    if isinstance(level, bool) or not isinstance(level, int):
        raise ValueError("level must be a whole number: the level to start at (1 = the "
                         "first)")
    if not 1 <= level <= len(levels):
        raise ValueError(f"level must be from 1 to {len(levels)} (the number of levels), "
                         f"not {level}")
    chosen = levels[level - 1]
    if not isinstance(chosen, dict):
        return data
    for key in LEVEL_FIELDS:
        if key in chosen:
            data[key] = chosen[key]
        else:
            data.pop(key, None)
    data["level"] = level
    data["level_name"] = chosen.get("name")
    return data
