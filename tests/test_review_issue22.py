"""An adversarial review of issue 22's coaching changes: each test here shows one defect found
in the step-up rules, the next-morning question or its answers, and fails until it is fixed.

- A carried dose above the routine's own cap (`as_last_done`).
- Sets saved without a level (another routine's plain version of the movement) counted as
  sets of a harder level: its dose and its step up come from the easier variant.
- Aliases that work one way only: low pain under the new id does not hold back an exercise
  that still uses the old id the shipped routine lists as its alias.
- An exercise offered after another one's clean sessions (`offered_after`) is offered right
  after a stop for pain, or a 3+ report.
- A session that runs past midnight is never asked about before the next late session, so a
  person who trains every night never gets a step up.
- Two sessions started at the same instant: whether the unanswered one holds step ups back
  depends on the order of the files.
- A routine name's control characters reach the screen through a notification.
- A number given for a word that was refused is "saved" but never read.
- An answer file that cannot be read stops `coretimer morning` answering anything.
- The preview promises that a takes it back to the routine's own doses; it goes back to the
  doses last done.
- The history asks again about a morning answered from it a moment before.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coretimer.coaching.doses import cap
from coretimer.coaching.mornings import morning_has_come, to_ask
from coretimer.coaching.offering import waiting
from coretimer.coaching.progression import as_last_done, suggest
from coretimer.model.fields import Kind
from coretimer.model.record import NextMorning, PainReport, SessionRecord, SetResult, Status
from coretimer.model.routine import Routine
from coretimer.routine.files import load_routine_file, shipped_dir
from coretimer.store.history import Store
from coretimer.store.sessionfiles import AlreadyAnswered
from tests.helpers import hold, record_notices, routine
from tests.scenarios import START, build_app, ready
from tests.test_app import SIZE
from tests.weeks import Person

T0 = datetime(2026, 11, 2, 8, tzinfo=UTC)  # a Monday


def sets_of(key: str, target: float, *, kind: Kind = "hold", n: int = 2,
            level: int | None = None, done: bool = True) -> list[SetResult]:
    return [SetResult(exercise=key, exercise_id=key, kind=kind, set=i + 1,
                      target=target, achieved=target if done else 1, completed=done,
                      level=level) for i in range(n)]


def session(sid: str, start: datetime, sets: list[SetResult], *, routine_id: str = "r",
            morning: NextMorning | None = "better", pain: list[PainReport] | None = None,
            status: Status = "completed", minutes: int = 20) -> SessionRecord:
    return SessionRecord(id=sid, routine=routine_id, routine_name="R", started_at=start,
                         ended_at=start + timedelta(minutes=minutes),
                         status=status, baseline_pain=1, sets=sets,
                         pain=pain or [], next_morning=morning)


def report(at: datetime, key: str, level: int | None) -> PainReport:
    return PainReport(at=at, exercise=key, exercise_id=key, level=level, phase="work",
                      counts_against=[key])


def ups(routine_id: str, r: Routine, history: list[SessionRecord],
        now: datetime) -> list[str]:
    return [s.text() for s in suggest(routine_id, r, history, now) if s.direction == "up"]


# --- doses carried from other sessions ---------------------------------------------------------


def test_a_dose_carried_from_another_routine_never_passes_this_routines_cap() -> None:
    """Routine b says its plank goes no further than 30 s; the plank was last done at 45 s
    in routine a. The preview must not run b's plank at 45 s (a per-set dose is clamped to
    the cap already; a single dose is not)."""
    b = routine(hold("Plank", 20, id="plank", max_hold=30))
    history = [session("a1", T0, sets_of("plank", 45), routine_id="a"),
               session("a2", T0 + timedelta(days=2), sets_of("plank", 45), routine_id="a")]
    ex = as_last_done(b, history, T0 + timedelta(days=3)).exercises[0]
    assert isinstance(ex.hold, int) and ex.hold <= cap(ex) == 30, ex.hold


SIDE_BRIDGE = Routine.model_validate({"name": "Levels", "exercises": [{
    "name": "Side bridge", "id": "side-bridge", "aliases": ["side-plank"], "kind": "hold",
    "hold": 20, "max_hold": 45, "level": 1,
    "levels": [{"name": "from the knees", "max_hold": 30},
               {"name": "from the feet", "hold": 15},
               {"name": "top leg raised", "hold": 10}]}]})


def plain_side_planks_after_one_from_the_feet() -> list[SessionRecord]:
    """Once from the feet (level 2) at its 15 s; then twice, at 40 s, a routine of the
    person's own that has the side plank (its old id) without levels: an easier variant."""
    return [session("l2", T0, sets_of("side-bridge", 15, level=2), routine_id="levels"),
            session("own1", T0 + timedelta(days=2), sets_of("side-plank", 40),
                    routine_id="mine"),
            session("own2", T0 + timedelta(days=4), sets_of("side-plank", 40),
                    routine_id="mine")]


