"""The endurance tests: the published one (routines/endurance-test.toml) and the adapted one
(routines/endurance-test-adapted.toml), each bound to its file by the ids of its holds (and
the older ids the adapted test's holds were saved under). The published test is read against
the ratios and aims of published torso endurance work, in plain words; the adapted one has no
published figures and is read only against the person's own earlier adapted tests. Pure
functions.

Source: McGill SM, Childs A, Liebenson C. Endurance times for low back stabilization
exercises: clinical targets for testing and training from a normal database. Arch Phys Med
Rehabil 1999;80:941-4."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from coretimer.coaching.endurance_protocols import (
    ADAPTED,
    FRONT_TO_EXTENSOR_LIMIT,
    MCGILL,
    PROTOCOLS,
    SIDE_BALANCE_LIMIT,
    SIDE_TO_EXTENSOR_LIMIT,
    TEST_ROUTINES,
    Protocol,
)
from coretimer.model.timeline import local_day

if TYPE_CHECKING:  # light: home shows the latest test without loading pydantic
    from coretimer.model.record import SessionRecord


@dataclass(frozen=True)
class Held:
    """One max hold of the test: its time, and whether it ended the way a test hold should
    (with done, or its own clock), rather than by pain, skip or the end of the session."""

    seconds: float | None
    completed: bool
    capped: bool = False
    """The hold ran to its cap (it ended by itself, not with done): the person could have
    held longer, so its time is a lower bound."""


@dataclass(frozen=True)
class EnduranceResult:
    """The max holds of one endurance test and the ratios from McGill's torso endurance work.
    Ratios come only from a complete test (every hold done and ended with done), and only
    between holds done as the published test does them: a ratio with a supported hold in it
    is not the published ratio, so it is not worked out. The published test is read against
    the published aims; the adapted one only against the person's own earlier adapted tests
    (`earlier`)."""

    day: date
    front_hold: Held
    left_hold: Held
    right_hold: Held
    extensor_hold: Held
    protocol: Protocol = ADAPTED
    extensor_supported: bool = False
    """The back-extensor hold was the supported version (after recent pain)."""
    flexor_supported: bool = False
    """The trunk flexor hold was the supported version (a curl-up hold, after recent pain)."""
    earlier: tuple[EnduranceResult, ...] = ()
    """The earlier tests of the same version, oldest first (`with_earlier`): the person's own
    trend."""

    @property
    def source(self) -> str:
        return self.protocol.source

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

    def _ratio(self, top: float | None, bottom: float | None,
               supported: bool = False) -> float | None:
        if not self.complete or supported or not top or not bottom:
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
        return self._ratio(self.side_left, self.extensor, self.extensor_supported)

    @property
    def right_to_extensor(self) -> float | None:
        return self._ratio(self.side_right, self.extensor, self.extensor_supported)

    @property
    def front_to_extensor(self) -> float | None:
        return self._ratio(self.front, self.extensor,
                           self.flexor_supported or self.extensor_supported)

    def aims(self) -> dict[str, tuple[float, str, bool | None]] | None:
        """Each ratio read against its published aim: the ratio as shown (two decimals), the
        aim, and whether it meets it (None: the back-extensor hold ran to its cap, so the
        real ratio is lower and which side of the aim it is cannot be told). None for a test
        that is not read against the published aims (the adapted one) or has no ratios."""
        if not self.protocol.published_aims or not self.complete:
            return None
        out: dict[str, tuple[float, str, bool | None]] = {}
        if (balance := _shown(self.right_left)) is not None:
            out["right_left"] = (balance, "within 0.05 of 1",
                                 abs(balance - 1) <= SIDE_BALANCE_LIMIT + 1e-9)
        for key, limit, aim in (
                ("left_to_extensor", SIDE_TO_EXTENSOR_LIMIT, "below 0.75"),
                ("right_to_extensor", SIDE_TO_EXTENSOR_LIMIT, "below 0.75"),
                ("front_to_extensor", FRONT_TO_EXTENSOR_LIMIT, "below 1.0")):
            if (value := _shown(getattr(self, key))) is not None:
                met: bool | None = value < limit
                if not met and self.extensor_hold.capped:
                    met = None
                out[key] = (value, aim, met)
        return out

    def notes(self) -> list[str]:
        """Plain words: for the published test, each ratio with its aim and which side of it
        the result is; for the adapted test, each hold's change since the earlier adapted
        tests, and no aims. A training guide, not a diagnosis."""
        if not self.protocol.published_aims:
            return self._own_trend()
        if not self.complete:
            return ["This test is incomplete: a hold was cut short by pain, skipped or not "
                    "reached, so no ratios are worked out. The holds are shown as they were."]
        out = []
        side, flexor = self.protocol.side, self.protocol.flexor
        aims = self.aims() or {}
        # Each verdict is about the number as shown (two decimals), so they never disagree.
        if "right_left" in aims:
            balance, _, met = aims["right_left"]
            if met:
                out.append(f"{side} right/left: {balance:.2f}. The aim is within 0.05 of "
                           "1, and yours is: your sides are balanced.")
            else:
                weaker = "left" if balance > 1 else "right"
                out.append(f"{side} right/left: {balance:.2f}. The aim is within 0.05 of "
                           f"1; yours is outside it, with the {weaker} side behind. Give the "
                           f"{weaker} side the same patient work.")
        if "left_to_extensor" in aims and "right_to_extensor" in aims:
            (left, _, left_met), (right, _, right_met) = (aims["left_to_extensor"],
                                                          aims["right_to_extensor"])
            head = (f"{side} to back-extensor hold: left {left:.2f}, right {right:.2f}. "
                    "The aim is below 0.75")
            over = [name for name, met in (("left", left_met), ("right", right_met))
                    if met is not True]
            if not over:
                out.append(f"{head}, and both sides are.")
            elif left_met is None or right_met is None:
                out.append(f"{head}. {_CAPPED}")
            else:
                sides = " and ".join(over)
                out.append(f"{head}; the {sides} {'is' if len(over) == 1 else 'are'} above "
                           "it, so the back extensors have some catching up to do.")
        if "front_to_extensor" in aims:
            front, _, met = aims["front_to_extensor"]
            if met:
                out.append(f"{flexor} to back-extensor hold: {front:.2f}. The aim is below "
                           "1.0, and yours is.")
            elif met is None:
                out.append(f"{flexor} to back-extensor hold: {front:.2f}. The aim is below "
                           f"1.0. {_CAPPED}")
            else:
                out.append(f"{flexor} to back-extensor hold: {front:.2f}. The aim is below "
                           "1.0; yours is above it, so give the back extensors more "
                           "endurance work.")
        supported = [name for name, flag in ((flexor.lower(), self.flexor_supported),
                                             ("back-extensor hold", self.extensor_supported))
                     if flag]
        if supported:
            one = len(supported) == 1
            out.append(f"Your {' and '.join(supported)} "
                       f"{'was the supported version' if one else 'were the supported versions'}"
                       f", so no ratio with {'it' if one else 'them'} is worked out: the "
                       "published ratios and aims come from the unsupported holds. Compare "
                       f"{'its time' if one else 'their times'} with your own earlier tests.")
        return out

    def holds(self) -> tuple[tuple[str, Held, bool], ...]:
        """Each hold with its name and whether it was the supported version."""
        p = self.protocol
        return ((p.flexor.lower(), self.front_hold, self.flexor_supported),
                (f"{p.side.lower()} left", self.left_hold, False),
                (f"{p.side.lower()} right", self.right_hold, False),
                (p.extensor.lower(), self.extensor_hold, self.extensor_supported))

    def change_since(self, other: EnduranceResult) -> tuple[float | None, ...]:
        """Each hold's change in seconds since `other` (flexor, left, right, extensor): None
        where either hold was not ended the way a test hold should be (pain, skip, not
        reached), or the two were different versions (supported or not)."""
        out: list[float | None] = []
        for (_, now, now_supported), (_, then, then_supported) in zip(
                self.holds(), other.holds(), strict=True):
            if (now.completed and then.completed and now.seconds is not None
                    and then.seconds is not None and now_supported == then_supported):
                out.append(now.seconds - then.seconds)
            else:
                out.append(None)
        return tuple(out)

    def _change_text(self, other: EnduranceResult) -> str:
        parts = []
        for (name, _, _), change in zip(self.holds(), self.change_since(other), strict=True):
            if change is None:
                continue
            shown = round(change)
            parts.append(f"{name} {'no change' if shown == 0 else f'{shown:+d} s'}")
        return ", ".join(parts) if parts else "no hold to compare (one of each pair was cut short)"

    def _own_trend(self) -> list[str]:
        """The adapted test: no published aims, only the person's own earlier tests."""
        out = []
        if not self.complete:
            out.append("This test is incomplete: a hold was cut short by pain, skipped or not "
                       "reached. The holds are shown as they were; only the holds you ended "
                       "yourself are compared with your earlier tests.")
        if not self.earlier:
            out.append("Your first adapted test: the next ones will show how each hold "
                       "changes.")
        else:
            last = self.earlier[-1]
            out.append(f"Since your last adapted test ({_day(last.day)}): "
                       f"{self._change_text(last)}.")
            if len(self.earlier) > 1:
                first = self.earlier[0]
                out.append(f"Since your first ({_day(first.day)}): "
                           f"{self._change_text(first)}.")
        out.append("This version has no published figures to compare with: read it only "
                   "against your own earlier adapted tests.")
        return out

    def _change_json(self, other: EnduranceResult | None) -> dict[str, object] | None:
        if other is None:
            return None
        front, left, right, extensor = self.change_since(other)
        return {"date": other.day.isoformat(), "front_plank": front, "side_plank_left": left,
                "side_plank_right": right, "back_extensor": extensor}

    def summary_json(self) -> dict[str, object]:
        aims = self.aims()
        return {
            "date": self.day.isoformat(), "complete": self.complete,
            "protocol": self.protocol.name, "extensor_supported": self.extensor_supported,
            "extensor_capped": self.extensor_hold.capped,
            "front_plank": self.front, "side_plank_left": self.side_left,
            "side_plank_right": self.side_right, "back_extensor": self.extensor,
            "side_gap": self.side_gap, "right_left": self.right_left,
            "left_to_extensor": self.left_to_extensor,
            "right_to_extensor": self.right_to_extensor,
            "front_to_extensor": self.front_to_extensor,
            "flexor_supported": self.flexor_supported,
            "aims": None if aims is None else {
                key: {"ratio": value, "aim": aim, "met": met}
                for key, (value, aim, met) in aims.items()},
            "since_last": self._change_json(self.earlier[-1] if self.earlier else None),
            "since_first": self._change_json(self.earlier[0] if self.earlier else None),
        }


