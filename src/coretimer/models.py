"""Data models: the routine file format and the saved session document.

Pure pydantic, no UI. The routine models mirror the TOML format documented in the README;
the session models are what the store writes and what `history --json` prints.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Final, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    field_validator,
    model_validator,
)

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


def _no_controls(text: str, *, allowed: str = "") -> str:
    bad = next((ch for ch in text if ch in _CONTROL and ch not in allowed), None)
    if bad is not None:
        raise ValueError(f"must not contain control characters (found U+{ord(bad):04X})")
    return text


def _no_controls_but_lines(text: str) -> str:
    return _no_controls(text, allowed="\n\t")


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
                 AfterValidator(_no_controls)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300),
                 AfterValidator(_no_controls)]

#: A word for one step of a paced rep ("lift", "hold", "lower"): shown large and spoken.
StepWord = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20),
                     AfterValidator(_no_controls)]
DEFAULT_REP_CUES: Final = ("lift", "hold", "lower")

Kind = Literal["hold", "reps"]
Sides = Literal["none", "both"]
Side = Literal["left", "right"]


def slug(name: str) -> str:
    """An exercise's default id: its name in lower case, words joined by "-"
    ("Side plank (knees)" -> "side-plank-knees")."""
    out = "".join(ch if ch.isalnum() else "-" for ch in name.lower())
    return "-".join(part for part in out.split("-") if part) or "exercise"


#: An explicit exercise id: lower-case letters, digits and "-".
ExerciseId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]


def _whole_number(value: Any, low: int, high: int, unit: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be a whole number of {unit} from {low} to {high}")
    if not low <= value <= high:
        raise ValueError(f"must be from {low} to {high} {unit}, not {value}")
    return value


class Exercise(BaseModel):
    """One exercise in a routine: a timed hold or a set of reps, done for `sets` sets."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    name: Name
    kind: Kind
    id: ExerciseId | None = None
    """What history and progress know the exercise by; default: a slug of the name. Give
    an id to rename an exercise and keep its history. Exercises with the same id are the same
    exercise, in one routine or several."""
    sets: int = 1
    hold: int | Literal["max"] | None = None
    reps: int | None = None
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
    max_reps: int | None = None
    """The most a suggested step up may take a rep set to."""
    easier: Text | None = None
    """An easier version, shown when a step back reaches the lowest dose (5 s or 1 rep)."""
    rep_cues: list[StepWord] | None = None
    """Paced reps: the words for the three steps of a rep (move, hold, return); default
    ["lift", "hold", "lower"]. The hold word is used when the exercise has a rep_hold."""
    breathing_bar: bool | None = None
    """Show the breathing pacer during work. Default: during holds, not during reps."""

    @field_validator("sets", mode="before")
    @classmethod
    def _sets(cls, v: Any) -> int:
        return _whole_number(v, 1, MAX_SETS, "sets")

    @field_validator("hold", mode="before")
    @classmethod
    def _hold(cls, v: Any) -> int | str | None:
        if v is None:
            return None
        if v == "max":
            return "max"
        if isinstance(v, str):
            raise ValueError('must be a number of seconds or the word "max"')
        return _whole_number(v, 1, MAX_SECONDS, "seconds")

    @field_validator("reps", mode="before")
    @classmethod
    def _reps(cls, v: Any) -> int | None:
        return None if v is None else _whole_number(v, 1, MAX_REPS, "reps")

    @field_validator("rest", mode="before")
    @classmethod
    def _rest(cls, v: Any) -> int:
        return _whole_number(v, 0, MAX_SECONDS, "seconds")

    @field_validator("max_hold", mode="before")
    @classmethod
    def _max_hold(cls, v: Any) -> int | None:
        return None if v is None else _whole_number(v, 1, MAX_SECONDS, "seconds")

    @field_validator("max_reps", mode="before")
    @classmethod
    def _max_reps(cls, v: Any) -> int | None:
        return None if v is None else _whole_number(v, 1, MAX_REPS, "reps")

    @field_validator("tempo", "rep_hold", mode="before")
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

    @model_validator(mode="after")
    def _fits_kind(self) -> Exercise:
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
        return self

    @property
    def key(self) -> str:
        """The stable id: the explicit `id`, else a slug of the name."""
        return self.id or slug(self.name)

    @property
    def is_max_hold(self) -> bool:
        return self.hold == "max"

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
    def target(self) -> int | None:
        """Target per set: seconds for a fixed hold, reps for a rep set, None for a max hold."""
        if self.kind == "reps":
            return self.reps
        return self.hold if isinstance(self.hold, int) else None

    @property
    def setup_cue(self) -> str:
        if self.setup:
            return self.setup
        return self.cues[0] if self.cues else f"Get into position for {self.name}."

    def dose(self) -> str:
        """A short human description of the dose, e.g. '3 × 30 s' or '2 × 10 reps each side'."""
        if self.kind == "hold":
            per = "max hold" if self.is_max_hold else f"{self.hold} s"
        else:
            per = f"{self.reps} rep{'' if self.reps == 1 else 's'}"
            if self.tempo is not None:
                per += f" @ {self.tempo:g} s"
                if self.rep_hold:
                    per += f" + {self.rep_hold:g} s hold"
        text = per if self.sets == 1 else f"{self.sets} × {per}"
        return text + (" each side" if self.sides == "both" else "")


