"""Streaks, trends, pain trend and the endurance-test ratios: tables of dated sessions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from coretimer.coaching.endurance import EnduranceResult, Held, endurance_results
from coretimer.coaching.endurance_protocols import MCGILL
from coretimer.coaching.stats import day_streak, longest_day_streak, summary, weekly_streak
from coretimer.coaching.trends import pain_trend, trends
from coretimer.model.record import PainReport, SessionRecord, SetResult

TODAY = date(2026, 11, 21)  # a Saturday; its ISO week runs Mon 16 - Sun 22 November


def session(day: str, *, hour: int = 8, status: str = "completed", pain: int | None = None,
            routine: str = "foundations", sets: list[SetResult] | None = None,
            minute: int = 0) -> SessionRecord:
    start = datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=UTC)
    return SessionRecord(
        id=f"{start:%Y%m%dT%H%M%S}-{abs(hash((day, hour, minute, routine))) % 10**8:08d}",
        routine=routine, routine_name=routine, started_at=start,
        ended_at=start + timedelta(minutes=20), status=status,  # type: ignore[arg-type]
        baseline_pain=1, sets=sets or [],
        pain=[] if pain is None else [PainReport(at=start, exercise="Plank", level=pain)])


def days(*isodays: str, **kw: object) -> list[SessionRecord]:
    return [session(d, **kw) for d in isodays]  # type: ignore[arg-type]


THIS_WEEK_MET = ["2026-11-16", "2026-11-18", "2026-11-20"]
LAST_WEEK_MET = ["2026-11-09", "2026-11-11", "2026-11-13"]

DAY_STREAK = [
    # (sessions, today, target, expected, why)
    ([], TODAY, 3, 0, "no sessions"),
    (["2026-11-21"], TODAY, 3, 1, "trained today"),
    (["2026-11-20"], TODAY, 3, 1, "today does not break the streak before you train"),
    (THIS_WEEK_MET, TODAY, 3, 5, "Mon..Fri: Tue and Thu are rest days of a week that met 3"),
    ([*THIS_WEEK_MET, "2026-11-21"], TODAY, 3, 6, "and today trained too"),
    (LAST_WEEK_MET + THIS_WEEK_MET, TODAY, 3, 12, "rest days carry across a met week"),
    (LAST_WEEK_MET[:2] + THIS_WEEK_MET, TODAY, 3, 5,
     "a week short of the target breaks the chain at its rest days"),
    (["2026-11-16"], TODAY, 3, 5, "current week: 1 done + Sat and Sun left can still make 3"),
    (["2026-11-16"], date(2026, 11, 22), 3, 0, "on Sunday 1 + 1 cannot make 3: Sat breaks it"),
    (["2026-11-16"], date(2026, 11, 22), 2, 6, "with a target of 2, Sunday can still make it"),
    (["2026-11-19", "2026-11-20", "2026-11-21"], TODAY, 7, 3, "daily target: only trained days"),
    (["2026-11-14", "2026-11-15"], date(2026, 11, 16), 3, 2,
     "Monday of a new week: Sat and Sun were trained, so the streak is 2"),
]


@pytest.mark.parametrize(("isodays", "today", "target", "expected", "why"), DAY_STREAK)
def test_day_streak(isodays: list[str], today: date, target: int, expected: int,
                    why: str) -> None:
    assert day_streak(days(*isodays), today, target, tz=UTC) == expected, why


def test_a_stop_for_pain_never_breaks_a_streak() -> None:
    sessions = days(*THIS_WEEK_MET)
    sessions[1] = session("2026-11-18", status="stopped_for_pain", pain=7)
    assert day_streak(sessions, TODAY, 3, tz=UTC) == 5
    assert weekly_streak(sessions, TODAY, 3, tz=UTC) == 1
    ended = [session(d, status="ended_early") for d in THIS_WEEK_MET]
    assert day_streak(ended, TODAY, 3, tz=UTC) == 5


WEEKLY = [
    ([], TODAY, 3, 0, "nothing"),
    (THIS_WEEK_MET, TODAY, 3, 1, "this week met"),
    (LAST_WEEK_MET + THIS_WEEK_MET, TODAY, 3, 2, "two weeks in a row"),
    ([*LAST_WEEK_MET, "2026-11-16"], TODAY, 3, 1, "this week in progress does not break it"),
    (["2026-11-02", "2026-11-03", "2026-11-04", *THIS_WEEK_MET], TODAY, 3, 1,
     "a week with nothing breaks it"),
    (["2026-11-16", "2026-11-16", "2026-11-16"], TODAY, 3, 1, "three on one day count as three"),
    (LAST_WEEK_MET + THIS_WEEK_MET, TODAY, 4, 0, "target 4: neither week met"),
    (["2026-11-22", "2026-11-22", "2026-11-22"], date(2026, 11, 23), 3, 1,
     "Sunday belongs to the week before Monday"),
]


@pytest.mark.parametrize(("isodays", "today", "target", "expected", "why"), WEEKLY)
def test_weekly_streak(isodays: list[str], today: date, target: int, expected: int,
                       why: str) -> None:
    assert weekly_streak(days(*isodays), today, target, tz=UTC) == expected, why


def test_days_follow_the_users_time_zone() -> None:
    late = [session("2026-11-20", hour=23, minute=30)]  # 00:30 on the 21st at UTC+1
    plus_one = timezone(timedelta(hours=1))
    assert day_streak(late, TODAY, 7, tz=UTC) == 1  # yesterday in UTC
    assert day_streak(late, date(2026, 11, 22), 7, tz=UTC) == 0
    assert day_streak(late, date(2026, 11, 22), 7, tz=plus_one) == 1  # yesterday at UTC+1
    week_edge = [session("2026-11-22", hour=23, minute=30) for _ in range(3)]  # Sun 23:30 UTC
    assert weekly_streak(week_edge, date(2026, 11, 23), 3, tz=UTC) == 1  # last week: met
    assert weekly_streak(week_edge, date(2026, 11, 23), 3, tz=plus_one) == 1  # this week: met
    assert weekly_streak(week_edge, date(2026, 11, 30), 3, tz=plus_one) == 1
    assert weekly_streak(week_edge, date(2026, 11, 30), 3, tz=UTC) == 0


def test_longest_streak() -> None:
    sessions = days(*LAST_WEEK_MET, *THIS_WEEK_MET, "2026-10-01", "2026-10-02")
    assert longest_day_streak(sessions, TODAY, 3, tz=UTC) == 12
    assert longest_day_streak(days("2026-10-01", "2026-10-02"), TODAY, 7, tz=UTC) == 2


def hold(exercise: str, achieved: float, side: str | None = None, n: int = 1) -> SetResult:
    return SetResult(exercise=exercise, kind="hold", side=side, set=n, target=None,  # type: ignore[arg-type]
                     achieved=achieved, completed=True)


def reps(exercise: str, achieved: float, n: int = 1) -> SetResult:
    return SetResult(exercise=exercise, kind="reps", set=n, target=10.0, achieved=achieved,
                     completed=achieved >= 10)


def test_trends_best_latest_and_four_week_change() -> None:
    sessions = [
        session("2026-10-01",
                sets=[hold("Plank", 20), hold("Plank", 25, n=2), reps("Dead bug", 8)]),
        session("2026-10-20", sets=[hold("Plank", 30), reps("Dead bug", 10)]),
        session("2026-11-10", sets=[hold("Plank", 45)]),
        session("2026-11-20", sets=[hold("Plank", 40), reps("Dead bug", 12)]),
    ]
    found = trends(sessions, tz=UTC)
    plank = found[("plank", "hold")]
    assert [(p.day.isoformat(), p.value) for p in plank.points] == [
        ("2026-10-01", 25), ("2026-10-20", 30), ("2026-11-10", 45), ("2026-11-20", 40)]
    assert (plank.best, plank.latest) == (45, 40)
    assert plank.change_over(28) == 40 - 30  # latest against the last value >= 28 days before
    assert found[("dead-bug", "reps")].change_over(28) == 12 - 10
    assert trends([session("2026-11-20", sets=[hold("Plank", 40)])])[
        ("plank", "hold")].change_over() is None


def test_pain_trend() -> None:
    sessions = [session("2026-11-20", pain=3), session("2026-11-18")]
    assert [(p.day.isoformat(), p.baseline, p.reports) for p in pain_trend(sessions, tz=UTC)] == [
        ("2026-11-18", 1, ()), ("2026-11-20", 1, (3,))]


def result(front: float | None, left: float | None, right: float | None, ext: float | None,
           done: tuple[bool, bool, bool, bool] = (True, True, True, True)) -> EnduranceResult:
    """A published test (the one read against the published aims)."""
    return EnduranceResult(TODAY, *(Held(v, ok) for v, ok in zip(
        (front, left, right, ext), done, strict=True)), protocol=MCGILL)


RATIOS = [
    # front, left, right, extensor -> right/left, left/ext, right/ext, front/ext, words
    (60, 40, 40, 80, 1.0, 0.5, 0.5, 0.75,
     ["right/left: 1.00. The aim is within 0.05 of 1, and yours is",
      "left 0.50, right 0.50. The aim is below 0.75, and both sides are",
      "0.75. The aim is below 1.0, and yours is."]),
    (60, 40, 50, 80, 1.25, 0.5, 0.625, 0.75,
     ["right/left: 1.25", "outside it, with the left side behind"]),
    (120, 60, 57, 60, 0.95, 1.0, 0.95, 2.0,
     ["right/left: 0.95. The aim is within 0.05 of 1, and yours is",
      "the left and right are above it", "2.00. The aim is below 1.0; yours is above it"]),
    (50, 60, 40, 100, 40 / 60, 0.6, 0.4, 0.5, ["with the right side behind"]),
    (40, 30, 36, 40, 1.2, 0.75, 0.9, 1.0, ["the left and right are above it",
                                           "1.00. The aim is below 1.0; yours is above it"]),
]


@pytest.mark.parametrize(("front", "left", "right", "ext", "right_left", "left_ext",
                          "right_ext", "front_ext", "words"), RATIOS)
def test_endurance_ratios(front: float, left: float, right: float, ext: float,
                          right_left: float, left_ext: float, right_ext: float,
                          front_ext: float, words: list[str]) -> None:
    r = result(front, left, right, ext)
    assert r.complete
    assert r.right_left == pytest.approx(right_left)
    assert r.left_to_extensor == pytest.approx(left_ext)
    assert r.right_to_extensor == pytest.approx(right_ext)
    assert r.front_to_extensor == pytest.approx(front_ext)
    text = " ".join(r.notes())
    for w in words:
        assert w in text
    assert "diagnos" not in text.lower()


def test_front_below_the_extensor_hold_is_never_worded_as_a_problem() -> None:
    """0.83 is below 1.0, which is the usual aim: the words say so and nothing else."""
    (note,) = [n for n in result(50, 40, 40, 60).notes() if n.startswith("Trunk flexor")]
    assert note == ("Trunk flexor hold to back-extensor hold: 0.83. The aim is below 1.0, and "
                    "yours is.")


@pytest.mark.parametrize("done", [(True, True, True, False), (False, True, True, True),
                                  (True, False, True, True), (True, True, False, True)])
def test_an_incomplete_test_gives_no_ratios(done: tuple[bool, bool, bool, bool]) -> None:
    """A back-extensor hold cut at 4 s by pain gave "side plank to back-extensor 11.12"."""
    r = result(60, 44, 45, 4, done)
    assert not r.complete
    assert (r.right_left, r.side_gap, r.left_to_extensor, r.right_to_extensor,
            r.front_to_extensor) == (None, None, None, None, None)
    (note,) = r.notes()
    assert "incomplete" in note and "no ratios" in note
    assert not any(ch.isdigit() for ch in note)


def test_a_missing_hold_makes_the_test_incomplete() -> None:
    assert not result(60, 30, None, 80).complete
    assert result(60, 30, None, 80).notes()[0].startswith("This test is incomplete")


def test_endurance_results_from_sessions() -> None:
    test = session("2026-11-20", routine="endurance-test", sets=[
        hold("Front plank", 62.4), hold("Side plank", 41, "left"), hold("Side plank", 44, "right"),
        hold("Back-extensor hold", 90)])
    other = session("2026-11-19", sets=[hold("Front plank", 200)])
    (r,) = endurance_results([other, test], tz=UTC)
    assert (r.front, r.side_left, r.side_right, r.extensor) == (62.4, 41, 44, 90)


def test_summary_shape() -> None:
    sessions = [
        session("2026-11-16", sets=[hold("Plank", 30), reps("Dead bug", 10)]),
        session("2026-11-18", status="stopped_for_pain", pain=6, sets=[hold("Plank", 12)]),
        session("2026-11-20", sets=[hold("Plank", 35)]),
    ]
    out = summary(sessions, TODAY, 3, tz=UTC).to_json()
    assert {k: out[k] for k in ("sessions", "current_streak_days", "longest_streak_days",
                                "weekly_streak", "weekly_target", "pain_free_sessions")} == {
        "sessions": 3, "current_streak_days": 5, "longest_streak_days": 5, "weekly_streak": 1,
        "weekly_target": 3, "pain_free_sessions": 2}
    assert out["exercises"] == {
        "Dead bug": {"best_hold_seconds": None, "last_hold_seconds": None, "best_reps": 10.0,
                     "sessions": 1, "id": "dead-bug", "kind": "reps"},
        "Plank": {"best_hold_seconds": 35.0, "last_hold_seconds": 35.0, "best_reps": None,
                  "sessions": 3, "id": "plank", "kind": "hold"},
    }
    assert out["endurance_test"] is None


def test_all_stats_computes_the_same_summary_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The summary reuses the trends and tests all_stats already has: each is worked out once
    (the trends with and without endurance tests in one pass over the sets), and the result
    equals a fresh summary."""
    from coretimer.coaching import stats as stats_mod
    from coretimer.coaching.stats import Calendar, all_stats

    calls: dict[str, int] = {}

    def counted(name: str, real: object) -> object:
        def wrapper(*args: object, **kwargs: object) -> object:
            calls[name] = calls.get(name, 0) + 1
            return real(*args, **kwargs)  # type: ignore[operator]
        return wrapper

    sessions = [
        session("2026-11-16", sets=[hold("Plank", 30), reps("Dead bug", 10)]),
        session("2026-11-20", routine="endurance-test", sets=[
            hold("Front plank", 60), hold("Side plank", 40, "left"),
            hold("Side plank", 44, "right"), hold("Back-extensor hold", 80)]),
    ]
    for name in ("trends_with_and_without", "trends", "tests_of", "pain_trend"):
        monkeypatch.setattr(stats_mod, name, counted(name, getattr(stats_mod, name)))
    monkeypatch.setattr(Calendar, "of_days",
                        classmethod(counted("calendar", Calendar.of_days.__func__)))
    stats = all_stats(sessions, TODAY, 3, tz=UTC)
    assert calls == {"trends_with_and_without": 1, "tests_of": 1, "pain_trend": 1,
                     "calendar": 1}
    monkeypatch.undo()
    assert stats.summary == summary(sessions, TODAY, 3, tz=UTC)
    # A session of "endurance-test" from before the published test shipped: its holds' ids
    # say it was the adapted test.
    assert stats.summary.to_json()["endurance_test"] == {
        "date": "2026-11-20", "complete": True, "protocol": "adapted",
        "extensor_supported": False, "extensor_capped": False, "front_plank": 60.0,
        "side_plank_left": 40.0,
        "side_plank_right": 44.0, "back_extensor": 80.0, "side_gap": pytest.approx(4 / 44),
        "right_left": pytest.approx(44 / 40), "left_to_extensor": pytest.approx(40 / 80),
        "right_to_extensor": pytest.approx(44 / 80), "front_to_extensor": 0.75,
        # Added in issue 22: the adapted test is read against no published aim, only
        # against the person's own earlier adapted tests (none here).
        "flexor_supported": False, "aims": None, "since_last": None, "since_first": None}


def test_local_days_follow_a_change_of_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Local days are remembered (the statistics ask four times per session), but never
    across a change of the time zone setting."""
    import os
    import time

    from coretimer.model.timeline import local_day

    late = datetime(2026, 11, 20, 2, 30, tzinfo=UTC)  # the 19th in New York
    assert local_day(late) == date(2026, 11, 20)  # the suite runs in UTC
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        assert local_day(late) == date(2026, 11, 19)
    finally:
        monkeypatch.setenv("TZ", os.environ.get("CORETIMER_TEST_TZ", "UTC"))
        time.tzset()
    assert local_day(late) == date(2026, 11, 20)