_CAPPED = ("Your back-extensor hold ran to its cap, so you could have held it longer and the "
           "real ratio is lower than this: this test cannot tell which side of the aim it is.")


def _shown(ratio: float | None) -> float | None:
    return None if ratio is None else round(ratio, 2)


def _day(day: date) -> str:
    """'6 Nov' (as `present.day_text` writes it, which imports this module)."""
    return f"{day.day} {day:%b}"


def with_earlier(results: Sequence[EnduranceResult]) -> list[EnduranceResult]:
    """The results (oldest first), each given the earlier tests of its own version."""
    seen: dict[str, list[EnduranceResult]] = {}
    out = []
    for r in results:
        mine = seen.setdefault(r.protocol.name, [])
        bare = replace(r, earlier=()) if r.earlier else r
        out.append(replace(bare, earlier=tuple(mine)))
        mine.append(bare)
    return out


def _held(session: SessionRecord, keys: frozenset[str], side: str | None) -> Held:
    sets = [x for x in session.sets if x.key in keys and x.side == side and x.kind == "hold"]
    values = [v for x in sets if (v := x.amount) is not None]
    return Held(max(values) if values else None, any(x.completed for x in sets),
                capped=any(x.ended_by == "time" and x.target is None for x in sets))


def _supported(session: SessionRecord, keys: frozenset[str]) -> bool:
    """The hold was done at its level named "supported" (after recent pain)."""
    return any(x.key in keys and x.level is not None and x.level_name == "supported"
               for x in session.sets)


