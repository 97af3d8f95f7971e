"""A question answered twice in a row (a key that repeats, two keys arriving in one read from
a real terminal, a double tap on a phone) is answered once: the second answer never pops the
screen below nor crashes the app. Found under faketime in tmux: "6" and Enter, then Enter for
the stop screen, arrived together and the pain prompt was dismissed twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from coretimer.store.history import Store
from coretimer.ui.screens.next_morning import NextMorningPrompt
from coretimer.ui.screens.pain import PainPrompt, PainStopScreen
from coretimer.ui.widgets.rating import RatingInput
from tests import scenarios
from tests.scenarios import build_app, ready
from tests.test_app import SIZE


def enter_twice_at_once(widget: RatingInput) -> None:
    """Two Enter keys queued before either is handled, as a terminal delivers them."""
    widget.post_message(events.Key("enter", None))
    widget.post_message(events.Key("enter", None))


async def test_two_enters_on_the_pain_rating_stop_the_session_once(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.in_hold(pilot, clock)
        await pilot.press("p", "6")
        prompt = app.screen
        assert isinstance(prompt, PainPrompt)
        enter_twice_at_once(prompt.query_one(RatingInput))
        for _ in range(5):
            await pilot.pause()
        assert app.return_code is None, "the app stopped"
        assert isinstance(app.screen, PainStopScreen)
        assert [type(s).__name__ for s in app.screen_stack] == ["HomeScreen", "PainStopScreen"]
    stopped = [s for s in Store(tmp_path / "data").load().sessions
               if s.status == "stopped_for_pain" and not s.id.startswith("seed-")]
    assert len(stopped) == 1 and [p.level for p in stopped[0].pain] == [6]


async def test_two_enters_on_the_morning_question_answer_it_once(tmp_path: Path) -> None:
    app, _ = build_app(tmp_path, start="quick", history="asking")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        prompt = app.screen
        assert isinstance(prompt, NextMorningPrompt)
        await pilot.press("b", "2")
        enter_twice_at_once(prompt.query_one(RatingInput))
        for _ in range(5):
            await pilot.pause()
        assert app.return_code is None
        assert [type(s).__name__ for s in app.screen_stack] == ["HomeScreen", "PreviewScreen"]


@pytest.mark.parametrize("result", [None, 3])
async def test_a_question_dismissed_twice_calls_back_once(tmp_path: Path,
                                                          result: int | None) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=SIZE) as pilot:
        await scenarios.in_hold(pilot, clock)
        calls: list[int | None] = []
        prompt = PainPrompt(saved=True)
        app.push_screen(prompt, calls.append)
        await pilot.pause()
        prompt.dismiss(result)
        prompt.dismiss(result)
        for _ in range(3):
            await pilot.pause()
        assert calls == [result]
        assert app.return_code is None
        assert type(app.screen).__name__ == "SessionScreen"
