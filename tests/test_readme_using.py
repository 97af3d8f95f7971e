"""The README's first sections (the intro, "The idea", "Using it", "How a session runs"): every
number they state is a claim, checked against the code or named with the test that checks it
(issue 25). A number added to these sections without a claim fails its section's test."""

from __future__ import annotations

import inspect
import tomllib
from pathlib import Path

import pytest

from coretimer.coaching.advice import HIGH_CHECKIN
from coretimer.model.clock import FakeClock
from coretimer.model.exercise import Exercise
from coretimer.model.routine import Routine
from coretimer.paths import shipped_dir
from coretimer.routine.files import load_routine_file
from coretimer.routine.plan import COUNTED_HOLD_FROM, counts_hold
from coretimer.session.cues import introduce
from coretimer.session.engine import Engine
from coretimer.session.moments import HALFWAY_FROM
from coretimer.session.rules import Pacing, PainRule
from coretimer.settings import PAIN_RULE_MAX, Settings
from coretimer.text.present import SCALE_ANCHORS
from coretimer.ui.screens import next_morning
from coretimer.ui.screens.pain import PAIN_QUESTION
from coretimer.ui.screens.preview import CHECKIN_QUESTION
from coretimer.ui.widgets.rating import RatingInput
from tests.helpers import hold, reps, routine
from tests.readme_claims import (
    Claim,
    flat,
    intro,
    run_claims,
    section,
    uncovered_numbers,
)
from tests.test_cues import spoken

ROOT = Path(__file__).resolve().parents[1]


def shipped(routine_id: str) -> Routine:
    return load_routine_file(shipped_dir() / f"{routine_id}.toml").routine


def every_level(ex: Exercise) -> list[Exercise]:
    """The exercise at each of its levels (itself when it has none)."""
    return [ex.at_level(n) for n in range(1, len(ex.levels) + 1)] if ex.levels else [ex]


# --- The checks ------------------------------------------------------------------------------


def python_version_needed() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"


def the_brace_study_is_the_one_the_app_cites() -> None:
    """The study as the README describes it is the study the Brace exercise names."""
    (brace,) = [ex for ex in shipped("foundations").exercises if ex.name == "Brace"]
    source = flat(brace.source or "")
    assert ("a lab study of 15 healthy men, bracing at 15% of one abdominal muscle's maximum"
            in source), source


def the_check_in_question_and_its_scale() -> None:
    assert CHECKIN_QUESTION == "How is your back right now? 0–10"
    assert SCALE_ANCHORS == "0 = no pain · 10 = worst imaginable"
    # Every 0–10 question shows the same anchors and takes 0 to 10.
    assert PAIN_QUESTION.endswith(" 0–10")
    assert "from 0 to 10" in next_morning.PAIN_QUESTION
    assert vars(next_morning)["SCALE_ANCHORS"] is SCALE_ANCHORS  # the morning question shows them
    assert inspect.signature(RatingInput).parameters["most"].default == 10


def the_pain_question() -> None:
    assert PAIN_QUESTION == "How bad? 0–10"
    assert inspect.signature(RatingInput).parameters["most"].default == 10


def a_high_check_in_advises_rest() -> None:
    assert HIGH_CHECKIN == 7


def a_rep_hold_from_five_seconds_is_counted_on_the_digits() -> None:
    assert COUNTED_HOLD_FROM == 5
    assert counts_hold(routine(reps("Curl-up", 1, tempo=2, rep_hold=5)).exercises[0])
    assert not counts_hold(routine(reps("Curl-up", 1, tempo=2, rep_hold=4.5)).exercises[0])
    exercises = shipped("big-three").exercises
    assert [ex.name for ex in exercises] == ["Curl-up", "Side bridge", "Bird dog"]
    for ex in exercises:
        for version in every_level(ex):
            assert version.rep_hold == 10 and counts_hold(version), version.title


def most_bird_dogs_hold_two_seconds() -> None:
    holds = [version.rep_hold for path in sorted(shipped_dir().glob("*.toml"))
             for ex in load_routine_file(path).routine.exercises if ex.name == "Bird dog"
             for version in every_level(ex)]
    assert holds.count(2) > len(holds) / 2, holds
    bird_dog = routine(reps("Bird dog", 1, tempo=3, rep_hold=2)).exercises[0]
    assert not counts_hold(bird_dog)