def _protocol(session: SessionRecord) -> Protocol | None:
    if session.routine not in TEST_ROUTINES:
        return None
    keys = {x.key for x in session.sets} | {k for p in session.pain for k in p.exercises}
    for protocol in PROTOCOLS:
        if any(not keys.isdisjoint(protocol.keys(i)) for i in range(3)):
            return protocol
    return MCGILL if session.routine == MCGILL.routine and not keys else None


def endurance_results(sessions: Iterable[SessionRecord],
                      tz: tzinfo | None = None) -> list[EnduranceResult]:
    """Every endurance test (either version), oldest first, each with the earlier tests of
    its own version. A hold is read under its id or an older one (`Protocol.aliases`)."""
    out = []
    for s in sorted(sessions, key=lambda s: s.started_at):
        protocol = _protocol(s)
        if protocol is None:
            continue
        flexor, side, extensor = (protocol.keys(i) for i in range(3))
        out.append(EnduranceResult(local_day(s.started_at, tz), _held(s, flexor, None),
                                   _held(s, side, "left"), _held(s, side, "right"),
                                   _held(s, extensor, None), protocol,
                                   _supported(s, extensor), _supported(s, flexor)))
    return with_earlier(out)


def result_fields(session: SessionRecord) -> list[Any] | None:
    """What the index keeps of a session's endurance test, as JSON (None: not a test):
    the protocol's name, each hold's [seconds, completed, capped], and whether the
    back-extensor hold and the trunk flexor hold were the supported ones."""
    if session.routine not in TEST_ROUTINES:  # (most sessions: asked of every one)
        return None
    results = endurance_results([session])
    if not results:
        return None
    r = results[0]
    holds = (r.front_hold, r.left_hold, r.right_hold, r.extensor_hold)
    return [r.protocol.name, [[h.seconds, h.completed, h.capped] for h in holds],
            r.extensor_supported, r.flexor_supported]


def result_from_fields(started_at: datetime, fields: list[Any],
                       tz: tzinfo | None = None) -> EnduranceResult | None:
    """The result `result_fields` kept (None when it is not one this version knows). Alone:
    `with_earlier` gives it its earlier tests."""
    try:
        name, holds, extensor_supported, flexor_supported = fields
        protocol = next(p for p in PROTOCOLS if p.name == name)
        front, left, right, extensor = (Held(s, bool(c), bool(k)) for s, c, k in holds)
    except (ValueError, TypeError, StopIteration):
        return None
    return EnduranceResult(local_day(started_at, tz), front, left, right, extensor, protocol,
                           bool(extensor_supported), bool(flexor_supported))