def test_sets_without_a_level_do_not_give_a_harder_level_its_dose() -> None:
    history = plain_side_planks_after_one_from_the_feet()
    ex = as_last_done(SIDE_BRIDGE, history, T0 + timedelta(days=5)).exercises[0]
    assert ex.level == 2
    assert ex.hold == 15, f"from the feet at {ex.hold} s: the plain side plank's dose"


def test_sets_without_a_level_do_not_step_a_harder_level_up() -> None:
    """Done once from the feet: no two sessions at that level, so no step up of it (rule 1),
    let alone to 45 s or to the level above."""
    history = plain_side_planks_after_one_from_the_feet()
    assert ups("levels", SIDE_BRIDGE, history, T0 + timedelta(days=5)) == []


# --- aliases ----------------------------------------------------------------------------------


def test_low_pain_under_the_new_id_holds_back_the_old_id_too() -> None:
    """The shipped front plank lists `plank` (its old id) as an alias: they are one movement.
    A routine of the person's own made before still calls it `plank`. A 2/10 during the
    shipped front plank yesterday must hold back that plank too (low pain against that
    exercise in 7 days), as a 2/10 under `plank` holds back the shipped one."""
    foundations = load_routine_file(shipped_dir() / "foundations.toml").routine
    front = next(ex for ex in foundations.exercises if ex.key == "front-plank")
    assert "plank" in front.aliases
    mine = routine(hold("Plank", 30, id="plank"))
    day4 = T0 + timedelta(days=4)
    history = [session("m1", T0, sets_of("plank", 30), routine_id="mine"),
               session("m2", T0 + timedelta(days=2), sets_of("plank", 30), routine_id="mine"),
               session("f1", day4, sets_of("front-plank", 30), routine_id="foundations",
                       pain=[report(day4 + timedelta(minutes=5), "front-plank", 2)])]
    now = T0 + timedelta(days=5)
    assert ups("mine", mine, history, now) == []


# --- offered after another exercise -------------------------------------------------------------


ENDURANCE = load_routine_file(shipped_dir() / "endurance.toml").routine


def endurance_session(day: int, *, pain_level: int | None = None,
                      stopped: bool = False) -> SessionRecord:
    """The front plank in full; then, maybe, pain during the bird dog (after the plank)."""
    start = T0 + timedelta(days=day)
    plank = next(ex for ex in ENDURANCE.exercises if ex.key == "front-plank")
    sets = sets_of("front-plank", plank.target or 30, n=plank.sets)
    pain = []
    if pain_level is not None:
        sets += sets_of("bird-dog", 8, kind="reps", n=1, done=False)
        pain = [report(start + timedelta(minutes=15), "bird-dog", pain_level)]
    return session(f"e{day}", start, sets, routine_id="endurance", pain=pain,
                   status="stopped_for_pain" if stopped else "completed",
                   morning=None if pain_level is not None else "better")


@pytest.mark.parametrize(("pain_level", "stopped"), [(8, True), (4, False)],
                         ids=["stopped-for-pain", "a-4-out-of-10"])
def test_stir_the_pot_is_not_offered_the_session_after_pain(
        pain_level: int, stopped: bool) -> None:
    """Stir the pot (offered_after the front plank) is new, harder work: a step up. Two
    clean front planks, the second in a session that then stopped for pain (or had a 4/10)
    yesterday: no step up follows that, so stir the pot must wait."""
    assert any(ex.key == "stir-the-pot" and ex.offered_after == "front-plank"
               for ex in ENDURANCE.exercises)
    history = [endurance_session(0), endurance_session(2, pain_level=pain_level,
                                                       stopped=stopped)]
    levelled = as_last_done(ENDURANCE, history, T0 + timedelta(days=3))
    assert "stir-the-pot" in waiting(levelled, history)