def the_get_ready_names_the_side_first() -> None:
    r = shipped("posterior-chain")
    (bridge,) = [ex for ex in r.exercises if ex.name == "Single-leg bridge"]
    assert introduce(bridge) == "Single-leg bridge, 10 reps, left side first"
    assert r.get_ready > 0 and "Single-leg bridge, 10 reps, left side first" in spoken(r)


def halfway_and_the_count_before_timed_work_ends() -> None:
    assert HALFWAY_FROM == 20
    twenty = spoken(routine(hold("Plank", 20), get_ready=5))
    assert twenty == ["Plank, 20 second hold", "Go", "Halfway", "3", "2", "1",
                      "Session complete. Well done."]
    assert "Halfway" not in spoken(routine(hold("Plank", 19), get_ready=5))


def the_breathing_pacer_and_the_cues() -> None:
    pacing = Engine(routine(hold("Plank", 30)), FakeClock()).pacing
    assert pacing == Pacing()
    assert (pacing.breathe_in, pacing.breathe_out) == (4, 4)
    assert [pacing.breath_at(t)[0] for t in (0, 3.9, 4, 7.9, 8)] == [
        "in", "in", "out", "out", "in"]
    assert pacing.cue_seconds == 10
    assert [pacing.cue_at(["a", "b"], t) for t in (0, 9.9, 10, 20)] == ["a", "a", "b", "a"]
    assert pacing.countdown_from == 3


def a_pain_rating_is_0_to_10() -> None:
    assert PAIN_QUESTION.endswith(" 0–10")
    engine = Engine(routine(hold("Plank", 30), get_ready=0), FakeClock())
    engine.start()
    engine.report_pain()
    for outside in (-1, 11):
        with pytest.raises(ValueError, match="0–10"):
            engine.rate_pain(outside)
    engine.rate_pain(10)
    assert [report.level for report in engine.pain] == [10]


def the_spike_rule() -> None:
    rule = PainRule()
    assert (rule.spike_level, rule.rise_over_baseline) == (5, 2)
    assert (Settings().spike_level, Settings().rise_over_baseline) == (5, 2)
    assert rule.is_spike(5, None) and not rule.is_spike(4, None)
    assert rule.is_spike(3, 1) and not rule.is_spike(2, 1)
    assert rule.is_spike(None, None) and rule.is_spike(None, 9)


def the_rule_only_gets_stricter() -> None:
    assert PAIN_RULE_MAX == {"spike_level": 5, "rise_over_baseline": 2}
    for spike in range(1, 6):
        for rise in range(1, 3):
            written = {"spike_level": spike, "rise_over_baseline": rise}
            settings, clamped = Settings.parse(written)
            assert (settings.spike_level, settings.rise_over_baseline, clamped) == (
                spike, rise, [])
            PainRule(spike, rise)  # allowed
    for spike in range(6, 11):
        settings, clamped = Settings.parse({"spike_level": spike})
        assert settings.spike_level == 5 and clamped
    for rise in range(3, 11):
        settings, clamped = Settings.parse({"rise_over_baseline": rise})
        assert settings.rise_over_baseline == 2 and clamped
    for spike, rise in ((6, 2), (5, 3), (0, 2), (5, 0)):
        with pytest.raises(ValueError):
            PainRule(spike, rise)


# --- The claims ------------------------------------------------------------------------------

INTRO = [
    Claim("needs only Python 3.11+", check=python_version_needed),
]

IDEA = [
    Claim("A light brace: about 15% of your strongest effort; every routine uses that one figure.",
          by="tests/test_shipped_routines.py::test_every_shipped_text_gives_one_brace_intensity"),
    Claim("a lab study of 15 healthy men in which a brace held at 15% of one abdominal muscle's "
          "maximum", check=the_brace_study_is_the_one_the_app_cites),
    Claim("doi:10.1016/j.jelekin.2015.11.011",
          by="tests/test_shipped_routines.py::test_the_brace_figure_names_its_published_source"),
    Claim("PMID 26711271",
          why_not_checked="the paper's PubMed number, a citation: the app names the paper by "
                          "its doi, which is checked"),
]

