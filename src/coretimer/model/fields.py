"""The routine format's field types and their checks: names and texts without control
characters, bounds, and doses (the checks an exercise and each of its levels share)."""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    StringConstraints,
    field_validator,
)

from coretimer.model.ids import EXPLICIT_ID

# Bounds for routine files. Wide enough for real use, narrow enough to catch typos.
MAX_SETS = 20
MAX_SECONDS = 600
MAX_REPS = 100
MAX_TEMPO = 30
MAX_REP_HOLD = 60
MAX_EXERCISES = 40
MAX_CUES = 12
MAX_GET_READY = 60

#: How long a "max" hold may run before it is ended for the user (seconds).
MAX_HOLD_CAP = MAX_SECONDS

_CONTROL = frozenset(chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)])


def no_controls(text: str, *, allowed: str = "") -> str:
    bad = next((ch for ch in text if ch in _CONTROL and ch not in allowed), None)
    if bad is not None:
        raise ValueError(f"must not contain control characters (found U+{ord(bad):04X})")
    return text


def no_controls_but_lines(text: str) -> str:
    return no_controls(text, allowed="\n\t")


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
                 AfterValidator(no_controls)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300),
                 AfterValidator(no_controls)]

#: A word for one step of a paced rep ("lift", "hold", "lower"): shown large and spoken.
StepWord = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20),
                     AfterValidator(no_controls)]
DEFAULT_REP_CUES: Final = ("lift", "hold", "lower")
#: The steps of a paced rep as a routine file names them (in `rep_cues` order): the move out,
#: the hold, the move back.
StepRole = Literal["move", "hold", "return"]
STEP_ROLES: Final[tuple[StepRole, StepRole, StepRole]] = ("move", "hold", "return")

Kind = Literal["hold", "reps"]
Sides = Literal["none", "both", "alternate"]
Side = Literal["left", "right"]


#: An explicit exercise id: lower-case letters, digits and "-".
ExerciseId = Annotated[str, StringConstraints(pattern=f"^{EXPLICIT_ID.pattern}$")]


def whole_number(value: Any, low: int, high: int, unit: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be a whole number of {unit} from {low} to {high}")
    if not low <= value <= high:
        raise ValueError(f"must be from {low} to {high} {unit}, not {value}")
    return value


def dose_list(v: list[Any], low: int, high: int, unit: str) -> list[int]:
    if not 1 <= len(v) <= MAX_SETS:
        raise ValueError(f"must list from 1 to {MAX_SETS} doses, one per set, not {len(v)}")
    return [whole_number(x, low, high, unit) for x in v]


def sets_from_doses(data: dict[str, Any]) -> dict[str, Any]:
    """A per-set dose ([8, 6, 4]) says how many sets there are, unless `sets` says it too."""
    for name in ("hold", "reps"):
        doses = data.get(name)
        if isinstance(doses, list) and data.get("sets") is None:
            data["sets"] = len(doses) if doses else 1
    return data


class DoseChecks(BaseModel):
    """The checks an exercise and each of its levels share."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    @field_validator("sets", mode="before", check_fields=False)
    @classmethod
    def _sets(cls, v: Any) -> int | None:
        return None if v is None else whole_number(v, 1, MAX_SETS, "sets")

    @field_validator("hold", mode="before", check_fields=False)
    @classmethod
    def _hold(cls, v: Any) -> int | str | list[int] | None:
        if v is None:
            return None
        if v == "max":
            return "max"
        if isinstance(v, str):
            raise ValueError('must be a number of seconds, a list of them (one per set) or '
                             'the word "max"')
        if isinstance(v, list):
            return dose_list(v, 1, MAX_SECONDS, "seconds")
        return whole_number(v, 1, MAX_SECONDS, "seconds")

    @field_validator("reps", mode="before", check_fields=False)
    @classmethod
    def _reps(cls, v: Any) -> int | list[int] | None:
        if isinstance(v, list):
            return dose_list(v, 1, MAX_REPS, "reps")
        return None if v is None else whole_number(v, 1, MAX_REPS, "reps")

    @field_validator("rest", mode="before", check_fields=False)
    @classmethod
    def _rest(cls, v: Any) -> int | None:
        return None if v is None else whole_number(v, 0, MAX_SECONDS, "seconds")

    @field_validator("max_hold", "hold_cap", mode="before", check_fields=False)
    @classmethod
    def _max_hold(cls, v: Any) -> int | None:
        return None if v is None else whole_number(v, 1, MAX_SECONDS, "seconds")

    @field_validator("max_reps", mode="before", check_fields=False)
    @classmethod
    def _max_reps(cls, v: Any) -> int | None:
        return None if v is None else whole_number(v, 1, MAX_REPS, "reps")

    @field_validator("tempo", "rep_hold", mode="before", check_fields=False)
    @classmethod
    def _seconds(cls, v: Any, info: Any) -> float | None:
        if v is None:
            return None
        high = MAX_TEMPO if info.field_name == "tempo" else MAX_REP_HOLD
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise ValueError(f"must be a number of seconds from 1 to {high}")
        if not 1 <= v <= high:
            raise ValueError(f"must be from 1 to {high} seconds, not {v}")
        return float(v)