# --- the next morning of a session past midnight ----------------------------------------------


def test_a_session_that_ended_after_midnight_is_asked_about_that_evening() -> None:
    """23:30 to 00:10: by 23:20 the next evening (23 h later) its morning after has come,
    and the issue asks about a session at the first open at least 12 h after it ended."""
    late = session("late", datetime(2026, 11, 2, 23, 30, tzinfo=UTC), [], morning=None,
                   minutes=40)
    assert late.ended_at is not None
    evening = late.ended_at + timedelta(hours=23, minutes=10)
    assert morning_has_come(late, evening, UTC)
    assert to_ask([late], evening, tz=UTC) == [late]


def test_a_person_training_every_night_at_23_45_gets_a_step_up() -> None:
    """Every night from 23:45 (each session ends just after midnight), every morning answered
    "better" when asked: a clean history like that must step up within two weeks."""
    loaded = load_routine_file(shipped_dir() / "foundations.toml")
    person = Person("foundations", loaded.routine)
    nights = [datetime(2026, 1, 5, 23, 45, tzinfo=UTC) + timedelta(days=d) for d in range(14)]
    stepped = [s for at in nights for s in person.train(at).suggested if s.direction == "up"]
    assert stepped, [s.next_morning for s in person.history]


# --- two sessions at the same instant ------------------------------------------------------------


@pytest.mark.parametrize("order", ["answered-first", "unanswered-first"])
def test_sessions_started_together_the_unanswered_one_holds_back_in_any_order(
        order: str) -> None:
    """Two sessions started at the same second (two devices): a short one whose morning was
    answered, and the one that ended last, whose morning is not answered. Step ups wait for
    it whatever order the files come in."""
    r = routine(hold("Plank", 30, id="plank"))
    same = T0 + timedelta(days=4)
    quick = session("c1", same, sets_of("plank", 30), routine_id="other", minutes=5)
    longer = session("c2", same, sets_of("plank", 30), morning=None, minutes=40)
    history = [session("a", T0, sets_of("plank", 30)),
               session("b", T0 + timedelta(days=2), sets_of("plank", 30))]
    history += [quick, longer] if order == "answered-first" else [longer, quick]
    assert ups("r", r, history, T0 + timedelta(days=5)) == []


# --- what the app says -------------------------------------------------------------------------


