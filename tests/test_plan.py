"""Issue 27: the training plan (pure): reading days and times, what home says of it, what
`coretimer due` says at a given moment, and the plan kept in a hand-edited settings file."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coretimer.coaching.plan import (
    GAP_DAYS,
    Plan,
    PlanError,
    home_line,
    moment,
    next_planned,
    parse_days,
    parse_time,
    what_is_due,
)
from coretimer.settings import Settings, read_settings

MON, WED, FRI = 0, 2, 4
#: Wednesday 2 December 2026.
WEDNESDAY = date(2026, 12, 2)


@pytest.mark.parametrize(("text", "days"), [
    ("mon,wed,fri", (MON, WED, FRI)),
    ("Fri, Mon, wed", (MON, WED, FRI)),
    ("monday,wednesday", (MON, WED)),
    ("mon wed", (MON, WED)),
    ("mon-fri", (0, 1, 2, 3, 4)),
    ("sat-mon", (0, 5, 6)),
    ("daily", tuple(range(7))),
    ("weekdays", (0, 1, 2, 3, 4)),
    ("tues", (1,)),
    ("mon,mon", (MON,)),
])
def test_days_are_read_in_the_ways_people_write_them(text: str, days: tuple[int, ...]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize(("text", "words"), [
    ("mun", '"mun" is not a day'),
    ("mon,funday", '"funday" is not a day'),
    ("", "no days given"),
    (" , ,", "no days given"),
    ("mo", '"mo" is not a day'),
    ("mon-xyz", '"mon-xyz" is not a day'),
])
def test_a_bad_day_is_one_line_naming_it(text: str, words: str) -> None:
    with pytest.raises(PlanError, match=words) as caught:
        parse_days(text)
    assert "\n" not in str(caught.value)
    assert "mon, tue, wed" in str(caught.value) or "no days" in str(caught.value)


@pytest.mark.parametrize(("text", "at"), [
    ("18:00", time(18, 0)), ("7:30", time(7, 30)), ("0730", time(7, 30)), ("00:00", time(0)),
    ("23:59", time(23, 59)),
])
def test_times_of_day_are_read(text: str, at: time) -> None:
    assert parse_time(text) == at


@pytest.mark.parametrize("text", ["24:00", "18:60", "6pm", "18", "18:0", "", "-1:00",
                                  "18:00:00", "\uff11\uff18:\uff10\uff10"])
def test_a_bad_time_is_refused(text: str) -> None:
    with pytest.raises(PlanError, match="is not a time of day: use 24-hour HH:MM"):
        parse_time(text)


@given(st.text(max_size=40))
def test_any_text_is_days_or_one_line_saying_why(text: str) -> None:
    try:
        days = parse_days(text)
    except PlanError as exc:
        assert "\n" not in str(exc) and str(exc).isprintable()
    else:
        assert days and list(days) == sorted(set(days)) and all(0 <= d < 7 for d in days)


@given(st.text(max_size=20))
def test_any_text_is_a_time_or_one_line_saying_why(text: str) -> None:
    try:
        parse_time(text)
    except PlanError as exc:
        assert "\n" not in str(exc) and str(exc).isprintable()


def test_the_next_planned_day_skips_a_day_done_and_wraps_the_week() -> None:
    plan = Plan((MON, WED, FRI), time(18, 0))
    assert next_planned(plan, WEDNESDAY, done_today=False) == WEDNESDAY
    assert next_planned(plan, WEDNESDAY, done_today=True) == WEDNESDAY + timedelta(days=2)
    friday = WEDNESDAY + timedelta(days=2)
    assert next_planned(plan, friday, done_today=True) == friday + timedelta(days=3)  # Monday
    once = Plan((WED,))
    assert next_planned(once, WEDNESDAY, done_today=True) == WEDNESDAY + timedelta(days=7)


def test_home_says_today_or_the_next_day_with_its_time_and_routine() -> None:
    plan = Plan((MON, WED, FRI), time(18, 0))
    assert home_line(plan, WEDNESDAY, False, "Back-safe foundations") == (
        "Today: planned · 18:00 · Back-safe foundations")
    assert home_line(plan, WEDNESDAY, True, "Back-safe foundations") == (
        "Next: Friday 18:00 · Back-safe foundations")
    tuesday = WEDNESDAY - timedelta(days=1)
    assert home_line(plan, tuesday, False, "Back-safe foundations") == (
        "Next: Wednesday 18:00 · Back-safe foundations")
    assert home_line(Plan((WED,)), tuesday, False, None) == "Next: Wednesday"


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), UTC)


def kinds(found: list[object]) -> list[str]:
    return [d.kind for d in found]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("hour", "minute", "words"), [
    (9, 0, "Core session planned today at 18:00: Foundations"),
    (17, 59, "Core session planned today at 18:00: Foundations"),
    (18, 0, "Core session due now (planned 18:00): Foundations"),
    (23, 59, "Core session due now (planned 18:00): Foundations"),
])
def test_due_before_at_and_after_the_planned_time(hour: int, minute: int, words: str) -> None:
    plan = Plan((WED,), time(18, 0))
    found = what_is_due(plan, at(WEDNESDAY, hour, minute), done_today=False,
                        routine_name="Foundations", morning_day=None, last_ended=None)
    assert [d.text for d in found] == [words]


def test_nothing_is_due_once_done_that_day_or_on_a_day_off() -> None:
    plan = Plan((WED,), time(18, 0))
    assert what_is_due(plan, at(WEDNESDAY, 7), done_today=True, routine_name="F",
                       morning_day=None, last_ended=None) == []
    thursday = WEDNESDAY + timedelta(days=1)
    assert what_is_due(plan, at(thursday, 0, 1), done_today=False, routine_name="F",
                       morning_day=None, last_ended=None) == []
    assert what_is_due(None, at(WEDNESDAY, 18), done_today=False, routine_name="F",
                       morning_day=None, last_ended=None) == []


def test_the_morning_question_and_a_long_gap_are_due_with_or_without_a_plan() -> None:
    now = at(WEDNESDAY, 8)
    found = what_is_due(None, now, done_today=False, routine_name=None, morning_day="Tuesday",
                        last_ended=now - timedelta(hours=20))
    assert kinds(found) == ["morning"]
    assert "morning after Tuesday" in found[0].text and "coretimer morning" in found[0].text
    gap = what_is_due(None, now, done_today=False, routine_name=None, morning_day=None,
                      last_ended=now - timedelta(days=GAP_DAYS + 1))
    assert kinds(gap) == ["gap"] and gap[0].fields["days"] == str(GAP_DAYS + 1)
    assert what_is_due(None, now, done_today=False, routine_name=None, morning_day=None,
                       last_ended=now - timedelta(days=GAP_DAYS, hours=23)) == []


def test_the_planned_time_is_local_across_a_daylight_saving_change() -> None:
    """18:00 stays 18:00 on the wall clock the day the clocks go back (Berlin, 25 October
    2026): an hour later in UTC than the day before."""
    berlin = ZoneInfo("Europe/Berlin")
    plan = Plan(tuple(range(7)), time(18, 0))
    before, after = date(2026, 10, 24), date(2026, 10, 25)
    first, second = moment(plan, before, berlin), moment(plan, after, berlin)
    assert first is not None and second is not None
    assert (first.hour, second.hour) == (18, 18)
    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=25)


def test_a_plan_is_kept_in_the_settings_and_read_back() -> None:
    plan = Plan((MON, WED, FRI), time(18, 0), "foundations")
    settings = Settings().replace(plan=plan)
    doc = json.loads(settings.to_json())
    assert doc["plan"] == {"days": ["mon", "wed", "fri"], "time": "18:00",
                           "routine": "foundations"}
    assert read_settings(settings.to_json()).settings.plan == plan
    assert settings.week_target == 3
    assert Settings().replace(plan=Plan((MON, FRI))).week_target == 2
    assert Settings().replace(plan=Plan((MON, FRI)), weekly_target=5).week_target == 5


@pytest.mark.parametrize(("plan", "words"), [
    ({"days": ["mon", "funday"]}, '"funday" is not a day'),
    ({"days": []}, "no days given"),
    ({"days": "mon"}, '"days" must be a list'),
    ({"days": ["mon"], "time": "25:00"}, "not a time of day"),
    ({"days": ["mon"], "routine": "a b"}, '"routine" must be a routine id'),
    ({"days": ["mon"], "when": "now"}, 'does not know: "when"'),
    ("mon,wed", "must be an object"),
])
def test_a_hand_edited_plan_that_cannot_be_used_costs_only_itself(
        plan: object, words: str) -> None:
    found = read_settings(json.dumps({"plan": plan, "voice": False}).encode())
    assert found.settings.plan is None and found.settings.voice is False
    said = "; ".join(found.problems())
    assert '"plan"' in said and words in said and "no plan" in said
