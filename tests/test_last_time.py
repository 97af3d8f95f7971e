"""The summary's "Compared with before" (issue 25): like with like only. Today's sets done in
full are compared with sets done in full, of the same exercise, kind, level and side; a set
cut short says so and is not compared."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coretimer.coaching.comparison import compare
from coretimer.coaching.summarise import summarise
from coretimer.model.record import EndedBy, SessionRecord, SetResult
from coretimer.model.summaries import Done, pack_done, unpack_done
from coretimer.ui.screens.summary import describe

DAY = datetime(2026, 11, 21, 9, tzinfo=UTC)


def held(seconds: float | None, *, name: str = "Side plank", completed: bool = True,
         ended_by: EndedBy | None = None, side: str | None = None, n: int = 1,
         level: int | None = None, level_name: str | None = None, target: float = 30.0,
         kind: str = "hold", skipped: bool = False) -> SetResult:
    return SetResult(exercise=name, kind=kind, side=side, set=n,  # type: ignore[arg-type]
                     target=target, achieved=seconds, completed=completed, skipped=skipped,
                     ended_by=ended_by or ("skip" if skipped else "time" if completed
                                           else "end"),
                     level=level, level_name=level_name)


def session(days_ago: int, *sets: SetResult, routine: str = "endurance",
            status: str = "completed") -> SessionRecord:
    start = DAY - timedelta(days=days_ago)
    return SessionRecord(id=f"s{days_ago:03d}", routine=routine, routine_name=routine,
                         started_at=start, ended_at=start + timedelta(minutes=20),
                         status=status, baseline_pain=1, sets=list(sets))  # type: ignore[arg-type]


def lines(today: SessionRecord, *history: SessionRecord) -> list[str]:
    return [describe(c) for c in compare(today, list(history))]


def test_a_set_cut_short_by_ending_the_session_is_not_compared() -> None:
    """The issue's line: "Side plank: best hold 3 s today · last time 8 s" for a set cut short
    by ending the session."""
    before = session(2, held(8.0, target=8.0))
    today = session(0, held(3.0, target=8.0, completed=False, ended_by="end"),
                    status="ended_early")
    assert lines(today, before) == [
        "Side plank: 3 s today, cut short when the session was ended, so not compared"]


def test_a_cut_short_set_beside_full_ones_is_named_and_left_out() -> None:
    before = session(2, held(30.0))
    today = session(0, held(30.0), held(12.0, n=2, completed=False, ended_by="end"))
    assert lines(today, before) == [
        "Side plank: best hold 30 s today (1 set cut short) · last time 30 s · best so far 30 s"]


def test_last_time_and_best_so_far_count_only_sets_done_in_full() -> None:
    """A later session's set cut short (at more seconds than today's full set, as a max hold
    can be) is neither "last time" nor "best so far"."""
    done = session(5, held(25.0))
    cut = session(2, held(40.0, target=60.0, completed=False, ended_by="end"))
    today = session(0, held(30.0))
    assert lines(today, done, cut) == [
        "Side plank: best hold 30 s today · last time 25 s · best so far 25 s (new best)"]


def test_levels_are_compared_only_with_the_same_level() -> None:
    knees = dict(name="Side bridge", level=1, level_name="from the knees")
    feet = dict(name="Side bridge", level=2, level_name="from the feet")
    before = session(2, held(30.0, **knees))  # type: ignore[arg-type]
    today = session(0, held(15.0, target=15.0, **feet))  # type: ignore[arg-type]
    assert lines(today, before) == [
        "Side bridge: from the feet: best hold 15 s today · first time in full"]
    again = session(0, held(30.0, **knees))  # type: ignore[arg-type]
    assert lines(again, before) == [
        "Side bridge: from the knees: best hold 30 s today · last time 30 s · best so far 30 s"]


def test_each_side_is_compared_with_the_same_side() -> None:
    before = session(2, held(20.0, side="left"), held(30.0, side="right"))
    today = session(0, held(25.0, side="left"), held(25.0, side="right"))
    assert lines(today, before) == [
        "Side plank (left): best hold 25 s today · last time 20 s · best so far 20 s (new best)",
        "Side plank (right): best hold 25 s today · last time 30 s · best so far 30 s"]


def test_last_time_is_of_the_same_routine_and_best_so_far_of_any() -> None:
    other = session(1, held(45.0, target=45.0), routine="big-three")
    mine = session(3, held(30.0))
    today = session(0, held(30.0))
    assert lines(today, mine, other) == [
        "Side plank: best hold 30 s today · last time 30 s · best so far 45 s"]


def test_skipped_and_uncounted_sets_say_what_happened() -> None:
    before = session(2, held(30.0), held(8.0, name="Glute bridge", kind="reps", target=8.0))
    today = session(0, held(None, skipped=True, completed=False),
                    held(None, name="Glute bridge", kind="reps", target=8.0, completed=False,
                         ended_by="end"), status="ended_early")
    assert lines(today, before) == [
        "Side plank: skipped today",
        "Glute bridge: cut short when the session was ended, not counted"]


def test_why_a_set_fell_short_is_said_in_words() -> None:
    cut = [held(6.0, completed=False, ended_by="pain"),
           held(6.0, name="Bird dog", kind="reps", target=8.0, completed=False,
                ended_by="done"),
           held(6.0, name="Front plank", completed=False, ended_by="done")]
    assert lines(session(0, *cut, status="stopped_for_pain")) == [
        "Side plank: 6 s today, cut short by pain, so not compared",
        "Bird dog: 6 reps today, short of the 8 planned, so not compared",
        "Front plank: 6 s today, ended before its time, so not compared"]


# --- over any history ---------------------------------------------------------------------------

ENDINGS: list[EndedBy] = ["time", "done", "pain", "end"]

a_set = st.tuples(st.sampled_from(["Plank", "Bird dog"]), st.sampled_from(["hold", "reps"]),
                  st.sampled_from([None, 1, 2]), st.sampled_from([None, "left", "right"]),
                  st.sampled_from(["done", "short", "skipped", "unknown"]),
                  st.integers(0, 60), st.sampled_from(ENDINGS))
a_session = st.tuples(st.sampled_from(["endurance", "big-three"]), st.integers(0, 30),
                      st.lists(a_set, max_size=6))


def made(i: int, raw: tuple[str, int, list[tuple[Any, ...]]]) -> SessionRecord:
    routine, days_ago, sets = raw
    out = []
    for n, (name, kind, level, side, how, value, ended) in enumerate(sets, start=1):
        if how == "skipped":
            out.append(held(None, name=name, kind=kind, side=side, n=n, level=level,
                            level_name=None if level is None else f"level {level}",
                            skipped=True, completed=False))
            continue
        out.append(held(None if how == "unknown" else float(value), name=name, kind=kind,
                        side=side, n=n, level=level,
                        level_name=None if level is None else f"level {level}",
                        completed=how == "done",
                        ended_by="time" if how == "done" else ended))
    start = DAY - timedelta(days=days_ago, seconds=i)
    return SessionRecord(id=f"h{i:03d}", routine=routine, routine_name=routine,
                         started_at=start, ended_at=start + timedelta(minutes=20),
                         status="completed", baseline_pain=1, sets=out)


@settings(max_examples=150, deadline=None)
@given(a_session, st.lists(a_session, max_size=8))
def test_every_comparison_is_like_with_like_over_any_history(
        today_raw: tuple[str, int, list[tuple[Any, ...]]],
        history_raw: list[tuple[str, int, list[tuple[Any, ...]]]]) -> None:
    """Against a plain reading of the full records: today's figure, last time and best so far
    are of sets done in full, of the same exercise, kind, level and side (last time: of the
    same routine); the index's summaries give the same; and today's sets add up: done in
    full, cut short and skipped, every set once."""
    today = made(999, (today_raw[0], 0, today_raw[2]))
    history = [made(i, raw) for i, raw in enumerate(history_raw)]
    found = compare(today, history)
    assert found == compare(today, [summarise(h, f"{h.id}.json") for h in history])

    def like(x: SetResult) -> tuple[object, ...]:
        return (x.key, x.kind, x.level, x.side)

    def full(s: SessionRecord, key: tuple[object, ...]) -> list[float]:
        return [x.achieved for x in s.sets
                if like(x) == key and x.completed and x.achieved is not None]

    keys = list(dict.fromkeys(like(x) for x in today.sets))
    assert len(found) == len(keys)
    earlier = [h for h in history if h.started_at < today.started_at]
    for c, key in zip(found, keys, strict=True):
        mine = [x for x in today.sets if like(x) == key]
        assert c.done_in_full + c.cut_short + c.skipped == len(mine)
        assert c.done_in_full == sum(1 for x in mine if x.completed)
        assert c.today == max(full(today, key), default=None)
        assert c.best_before == max((v for h in earlier for v in full(h, key)), default=None)
        same = [h for h in earlier if h.routine == today.routine and full(h, key)]
        last = max(same, key=lambda h: h.started_at, default=None)
        assert c.last_time == (None if last is None else max(full(last, key)))
        text = describe(c)
        if c.today is None:  # nothing done in full: no figure of before beside it
            assert "last time" not in text and "best so far" not in text
    assert sum(c.done_in_full for c in found) == sum(1 for x in today.sets if x.completed)


@given(st.lists(st.tuples(st.text(), st.sampled_from(["hold", "reps"]),
                          st.one_of(st.none(), st.integers(1, 99)),
                          st.sampled_from([None, "left", "right"]),
                          st.floats(min_value=0, max_value=1e6, allow_nan=False)),
                max_size=6, unique_by=lambda d: d[:4]))
def test_the_packed_sets_done_in_full_hold_any_text(done: list[Done]) -> None:
    assert unpack_done(pack_done(tuple(done))) == tuple(done)
