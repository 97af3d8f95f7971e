"""One saved session as the start-up screens and the coaching read it, without its file: the
`SessionSummary`, each exercise's best set (`bests_of`) and best set done in full (`done_of`),
and the compact strings they are kept in. Plain data: no store, no index, no pydantic (a
record is only read when a summary is made from one)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from coretimer.model.ids import slug

if TYPE_CHECKING:
    from coretimer.model.fields import Kind, Side
    from coretimer.model.record import NextMorning, SessionRecord, Status

class Dated(Protocol):
    """What picking sessions by routine and date needs."""

    @property
    def id(self) -> str: ...
    @property
    def routine(self) -> str: ...
    @property
    def started_at(self) -> datetime: ...


class Listed(Dated, Protocol):
    """What a session shows in lists, streaks and questions: a summary or a full record."""

    @property
    def routine_name(self) -> str: ...
    @property
    def ended_at(self) -> datetime | None: ...
    @property
    def status(self) -> str: ...
    @property
    def next_morning(self) -> str | None: ...


Best = tuple[str, "Kind", float, bool, str]
"""An exercise's best set in one session: its id, kind, amount (held seconds or reps), whether
any of its sets of that kind was completed, and the exercise's name."""

Done = tuple[str, "Kind", "int | None", "Side | None", float]
"""An exercise's best set done in full in one session, per id, kind, level and side: what the
summary's "last time" and "best so far" compare, like with like (see `done_of`)."""

Stamp = tuple[int, int]
"""A file's size and modification time (ns): what says it changed."""


_tuple_new = tuple.__new__
_iso = datetime.fromisoformat
#: The statuses and next-morning answers a session can have (`models`, without pydantic).
STATUSES = frozenset({"completed", "stopped_for_pain", "ended_early", "interrupted"})
ANSWERS = frozenset({None, "better", "same", "worse", "skipped"})


class SessionSummary(NamedTuple):
    """One session as home, the history list and the next-morning question see it. Built
    from a validated `SessionRecord`; the full record is read from its file when a screen
    needs it (`Store.read`)."""

    id: str
    file: str
    """The session file's name in sessions/."""
    stamp: Stamp
    """The file's size and time when it was read (what a cached full record is kept by)."""
    routine: str
    routine_name: str
    started_at: datetime
    ended_at: datetime | None
    status: Status
    baseline_pain: int | None
    sets_done: int
    sets_total: int
    """The sets begun or skipped, and those left out because of pain (`not_done`)."""
    pain_levels: tuple[int | None, ...]
    """The ratings of the reports that count as pain (a 0 does not; None: not rated)."""
    pain_reports: int
    """Every report, 0s included (which copy of a session is the more complete)."""
    next_morning: NextMorning | None
    next_morning_pain: int | None
    test: Any = None
    """An endurance test's holds, as `endurance.result_fields` gives them (None for every
    other session): home shows the latest test without reading its file."""
    packed_bests: str = ""
    """`bests`, packed into one string (see `pack_bests`): most loads never look at them."""
    packed_keys: str = ""
    """`keys`, packed into one string."""
    packed_done: str = ""
    """`done`, packed into one string (see `pack_done`)."""

    @property
    def bests(self) -> tuple[Best, ...]:
        """Each exercise's best set in the session, as the stats count it (`bests_of`): the
        statistics and the summary's comparison need no full record."""
        return unpack_bests(self.packed_bests)

    @property
    def done(self) -> tuple[Done, ...]:
        """Each exercise's best set done in full, per level and side (`done_of`)."""
        return unpack_done(self.packed_done)

    @property
    def keys(self) -> tuple[str, ...]:
        """The exercises (by id) it did any set of or reported pain against: which full
        records the preview's suggestions need (`records_needed.history_for`)."""
        if self.packed_keys == SAME_AS_BESTS:
            return tuple(sorted({b[0] for b in self.bests}))
        return unpack_keys(self.packed_keys)

    def with_answer(self, answer: NextMorning, pain: int | None) -> SessionSummary:
        return self._replace(next_morning=answer, next_morning_pain=pain)

    def completeness(self) -> tuple[int, int, bool, bool, bool]:
        """Of two copies of one session (a sync tool's conflict copy), the one kept is the
        one with more in it (the same order as the store's full load)."""
        return (self.sets_total, self.pain_reports, self.status != "interrupted",
                self.next_morning is not None, self.file == f"{self.id}.json")

    def row(self) -> list[Any]:
        return [self.id, self.routine, self.routine_name, self.started_at.isoformat(),
                None if self.ended_at is None else self.ended_at.isoformat(), self.status,
                self.baseline_pain, self.sets_done, self.sets_total, list(self.pain_levels),
                self.pain_reports, self.next_morning, self.next_morning_pain, self.test,
                self.packed_bests, self.packed_keys, self.packed_done]

    @classmethod
    def from_row(cls, file: str, stamp: Stamp, row: list[Any]) -> SessionSummary:
        (id_, routine, name, started, ended, status, baseline, sets_done, total, levels, reports,
         answer, pain, test, bests, keys, done) = row
        if not (status in STATUSES and answer in ANSWERS
                and type(id_) is type(routine) is type(name) is type(bests) is type(keys)
                is type(done) is str
                and type(sets_done) is type(total) is int):
            raise ValueError("not a summary row")
        began, end = _iso(started), None if ended is None else _iso(ended)
        if began.tzinfo is None or (end is not None and end.tzinfo is None):
            raise ValueError("a time without its zone")
        # (tuple.__new__: the NamedTuple's own __new__ costs a Python call per row)
        return _tuple_new(cls, (id_, file, stamp, routine, name, began, end, status, baseline,
                                sets_done, total, tuple(levels), reports, answer, pain, test,
                                bests, keys, done))


