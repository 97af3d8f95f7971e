"""Weeks of training run through the real coaching code (tests/weeks.py), over random
schedules (3-6 sessions a week at any time, weeks off), pain of any size in any phase and
any next-morning answer (issue 22):

- a step up never follows a stop for pain, a report of 3 or more (or unrated) or a worse
  morning in the 7 days before, low pain against that exercise in those days, an unanswered
  or worse last morning, or pain climbing week to week;
- a clean history of three sessions a week, every morning answered when asked, always
  reaches a step up within its first two weeks.

The rules are checked here on the saved records, apart from the code under test (the climb
is pain_weeks' own definition of one)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coretimer.coaching.mornings import counts_as_worse
from coretimer.coaching.pain_weeks import pain_climbing
from coretimer.model.record import SessionRecord
from coretimer.routine.files import LoadedRoutine, load_routine_file, shipped_dir
from tests.weeks import Pain, Person

ROUTINES = {rid: load_routine_file(shipped_dir() / f"{rid}.toml")
            for rid in ("foundations", "big-three", "endurance", "posterior-chain",
                        "hip-flexor-fix")}
FIRST = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday
WEEK_MINUTES = 7 * 24 * 60


@st.composite
def week_of_times(draw: Any, week: int, low: int, high: int) -> list[datetime]:
    """`low`-`high` sessions at any minutes of the week, at least 30 minutes apart."""
    n = draw(st.integers(low, high))
    minutes = draw(st.lists(st.integers(0, WEEK_MINUTES - 30), min_size=n, max_size=n,
                            unique_by=lambda m: m // 30))
    base = FIRST + timedelta(weeks=week)
    return [base + timedelta(minutes=m - m % 30) for m in sorted(minutes)]


@st.composite
def schedules(draw: Any) -> list[datetime]:
    weeks = draw(st.integers(2, 6))
    out: list[datetime] = []
    for week in range(weeks):
        if draw(st.integers(0, 5)) == 0:
            continue  # a week off
        out += draw(week_of_times(week, 3, 6))
    return out


#: Most sessions have no pain; when there is, low pain (1-2) is as likely as the rest, so
#: that each rule is often the only one standing between a history and a step up.
pains = st.one_of(
    st.none(), st.none(), st.none(),
    st.builds(Pain, st.integers(0, 12), st.sampled_from([1, 1, 2, 2, 0, 3, 4, 6, 8, None]),
              st.sampled_from(["work", "work", "get_ready", "rest", "switch_side"])))
answers = st.one_of(
    st.just(("better", None)), st.just(("better", None)), st.none(),
    st.tuples(st.sampled_from(["better", "same", "worse"]), st.none() | st.integers(0, 10)))


def _other_pain(s: SessionRecord) -> bool:
    real = [p for p in s.pain if p.level != 0]
    return (s.status == "stopped_for_pain" or any(p.level is None or p.level >= 3 for p in real)
            or counts_as_worse(s.next_morning, s.next_morning_pain, s.baseline_pain))


def broken_rules(before: list[SessionRecord], at: datetime, keys: frozenset[str]) -> list[str]:
    """The rules a step up of the exercise with these ids at `at` would break."""
    why = []
    newest = sorted(before, key=lambda s: s.started_at, reverse=True)
    for s in newest:
        if at - (s.ended_at or s.started_at) > timedelta(days=7):
            continue
        if _other_pain(s):
            why.append(f"other pain in {s.id}")
        elif any(p.level != 0 and keys & set(p.exercises) for p in s.pain):
            why.append(f"low pain against it in {s.id}")
    last = newest[0]
    if last.next_morning not in ("better", "same") or counts_as_worse(
            last.next_morning, last.next_morning_pain, last.baseline_pain):
        why.append("the last morning is not known to be fine")
    if pain_climbing(before, at) is not None:
        why.append("pain climbing")
    return why


def check_visits(person: Person) -> None:
    """The rules, on the records each preview saw (this opening's morning answers in them)."""
    by_name = {ex.name: ex for ex in person.routine.exercises}
    for visit in person.visits:
        for s in visit.suggested:
            if s.direction == "up":
                keys = by_name[s.exercise].keys
                assert broken_rules(visit.before, visit.at, keys) == [], (visit.at, s)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(ROUTINES)), schedules(), st.data())
def test_a_step_up_never_follows_pain_a_worse_morning_or_a_climb(
        routine_id: str, times: list[datetime], data: st.DataObject) -> None:
    loaded: LoadedRoutine = ROUTINES[routine_id]
    given_answers = iter(data.draw(st.lists(answers, min_size=len(times) + 2,
                                            max_size=len(times) + 2)))
    person = Person(routine_id, loaded.routine,
                    answer=lambda _s: next(given_answers, ("better", None)))
    start = data.draw(st.integers(0, 3))
    rise = data.draw(st.sampled_from([0, 0, 1]))  # a check-in that climbs week to week
    for at in times:
        week = (at - FIRST).days // 7
        person.baseline = min(10, start + rise * week + data.draw(st.integers(0, 1)))
        person.train(at, data.draw(pains))
    check_visits(person)


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(sorted(ROUTINES)), st.lists(
    st.lists(st.integers(0, 24 * 60 - 1), min_size=3, max_size=3), min_size=2, max_size=2),
    st.lists(st.permutations(range(7)), min_size=2, max_size=2))
def test_a_clean_three_times_a_week_history_steps_up_within_two_weeks(
        routine_id: str, minutes: list[list[int]], days: list[list[int]]) -> None:
    """Three different days a week, any time of day, every morning answered "better"."""
    times = sorted(FIRST + timedelta(weeks=w, days=d, minutes=m)
                   for w in range(2) for d, m in zip(sorted(days[w][:3]), minutes[w],
                                                     strict=True))
    person = Person(routine_id, ROUTINES[routine_id].routine)
    ups = [s for at in times for s in person.train(at).suggested if s.direction == "up"]
    assert ups, [t.isoformat() for t in times]