USING = [
    Claim('*"How is your back right now? 0–10"* (0 = no pain · 10 = worst imaginable, as on '
          "every 0–10 question)", check=the_check_in_question_and_its_scale),
    Claim("At 7 or more the preview says this is a day to rest",
          check=a_high_check_in_advises_rest),
    Claim("8 rows tall at 80×24, 15 at 120×40",
          by="tests/test_session_layout.py::test_the_readme_states_the_clocks_height_as_drawn"),
    Claim("still fitting with the exercise, the cue, the breathing bar and every key at 60×20",
          by="tests/test_session_layout.py::test_the_clock_is_big_and_everything_fits"),
    Claim("A hold of 5 s or more in each rep (the Big Three's 10 s holds) is counted on the big "
          "digits", check=a_rep_hold_from_five_seconds_is_counted_on_the_digits),
    # The layout test asserts the aside is ("REP", "3/6") in block letters, smaller than the
    # seconds, in the Big Three's hold.
    Claim("*REP 3/6* (rep 3 of 6 in this set, per side)",
          by="tests/test_session_layout.py::test_the_clock_is_big_and_everything_fits"),
    Claim("Shorter holds (the 2 s of most bird dogs)", check=most_bird_dogs_hold_two_seconds),
    Claim('("Single-leg bridge, 10 reps, left side first";',
          check=the_get_ready_names_the_side_first),
    Claim('"Curl-up, 6 reps of 10-second holds, then 4, then 2"',
          by="tests/test_cues.py::test_the_big_three_word_for_word"),
    Claim('"Rest, 20 seconds"',
          by="tests/test_cues.py::test_the_first_words_of_the_foundations_routine"),
    Claim('"Halfway" through holds of 20 s or more, "3, 2, 1" before timed work ends',
          check=halfway_and_the_count_before_timed_work_ends),
    Claim('"3, 2, 1" over the last seconds of each rep\'s hold of 5 s or more (then the step '
          'that ends it: "lift, hold, 3, 2, 1, lower")',
          by="tests/test_cues.py::test_a_rep_hold_is_counted_from_five_seconds"),
    Claim("ticks for every 3-2-1", by="tests/test_cues.py::test_sounds_go_rest_and_ticks"),
    Claim("(a skipped set is recorded as skipped, never as 0)",
          by="tests/test_pain_first.py::test_the_summary_says_skipped_not_zero"),
    Claim('*"How bad? 0–10"*', check=the_pain_question),
    Claim("**0** means the key was pressed by mistake: the set goes on where it stopped",
          by="tests/test_pain_first.py::"
             "test_a_zero_rating_resumes_the_frozen_set_and_counts_as_pain_nowhere"),
]

SESSION = [
    Claim("a breathing pacer (in 4 s, out 4 s) keeps you breathing while braced; cues rotate "
          "every 10 s; 3-2-1 is signalled before timed work ends",
          check=the_breathing_pacer_and_the_cues),
    Claim("You then rate it 0–10.", check=a_pain_rating_is_0_to_10),
    Claim("(a rating of 5 or more, or 2 or more points above the pain you gave before the "
          "session, or no rating at all)", check=the_spike_rule),
    Claim('A rating of **0** means "no pain: pressed by mistake": the set goes on where it '
          "stopped, and the report is kept with level 0 but counts as pain nowhere",
          by="tests/test_pain_first.py::"
             "test_a_zero_rating_resumes_the_frozen_set_and_counts_as_pain_nowhere"),
    Claim("(`spike_level` 1–5, `rise_over_baseline` 1–2) but never looser: higher values are "
          "brought down to 5 and 2", check=the_rule_only_gets_stricter),
    Claim("never counts as 0 s or 0 reps anywhere",
          by="tests/test_pain_first.py::test_a_skipped_set_is_skipped_in_the_json_and_never_a_zero"),
]

CLAIMS = [*INTRO, *IDEA, *USING, *SESSION]


def test_every_number_of_the_intro_is_claimed() -> None:
    assert uncovered_numbers(intro(), INTRO) == []


def test_every_number_of_the_idea_is_claimed() -> None:
    assert uncovered_numbers(section("The idea"), IDEA) == []


def test_every_number_of_using_it_is_claimed() -> None:
    assert uncovered_numbers(section("Using it"), USING) == []


def test_every_number_of_how_a_session_runs_is_claimed() -> None:
    assert uncovered_numbers(section("How a session runs"), SESSION) == []


@pytest.mark.parametrize("claim", CLAIMS, ids=[flat(c.phrase)[:60] for c in CLAIMS])
def test_the_claim_holds(claim: Claim) -> None:
    run_claims([claim])
