"""A person training over weeks, run through the real coaching code: the next-morning
questions as coretimer asks them when it opens (mornings.to_ask), the preview's suggestions
(progression.suggest, accepted with `a`), the levels last done and what is not offered yet,
and a session whose sets follow the routine's own phase plan and whose pain follows the
session's pain rule (a spike stops it, a lower rating ends that exercise).

Used by the hypothesis properties (tests/test_progression_weeks.py) and by the benchmark of
a year of training (bench/coaching.py). Pure: no Textual, no files.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from coretimer.coaching.advice import advise
from coretimer.coaching.doses import Suggestion, apply
from coretimer.coaching.mornings import to_ask
from coretimer.model.record import PainReport, PhaseName, SessionRecord, SetResult
from coretimer.model.routine import Routine
from coretimer.routine.files import leave_out
from coretimer.routine.plan import PhaseKind, build_plan
from coretimer.session.rules import PainRule

SESSION_MINUTES = 20


@dataclass(frozen=True)
class Pain:
    """A pain report in a session: during the `exercise`-th exercise (0-based, wrapped to the
    routine's length), in a phase, rated `level` (None: no rating)."""

    exercise: int
    level: int | None
    phase: PhaseName = "work"


#: How the person answers the next morning of a session: (answer, 0-10 pain) or None ("not
#: now").
Answer = Callable[[SessionRecord], tuple[str, int | None] | None]


def always_better(_: SessionRecord) -> tuple[str, int | None] | None:
    return "better", None


@dataclass
class Visit:
    """One training: when, what the preview suggested, and the session saved."""

    at: datetime
    suggested: list[Suggestion]
    record: SessionRecord
    before: list[SessionRecord]
    """The sessions the preview judged by, next-morning answers of this opening included."""


@dataclass
class Person:
    routine_id: str
    routine: Routine
    baseline: int = 1
    """The check-in before every session (0-10)."""
    answer: Answer = always_better
    rule: PainRule = field(default_factory=PainRule)
    history: list[SessionRecord] = field(default_factory=list)
    asked: set[str] = field(default_factory=set)
    visits: list[Visit] = field(default_factory=list)

    def open_app(self, now: datetime) -> None:
        """Coretimer opens: the next-morning questions, answered as the person does. Once per
        training: a second call asks the next two unanswered sessions, as a second opening
        would."""
        for session in to_ask(self.history, now, self.asked):
            self.asked.add(session.id)
            given = self.answer(session)
            if given is None:
                continue
            i = self.history.index(session)
            self.history[i] = session.model_copy(update={"next_morning": given[0],
                                                         "next_morning_pain": given[1]})

    def train(self, now: datetime, pain: Pain | None = None) -> Visit:
        """Open coretimer, take the preview's suggestions, and do the session."""
        self.open_app(now)
        before = list(self.history)
        advice = advise(self.routine_id, self.routine, self.history, now)  # as the preview
        found = advice.suggestions
        planned = leave_out(apply(advice.levelled, found), advice.waiting.keys())
        assert planned is not None
        record = session_of(self.routine_id, planned, now, len(self.history), self.baseline,
                            pain, self.rule)
        self.history.append(record)
        visit = Visit(now, found, record, before)
        self.visits.append(visit)
        return visit


def session_of(routine_id: str, routine: Routine, start: datetime, n: int, baseline: int,
               pain: Pain | None, rule: PainRule) -> SessionRecord:
    """The session a person doing every set in full saves, with one pain report at most: a
    spike stops it; a lower rating ends that exercise (the rest of its sets are not done)."""
    sets: list[SetResult] = []
    reports: list[PainReport] = []
    status = "completed"
    exercises = routine.exercises
    hurt = None if pain is None else pain.exercise % len(exercises)
    ended: int | None = None  # a low rating ends that exercise
    for spec in build_plan(routine):
        i = spec.exercise_index
        if i == ended:
            continue
        work = spec.kind is PhaseKind.WORK
        if pain is not None and not reports and i == hurt and spec.kind.value == pain.phase:
            if pain.phase == "get_ready":  # the exercise just done and the one to come
                near = [exercises[i - 1].key] if i > 0 else []
                against = [*near, exercises[i].key]
            elif pain.phase == "work":
                against = [exercises[i].key]
            else:  # a rest or a side switch: the next exercise too, between exercises
                against = [exercises[i].key] + (
                    [exercises[i + 1].key] if spec.between_exercises
                    and i + 1 < len(exercises) else [])
            reports.append(PainReport(at=start + timedelta(minutes=5), exercise=spec.exercise.name,
                                      level=pain.level, phase=pain.phase,
                                      counts_against=against, exercise_id=spec.exercise.key))
            if pain.level != 0:  # 0: pressed by mistake, the set goes on
                if work:
                    sets.append(_set(spec.exercise, spec.set, spec.side, done=False))
                if rule.is_spike(pain.level, baseline):
                    status = "stopped_for_pain"
                    break
                ended = i
                continue
        if work:
            sets.append(_set(spec.exercise, spec.set, spec.side, done=True))
    return SessionRecord(
        id=f"{start:%Y%m%dT%H%M%S}-{n:04d}", routine=routine_id, routine_name=routine.name,
        started_at=start, ended_at=start + timedelta(minutes=SESSION_MINUTES),
        status=status, baseline_pain=baseline, sets=sets, pain=reports)  # type: ignore[arg-type]


def _set(ex: object, number: int, side: str | None, *, done: bool) -> SetResult:
    from coretimer.model.exercise import Exercise

    assert isinstance(ex, Exercise)
    target = None if ex.is_max_hold else float(ex.target or 0)
    achieved = (target if done else (target or 10) / 2) if target is not None else 60.0
    return SetResult(exercise=ex.name, exercise_id=ex.key, kind=ex.kind, side=side,  # type: ignore[arg-type]
                     set=number, target=target, achieved=achieved, completed=done,
                     ended_by="time" if done else "pain", level=ex.level,
                     level_name=ex.level_name)


def three_a_week(weeks: int, seed: int, *, first: date = date(2026, 1, 5),
                 days: Sequence[int] = (0, 2, 4), hours: tuple[int, int] = (6, 22)
                 ) -> list[datetime]:
    """Monday, Wednesday and Friday (by default) at a random time of day each."""
    rnd = random.Random(seed)
    out = []
    for week in range(weeks):
        monday = first + timedelta(weeks=week)
        for day in days:
            minute = rnd.randrange(hours[0] * 60, hours[1] * 60)
            out.append(datetime(monday.year, monday.month, monday.day, tzinfo=UTC)
                       + timedelta(days=day, minutes=minute))
    return out
