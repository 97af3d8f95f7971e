"""The README's "Staying on plan" (issue 27): each number it states is checked by the test
that asserts it."""

from __future__ import annotations

import pytest

from coretimer.coaching.plan import GAP_DAYS
from tests.readme_claims import Claim, run_claims, section, uncovered_numbers

PLAN_SECTION = "Staying on plan"


def gap_is_two_weeks() -> None:
    assert GAP_DAYS == 14


CLAIMS = [
    Claim("two or three sessions a week", why_not_checked="the source material's dose, "
          "not something the app does"),
    Claim("one line and exit code 2",
          by="tests/test_plan_cli.py::test_bad_input_is_one_line_and_exit_2_and_keeps_the_plan"),
    Claim('"Today: planned · 18:00 · Back-safe foundations"',
          by="tests/test_app.py::test_home_says_what_the_plan_asks_for_next"),
    Claim('"Next: Wednesday 18:00 · Back-safe foundations"',
          by="tests/test_plan.py::"
          "test_home_says_today_or_the_next_day_with_its_time_and_routine"),
    Claim('"planned today at 18:00"',
          by="tests/test_plan_cli.py::test_due_before_at_and_after_the_planned_time"),
    Claim("more than two weeks without a session", check=gap_is_two_weeks),
    Claim("exits with 0 when something is due and 1 when not",
          by="tests/test_plan_cli.py::test_the_morning_question_and_a_long_gap_are_due"),
]


def test_every_number_of_staying_on_plan_is_claimed() -> None:
    assert uncovered_numbers(section(PLAN_SECTION), CLAIMS) == []


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.phrase[:50] for c in CLAIMS])
def test_the_claim_holds(claim: Claim) -> None:
    run_claims([claim])