class Routine(BaseModel):
    """A routine file: a named list of exercises with rests between them."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    name: Name
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000),
                           AfterValidator(_no_controls_but_lines)] = ""
    rest_between_exercises: int = 30
    # Extension: seconds of "get ready" before each exercise.
    get_ready: int = 5
    exercises: list[Exercise] = Field(min_length=1, max_length=MAX_EXERCISES)

    @field_validator("rest_between_exercises", mode="before")
    @classmethod
    def _rest(cls, v: Any) -> int:
        return _whole_number(v, 0, MAX_SECONDS, "seconds")

    @field_validator("get_ready", mode="before")
    @classmethod
    def _get_ready(cls, v: Any) -> int:
        return _whole_number(v, 0, MAX_GET_READY, "seconds")

    @property
    def equipment(self) -> list[str]:
        seen: dict[str, None] = {}
        for ex in self.exercises:
            for item in ex.equipment:
                seen.setdefault(item, None)
        return list(seen)


# --- Saved sessions -----------------------------------------------------------------------------

#: The session document's version. Bumping it: change the Literal in SessionRecord too, and add
#: a migration step in migrations.py.
SESSION_SCHEMA_VERSION: Final = 3

#: The times a session may plausibly have: anything else is a damaged file (and would break
#: date arithmetic: year 1 at +14:00 overflows when turned into local time).
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def _plausible(moment: datetime) -> datetime:
    try:
        ok = EARLIEST <= moment <= LATEST
    except OverflowError:
        ok = False
    if not ok:
        raise ValueError(f"{moment.isoformat()} is not a plausible time (2000 to 2200)")
    return moment


#: A timezone-aware time, written as ISO 8601 with a numeric offset ("…+00:00").
Timestamp = Annotated[
    AwareDatetime, AfterValidator(_plausible),
    PlainSerializer(lambda v: v.isoformat(), return_type=str, when_used="json")
]

Status = Literal["completed", "stopped_for_pain", "ended_early", "interrupted"]
#: How a set ended: its own clock ran out, done, skip, a pain report, or the end of the session.
EndedBy = Literal["time", "done", "skip", "pain", "end"]
#: The phase a pain report was made in.
PhaseName = Literal["get_ready", "work", "rest", "switch_side"]
NextMorning = Literal["better", "same", "worse", "skipped"]
STATUSES: tuple[Status, ...] = ("completed", "stopped_for_pain", "ended_early", "interrupted")


class SetResult(BaseModel):
    """One set (one side of a set, for two-sided exercises) as it was done."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    exercise: str
    kind: Kind
    side: Side | None = None
    set: int = Field(ge=1)
    target: float | None
    """Seconds for holds, reps for rep sets; None for a max hold."""
    achieved: float | None = Field(ge=0)
    """What was done; None when nothing is known (a skipped set, or reps at your own pace that
    were ended by pain or the end of the session rather than counted)."""
    completed: bool
    skipped: bool = False
    """Skipped with the skip key: never counts as 0 s or 0 reps anywhere (schema version 3)."""
    ended_by: EndedBy | None = None
    """How the set ended; None in sessions saved before schema version 3."""
    exercise_id: str | None = None
    """The exercise's stable id (None before schema version 3: then a slug of the name)."""

    @model_validator(mode="after")
    def _skipped_has_no_amount(self) -> SetResult:
        if self.skipped and (self.achieved is not None or self.completed):
            raise ValueError("a skipped set has achieved = null and completed = false")
        return self

    @property
    def key(self) -> str:
        return self.exercise_id or slug(self.exercise)

    @property
    def amount(self) -> float | None:
        """What counts in bests and trends: None for skipped and unknown sets."""
        return None if self.skipped else self.achieved


class PainReport(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    at: Timestamp
    exercise: str | None
    """The exercise of the phase the report was made in."""
    level: int | None = Field(default=None, ge=0, le=10)
    """0–10; None when the user gave no rating (treated as a spike). 0 means "no pain: pressed
    by mistake" and counts as pain nowhere."""
    phase: PhaseName | None = None
    """The phase it was made in (None in sessions saved before schema version 3)."""
    counts_against: list[str] = Field(default_factory=list)
    """The ids of the exercises it counts against: the one being done, or during a get-ready,
    a rest or a side switch, both the one just done and the one about to start."""
    exercise_id: str | None = None
    """The id of `exercise` (None before schema version 3: then a slug of the name)."""

    @property
    def is_pain(self) -> bool:
        """A real report: any rating but 0 (no rating at all counts, as a spike does)."""
        return self.level != 0

    @property
    def exercises(self) -> list[str]:
        """The ids of the exercises it counts against."""
        if self.counts_against:
            return self.counts_against
        if self.exercise_id:
            return [self.exercise_id]
        return [slug(self.exercise)] if self.exercise else []


class SessionRecord(BaseModel):
    """A saved session. The JSON shape is a public contract (`history --json`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    schema_version: Literal[3] = SESSION_SCHEMA_VERSION
    """Exactly this version: older documents are migrated first, newer ones left alone."""
    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,80}$")]
    routine: str
    routine_name: str
    started_at: Timestamp
    ended_at: Timestamp | None
    status: Status
    baseline_pain: int | None = Field(default=None, ge=0, le=10)
    sets: list[SetResult] = Field(default_factory=list)
    pain: list[PainReport] = Field(default_factory=list)
    next_morning: NextMorning | None = None
    """How the back felt the next morning, asked once when the app opens 12-48 h later
    (schema version 2)."""

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> SessionRecord:
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise ValueError("ended_at is before started_at")
        return self

    @property
    def real_pain(self) -> list[PainReport]:
        """The pain reports that count: a rating of 0 was a key pressed by mistake."""
        return [p for p in self.pain if p.is_pain]

    def pain_against(self, key: str) -> list[PainReport]:
        """The reports that count as pain against the exercise with this id."""
        return [p for p in self.pain if p.is_pain and key in p.exercises]

    def public_json(self) -> dict[str, Any]:
        """The documented `history --json` shape."""
        data = self.model_dump(mode="json")
        data.pop("schema_version")
        return data