#: Separators for packing: printable, so that JSON keeps them as they are (one byte, not six;
#: the index decodes faster). A session file may hold any text (names are not checked the way
#: a routine's are), so a separator or backslash inside a field is escaped.
UNIT, RECORD = "^", "`"
_ESCAPES = {"\\": "\\", "1": UNIT, "2": RECORD}


def _esc(text: str) -> str:
    if "\\" in text or UNIT in text or RECORD in text:
        return text.replace("\\", "\\\\").replace(UNIT, "\\1").replace(RECORD, "\\2")
    return text


def _join(texts: Sequence[str]) -> str:
    """`texts` joined by UNIT, each escaped (checked once for the whole column)."""
    joined = UNIT.join(texts)
    if "\\" in joined or RECORD in joined or joined.count(UNIT) != len(texts) - 1:
        return UNIT.join(map(_esc, texts))
    return joined


def _unesc(text: str) -> str:
    if "\\" not in text:
        return text

    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


#: `packed_keys` when the exercises are exactly those of the best sets (most sessions): the
#: index is smaller, and quicker to read. `pack_keys` never makes it (an escape of its own).
SAME_AS_BESTS = "\\="


def pack_keys_beside(keys: tuple[str, ...], bests: tuple[Best, ...]) -> str:
    return _keys_beside(keys, [b[0] for b in bests])


def _keys_beside(keys: Sequence[str], best_ids: Iterable[str]) -> str:
    return SAME_AS_BESTS if keys and list(keys) == sorted(set(best_ids)) else _join(keys)


def pack_keys(keys: Sequence[str]) -> str:
    return _join(keys)


def unpack_keys(packed: str) -> tuple[str, ...]:
    return tuple(_unesc(k) for k in packed.split(UNIT)) if packed else ()


#: A best's kind as one letter in the packed form.
KINDS: dict[str, Kind] = {"h": "hold", "r": "reps"}


def pack_bests(bests: tuple[Best, ...]) -> str:
    """Column by column (ids, kinds, amounts, completed, names), so that reading them back
    takes a handful of splits per session whatever the number of exercises: the statistics
    read the bests of every session."""
    return _bests_columns(*zip(*bests, strict=True)) if bests else ""


def _bests_columns(ids: Sequence[str], kinds: Iterable[Kind], values: Iterable[float],
                   done: Iterable[bool], names: Sequence[str]) -> str:
    return RECORD.join((_join(ids), "".join(["h" if k == "hold" else "r" for k in kinds]),
                        UNIT.join(map(repr, values)), "".join(["1" if d else "0" for d in done]),
                        _join(names)))


