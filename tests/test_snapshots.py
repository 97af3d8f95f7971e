"""Snapshot tests of every screen (pytest-textual-snapshot), on a fake clock.

Update after an intended change with: .venv/bin/python -m pytest tests/test_snapshots.py
--snapshot-update (and regenerate screenshots/ with scripts/screenshots.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer

from coretimer.ui.app import CoretimerApp
from coretimer.ui.screens.pain import PainPrompt
from coretimer.ui.screens.safety import SafetyNotice
from tests.helpers import sample_grid
from tests.scenarios import SCREENS, build_app


def _check(name: str, size: tuple[int, int], snap_compare: Any, tmp_path: Path,
           also: Callable[[CoretimerApp], None] | None = None) -> None:
    """The screen's snapshot; `also` checks the running app once the scenario is done."""
    options, scenario = SCREENS[name]
    app, clock = build_app(tmp_path, **options)  # type: ignore[arg-type]

    async def run_before(pilot: Pilot[None]) -> None:
        await scenario(pilot, clock)
        if also is not None:
            also(app)

    assert snap_compare(app, run_before=run_before, terminal_size=size)


def footer_keys_work(app: CoretimerApp) -> None:
    """Every key in the footer the person sees (the active screen's own) is bound there and
    enabled: the footer never offers a key that does nothing. No Quit on the safety notice;
    no skip or done while the pain question is open (issue 12)."""
    name = type(app.screen).__name__
    shown = [(k.key, k.description)  # type: ignore[attr-defined]
             for k in app.screen.query_one(Footer).query("FooterKey")]
    assert shown, f"{name}: no footer of its own"
    active = app.screen.active_bindings
    for key, description in shown:
        assert key in active and active[key].enabled, (name, key, description)
    if isinstance(app.screen, SafetyNotice):
        assert ("q", "Quit") not in shown
    if isinstance(app.screen, PainPrompt):
        assert not {"s", "enter"} & {k for k, _ in shown}


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screen(name: str, snap_compare: Any, tmp_path: Path) -> None:
    """Every screen, as its snapshot shows it, with a footer of keys that work there (one app
    run for both: they were two tests that each drove every scenario)."""
    _check(name, (100, 32), snap_compare, tmp_path, also=footer_keys_work)


#: The session screen from the mat, at the sizes issue 11 names: the big clock must scale and
#: nothing may be cut off.
SESSION_SIZES = [(60, 20), (80, 24), (120, 40), (200, 60)]


@pytest.mark.parametrize(("name", "size"), sample_grid(
    ["hold", "reps", "max-hold", "big-three-hold"], SESSION_SIZES, per_row=2))
def test_session_at_size(name: str, size: tuple[int, int], snap_compare: Any,
                         tmp_path: Path) -> None:
    _check(name, size, snap_compare, tmp_path)


@pytest.mark.parametrize(("name", "size"), sample_grid(
    ["home", "preview", "history", "stats", "help", "settings", "pain-prompt", "summary",
     "preview-levels", "stats-end", "session-detail", "home-plan"], [(60, 20), (80, 24)]))
def test_small_terminal(name: str, size: tuple[int, int], snap_compare: Any,
                        tmp_path: Path) -> None:
    _check(name, size, snap_compare, tmp_path)


#: A newcomer's first screens (issue 25) at the sizes they were tried at: the safety notice
#: whole on one screen, the check-in always whole under the preview, every dose whole.
NEWCOMER_SIZES = [(60, 20), (80, 24), (120, 40)]


@pytest.mark.parametrize(("name", "size"), sample_grid(
    ["safety-notice", "preview-foundations", "preview-endurance"], NEWCOMER_SIZES))
def test_newcomer(name: str, size: tuple[int, int], snap_compare: Any, tmp_path: Path) -> None:
    _check(name, size, snap_compare, tmp_path)


@pytest.mark.parametrize("name", ["preview", "preview-levels"])
def test_preview_wide(name: str, snap_compare: Any, tmp_path: Path) -> None:
    """The preview at 120×40 (60×20 and 80×24: test_small_terminal)."""
    _check(name, (120, 40), snap_compare, tmp_path)


#: Phones through `coretimer serve` (issue 23): one upright, one on its side.
PHONE_SIZES = [(40, 29), (94, 20)]


@pytest.mark.parametrize("size", PHONE_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", ["home", "hold", "pain-prompt"])
def test_phone(name: str, size: tuple[int, int], snap_compare: Any, tmp_path: Path) -> None:
    _check(name, size, snap_compare, tmp_path)


#: The screens issue 25 changes (home's streak, settings' theme names, the summary's
#: comparisons, the progress screen's session counts) at its largest size; 60×20 and 80×24
#: are in `test_small_terminal`.
@pytest.mark.parametrize("name", ["home", "settings", "stats", "summary"])
def test_at_120x40(name: str, snap_compare: Any, tmp_path: Path) -> None:
    _check(name, (120, 40), snap_compare, tmp_path)


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_summary_cut_short(size: tuple[int, int], snap_compare: Any, tmp_path: Path) -> None:
    """A set cut short by ending the session says so and is not compared (issue 25)."""
    _check("summary-cut-short", size, snap_compare, tmp_path)


#: Screens issue 25 changed, at the sizes it was walked through at (the slow tier runs every
#: size; the normal tier one of each).
ISSUE_25_SIZES = [(60, 20), (80, 24), (120, 40)]


ISSUE_25_SCREENS = ["paused", "rated-zero", "cat-camel-hollow", "summary-pain-left",
                    "session-detail-pain-left", "history-pain-left"]


@pytest.mark.parametrize(("name", "size"), sample_grid(ISSUE_25_SCREENS, ISSUE_25_SIZES))
def test_issue_25_screen(name: str, size: tuple[int, int], snap_compare: Any,
                         tmp_path: Path) -> None:
    _check(name, size, snap_compare, tmp_path)


#: The exercise's figure (issue 28) where it first shows: the preview's details (the bird
#: dog's top pose; none at 60×20, where the details keep their rows for words) and get-ready
#: (the plank beside the clock), at the sizes the issue names.
FIGURE_SIZES = [(60, 20), (80, 24), (120, 40)]


@pytest.mark.parametrize("size", FIGURE_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", ["preview-bird-dog", "get-ready"])
def test_figure(name: str, size: tuple[int, int], snap_compare: Any, tmp_path: Path) -> None:
    _check(name, size, snap_compare, tmp_path)
