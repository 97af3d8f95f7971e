"""What the session screen says matches what is happening (issue 25): the pause button and the
footer say "Resume" while paused, and the paced-rep banner and the cue under it describe the
same movement in every shipped routine."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button

from coretimer.model.clock import FakeClock
from coretimer.model.exercise import Exercise
from coretimer.model.routine import Routine
from coretimer.routine.authoring import template
from coretimer.routine.files import check_files, load_routine_file, shipped_dir
from coretimer.routine.plan import PhaseKind, rep_steps
from coretimer.routine.problems import parse_routine
from coretimer.session.engine import Engine
from coretimer.ui.app import CoretimerApp
from coretimer.ui.screens.session import SessionScreen, banner
from tests.scenarios import advance, build_app, in_cat_camel_hollow, tap, to_session


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
        await tap(pilot, "#touch-toggle_pause")  # the button resumes, as space does
        assert not app.session.engine.paused
        assert pause_words(app) == ("Pause", "Pause")
        await tap(pilot, "#touch-toggle_pause")
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


# --- The paced-rep banner and the cue under it ---------------------------------------------------

#: Forms of a step word a cue may use for it ("lift" also names "lifting", "lifted").
IRREGULAR = {"hold": ("held",), "stand": ("stood",), "let go": ("let it go",)}
#: "Lower" naming a part of the body, not the movement: "the lower back stays down".
NOT_A_MOVE = r"(?!\s+(back|abs|belly))"


def _forms(word: str) -> str:
    words = word.split()
    head, rest = words[-1], r"\s+".join(map(re.escape, words[:-1]))
    stem = head[:-1] if head.endswith("e") else head
    last = rf"(?:{re.escape(head)}(?:s|es|ed|d)?|{re.escape(stem)}ing)"
    if len(words) > 1:  # "draw in": "draws in", "drawing in"
        first = words[0]
        rest = rf"(?:{re.escape(first)}(?:s|ing)?)"
        last = r"\s+".join([rest, *map(re.escape, words[1:])])
    irregular = [re.escape(f) for f in IRREGULAR.get(word, ())]
    return "|".join([last, *irregular])


def named_steps(text: str, words: set[str]) -> set[str]:
    """The step words `text` names (in any form): the movements it describes."""
    return {word for word in words
            if re.search(rf"\b(?:{_forms(word)})\b{NOT_A_MOVE if word == 'lower' else ''}",
                         text, flags=re.IGNORECASE)}


def test_named_steps_reads_the_forms_of_a_word() -> None:
    words = {"round", "hollow", "lift", "lower", "hold", "draw in", "let go", "stand"}
    assert named_steps("Round your back gently toward the ceiling", words) == {"round"}
    assert named_steps("The lower back stays on your hands", words) == set()
    assert named_steps("Breathe out as you lower", words) == {"lower"}
    assert named_steps("Lowering slowly; held at the top, lifted", words) == {
        "lower", "hold", "lift"}
    assert named_steps("Drawing in the navel, then let it go", words) == {"draw in", "let go"}
    assert named_steps("Squeeze your glutes to stand tall; around the hips", words) == {
        "stand"}


def shipped_paced() -> list[Any]:
    """Every paced-rep exercise of every shipped routine, at every level, and the template's."""
    cases = []
    for path in sorted(shipped_dir().glob("*.toml")):
        routine = load_routine_file(path, source="shipped").routine
        for ex in routine.exercises:
            versions = [ex.at_level(n) for n in range(1, ex.level_count + 1)] or [ex]
            for version in versions:
                if version.is_paced:
                    cases.append(pytest.param(version, id=f"{path.stem}-{version.title}"))
    # And the routine `coretimer new` starts a person's own from.
    mine = parse_routine(template("Mine").encode(), "template.toml")
    assert isinstance(mine, Routine)
    cases += [pytest.param(ex, id=f"template-{ex.title}") for ex in mine.exercises
              if ex.is_paced]
    return cases


def moments(ex: Exercise, seconds: float) -> list[float]:
    """Every quarter second of a set, and either side of each step's start."""
    times = {round(t * 0.25, 2) for t in range(int(seconds * 4))}
    for move in range(ex.movements):
        for step in rep_steps(ex):
            start = move * ex.rep_seconds + step.offset
            times |= {start, start + 0.01, max(0.0, start - 0.01)}
    return sorted(t for t in times if t < seconds)