def unpack_bests(packed: str) -> tuple[Best, ...]:
    if not packed:
        return ()
    ids, kinds, values, done, names = packed.split(RECORD)
    keys, labels = ids.split(UNIT), names.split(UNIT)
    if "\\" in packed:
        keys, labels = [_unesc(k) for k in keys], [_unesc(n) for n in labels]
    return tuple(zip(keys, map(KINDS.__getitem__, kinds), map(float, values.split(UNIT)),
                     map("1".__eq__, done), labels, strict=True))


#: A side as one letter in the packed form ("-": an exercise without sides).
SIDES: dict[str, Side | None] = {"l": "left", "r": "right", "-": None}


def pack_done(done: tuple[Done, ...]) -> str:
    """Column by column, as `pack_bests`: ids, kinds, levels ("" for none), sides, amounts."""
    return _done_columns(*zip(*done, strict=True)) if done else ""


def _done_columns(ids: Sequence[str], kinds: Iterable[Kind], levels: Iterable[int | None],
                  sides: Iterable[Side | None], values: Iterable[float]) -> str:
    return RECORD.join((_join(ids), "".join(["h" if k == "hold" else "r" for k in kinds]),
                        UNIT.join(["" if n is None else str(n) for n in levels]),
                        "".join(["-" if d is None else d[0] for d in sides]),
                        UNIT.join(map(repr, values))))


def unpack_done(packed: str) -> tuple[Done, ...]:
    if not packed:
        return ()
    ids, kinds, levels, sides, values = packed.split(RECORD)
    keys = [_unesc(k) for k in ids.split(UNIT)] if "\\" in ids else ids.split(UNIT)
    return tuple(zip(keys, map(KINDS.__getitem__, kinds),
                     [int(n) if n else None for n in levels.split(UNIT)],
                     map(SIDES.__getitem__, sides), map(float, values.split(UNIT)),
                     strict=True))


def packed_of(record: SessionRecord) -> tuple[int, str, str, str]:
    """How many of a session's sets were completed, and its `bests`, `keys` and `done`
    packed as a summary keeps them: in one pass over its sets, packed from what the pass
    gathers (the index summarises every file it reads).

    - `bests`: per exercise (by id) and kind, the best set: the longest hold or the most
      reps. Skipped sets, sets whose amount nobody knows and sets cut short by pain do not
      count (before schema version 3 a set did not say how it ended: there, a set not
      completed in an exercise with pain against it counts as cut by pain). In the order
      each first had a set that counts; the name is the last the exercise had in it.
    - `keys`: the exercises it did a set of, or reported pain against.
    - `done`: per exercise, kind, level and side, the best of the sets done in full: a set
      cut short (by pain, by ending the session, or stopped before its time), skipped, or
      whose amount nobody knows is not in it. In the order each first had such a set.
    """
    best: dict[tuple[str, Kind], float] = {}
    names: dict[tuple[str, Kind], str] = {}
    completed: set[tuple[str, Kind]] = set()
    done: dict[tuple[str, Kind, int | None, Side | None], float] = {}
    pained: set[str] | None = None  # worked out only when an old record needs it
    sets_done = 0
    for x in record.sets:
        key = x.exercise_id or slug(x.exercise)  # (`x.key`, without a call)
        kind, value = x.kind, x.achieved
        pair = (key, kind)
        names[pair] = x.exercise
        if x.completed:
            sets_done += 1
            completed.add(pair)
            if value is None or x.skipped:
                continue
            like = (key, kind, x.level, x.side)
            if value > done.get(like, -1.0):
                done[like] = value
            if x.ended_by == "pain":
                continue
        elif value is None or x.skipped:
            continue
        else:
            ended_by = x.ended_by
            if ended_by == "pain":
                continue
            if ended_by is None:
                if pained is None:
                    pained = {n for p in record.pain if p.is_pain for n in p.exercises}
                if key in pained:
                    continue
        if value >= best.get(pair, -1.0):
            best[pair] = value
    keys = {key for key, _ in names}
    if record.pain:
        keys.update(k for p in record.pain if p.is_pain for k in p.exercises)
    ids = [key for key, _ in best]
    return (sets_done,
            _bests_columns(ids, [kind for _, kind in best], best.values(),
                           [pair in completed for pair in best], [names[p] for p in best])
            if best else "",
            _keys_beside(sorted(keys), ids),
            _done_columns([d[0] for d in done], [d[1] for d in done], [d[2] for d in done],
                          [d[3] for d in done], done.values()) if done else "")
