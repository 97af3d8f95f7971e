"""The statistics' one-pass trends (`stats.trends_with_and_without`) against the plain rule
written the simple way: every session's best sets, oldest first, per exercise; the training
trends leave the skipped routines out. Any history: renamed exercises, one id done as a hold
in one session and as reps in another (two exercises: issue 24), skipped sessions first, last
or in between."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from coretimer.coaching.trends import trends_with_and_without
from coretimer.model.summaries import Best, SessionSummary, pack_bests
from coretimer.model.timeline import local_day

SKIP = ("endurance-test",)


def summary(i: int, routine: str, minutes: int, bests: tuple[Best, ...]) -> SessionSummary:
    when = datetime(2026, 1, 1, 8, tzinfo=UTC) + timedelta(minutes=minutes)
    return SessionSummary(f"s{i}", f"s{i}.json", (1, 1), routine, routine, when, None,
                          "completed", None, 0, 0, (), 0, None, None,
                          packed_bests=pack_bests(bests))


Plain = dict[tuple[str, str], tuple[str, str, list[tuple[date, float, bool]]]]


def reference(sessions: list[SessionSummary], skip: tuple[str, ...]) -> tuple[Plain, ...]:
    """Two separate passes, one trend per exercise id and kind (a hold and reps under one id
    are two exercises: no point of either is dropped), each taking its name from its last
    point."""
    out = []
    for leave_out in ((), skip):
        found: Plain = {}
        for s in sorted(sessions, key=lambda s: s.started_at):
            if s.routine in leave_out:
                continue
            for key, kind, value, done, name in s.bests:
                _, _, points = found.get((key, kind), (name, kind, []))
                found[(key, kind)] = (name, kind, [*points, (local_day(s.started_at, UTC),
                                                             value, done)])
        out.append(found)
    return tuple(out)


def as_plain(trends: dict[tuple[str, str], object]
             ) -> dict[tuple[str, str], tuple[str, str, list[object]]]:
    return {key: (t.exercise, t.kind, [tuple(p) for p in t.points])  # type: ignore[attr-defined]
            for key, t in trends.items()}


#: Ids and names with the index's separators and escape in them take the other reader.
bests = st.lists(st.tuples(st.sampled_from(["plank", "bridge", "dead-bug", "a^b", "c`d\\"]),
                           st.sampled_from(["hold", "reps"]),
                           st.floats(min_value=0, max_value=300, allow_nan=False),
                           st.booleans(),
                           st.sampled_from(["Plank", "Bridge", "New^name", "Back\\slash"])),
                 max_size=4, unique_by=lambda b: (b[0], b[1]))
history = st.lists(st.tuples(st.sampled_from(["foundations", "endurance-test", "other"]),
                             st.integers(min_value=0, max_value=60 * 24 * 30), bests),
                   max_size=25)


@settings(max_examples=300, deadline=None)
@given(history)
def test_one_pass_trends_match_the_plain_rule(raw: list[tuple[str, int, list[Best]]]) -> None:
    sessions = [summary(i, routine, minutes, tuple(b))
                for i, (routine, minutes, b) in enumerate(raw)]
    every, training = trends_with_and_without(sessions, UTC, SKIP)
    want_every, want_training = reference(sessions, SKIP)
    assert as_plain(every) == want_every  # type: ignore[arg-type]
    assert as_plain(training) == want_training  # type: ignore[arg-type]


def test_a_test_first_then_training_keeps_the_trends_apart() -> None:
    """The case the one pass has to get right: an exercise first met in a skipped session,
    later as another kind in training."""
    sessions = [summary(0, "endurance-test", 0, (("plank", "hold", 60.0, True, "Plank"),)),
                summary(1, "foundations", 10, (("plank", "reps", 8.0, True, "Plank"),)),
                summary(2, "foundations", 20, (("plank", "hold", 30.0, True, "Plank"),))]
    every, training = trends_with_and_without(sessions, UTC, SKIP)
    assert every[("plank", "hold")].values == [60.0, 30.0]
    assert every[("plank", "reps")].values == [8.0]
    assert training[("plank", "hold")].values == [30.0]
    assert training[("plank", "reps")].values == [8.0]


def plain_change(points: list[tuple[date, float, bool]], days: int) -> float | None:
    """Latest minus the last completed value at least `days` before it, the simple way."""
    done = [p for p in points if p[2]]
    if not done:
        return None
    cutoff = done[-1][0] - timedelta(days=days)
    older = [p for p in done if p[0] <= cutoff]
    return done[-1][1] - older[-1][1] if older else None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200), st.floats(0, 500, allow_nan=False),
                          st.booleans()), max_size=30), st.sampled_from([0, 7, 28]))
def test_the_change_over_weeks_looks_back_from_the_end_as_the_plain_rule(
        raw: list[tuple[int, float, bool]], days: int) -> None:
    from coretimer.coaching.trends import Trend

    points = sorted((date(2026, 1, 1) + timedelta(days=d), v, c) for d, v, c in raw)
    trend = Trend("Plank", "hold", "plank", [p[0] for p in points], [p[1] for p in points],
                  [p[2] for p in points])
    assert trend.change_over(days) == plain_change(points, days)