@pytest.mark.parametrize("ex", shipped_paced())
def test_the_banner_and_the_cue_describe_the_same_movement(ex: Exercise) -> None:
    """Issue 25: the banner said HOLLOW while the cue said "Round your back gently toward the
    ceiling". At every moment of every paced set of every shipped routine, the cue under the
    banner names no step but the one the banner shows; where the routine gives the step a
    cue of its own (step_cues), that cue is shown."""
    # The exercise on its own: its first set's work, from the start.
    routine = Routine(name="One", get_ready=0, rest_between_exercises=0,
                      exercises=[ex.model_copy(update={"offered_after": None})])
    clock = FakeClock()
    engine = Engine(routine, clock)
    engine.start()
    words = {step.word for step in rep_steps(ex)}
    first = ex.for_set(1)
    seconds = first.movements * first.rep_seconds
    shown: set[str] = set()
    now = 0.0
    for at in moments(first, seconds):
        clock.advance(at - now)
        now = at
        view = engine.view()
        assert view.phase is PhaseKind.WORK and view.rep_step is not None, at
        word = banner(view).split(" · ")[0]
        assert word == view.rep_word.upper() if view.rep_word else False, (at, word)
        cue = view.cue or ""
        own = ex.step_cue(view.rep_step)
        if own is not None:
            assert cue == own, (at, word, cue)
        others = named_steps(cue, words) - {view.rep_word}
        assert not others, f"{at:.2f} s: the banner says {word}, the cue says {cue!r}"
        shown.add(cue)
    assert shown, "no cue was shown"


def check(tmp_path: Path, exercise: str) -> list[str]:
    path = tmp_path / "r.toml"
    path.write_text(f'name = "R"\n[[exercises]]\nname = "Bridge"\nkind = "reps"\nreps = 5\n'
                    f"{exercise}")
    return [str(p) for p in check_files([path])]


@pytest.mark.parametrize(("exercise", "problem"), [
    ('step_cues = { move = "Up" }\n', "step_cues only apply to paced reps"),
    ('tempo = 2\nstep_cues = { hold = "Stay" }\n', "step_cues.hold needs rep_hold"),
    ('tempo = 2\nstep_cues = { lift = "Up" }\n',
     "step_cues.lift: must be one of 'move', 'hold' or 'return'"),
    ('tempo = 2\nstep_cues = { move = "" }\n', "must not be empty"),
    ('tempo = 2\nstep_cues = { move = "Up\\u001b" }\n', "control characters"),
    ('tempo = 2\nstep_cues = ["Up", "Down"]\n', 'step_cues: must be a table, like { move'),
    ('tempo = 2\nstep_cues = { move = 1979-05-27 }\n', "a cue is text"),
])
def test_step_cues_are_checked(tmp_path: Path, exercise: str, problem: str) -> None:
    problems = check(tmp_path, exercise)
    assert problems and problem in " ".join(problems), problems
    assert all("r.toml" in p for p in problems)


def test_step_cues_are_shown_during_their_step_and_cues_between(tmp_path: Path) -> None:
    """A routine's own step cues: the move's and the return's during those steps, the
    exercise's cues in turn during the hold (which has none of its own)."""
    assert check(tmp_path, 'tempo = 2\nrep_hold = 2\nrep_cues = ["up", "stay", "down"]\n'
                 'step_cues = { move = "Push up", return = "Come down" }\n'
                 'cues = ["Keep breathing"]\n') == []
    routine = load_routine_file(tmp_path / "r.toml").routine
    clock = FakeClock()
    engine = Engine(routine.model_copy(update={"get_ready": 0}), clock)
    engine.start()
    seen = []
    for _ in range(8):  # two reps of 4 s: up 1 s, stay 2 s, down 1 s
        view = engine.view()
        seen.append((view.rep_word, view.cue))
        clock.advance(0.5)
        engine.update()
    assert seen == [("up", "Push up"), ("up", "Push up"), ("stay", "Keep breathing"),
                    ("stay", "Keep breathing"), ("stay", "Keep breathing"),
                    ("stay", "Keep breathing"), ("down", "Come down"), ("down", "Come down")]


async def test_the_session_screen_shows_the_cue_of_the_step(tmp_path: Path) -> None:
    """The warm-up's cat-camel, 4 s into its first rep: HOLLOW, and the cue says so."""
    app, clock = build_app(tmp_path, history=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await in_cat_camel_hollow(pilot, clock)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert str(screen.query_one("#phase-banner").render()) == "HOLLOW"
        assert str(screen.query_one("#cue").render()) == (
            "Let the back sink softly into a hollow, head lifting a little")
