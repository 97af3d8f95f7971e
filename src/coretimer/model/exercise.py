"""An exercise as a routine file gives it: a timed hold or a set of reps, its doses, cues and
levels, its checks, and what a session and the coaching read from it.

Pure pydantic, no UI; a routine (routine.py) is a list of them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, ValidationError, ValidationInfo, model_validator

from coretimer.model.fields import (
    DEFAULT_REP_CUES,
    MAX_CUES,
    MAX_HOLD_CAP,
    STEP_ROLES,
    DoseChecks,
    ExerciseId,
    Kind,
    Name,
    Side,
    Sides,
    StepRole,
    StepWord,
    Text,
)
from coretimer.model.figure import FigureRef
from coretimer.model.ids import legacy_slug, slug
from coretimer.model.levels import LEVEL_FIELDS, MAX_LEVELS, Level, take_level


class Exercise(DoseChecks):
    """One exercise in a routine: a timed hold or a set of reps, done for `sets` sets."""

    name: Name
    kind: Kind
    id: ExerciseId | None = None
    """What history and progress know the exercise by; default: a slug of the name. Give
    an id to rename an exercise and keep its history. Exercises with the same id are the same
    exercise, in one routine or several."""
    aliases: list[ExerciseId] = Field(default_factory=list, max_length=8)
    """Other ids this exercise's history may be saved under (an id it had before, or the
    same movement done as a test hold): their sets and pain count for it too."""
    sets: int = 1
    hold: int | Literal["max"] | list[int] | None = None
    """Seconds per set, "max", or a list with one number per set ([10, 10, 10])."""
    reps: int | list[int] | None = None
    """Reps per set (per side for two-sided and alternating exercises), or one per set
    ([8, 6, 4])."""
    tempo: float | None = None
    rep_hold: float | None = None
    sides: Sides = "none"
    rest: int = 20
    cues: list[Text] = Field(default_factory=list, max_length=MAX_CUES)
    # Extensions to the documented format (all optional):
    setup: Text | None = None
    """Shown while getting ready; defaults to the first cue."""
    equipment: list[Name] = Field(default_factory=list, max_length=6)
    """What the exercise needs besides a mat, e.g. ["resistance band"]."""
    max_hold: int | None = None
    """The most a suggested step up may take a hold to (seconds)."""
    hold_cap: int | None = None
    """A "max" hold ends by itself after this many seconds (a safe cap; default 600)."""
    max_reps: int | None = None
    """The most a suggested step up may take a rep set to."""
    easier: Text | None = None
    """An easier version, shown when a step back reaches the lowest dose (5 s or 1 rep)."""
    rep_cues: list[StepWord] | None = None
    """Paced reps: the words for the three steps of a rep (move, hold, return); default
    ["lift", "hold", "lower"]. The hold word is used when the exercise has a rep_hold."""
    step_cues: dict[StepRole, Text] | None = None
    """Paced reps: a cue of its own for a step ("move", "hold", "return"), shown under the
    banner while that step runs, instead of the turn of `cues`: the cue then always describes
    the movement the banner names. A step without one shows `cues` in turn."""
    breathing_bar: bool | None = None
    """Show the breathing pacer during work. Default: during holds, not during reps."""
    source: Text | None = None
    """Where the exercise and its dose come from (an article, a paper)."""
    figure: FigureRef | None = None
    """How it looks, from the side: a figure of the shipped pose library, by name
    ("bird-dog"), or its own poses. None: the library's figure of the exercise's id, if any."""
    note: Text | None = None
    """A caution or an explanation shown in the preview."""
    optional: bool = False
    """Shown as optional in the preview; Skip leaves it out without a word of blame."""
    levels: list[Level] | None = Field(default=None, min_length=2, max_length=MAX_LEVELS)
    """Versions of the exercise, easiest first. Each level's fields are complete: what a
    level leaves out was filled in from the exercise when the file was read."""
    level: int | None = None
    """The level this exercise is at (1 = the first, easiest); in a file, the one to start at
    (default 1)."""
    level_name: Name | None = None
    """The name of that level (set from `levels`, not written in files)."""
    level_after_pain: int | None = None
    """The level to use instead when pain was reported in the last 4 weeks (e.g. a supported
    version of a test hold)."""
    offered_after: ExerciseId | None = Field(default=None, description=(
        "The id of another exercise in this routine: this one is offered (shown and run) only "
        "once the last two sessions that included that one were clean (every set done in "
        "full, no pain against it, not worse the next morning)."))
    """The id of another exercise in the routine: this one is left out until the last two
    sessions that included that exercise were clean (see `offering.py`)."""

    @model_validator(mode="before")
    @classmethod
    def _take_level(cls, data: Any) -> Any:
        """Made whole before it is checked: see `levels.take_level`."""
        return take_level(data)

    @model_validator(mode="after")
    def _fits_kind(self, info: ValidationInfo) -> Exercise:
        if self.key in self.aliases:
            raise ValueError(f"aliases must not repeat the exercise's own id ({self.key})")
        if self.levels and self.levels[0].by_choice:
            raise ValueError("by_choice applies to a harder level: the first level is where "
                             "the exercise starts")
        if self.offered_after is not None and self.offered_after in self.keys:
            raise ValueError("offered_after must name another exercise, not this one")
        if self.level_after_pain is not None and not (
                self.levels and 1 <= self.level_after_pain <= len(self.levels)):
            raise ValueError("level_after_pain must be one of the exercise's levels (1 = the "
                             "first)")
        if self.levels is not None and not (info.context or {}).get("one_level"):
            for i, _level in enumerate(self.levels, start=1):
                if i == self.level:
                    continue
                try:
                    self.at_level(i)
                except ValidationError as exc:
                    first = exc.errors(include_url=False)[0]
                    where = ".".join(str(p) for p in first["loc"])
                    msg = str(first["msg"]).removeprefix("Value error, ")
                    raise ValueError(f"level {i} ({_level.name}): "
                                     f"{where + ' ' if where else ''}{msg}") from None
        if self.hold_cap is not None and not self.is_max_hold:
            raise ValueError('hold_cap only applies to hold = "max" (where it ends by itself)')
        if self.sides == "alternate" and self.kind != "reps":
            raise ValueError('sides = "alternate" only applies to kind = "reps" (one rep '
                             'left, one rep right)')
        if isinstance(self.hold, list) or isinstance(self.reps, list):
            doses = self.hold if isinstance(self.hold, list) else self.reps
            assert isinstance(doses, list)
            if len(doses) != self.sets:
                raise ValueError(f"sets = {self.sets}, but the dose lists {len(doses)} sets: "
                                 "give one dose per set, or leave sets out")
        if self.kind == "hold":
            if self.hold is None:
                raise ValueError('a "hold" exercise needs hold = seconds (or "max")')
            for extra in ("reps", "tempo", "rep_hold"):
                if getattr(self, extra) is not None:
                    raise ValueError(f'{extra} only applies to kind = "reps"')
        else:
            if self.reps is None:
                raise ValueError('a "reps" exercise needs reps = a number')
            if self.hold is not None:
                raise ValueError('hold only applies to kind = "hold"')
            if self.rep_hold is not None and self.tempo is None:
                raise ValueError("rep_hold needs tempo, so that reps are paced")
        if self.rep_cues is not None:
            if self.kind != "reps" or self.tempo is None:
                raise ValueError("rep_cues only apply to paced reps (kind = \"reps\" with tempo)")
            if len(self.rep_cues) != 3:
                raise ValueError('rep_cues needs three words: move, hold and return, e.g. '
                                 '["lift", "hold", "lower"]')
        if self.step_cues is not None:
            if self.kind != "reps" or self.tempo is None:
                raise ValueError('step_cues only apply to paced reps (kind = "reps" with '
                                 "tempo)")
            if "hold" in self.step_cues and not self.rep_hold:
                raise ValueError("step_cues.hold needs rep_hold: without it a rep has no hold "
                                 "(give the move and the return their cues)")
        return self

    @property
    def key(self) -> str:
        """The stable id: the explicit `id`, else a slug of the name."""
        return self.id or slug(self.name)

    @property
    def keys(self) -> frozenset[str]:
        """Every id its history may be saved under: its own and its aliases, and for an
        exercise without an explicit id, the slug its name had before issue 24 (when that
        differs), so that nothing saved under it is lost."""
        if self.id is None and (old := legacy_slug(self.name)) != self.key:
            return frozenset((self.key, *self.aliases, old))
        return frozenset((self.key, *self.aliases))

    @property
    def is_max_hold(self) -> bool:
        return self.hold == "max"

    @property
    def cap_seconds(self) -> int:
        """Where a "max" hold ends by itself (seconds)."""
        return self.hold_cap or MAX_HOLD_CAP

    @property
    def is_paced(self) -> bool:
        """Reps counted for the user by the clock (tempo set)."""
        return self.kind == "reps" and self.tempo is not None

    @property
    def step_words(self) -> tuple[str, str, str]:
        """The words for the steps of a paced rep: move, hold, return."""
        words = self.rep_cues or DEFAULT_REP_CUES
        return words[0], words[1], words[2]

    @property
    def every_cue(self) -> list[str]:
        """Every cue the work may show: the steps' own (move, hold, return), then `cues`."""
        steps = self.step_cues or {}
        return [*(steps[role] for role in STEP_ROLES if role in steps), *self.cues]

    def step_cue(self, step: Literal["lift", "hold", "lower"]) -> str | None:
        """The cue of a paced rep's step (by its name in `plan.RepStep`: lift, hold, lower),
        or None when the routine gives it none."""
        if not self.step_cues:
            return None
        role = STEP_ROLES[("lift", "hold", "lower").index(step)]
        return self.step_cues.get(role)

    @property
    def shows_breathing(self) -> bool:
        """Whether the breathing pacer shows during work."""
        return self.breathing_bar if self.breathing_bar is not None else self.kind == "hold"

    @property
    def rep_seconds(self) -> float:
        """Seconds one paced rep takes, including the hold at its end."""
        return (self.tempo or 0.0) + (self.rep_hold or 0.0)

    @property
    def side_list(self) -> tuple[Side | None, ...]:
        return ("left", "right") if self.sides == "both" else (None,)

    @property
    def doses(self) -> list[int] | None:
        """The dose of each set when the routine gives one per set, else None."""
        for value in (self.hold, self.reps):
            if isinstance(value, list):
                return value
        return None

    def for_set(self, number: int) -> Exercise:
        """The exercise as set `number` (1-based) does it: with a per-set dose, that set's
        hold or reps; otherwise the exercise itself."""
        doses = self.doses
        if doses is None:
            return self
        value = doses[min(max(number, 1), len(doses)) - 1]
        return self.model_copy(update={"hold" if self.kind == "hold" else "reps": value})

    @property
    def hold_seconds(self) -> int | None:
        """Seconds of a fixed hold (the first set's, for a per-set dose); None otherwise."""
        if isinstance(self.hold, list):
            return self.hold[0]
        return self.hold if isinstance(self.hold, int) else None

    @property
    def rep_count(self) -> int:
        """Reps per set, per side (the first set's, for a per-set dose); 0 for holds."""
        if isinstance(self.reps, list):
            return self.reps[0]
        return self.reps or 0

    @property
    def alternates(self) -> bool:
        """One rep on the left, one on the right, within each set."""
        return self.sides == "alternate"

    @property
    def movements(self) -> int:
        """Movements in one set: its reps, twice over when the sides alternate."""
        return self.rep_count * (2 if self.alternates else 1)

    @property
    def target(self) -> int | None:
        """Target per set: seconds for a fixed hold, reps for a rep set (per side), None for a
        max hold. With a per-set dose, the first set's."""
        if self.kind == "reps":
            return self.rep_count
        return self.hold_seconds

    @property
    def title(self) -> str:
        """The name, with the level's when the exercise has levels: "Side plank: from the
        knees"."""
        return f"{self.name}: {self.level_name}" if self.level_name else self.name

    @property
    def level_count(self) -> int:
        return len(self.levels) if self.levels else 0

    def level_by_choice(self) -> int | None:
        """The level a choice takes the exercise to: up to a level taken only by choice, or
        back from one to the level below. None when it has no such level."""
        if not self.levels or self.level is None:
            return None
        if self.level < len(self.levels) and self.levels[self.level].by_choice:
            return self.level + 1
        if self.levels[self.level - 1].by_choice:
            return self.level - 1
        return None

    def at_level(self, number: int) -> Exercise:
        """The exercise at another of its levels (1 = the easiest)."""
        if not self.levels:
            raise ValueError(f"{self.name} has no levels")
        data = self.model_dump(exclude={*LEVEL_FIELDS, "level", "level_name"},
                               exclude_defaults=True)
        data["levels"] = [lv.model_dump(exclude_none=True) for lv in self.levels]
        data["level"] = number
        return Exercise.model_validate(data, context={"one_level": True})

    @property
    def setup_cue(self) -> str:
        if self.setup:
            return self.setup
        return self.cues[0] if self.cues else f"Get into position for {self.name}."

    def dose(self) -> str:
        """A short human description of the dose, e.g. '3 × 30 s', '2 × 10 reps each side',
        '6-4-2 reps @ 2 s + 10 s hold'."""
        doses = self.doses
        same = doses is not None and len(set(doses)) == 1
        if self.kind == "hold":
            if self.is_max_hold:
                per = "max hold"
            elif doses is not None and not same:
                per = "-".join(str(d) for d in doses) + " s"
            else:
                per = f"{self.hold_seconds} s"
        else:
            count = self.rep_count
            if doses is not None and not same:
                per = "-".join(str(d) for d in doses) + " reps"
            else:
                per = f"{count} rep{'' if count == 1 else 's'}"
            if self.tempo is not None:
                per += f" @ {self.tempo:g} s"
                if self.rep_hold:
                    per += f" + {self.rep_hold:g} s hold"
        text = per if self.sets == 1 or (doses is not None and not same) else (
            f"{self.sets} × {per}")
        if self.sides == "both":
            text += " each side"
        elif self.alternates:
            text += " each side, alternating"
        return text
