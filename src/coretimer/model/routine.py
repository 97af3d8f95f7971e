"""The routine file format: a named list of exercises (exercise.py) with rests between them.

Pure pydantic, no UI; it mirrors the TOML format documented in the README.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from coretimer.model.exercise import Exercise
from coretimer.model.fields import (
    MAX_EXERCISES,
    MAX_GET_READY,
    MAX_SECONDS,
    Name,
    no_controls_but_lines,
    whole_number,
)


class Routine(BaseModel):
    """A routine file: a named list of exercises with rests between them."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    name: Name
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000),
                           AfterValidator(no_controls_but_lines)] = ""
    rest_between_exercises: int = 30
    # Extension: seconds of "get ready" before each exercise.
    get_ready: int = 5
    exercises: list[Exercise] = Field(min_length=1, max_length=MAX_EXERCISES)

    @field_validator("rest_between_exercises", mode="before")
    @classmethod
    def _rest(cls, v: Any) -> int:
        return whole_number(v, 0, MAX_SECONDS, "seconds")

    @field_validator("get_ready", mode="before")
    @classmethod
    def _get_ready(cls, v: Any) -> int:
        return whole_number(v, 0, MAX_GET_READY, "seconds")

    @model_validator(mode="after")
    def _offered_after_is_here(self) -> Routine:
        keys = {key for ex in self.exercises for key in ex.keys}
        for ex in self.exercises:
            if ex.offered_after is not None and ex.offered_after not in keys:
                raise ValueError(f"{ex.name}: offered_after = {ex.offered_after!r} must be the "
                                 "id of another exercise in this routine")
        return self

    @property
    def equipment(self) -> list[str]:
        seen: dict[str, None] = {}
        for ex in self.exercises:
            for item in ex.equipment:
                seen.setdefault(item, None)
        return list(seen)
