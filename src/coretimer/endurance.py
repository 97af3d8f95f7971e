"""The endurance test: its four max holds, bound to routines/endurance-test.toml by their ids,
and the ratios from published torso endurance work, read in plain words. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, tzinfo

from coretimer.models import SessionRecord
from coretimer.timeline import local_day

ENDURANCE_TEST = "endurance-test"
#: The ids of the test's holds in routines/endurance-test.toml (a test holds the file to them):
#: the front plank, the side plank (left, then right) and the back-extensor hold.
ENDURANCE_HOLDS = ("front-plank", "side-plank", "back-extensor-hold")
#: Side bridges: right/left within this of 1.
SIDE_BALANCE_LIMIT = 0.05
#: Side bridge / extensor hold: below this, for each side.
SIDE_TO_EXTENSOR_LIMIT = 0.75
#: Front (flexor) / extensor hold: below this.
FRONT_TO_EXTENSOR_LIMIT = 1.0

ENDURANCE_SOURCE = (
    "Adapted from published torso endurance tests (McGill and colleagues): the front plank and "
    "the back-extensor hold stand in for the original flexor and extensor tests. A training "
    "guide, not a diagnosis.")


@dataclass(frozen=True)
class Held:
    """One max hold of the test: its time, and whether it ended the way a test hold should
    (with done, or its own clock), rather than by pain, skip or the end of the session."""

    seconds: float | None
    completed: bool


@dataclass(frozen=True)
class EnduranceResult:
    """The max holds of one endurance test and the ratios from McGill's torso endurance work.
    Ratios come only from a complete test: every hold done and ended with done."""

    day: date
    front_hold: Held
    left_hold: Held
    right_hold: Held
    extensor_hold: Held

    @property
    def front(self) -> float | None:
        return self.front_hold.seconds

    @property
    def side_left(self) -> float | None:
        return self.left_hold.seconds

    @property
    def side_right(self) -> float | None:
        return self.right_hold.seconds

    @property
    def extensor(self) -> float | None:
        return self.extensor_hold.seconds

    @property
    def complete(self) -> bool:
        return all(h.completed and h.seconds for h in (
            self.front_hold, self.left_hold, self.right_hold, self.extensor_hold))

    def _ratio(self, top: float | None, bottom: float | None) -> float | None:
        if not self.complete or not top or not bottom:
            return None
        return top / bottom

    @property
    def right_left(self) -> float | None:
        """Side plank right / left: the aim is within 0.05 of 1."""
        return self._ratio(self.side_right, self.side_left)

    @property
    def side_gap(self) -> float | None:
        """Left/right difference as a share of the longer side."""
        if not self.complete or not self.side_left or not self.side_right:
            return None
        return abs(self.side_left - self.side_right) / max(self.side_left, self.side_right)

    @property
    def left_to_extensor(self) -> float | None:
        return self._ratio(self.side_left, self.extensor)

    @property
    def right_to_extensor(self) -> float | None:
        return self._ratio(self.side_right, self.extensor)

    @property
    def front_to_extensor(self) -> float | None:
        return self._ratio(self.front, self.extensor)

    def notes(self) -> list[str]:
        """Plain-words reading of the ratios: each says its aim, and which side of it the
        result is. A training guide, not a diagnosis."""
        if not self.complete:
            return ["This test is incomplete: a hold was cut short by pain, skipped or not "
                    "reached, so no ratios are worked out. The holds are shown as they were."]
        out = []
        # Each verdict is about the number as shown (two decimals), so they never disagree.
        if (balance := _shown(self.right_left)) is not None:
            if abs(balance - 1) <= SIDE_BALANCE_LIMIT + 1e-9:
                out.append(f"Side plank right/left: {balance:.2f}. The aim is within 0.05 of "
                           "1, and yours is: your sides are balanced.")
            else:
                weaker = "left" if balance > 1 else "right"
                out.append(f"Side plank right/left: {balance:.2f}. The aim is within 0.05 of "
                           f"1; yours is outside it, with the {weaker} side behind. Give the "
                           f"{weaker} side the same patient work.")
        left, right = _shown(self.left_to_extensor), _shown(self.right_to_extensor)
        if left is not None and right is not None:
            over = [side for side, r in (("left", left), ("right", right))
                    if r >= SIDE_TO_EXTENSOR_LIMIT]
            head = (f"Side plank to back-extensor hold: left {left:.2f}, right {right:.2f}. "
                    "The aim is below 0.75")
            if not over:
                out.append(f"{head}, and both sides are.")
            else:
                sides = " and ".join(over)
                out.append(f"{head}; the {sides} {'is' if len(over) == 1 else 'are'} above "
                           "it, so the back extensors have some catching up to do.")
        if (front := _shown(self.front_to_extensor)) is not None:
            if front < FRONT_TO_EXTENSOR_LIMIT:
                out.append(f"Front plank to back-extensor hold: {front:.2f}. The aim is below "
                           "1.0, and yours is.")
            else:
                out.append(f"Front plank to back-extensor hold: {front:.2f}. The aim is below "
                           "1.0; yours is above it, so give the back extensors more "
                           "endurance work.")
        return out

    def summary_json(self) -> dict[str, object]:
        return {
            "date": self.day.isoformat(), "complete": self.complete,
            "front_plank": self.front, "side_plank_left": self.side_left,
            "side_plank_right": self.side_right, "back_extensor": self.extensor,
            "side_gap": self.side_gap, "right_left": self.right_left,
            "left_to_extensor": self.left_to_extensor,
            "right_to_extensor": self.right_to_extensor,
            "front_to_extensor": self.front_to_extensor,
        }


def _shown(ratio: float | None) -> float | None:
    return None if ratio is None else round(ratio, 2)


def _held(session: SessionRecord, key: str, side: str | None) -> Held:
    sets = [x for x in session.sets if x.key == key and x.side == side and x.kind == "hold"]
    values = [v for x in sets if (v := x.amount) is not None]
    return Held(max(values) if values else None, any(x.completed for x in sets))


def endurance_results(sessions: Iterable[SessionRecord],
                      tz: tzinfo | None = None) -> list[EnduranceResult]:
    """Every endurance test, oldest first."""
    front, side, extensor = ENDURANCE_HOLDS
    return [EnduranceResult(local_day(s.started_at, tz), _held(s, front, None),
                            _held(s, side, "left"), _held(s, side, "right"),
                            _held(s, extensor, None))
            for s in sorted(sessions, key=lambda s: s.started_at) if s.routine == ENDURANCE_TEST]
