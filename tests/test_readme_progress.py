"""The README's "Progress" section, number by number (issue 25): each number it states is a
claim checked against the code (a rule constant and the behaviour it sets, on tiny inputs), or
against the test that already asserts it. The McGill 1999 figures are checked against the
app's own table of reference values, which the progress screen shows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Literal

import pytest

from coretimer.coaching.doses import (
    HOLD_CAP,
    HOLD_MIN,
    HOLD_STEP,
    REPS_CAP,
    REPS_MIN,
    cap,
    step_down,
    step_up,
)
from coretimer.coaching.endurance import EnduranceResult, Held
from coretimer.coaching.endurance_norms import REFERENCE_SOURCE, REFERENCES, reference_lines
from coretimer.coaching.endurance_protocols import (
    FRONT_TO_EXTENSOR_LIMIT,
    MCGILL,
    SIDE_BALANCE_LIMIT,
    SIDE_TO_EXTENSOR_LIMIT,
    TEST_REST,
)
from coretimer.coaching.holds import LOW_PAIN, PAIN_WINDOW
from coretimer.coaching.mornings import (
    ASK_AFTER,
    ASK_WITHIN,
    WORSE_BY,
    Refused,
    counts_as_worse,
    to_answer,
    to_ask,
    why_worse,
)
from coretimer.coaching.pain_weeks import (
    MEANINGFUL_RISE,
    RECENT,
    RISE_OVER_THREE_WEEKS,
    WeekPain,
    climbing,
    exercise_pain,
    weekly_pain,
)
from coretimer.coaching.progression import (
    COMING_BACK_ONE,
    COMING_BACK_TWO,
    GAP_DAYS,
    PAIN_HISTORY,
    at_levels_done,
    suggest,
)
from coretimer.coaching.streaks import weekly_streak
from coretimer.model.exercise import Exercise
from coretimer.model.record import PainReport, SessionRecord, SetResult
from coretimer.model.routine import Routine
from coretimer.routine.files import load_routine_file, shipped_dir
from coretimer.routine.plan import PhaseKind, build_plan
from coretimer.settings import Settings
from coretimer.text.present import SCALE_ANCHORS
from tests.helpers import hold, reps, routine
from tests.readme_claims import Claim, flat, run_claims, section, uncovered_numbers

# --- A tiny history, judged by the real rules ---------------------------------------------------

R = routine(hold("Plank", 30, easier="Plank from the knees"), reps("Bird dog", 10))
T0 = datetime(2026, 11, 2, 8, tzinfo=UTC)  # a Monday
SESSION = timedelta(minutes=20)
#: No pain report in the session (a rating of 0 and no rating are reports).
NoReport = Literal["no report"]


def rec(day: float, *, plank: float = 30, bird: float = 10,
        pain: int | NoReport | None = "no report", on: str = "plank",
        morning: str | None = "better", routine_id: str = "r", status: str = "completed",
        baseline: int | None = None) -> SessionRecord:
    """A session `day` days after T0 with the plank and the bird dog done in full, and one
    pain report against `on` when `pain` is a rating (or None: no rating)."""
    start = T0 + timedelta(days=day)
    sets = [SetResult(exercise="Plank", kind="hold", set=1, target=plank, achieved=plank,
                      completed=True),
            SetResult(exercise="Bird dog", kind="reps", set=1, target=bird, achieved=bird,
                      completed=True)]
    reports = [] if pain == "no report" else [PainReport(
        at=start + timedelta(minutes=5), exercise=on, level=pain,
        phase="work", counts_against=[on])]
    return SessionRecord(id=f"s{day}-{routine_id}", routine=routine_id, routine_name="R",
                         started_at=start, ended_at=start + SESSION, status=status,
                         sets=sets, pain=reports, next_morning=morning,
                         baseline_pain=baseline)


def end(session: SessionRecord) -> datetime:
    assert session.ended_at is not None
    return session.ended_at


def moves(history: list[SessionRecord], now: datetime,
          r: Routine = R) -> dict[str, tuple[str, int, int]]:
    return {s.exercise: (s.direction, s.current, s.suggested)
            for s in suggest("r", r, history, now)}


UP = {"Plank": ("up", 30, 35), "Bird dog": ("up", 10, 12)}
DAY = timedelta(days=1)
MINUTE = timedelta(minutes=1)


def shipped(name: str) -> Routine:
    return load_routine_file(shipped_dir() / f"{name}.toml").routine


def exercise(r: Routine, key: str) -> Exercise:
    return next(ex for ex in r.exercises if ex.key == key)


# --- Streaks ----------------------------------------------------------------------------------


def check_weekly_target() -> None:
    assert Settings().week_target == 3
    assert Settings.from_dict({"weekly_target": 4}).weekly_target == 4  # settable
    monday = T0.date()
    two_weeks = [rec(d) for d in (0, 2, 4, 7, 9, 11)]
    week3 = monday + timedelta(days=14)
    assert weekly_streak(two_weeks, week3, 3, UTC) == 2
    assert weekly_streak(two_weeks[1:], week3, 3, UTC) == 1  # 2 sessions: that week is short
    assert weekly_streak(two_weeks, week3, 4, UTC) == 0


# --- The endurance test -----------------------------------------------------------------------


def check_citation_year() -> None:
    assert "McGill, Childs & Liebenson 1999" in MCGILL.source
    assert "McGill, Childs & Liebenson 1999" in REFERENCE_SOURCE
    assert "McGill, Childs and Liebenson (1999)" in (shipped("endurance-test").description or "")


def check_flexor_at_60() -> None:
    flexor = exercise(shipped("endurance-test"), "trunk-flexor-hold")
    assert (flexor.level, flexor.level_name) == (2, "at 60°")
    assert "support set at 60° from the floor" in (flexor.setup or "")
    assert "move the support back" in (flexor.setup or "")
    assert "trunk flexor hold at 60°" in MCGILL.source
    supported = flexor.at_level(1)
    assert "instead of holding yourself up at 60°" in (supported.note or "")
    assert "hip flexors" in (supported.note or "")


def check_extensor_ends_at_2_minutes() -> None:
    extensor = exercise(shipped("endurance-test"), "back-extensor-test")
    assert extensor.level_name == "over a bench edge"
    assert {extensor.at_level(n).cap_seconds for n in (1, 2)} == {2 * 60}


def check_pain_in_the_last_4_weeks_picks_the_supported_holds() -> None:
    assert timedelta(weeks=4) == PAIN_HISTORY
    test = shipped("endurance-test")
    now = T0 + timedelta(days=60)
    for days_ago, level in ((28, "supported"), (29, None)):
        hurt = rec(0, pain=3).model_copy(update={
            "started_at": now - timedelta(days=days_ago) - SESSION,
            "ended_at": now - timedelta(days=days_ago)})
        levelled = at_levels_done(test, [hurt], now)
        for key in ("trunk-flexor-hold", "back-extensor-test"):
            ex = exercise(levelled, key)
            assert ex.level_after_pain == 1
            assert (ex.level_name == "supported") == (level == "supported"), (days_ago, key)


def check_curl_up_ends_at_2_minutes() -> None:
    curl_up = exercise(shipped("endurance-test"), "trunk-flexor-hold").at_level(1)
    assert curl_up.level_name == "supported"
    assert "head and shoulders just off the floor" in (curl_up.setup or "")
    assert curl_up.cap_seconds == 2 * 60


def check_5_minutes_rest() -> None:
    assert TEST_REST == 5 * 60
    for name in ("endurance-test", "endurance-test-adapted"):
        plan = build_plan(shipped(name))
        rests = [p for p in plan if p.kind in (PhaseKind.REST, PhaseKind.SWITCH_SIDE)]
        assert [p.duration for p in rests] == [TEST_REST] * 3, name  # 2 between holds, 1 sides
        assert any(p.kind is PhaseKind.SWITCH_SIDE for p in rests), name


def endurance_result(front: float, left: float, right: float, extensor: float) -> EnduranceResult:
    return EnduranceResult(date(2026, 11, 2), Held(front, True), Held(left, True),
                           Held(right, True), Held(extensor, True), MCGILL)


def met(result: EnduranceResult, key: str) -> bool | None:
    aims = result.aims()
    assert aims is not None
    return aims[key][2]


def check_right_left_aim() -> None:
    assert SIDE_BALANCE_LIMIT == 0.05
    for right, ok in ((105, True), (106, False), (95, True), (94, False)):
        result = endurance_result(50, 100, right, 300)
        assert met(result, "right_left") is ok, right
    balanced = endurance_result(50, 100, 100, 300)
    assert any("The aim is within 0.05 of 1" in n for n in balanced.notes())


def check_side_to_extensor_aim() -> None:
    assert SIDE_TO_EXTENSOR_LIMIT == 0.75
    below, at = endurance_result(50, 74, 74, 100), endurance_result(50, 75, 75, 100)
    assert met(below, "left_to_extensor") is met(below, "right_to_extensor") is True
    assert met(at, "left_to_extensor") is met(at, "right_to_extensor") is False
    assert any("The aim is below 0.75" in n for n in below.notes())


def check_flexor_to_extensor_aim() -> None:
    assert FRONT_TO_EXTENSOR_LIMIT == 1.0
    assert met(endurance_result(99, 50, 50, 100), "front_to_extensor") is True
    assert met(endurance_result(100, 50, 50, 100), "front_to_extensor") is False
    assert any("The aim is below 1.0" in n for n in endurance_result(99, 50, 50, 100).notes())


def check_study_sizes() -> None:
    men, women = REFERENCES
    assert (men.group, men.people, women.group, women.people) == ("Men", 31, "Women", 44)
    shown = reference_lines()  # what the progress screen shows with Reference values on
    assert shown[0].startswith("Men (31), mean ± SD: ")
    assert shown[1].startswith("Women (44), mean ± SD: ")


def check_women_right_left() -> None:
    men, women = REFERENCES
    assert (women.side_right, women.side_left) == (72, 77)
    assert f"{women.right_left:.2f}" == "0.94"
    assert abs(women.right_left - 1) > SIDE_BALANCE_LIMIT  # outside the aim
    assert "0.94 (72/77), is outside the 0.05 aim" in REFERENCE_SOURCE
    assert "right/left 0.94" in reference_lines()[1]
    # "the women held the side bridge for much less of their extensor time than the men"
    assert women.side_right / women.extensor < men.side_right / men.extensor - 0.2


# --- Pain over weeks --------------------------------------------------------------------------


def check_weekly_averages_0_to_10() -> None:
    weeks = weekly_pain([rec(0, baseline=0, morning="same").model_copy(
                             update={"next_morning_pain": 10}),
                         rec(2, baseline=3)], UTC)
    assert [(w.checkin, w.morning) for w in weeks] == [(1.5, 10.0)]
    for field in ("baseline_pain", "next_morning_pain"):
        with pytest.raises(ValueError):
            SessionRecord.model_validate({**rec(0).model_dump(), field: 11})
        with pytest.raises(ValueError):
            SessionRecord.model_validate({**rec(0).model_dump(), field: -1})


def weeks_of(*checkins: float, last: date | None = None) -> list[WeekPain]:
    last = last or T0.date()
    n = len(checkins)
    return [WeekPain(last - timedelta(weeks=n - 1 - i), value, None)
            for i, value in enumerate(checkins)]


def check_climbing() -> None:
    assert (RISE_OVER_THREE_WEEKS, MEANINGFUL_RISE) == (1.0, 2.0)
    today = T0.date()
    assert climbing(weeks_of(2, 2.5, 3), today) is not None  # twice in a row, 1 point in all
    assert climbing(weeks_of(2, 2.5, 2.9), today) is None  # 0.9 in all: a wobble
    assert climbing(weeks_of(2, 3, 2.9), today) is None  # not twice in a row
    assert climbing(weeks_of(3, 5), today) is not None  # 2 points in one week
    assert climbing(weeks_of(3, 4.9), today) is None
    last_week = today - timedelta(weeks=1)
    assert climbing(weeks_of(3, 5, last=last_week), today) is not None  # up to last week
    assert climbing(weeks_of(3, 5, last=last_week - timedelta(weeks=1)), today) is None


def check_pain_column_4_weeks() -> None:
    assert timedelta(weeks=4) == RECENT
    hurt = rec(0, pain=2)
    assert "plank" in exercise_pain([hurt], end(hurt) + timedelta(days=28), UTC)
    assert exercise_pain([hurt], end(hurt) + timedelta(days=28) + MINUTE, UTC) == {}


# --- The next morning -------------------------------------------------------------------------


def check_morning_scale() -> None:
    assert SCALE_ANCHORS == "0 = no pain · 10 = worst imaginable"
    with pytest.raises(ValueError):
        SessionRecord.model_validate({**rec(0).model_dump(), "next_morning_pain": 11})


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return T0.replace(hour=hour, minute=minute) + timedelta(days=day)


def ended_at(finish: datetime, *, morning: str | None = None) -> SessionRecord:
    return rec(0, morning=morning).model_copy(update={"started_at": finish - SESSION,
                                                      "ended_at": finish})


def check_asked_after_12_hours() -> None:
    assert timedelta(hours=12) == ASK_AFTER
    evening = ended_at(at(0, 20))
    assert to_ask([evening], at(1, 7, 59), tz=UTC) == []
    assert to_ask([evening], at(1, 8), tz=UTC) == [evening]


def check_not_asked_that_evening() -> None:
    early = ended_at(at(0, 7))
    assert to_ask([early], at(0, 19, 30), tz=UTC) == []
    assert to_ask([early], at(0, 23, 59), tz=UTC) == []
    assert to_ask([early], at(1, 7), tz=UTC) == [early]


def check_asked_within_7_days() -> None:
    assert timedelta(days=7) == ASK_WITHIN
    session = ended_at(at(0, 20))
    assert to_ask([session], at(7, 20), tz=UTC) == [session]
    assert to_ask([session], at(7, 20, 1), tz=UTC) == []


def check_answers_within_7_days() -> None:
    session = ended_at(at(0, 20))
    assert to_answer([session], at(7, 20), tz=UTC) == session
    with pytest.raises(Refused, match="no session of the last 7 days"):
        to_answer([session], at(7, 20, 1), tz=UTC)
    assert to_answer([session], at(9, 8), session.id, tz=UTC) == session  # the one you name


def check_worse_by_2_points() -> None:
    assert WORSE_BY == 2
    assert counts_as_worse("same", 5, 3) and counts_as_worse("better", 5, 3)
    assert not counts_as_worse("same", 4, 3)
    assert not counts_as_worse("better", 4, 3)
    why = why_worse("same", 5, 3)
    assert why is not None and "2 points above" in why


# --- Progressing only when it is safe ---------------------------------------------------------


def check_step_sizes() -> None:
    plank, bird = R.exercises
    assert HOLD_STEP == 5
    assert (step_up(plank, 30), step_down(plank, 30)) == (35, 25)
    assert (step_up(bird, 8), step_up(bird, 9), step_up(bird, 10)) == (9, 10, 12)
    assert (step_down(bird, 10), step_down(bird, 12)) == (9, 10)


def check_last_two_sessions_at_this_dose() -> None:
    assert moves([rec(1)], end(rec(1)) + DAY) == {}
    assert moves([rec(1), rec(3)], end(rec(3)) + DAY) == UP
    assert "Plank" not in moves([rec(1), rec(3, plank=35)], end(rec(3)) + DAY)  # just taken up
    assert moves([rec(1), rec(3, plank=35), rec(5, plank=35)], end(rec(5)) + DAY)["Plank"] == (
        "up", 35, 40)


def check_5_s_every_second_session() -> None:
    from tests.weeks import Person, three_a_week

    plank = routine(hold("Plank", 30))
    for seed in range(3):
        person = Person("r", plank)
        doses = [person.train(t).record.sets[0].target or 0.0 for t in three_a_week(3, seed)]
        assert doses == [30, 30, 35, 35, 40, 40, 45, 45, 50], seed
        assert (doses[6] - doses[0]) / 2 == 7.5  # a week is three sessions


def check_no_other_pain_in_7_days() -> None:
    assert timedelta(days=7) == PAIN_WINDOW
    assert LOW_PAIN + 1 == 3
    for other in (rec(5, routine_id="other", pain=3, on="dead-bug"),
                  rec(5, routine_id="other", pain=None, on="dead-bug"),
                  rec(5, routine_id="other", status="stopped_for_pain"),
                  rec(5, routine_id="other", morning="worse")):
        history = [rec(1), rec(3), other]
        assert "up" not in {v[0] for v in moves(history, end(other) + DAY).values()}, other
        if other.next_morning != "worse":  # a worse last morning holds on (rule 4)
            assert moves(history, end(other) + timedelta(days=7) + MINUTE) == UP, other
    low = rec(5, routine_id="other", pain=2, on="dead-bug")
    assert moves([rec(1), rec(3), low], end(low) + DAY) == UP  # low pain: only its exercise


def check_low_pain_holds_back_its_exercise() -> None:
    for level in (1, 2):
        history = [rec(1), rec(3, pain=level)]
        assert moves(history, end(history[1]) + DAY) == {
            "Plank": ("stay", 30, 30), "Bird dog": ("up", 10, 12)}, level
        assert moves([*history, rec(4), rec(6)], end(history[1]) + timedelta(days=7) + MINUTE
                     ) == UP
    three = [rec(1), rec(3, pain=3)]
    assert moves(three, end(three[1]) + DAY) == {"Plank": ("down", 30, 25)}


def check_last_morning_answered() -> None:
    for answer, expected in ((None, {}), ("skipped", {}), ("better", UP), ("same", UP)):
        history = [rec(1), rec(3, morning=answer)]
        assert moves(history, end(history[1]) + DAY) == expected, answer
    worse = [rec(1), rec(3, morning="worse")]
    assert {v[0] for v in moves(worse, end(worse[1]) + DAY).values()} == {"down"}


def check_at_most_14_days_away() -> None:
    assert GAP_DAYS == 14
    history = [rec(1), rec(3)]
    assert moves(history, end(history[1]) + timedelta(days=14, hours=23)) == UP
    assert moves(history, end(history[1]) + timedelta(days=15))["Plank"][0] == "down"


def check_not_climbing() -> None:
    steady = [rec(-7, baseline=1), rec(1, baseline=2), rec(3, baseline=2)]
    assert moves(steady, end(steady[2]) + DAY) == UP
    climbing_ = [rec(-7, baseline=1), rec(1, baseline=3), rec(3, baseline=3)]
    assert moves(climbing_, end(climbing_[2]) + DAY) == {}


def check_a_rating_of_0_is_not_pain() -> None:
    history = [rec(1), rec(3, pain=0)]
    assert history[1].real_pain == []
    assert moves(history, end(history[1]) + DAY) == UP


def check_coming_back() -> None:
    assert (GAP_DAYS + 1, COMING_BACK_ONE, COMING_BACK_TWO) == (15, 28, 56)
    history = [rec(1, plank=45), rec(3, plank=45)]
    for days, plank in ((14, ("up", 45, 50)), (15, ("down", 45, 40)), (28, ("down", 45, 40)),
                        (29, ("down", 45, 35)), (56, ("down", 45, 35)),
                        (57, ("down", 45, 30))):  # 57: the routine's own 30 s
        assert moves(history, end(history[1]) + timedelta(days=days) + MINUTE)["Plank"] == (
            plank), days


def check_floor() -> None:
    plank, bird = R.exercises
    assert (HOLD_MIN, REPS_MIN) == (5, 1)
    assert (step_down(plank, 8), step_down(plank, 5)) == (5, 5)
    assert step_down(bird, 1) == 1
    hurt = rec(1, plank=5, pain=3)
    (at_floor,) = suggest("r", R, [hurt], end(hurt) + DAY)
    assert (at_floor.suggested, at_floor.at_floor, at_floor.easier) == (
        5, True, "Plank from the knees")


def check_default_caps() -> None:
    assert (HOLD_CAP, REPS_CAP) == (60, 15)
    r = routine(hold("Plank", 30), reps("Bird dog", 10), hold("Long", 90), reps("Many", 20),
                hold("Own cap", 30, max_hold=40))
    plank, bird, long, many, own = r.exercises
    assert (cap(plank), cap(bird), cap(long), cap(many), cap(own)) == (60, 15, 90, 20, 40)
    assert (step_up(plank, 60), step_up(bird, 15), step_up(plank, 58)) == (60, 15, 60)


CLAIMS: list[Claim] = [
    # Streaks
    Claim("weeks in a row with at least 3 sessions (settable)", check=check_weekly_target),
    Claim('("This week: 2 of 3 sessions")',
          by="tests/test_app.py::test_home_at_a_zero_weekly_streak_says_how_far_this_week_is"),
    # The endurance test
    Claim("(McGill, Childs & Liebenson 1999)", check=check_citation_year),
    Claim("the trunk flexor hold at 60° (back supported, then the support moved back)",
          check=check_flexor_at_60),
    Claim("the pull of the hip flexors that holding yourself up at 60° brings",
          check=check_flexor_at_60),
    Claim("the back-extensor hold over a bench edge with your legs held, which ends by itself "
          "at 2 minutes", check=check_extensor_ends_at_2_minutes),
    Claim("If you reported pain in the last 4 weeks (the rule that picks `level_after_pain`), "
          "both the flexor and the back-extensor hold are their supported versions on the "
          "floor", check=check_pain_in_the_last_4_weeks_picks_the_supported_holds),
    Claim("head and shoulders just off the floor, ending by itself at 2 minutes)",
          check=check_curl_up_ends_at_2_minutes),
    Claim("Both tests rest 5 minutes between the holds (and between the two sides)",
          check=check_5_minutes_rest),
    Claim("side bridge right/left, aim within 0.05 of 1", check=check_right_left_aim),
    Claim("side bridge to back-extensor hold for each side, aim below 0.75",
          check=check_side_to_extensor_aim),
    Claim("flexor hold to back-extensor hold, aim below 1.0", check=check_flexor_to_extensor_aim),
    Claim("the mean ± standard deviation of the healthy young men (31) and women (44) in that "
          "study", check=check_study_sizes),
    Claim("their own mean right/left ratio, 0.94 (72/77), is outside the 0.05 aim",
          check=check_women_right_left),
    # Pain over weeks
    Claim("your average 0–10 at check-in and the next morning",
          check=check_weekly_averages_0_to_10),
    Claim("each rose twice in a row and by at least 1 point in total, or the latest week rose "
          "by 2 points or more", check=check_climbing),
    Claim("the pain reported during it in the last 4 weeks (the *Pain* column",
          check=check_pain_column_4_weeks),
    # The next morning
    Claim("its pain that morning on the 0–10 scale (0 = no pain, 10 = worst imaginable)",
          check=check_morning_scale),
    Claim("It asks at the first open at least 12 hours after a session ended",
          check=check_asked_after_12_hours),
    Claim("a session that ended at 07:00 is not asked about that evening",
          check=check_not_asked_that_evening),
    Claim("while the session is one of the last 7 days'", check=check_asked_within_7_days),
    Claim("the newest session of the last 7 days still waiting for its answer, or the one you "
          "name", check=check_answers_within_7_days),
    Claim("or a pain outside 0–10 is refused in one line (exit 2)",
          by="tests/test_mornings.py::test_coretimer_morning_refuses_bad_input_in_one_line"),
    Claim("*The same* (or *better*) with a morning pain 2 or more points above the pain you "
          "gave before the session counts as a worse morning, and the screen (or the command) "
          "says why: a change of about 2 points is about the smallest a person notices",
          check=check_worse_by_2_points),
    # Progressing only when it is safe
    Claim("up (+5 s on a hold, +1 rep, or +2 from 10 reps) or back (−5 s, −1 or −2 reps)",
          check=check_step_sizes),
    Claim("1. the last two sessions that included the exercise (in any routine) did it at the "
          "dose it is at now", check=check_last_two_sessions_at_this_dose),
    Claim("(at three sessions a week, a hold can go up 5 s every second session, about 7.5 s a "
          "week)", check=check_5_s_every_second_session),
    Claim("2. **no other pain in the last 7 days**: no session of any routine stopped for "
          "pain, had a report of 3 or more", check=check_no_other_pain_in_7_days),
    Claim("3. **no low pain against this exercise in the last 7 days**: a report of 1 or 2",
          check=check_low_pain_holds_back_its_exercise),
    Claim("*Why:* a 1 or 2 that settles is within the model",
          check=check_low_pain_holds_back_its_exercise),
    Claim("4. your last session's next morning is answered and was not worse",
          check=check_last_morning_answered),
    Claim("5. your last session was at most 14 days ago", check=check_at_most_14_days_away),
    Claim("6. your pain at check-in and the next morning is not climbing week to week",
          check=check_not_climbing),
    Claim("A rating of 0 is not pain.", check=check_a_rating_of_0_is_not_pain),
    Claim("15–28 days away, one step back; 29–56 days, two steps back; more than 56 days, the "
          "routine's own dose", check=check_coming_back),
    Claim("A step back never goes below 5 s or 1 rep", check=check_floor),
    Claim("(default 60 s and 15 reps, or the routine's own dose if higher)",
          check=check_default_caps),
    Claim("Everything stays readable down to 80×24.",
          by="tests/test_snapshots.py::test_small_terminal"),
]


def test_every_number_of_progress_is_claimed() -> None:
    assert uncovered_numbers(section("Progress"), CLAIMS) == []


@pytest.mark.parametrize("claim", CLAIMS, ids=[flat(c.phrase) for c in CLAIMS])
def test_progress_claim(claim: Claim) -> None:
    run_claims([claim])