async def test_a_routine_names_control_characters_never_reach_a_notification(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """m in the history on a session answered already: the notice names the routine, from
    the session file (not checked as routine files are)."""
    app, _ = build_app(tmp_path, history=False)
    start = START - timedelta(days=3)
    Store(tmp_path / "data").save(SessionRecord(
        id="evil", routine="r", routine_name="evil\x1b[2J\x07name", started_at=start,
        ended_at=start + timedelta(minutes=20), status="completed", next_morning="better"))
    notes = record_notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
    said = [n for n in notes if "answered already" in n]
    assert said, notes
    assert all("\x1b" not in n and "\x07" not in n for n in said), said


def saved(store: Store, hours: float, id_: str) -> None:
    end = datetime.now(UTC) - timedelta(hours=hours)
    store.save(SessionRecord(id=id_, routine="r", routine_name="R",
                             started_at=end - timedelta(minutes=20), ended_at=end,
                             status="completed", baseline_pain=1))


def test_a_number_for_a_word_that_was_not_saved_is_refused(tmp_path: Path) -> None:
    """The app saves the word first, then the number (`follows`). When the word is refused
    (answered meanwhile, e.g. by `coretimer morning` in another terminal: "better"), the
    prompt still asks for the number; saving 8/10 for "worse" then succeeds and the app says
    "Saved: 8/10 that morning" (and maybe "Counted as a worse morning"), but the 8 is never
    read: the history says "better", no pain, and step ups go on."""
    store = Store(tmp_path)
    saved(store, 30, "s1")
    store.set_next_morning("s1", "better")
    with pytest.raises(AlreadyAnswered):
        store.set_next_morning("s1", "worse")
    with pytest.raises(AlreadyAnswered):
        store.add_next_morning_pain("s1", "worse", 8)


def test_an_unreadable_answer_file_does_not_stop_coretimer_morning(tmp_path: Path) -> None:
    """The newest session's answer file is damaged (a partial sync): the history shows it
    unanswered, and `coretimer morning better` (no --session) picks it, then refuses it as
    answered already, every time; the older session waiting for its answer can only be
    answered with --session, and the preview keeps saying to answer with `coretimer
    morning`."""
    store = Store(tmp_path / "data")
    saved(store, 30, "newer")
    saved(store, 54, "older")
    (tmp_path / "data" / "sessions" / "newer.next-morning").write_bytes(b'{"sess')
    env = {**os.environ, "CORETIMER_CONFIG_DIR": str(tmp_path / "config"),
           "CORETIMER_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "coretimer", "--data-dir",
                           str(tmp_path / "data"), "morning", "better"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    # The damaged file is no answer: the newest waiting session is answered beside it (the
    # damaged bytes are left as they are).
    assert {s.id: s.next_morning for s in store.load().sessions}["newer"] == "better"
    assert (tmp_path / "data" / "sessions" / "newer.next-morning").read_bytes() == b'{"sess'
    again = subprocess.run([sys.executable, "-m", "coretimer", "--data-dir",
                            str(tmp_path / "data"), "morning", "same"],
                           capture_output=True, text=True, env=env, timeout=60)
    assert again.returncode == 0, again.stderr
    assert {s.id: s.next_morning for s in store.load().sessions}["older"] == "same"


async def test_the_preview_says_truly_what_a_goes_back_to(tmp_path: Path) -> None:
    """The preview now starts from the doses last done (as_last_done), not the routine's own.
    With the suggestions taken (a), it still says "press a to go back to the routine's own
    doses": a takes the plank back to the 20 s last done, not the routine's 10 s."""
    from coretimer.ui.screens.preview import PreviewScreen
    from tests.test_coaching_ui import rows

    app, _ = build_app(tmp_path, history=False, start="quick")
    store = Store(tmp_path / "data")
    for n, days in enumerate((3, 1)):
        start = START - timedelta(days=days, hours=1)
        store.save(session(f"q{n}", start, sets_of("front-plank", 20), routine_id="quick"))
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        assert rows(screen)[0][3] == "2 × 20 s"  # the preview starts from the last done
        await pilot.press("a")
        await pilot.pause()
        said = str(screen.query_one("#suggestions").render())
        assert "Front plank 20 → 25 s" in said
        await pilot.press("a")
        await pilot.pause()
        back_to = rows(screen)[0][3]
    promise = "go back to the routine's own doses"
    assert promise not in said or back_to == "2 × 10 s", (said, back_to)


async def test_the_history_does_not_ask_again_about_a_morning_just_answered(
        tmp_path: Path) -> None:
    """m in the history, answered; m again on the same session: it is answered, so it must
    not be asked again (the history screen keeps the sessions it was opened with, and the
    second answer ends in "Not saved: already answered")."""
    from coretimer.ui.screens.history import HistoryScreen
    from coretimer.ui.screens.next_morning import NextMorningPrompt

    app, _ = build_app(tmp_path, history="asking")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("escape")  # not now: answerable from the history
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, NextMorningPrompt)
        await pilot.press("b", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("m")
        await pilot.pause()
        asked_again = isinstance(app.screen, NextMorningPrompt)
    answers = {s.id: s.next_morning for s in Store(tmp_path / "data").load().sessions}
    assert answers["seed-6"] == "better"
    assert not asked_again, "asked again about a morning answered a moment ago"


def test_stir_the_pot_done_before_is_not_taken_away_by_pain() -> None:
    """Only the first offer is a step up: once done, pain steps it back as any exercise, and
    the preview keeps it."""
    day4 = endurance_session(4)
    done_before = day4.model_copy(update={"sets": [*day4.sets, *sets_of(
        "stir-the-pot", 10, kind="reps", n=2, level=1)]})
    history = [endurance_session(0), endurance_session(2), done_before,
               endurance_session(6, pain_level=8, stopped=True)]
    levelled = as_last_done(ENDURANCE, history, T0 + timedelta(days=7))
    assert "stir-the-pot" not in waiting(levelled, history)
    first = [endurance_session(0), endurance_session(2),
             endurance_session(4, pain_level=8, stopped=True)]
    said = waiting(as_last_done(ENDURANCE, first), first)["stir-the-pot"].text()
    assert "new work, a step up" in said and "stopped" in said, said
