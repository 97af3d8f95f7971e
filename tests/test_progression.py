"""Pain-gated progression: tables of the last two sessions, and never a step up after pain."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coretimer.models import PainReport, SessionRecord, SetResult
from coretimer.progression import apply, suggest
from tests.helpers import hold, reps, routine

R = routine(hold("Plank", 30, sets=2), reps("Bird dog", 10), reps("Pelvic tilt", 8),
            hold("Side plank test", "max"))


def done(day: int, *, plank: list[bool] | None = None, plank_target: float = 30,
         bird: float = 10, tilt: float = 8, pain_on: str | None = None,
         morning: str | None = "same", routine_id: str = "r") -> SessionRecord:
    start = datetime(2026, 11, 1, 8, tzinfo=UTC) + timedelta(days=day)
    plank = plank if plank is not None else [True, True]
    sets = [SetResult(exercise="Plank", kind="hold", set=i + 1, target=plank_target,
                      achieved=plank_target if ok else 10, completed=ok)
            for i, ok in enumerate(plank)]
    sets += [SetResult(exercise="Bird dog", kind="reps", set=1, target=bird, achieved=bird,
                       completed=True),
             SetResult(exercise="Pelvic tilt", kind="reps", set=1, target=tilt, achieved=tilt,
                       completed=True),
             SetResult(exercise="Side plank test", kind="hold", set=1, target=None,
                       achieved=50, completed=True)]
    pain = [] if pain_on is None else [PainReport(at=start, exercise=pain_on, level=3)]
    return SessionRecord(id=f"s{day}", routine=routine_id, routine_name="R", started_at=start,
                         ended_at=start, status="completed", sets=sets, pain=pain,
                         next_morning=morning)  # type: ignore[arg-type]


def moves(history: list[SessionRecord]) -> dict[str, tuple[str, int, int]]:
    return {s.exercise: (s.direction, s.current, s.suggested) for s in suggest("r", R, history)}


TABLE = [
    ([], {}, "no history"),
    ([done(1)], {}, "one clean time is not enough"),
    ([done(1), done(3)], {"Plank": ("up", 30, 35), "Bird dog": ("up", 10, 12),
                          "Pelvic tilt": ("up", 8, 9)}, "two clean times: small steps up"),
    ([done(1), done(3, morning=None)], {"Plank": ("up", 30, 35), "Bird dog": ("up", 10, 12),
                                        "Pelvic tilt": ("up", 8, 9)}, "unanswered is not worse"),
    ([done(1), done(3, plank_target=35), done(5, plank_target=35)],
     {"Plank": ("up", 35, 40), "Bird dog": ("up", 10, 12), "Pelvic tilt": ("up", 8, 9)},
     "an accepted step is the new starting point"),
    ([done(1, plank_target=60), done(3, plank_target=60)],
     {"Bird dog": ("up", 10, 12), "Pelvic tilt": ("up", 8, 9)}, "60 s holds are the cap"),
    ([done(1, bird=15), done(3, bird=15)],
     {"Plank": ("up", 30, 35), "Pelvic tilt": ("up", 8, 9)}, "15 reps is the cap"),
    ([done(1), done(3, plank=[True, False])],
     {"Bird dog": ("up", 10, 12), "Pelvic tilt": ("up", 8, 9)}, "a cut set: no step up"),
    ([done(1), done(3, pain_on="Plank")], {"Plank": ("down", 30, 25)},
     "pain during it: step back; pain anywhere: nothing else goes up"),
    ([done(1), done(3, pain_on="Bird dog")], {"Bird dog": ("down", 10, 9)}, "step back reps"),
    ([done(1, pain_on="Plank"), done(3)], {}, "pain the time before: still no step up"),
    ([done(1), done(3, morning="worse")],
     {"Plank": ("down", 30, 25), "Bird dog": ("down", 10, 9), "Pelvic tilt": ("down", 8, 7)},
     "worse the next morning: step back"),
    ([done(1, morning="worse"), done(3)], {}, "worse the time before: no step up"),
    ([done(1, bird=12, pain_on="Bird dog"), done(3, bird=12, pain_on="Bird dog")],
     {"Bird dog": ("down", 12, 10)}, "above 10 reps, back by 2"),
    ([done(1), done(3, routine_id="other")], {}, "another routine does not count"),
]


@pytest.mark.parametrize(("history", "expected", "why"), TABLE)
def test_progression_rules(history: list[SessionRecord], expected: dict[str, tuple[str, int, int]],
                           why: str) -> None:
    assert moves(history) == expected, why


def test_the_routine_cap_and_a_hold_already_above_it() -> None:
    capped = routine(hold("Plank", 30, max_hold=32), reps("Bird dog", 20))
    history = [done(1), done(3)]
    found = {s.exercise: s.suggested for s in suggest("r", capped, history)}
    assert found["Plank"] == 32  # capped by max_hold
    long = routine(hold("Plank", 90))
    assert [s.suggested for s in suggest("r", long, [done(1, plank_target=90),
                                                    done(3, plank_target=90)])] == []


def test_apply_changes_only_this_sessions_doses() -> None:
    suggestions = suggest("r", R, [done(1), done(3)])
    adjusted = apply(R, suggestions)
    assert [(e.name, e.hold, e.reps) for e in adjusted.exercises] == [
        ("Plank", 35, None), ("Bird dog", None, 12), ("Pelvic tilt", None, 9),
        ("Side plank test", "max", None)]
    assert R.exercises[0].hold == 30


session_strategy = st.builds(
    lambda day, pain_on, morning, ok: done(day, pain_on=pain_on, morning=morning,
                                           plank=[ok, True]),
    day=st.integers(0, 60), pain_on=st.sampled_from([None, None, "Plank", "Bird dog", "Other"]),
    morning=st.sampled_from([None, "better", "same", "worse", "skipped"]), ok=st.booleans())


@settings(max_examples=300, deadline=None)
@given(st.lists(session_strategy, max_size=6, unique_by=lambda s: s.id))
def test_never_a_step_up_after_pain(history: list[SessionRecord]) -> None:
    last_two = sorted(history, key=lambda s: s.started_at)[-2:]
    pained = any(s.pain for s in last_two) or any(s.next_morning == "worse" for s in last_two)
    for s in suggest("r", R, history):
        if pained:
            assert s.direction == "down", (s, last_two)
        if s.direction == "up":
            assert s.suggested > s.current
        else:
            assert s.suggested < s.current
