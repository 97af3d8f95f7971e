"""The saved session document: what the store writes and what `history --json` prints.

Pure pydantic, no UI.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from datetime import datetime
from typing import Annotated, Any, Final, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    model_validator,
)

from coretimer.model import clock, versions
from coretimer.model.fields import Kind, Side
from coretimer.model.ids import slug

#: The session document's version (see versions.py).
SESSION_SCHEMA_VERSION: Final = versions.SESSION_SCHEMA_VERSION

#: The times a session may plausibly have: anything else is a damaged file (and would break
#: date arithmetic: year 1 at +14:00 overflows when turned into local time).
EARLIEST = clock.EARLIEST
LATEST = clock.LATEST


def _plausible(moment: datetime) -> datetime:
    if not clock.plausible(moment):
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
    level: int | None = Field(default=None, ge=1)
    """The level the exercise was done at, for exercises with levels (schema version 4)."""
    level_name: str | None = None
    """That level's name."""

    @model_validator(mode="after")
    def _skipped_has_no_amount(self) -> SetResult:
        if self.skipped and (self.achieved is not None or self.completed):
            raise ValueError("a skipped set has achieved = null and completed = false")
        return self

    @property
    def key(self) -> str:
        return self.exercise_id or slug(self.exercise)

    @property
    def title(self) -> str:
        """The exercise's name, with its level's: "Side bridge: from the feet"."""
        return f"{self.exercise}: {self.level_name}" if self.level_name else self.exercise

    @property
    def amount(self) -> float | None:
        """What counts in bests and trends: None for skipped and unknown sets."""
        return None if self.skipped else self.achieved


#: Why a planned set was not done (schema version 5): the exercise was ended by a pain report.
NotDoneBecause = Literal["pain"]


class NotDoneSet(BaseModel):
    """A planned set (one side of a set) that was not done: after a pain report rated below the
    spike rule the exercise ends and the session moves on to the next one, and its sets still
    to come are kept as these (schema version 5), never dropped. They are not sets: no amount,
    and nothing counts them in bests, trends or suggestions."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    exercise: str
    exercise_id: str
    kind: Kind
    side: Side | None = None
    set: int = Field(ge=1)
    target: float | None
    """The set's dose as planned: seconds for holds, reps for rep sets; None for a max hold."""
    level: int | None = Field(default=None, ge=1)
    level_name: str | None = None
    because: NotDoneBecause = "pain"
    after_sets: int = Field(ge=0)
    """How many of the session's `sets` were recorded before it: its place among them."""

    @property
    def key(self) -> str:
        return self.exercise_id

    @property
    def title(self) -> str:
        """The exercise's name, with its level's: "Side bridge: from the feet"."""
        return f"{self.exercise}: {self.level_name}" if self.level_name else self.exercise


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

    schema_version: Literal[5] = SESSION_SCHEMA_VERSION
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
    """How the back felt the next morning, asked once at an opening at least 12 h later, once
    that morning has come, within 7 days (mornings.to_ask; schema version 2)."""
    next_morning_pain: int | None = Field(default=None, ge=0, le=10)
    """The next morning's pain on the 0-10 scale (schema version 4; None: not asked or not
    answered)."""
    not_done: list[NotDoneSet] = Field(default_factory=list)
    """The planned sets left out because of pain: after a report rated below the spike rule,
    the rest of that exercise (schema version 5; empty in older sessions, which did not
    record them)."""

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> SessionRecord:
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise ValueError("ended_at is before started_at")
        return self

    @property
    def real_pain(self) -> list[PainReport]:
        """The pain reports that count: a rating of 0 was a key pressed by mistake."""
        return [p for p in self.pain if p.is_pain]

    def pain_against(self, key: str | AbstractSet[str]) -> list[PainReport]:
        """The reports that count as pain against the exercise with this id (or any of these
        ids: an exercise's own and its aliases)."""
        keys = {key} if isinstance(key, str) else key
        return [p for p in self.pain if p.is_pain and not keys.isdisjoint(p.exercises)]

    def public_json(self) -> dict[str, Any]:
        """The documented `history --json` shape."""
        data = self.model_dump(mode="json")
        data.pop("schema_version")
        return data
