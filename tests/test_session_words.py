"""What the session screen says matches what is happening (issue 25): the pause button and the
footer say "Resume" while paused, and the paced-rep banner and the cue under it describe the
same movement in every shipped routine."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button

from coretimer.ui.app import CoretimerApp
from coretimer.ui.screens.session import SessionScreen
from tests.scenarios import advance, build_app, to_session


def pause_words(app: CoretimerApp) -> tuple[str, str]:
    """The pause button's label and the footer's words for space."""
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    label = str(screen.query_one("#touch-toggle_pause", Button).label)
    footer = screen.active_bindings["space"].binding.description
    return label, footer


async def test_the_pause_button_says_resume_while_paused(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=(80, 24)) as pilot:
        await to_session(pilot)
        await advance(pilot, clock, 4)
        assert pause_words(app) == ("Pause", "Pause")
        await pilot.press("space")
        assert app.session is not None and app.session.engine.paused
        assert pause_words(app) == ("Resume", "Resume")
        await pilot.click("#touch-toggle_pause")  # the button resumes, as space does
        await pilot.pause()
        assert not app.session.engine.paused
        assert pause_words(app) == ("Pause", "Pause")
        await pilot.click("#touch-toggle_pause")
        await pilot.pause()
        assert app.session.engine.paused
        assert pause_words(app) == ("Resume", "Resume")
        await pilot.press("space")
        assert pause_words(app) == ("Pause", "Pause")


@pytest.mark.parametrize("paused_first", [False, True])
async def test_after_a_zero_rating_the_button_says_what_space_does(
        tmp_path: Path, paused_first: bool) -> None:
    """A 0 goes on where it stopped: running (Pause), or paused by the person (Resume)."""
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=(80, 24)) as pilot:
        await to_session(pilot)
        await advance(pilot, clock, 4)
        if paused_first:
            await pilot.press("space")
        await pilot.press("p", "0", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.session is not None
        assert app.session.engine.paused is paused_first
        assert pause_words(app) == (("Resume", "Resume") if paused_first else
                                    ("Pause", "Pause"))
