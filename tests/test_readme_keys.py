"""Every key the README names does what it says, on the screen it says (issue 25).

Each claim is a phrase of the README, the screen it is about (a scenario of tests/scenarios),
the key and the action its binding runs there. The app is driven to each screen once and its
bindings read: the key must be bound, enabled, to that action. A key the README names that no
claim covers fails `test_every_key_the_readme_names_is_a_claim`; keys that are not bindings
(a digit typed as an answer, a button) name the test that presses them."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from coretimer.model.clock import FakeClock
from tests import scenarios
from tests.readme_claims import flat, readme, test_exists
from tests.scenarios import SCREENS, build_app


@dataclass(frozen=True)
class KeyClaim:
    phrase: str
    """Words of the README that state the key."""
    screen: str = ""
    """The scenario (tests/scenarios.SCREENS) whose screen the key is pressed on."""
    keys: tuple[tuple[str, str], ...] = ()
    """(key, action) pairs the screen binds, as Textual names them."""
    unbound: tuple[str, ...] = ()
    """Keys that must not be enabled there (the palette's Ctrl+P in a session)."""
    by: str | None = None
    """Or the test that presses it (digits typed as answers, buttons, keys in a terminal)."""


PALETTE = ("ctrl+p", "command_palette")

CLAIMS = [
    KeyClaim("its first screen says that **p** reports pain at any moment in a session and "
             "that **Enter** goes on",
             by="tests/test_newcomer_tmux.py::test_the_safety_notice_shows_the_pain_key_and_how_to_go_on"),
    KeyClaim("and that **Enter** goes on", "safety-notice", (("enter", "acknowledge"),)),
    KeyClaim("**Enter** starts the highlighted routine, **v** previews it, **h** shows history, "
             "**t** your progress, **o** settings, **?** help, **q** quits.", "home",
             (("enter", "start"), ("v", "preview"), ("h", "open('history')"),
              ("t", "open('stats')"), ("o", "open('settings')"),
              ("question_mark", "open('help')"), ("q", "quit"))),
    KeyClaim("**Ctrl+P** opens the command palette anywhere but in a session", "home",
             (PALETTE,)),
    KeyClaim("**Ctrl+P** opens the command palette anywhere but in a session", "hold",
             unbound=("ctrl+p",)),
    KeyClaim("**Ctrl+P** opens the command palette anywhere but in a session", "summary",
             (PALETTE,)),
    KeyClaim("Settings (**c**) step through the themes", "settings", (("c", "theme"),)),
    KeyClaim("In the history, **Enter** opens a past session (its sets, its pain reports with "
             "their phases, and the next morning's answer)",  # the table's own Enter selects
             by="tests/test_history_screen.py::test_a_past_session_opens_with_its_sets_pain_and_next_morning"),
    KeyClaim("**m** answers a session's next morning when it has none yet, and **d** deletes "
             "one after a question", "history", (("m", "morning"), ("d", "delete"))),
    KeyClaim("starting anyway takes a second, deliberate key: **y**", "preview-at-7",
             (("y", "start_anyway"),)),
    KeyClaim("starting anyway takes a second, deliberate key: **y**", "preview",
             unbound=("y",)),
    KeyClaim("Settings (**o**) turn sound and voice on or off", "home",
             (("o", "open('settings')"),)),
    KeyClaim("| `space` | pause / resume", "hold", (("space", "command('toggle_pause')"),)),
    KeyClaim("| `space` | pause / resume", "paused", (("space", "command('toggle_pause')"),)),
    KeyClaim("| `p` | report pain", "hold", (("p", "report_pain"),)),
    KeyClaim("It works on every screen of a session: over help, the end-session question and "
             "the choice after a low rating too",
             by="tests/test_e2e_tmux.py::test_help_stops_the_clock_and_p_works_with_help_open"),
    KeyClaim("It works on every screen of a session: over help", "help",
             (("p", "report_pain"),)),
    KeyClaim("the end-session question", "confirm-end", (("p", "report_pain"),)),
    KeyClaim("| `enter` | done", "hold", (("enter", "command('done')"),)),
    KeyClaim("| `s` | skip this set or phase", "hold", (("s", "command('skip')"),)),
    KeyClaim("| `q` / `Ctrl+C` | end the session (asks first", "hold",
             (("q", "command('end')"), ("ctrl+c", "ctrl_c"))),
    KeyClaim("| `q` / `Ctrl+C` | end the session (asks first", "confirm-end",
             (("q", "answer(True)"), ("ctrl+c", "answer(True)"))),
    KeyClaim("| `?` | help, with the pain rule in force", "hold",
             (("question_mark", "help"),)),
    KeyClaim("**0** means the key was pressed by mistake",
             by="tests/test_pain_first.py::test_a_zero_rating_resumes_the_frozen_set_and_counts_as_pain_nowhere"),
    KeyClaim("A rating of **0** means \"no pain: pressed by mistake\"",
             by="tests/test_pain_first.py::test_a_zero_rating_resumes_the_frozen_set_and_counts_as_pain_nowhere"),
    KeyClaim("Press **t** on the home screen for your progress", "home",
             (("t", "open('stats')"),)),
    KeyClaim("*Reference values* (**r** in settings)", "settings",
             (("r", "switch('endurance_reference')"),)),
    KeyClaim("Press **n** on an exercise in a preview", "preview", (("n", "not_for_me"),)),
    KeyClaim("(or on a set in the summary after a session)", "summary", (("n", "not_for_me"),)),
    KeyClaim("until you press **n** on it again", "preview", (("n", "not_for_me"),)),
    KeyClaim("**l** on that exercise takes it for this session (**l** again goes back). Once "
             "done, it stays, as every level does, and **l** takes you back down.",
             "preview-leg-lowering", (("l", "choose_level"),)),
    KeyClaim("Better, the same or worse than before it (**b**, **s**, **w**)", "next-morning",
             (("b", "answer('better')"), ("s", "answer('same')"), ("w", "answer('worse')"))),
    KeyClaim("**Esc** (*not now*) saves nothing", "next-morning", (("escape", "skip"),)),
    KeyClaim("from the history (**h**, then **m** on it)", "history", (("m", "morning"),)),
    KeyClaim("from the history (**h**, then **m** on it)", "home", (("h", "open('history')"),)),
    KeyClaim("the same questions and the history's **m** work in the browser",
             by="tests/test_touch.py::test_on_a_phone_the_history_answers_a_morning_by_a_tap"),
    KeyClaim("press **p** for any pain, however small", "hold", (("p", "report_pain"),)),
    KeyClaim("press **a** on the preview (and **a** again to stay at the doses you did last "
             "time)", "preview", (("a", "accept"),)),
    KeyClaim("large buttons for **Pain** (the widest, red, always there)",
             by="tests/test_touch.py::test_start_by_taps_then_pain_then_seven_stops_and_saves"),
    KeyClaim("Cat-camel: offered before any routine (**w** in the preview)", "preview",
             (("w", "warm_up"),)),
    KeyClaim("it is taken only when the person chooses it (**l** in the preview)",
             "preview-leg-lowering", (("l", "choose_level"),)),
]

#: A bold word that is a key: a letter, a digit, ?, or a named key.
KEY = re.compile(r"\*\*((?:Ctrl\+)?[A-Za-z]|[0-9?]|Enter|Esc|Space|Tab|Pain)\*\*")
#: The session's key table, and a row of it: | `key` | … |
KEY_TABLE = re.compile(r"\| key \| during a session \|.*?(?=!\[)")
TABLE_ROW = re.compile(r"\| (`[^|]+`) \| [^|]+\|")


def test_every_key_the_readme_names_is_a_claim() -> None:
    """Each bold key and each row of the session's key table lies inside a claim's phrase, and
    each phrase is still in the README."""
    text = readme()
    spans = []
    for claim in CLAIMS:
        phrase = flat(claim.phrase)
        assert phrase in text, f"the README no longer says: {phrase!r}"
        spans += [(m.start(), m.start() + len(phrase))
                  for m in re.finditer(re.escape(phrase), text)]
    stated = [(m.start(), m.group()) for m in KEY.finditer(text)]
    table = KEY_TABLE.search(text)
    assert table is not None, "the README's table of session keys"
    stated += [(table.start() + m.start(1), m.group(1))
               for m in TABLE_ROW.finditer(table.group())]
    missed = [f"{key} in …{text[max(0, at - 50):at + 50]}…" for at, key in stated
              if not any(start <= at < end for start, end in spans)]
    assert missed == []
    assert len(stated) > 40  # the finder still finds the README's keys


def test_the_claims_that_name_a_test_name_a_test() -> None:
    for claim in CLAIMS:
        assert (claim.by is None) != (not claim.screen), claim.phrase
        if claim.by is not None:
            assert test_exists(claim.by), claim.by


async def at_a_check_in_of_7(pilot: Pilot[None], clock: FakeClock) -> None:
    """The quick routine's check-in answered 7: the preview asks for y to start anyway."""
    await scenarios.ready(pilot)
    await pilot.press("7", "enter")
    await pilot.pause()


async def on_leg_lowering(pilot: Pilot[None], clock: FakeClock) -> None:
    """The endurance preview with Leg lowering (its longer legs are by choice) highlighted."""
    await scenarios.to_shipped_preview(pilot, "endurance")
    table = pilot.app.screen.query_one("#exercises", DataTable)
    table.move_cursor(row=next(i for i, row in enumerate(table.rows)
                               if "Leg lowering" in str(table.get_row_at(i)[1])))
    await pilot.pause()


OWN_SCREENS: dict[str, tuple[dict[str, object], scenarios.Scenario]] = {
    "preview-at-7": ({"start": "quick"}, at_a_check_in_of_7),
    "preview-leg-lowering": ({"history": False}, on_leg_lowering),
}

BY_SCREEN: dict[str, list[KeyClaim]] = defaultdict(list)
for _claim in CLAIMS:
    if _claim.screen:
        BY_SCREEN[_claim.screen].append(_claim)


@pytest.mark.parametrize("screen", sorted(BY_SCREEN))
async def test_each_key_is_bound_as_the_readme_says(tmp_path: Path, screen: str) -> None:
    options, scenario = {**SCREENS, **OWN_SCREENS}[screen]
    app, clock = build_app(tmp_path, **options)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 32)) as pilot:
        await scenario(pilot, clock)
        await pilot.pause()
        bindings = app.screen.active_bindings
        for claim in BY_SCREEN[screen]:
            for key, action in claim.keys:
                assert key in bindings, (screen, key, claim.phrase)
                active = bindings[key]
                # a modal screen's binding runs the App's action: "app.report_pain"
                assert active.binding.action.removeprefix("app.") == action, (
                    screen, key, claim.phrase)
                assert active.enabled, (screen, key, claim.phrase)
            for key in claim.unbound:
                assert key not in bindings or not bindings[key].enabled, (screen, key)

